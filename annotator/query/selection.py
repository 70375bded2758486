"""Which spans: the one place that decides which coded spans a listing, count or export reads.

A `SpanSelection` names coders, codes (with the codes below them unless `exact`), documents and
`--where` conditions on document attributes; each left as None (or no `where`) means any. Storage keeps the SQL and
the totals its triggers keep; the selection picks the cheapest read that answers: a count from the
totals when no filter needs the span rows, a count grouped by SQLite otherwise, and the rows
streamed from the cursor for listings and exports (flat memory on millions of spans).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.query.filters import documents_in_scope

if TYPE_CHECKING:
    from annotator.domain.models import Code, Span
    from annotator.storage import Project
    from annotator.storage.corpus_reads import CodedSpan

# The columns a count groups on, in the order a key names them when asked so.
COUNT_COLUMNS = ("document_id", "coder", "code_id")
SpanTuple = tuple[str, str, str, int, int]  # document, coder, code, start, end: the light form
CountKey = tuple[str, ...]


@dataclass(frozen=True)
class ResolvedSelection:
    """A selection made concrete: the coders, code ids and document ids it keeps (None: any)."""

    coders: frozenset[str] | None
    codes: frozenset[str] | None
    documents: frozenset[str] | None

    def keeps(self, document_id: str | None, coder: str | None, code_id: str | None) -> bool:
        """Whether spans of this document, coder and code are selected (None: a value the read has filtered already)."""
        return (
            (self.documents is None or document_id is None or document_id in self.documents)
            and (self.coders is None or coder is None or coder in self.coders)
            and (self.codes is None or code_id is None or code_id in self.codes)
        )


@dataclass(frozen=True)
class SpanSelection:
    """Which spans to list or count: of these coders, codes (with their descendants unless `exact`),
    documents and documents whose attributes pass every `where` (`country~Russia`); None (or no `where`)
    is any, an empty tuple of coders, codes or documents keeps nothing."""

    coders: Sequence[str] | None = None
    codes: Sequence[str] | None = None
    exact: bool = False
    documents: Sequence[str] | None = None
    where: Sequence[str] = ()

    # --- what it keeps ----------------------------------------------------------------------------

    def scope(self, project: Project) -> ResolvedSelection:
        """The coders, code ids and document ids kept (QueryError for a `where` on an unknown attribute)."""
        return ResolvedSelection(
            None if self.coders is None else frozenset(self.coders),
            None if self.codes is None else frozenset(self._code_ids(project)),
            self._documents_kept(project),
        )

    def document_ids(self, project: Project) -> list[str]:
        """The documents kept, in project order (every document when none is named and no `where`)."""
        if self.where:
            attributes = {summary.id: summary.attributes for summary in project.documents.summaries()}
            kept = documents_in_scope(attributes, self.where)
        else:
            kept = project.documents.ids()
        named = None if self.documents is None else set(self.documents)
        return kept if named is None else [document for document in kept if document in named]

    def _documents_kept(self, project: Project) -> frozenset[str] | None:
        if self.where:
            return frozenset(self.document_ids(project))
        return None if self.documents is None else frozenset(self.documents)

    def _code_ids(self, project: Project) -> list[str]:
        assert self.codes is not None
        if self.exact:
            return list(dict.fromkeys(self.codes))
        return code_descendants(project.codes.all(), self.codes)

    # --- listing --------------------------------------------------------------------------------

    def spans(self, project: Project) -> Iterator[Span]:
        """The selected spans in project order (document, start, end, coder, code), streamed."""
        from annotator.storage.rows import span_from_row

        return (span_from_row(row) for row in self.rows(project))

    def rows(self, project: Project) -> Iterator[tuple[Any, ...]]:
        """The selected spans as storage's SPAN_COLUMNS tuples, in project order, streamed from the
        cursor: no objects are built, so an export of millions of spans takes flat memory."""
        scope = self.scope(project)
        return project.spans.stream(documents=scope.documents, coders=scope.coders, codes=scope.codes)

    def tuples(self, project: Project) -> list[SpanTuple]:
        """The selected spans as light (document, coder, code, start, end) tuples, read per coder through
        the coder index when coders are named (what agreement and the matrices work on)."""
        scope = self.scope(project)
        read = project.spans.tuples(None if self.coders is None else list(dict.fromkeys(self.coders)))
        if scope.documents is None and scope.codes is None:
            return read
        return [span for span in read if scope.keeps(span[0], span[1], span[2])]

    def coded(self, project: Project) -> list[CodedSpan]:
        """The selected spans as the query engine reads them (with ids and memos), by document and start;
        coders and codes must be named."""
        if self.coders is None or self.codes is None:
            raise ValueError("the query engine reads spans of named coders and codes")
        scope = self.scope(project)
        assert scope.codes is not None
        return project.corpus.coded(list(dict.fromkeys(self.coders)), scope.codes, scope.documents)

    # --- counting -------------------------------------------------------------------------------

    def count(self, project: Project, by: Sequence[str] = ()) -> dict[CountKey, int]:
        """How many spans are selected, per value of the `by` columns (some of document_id, coder,
        code_id; the key holds them in the order asked); groups without spans are absent. Read from
        the totals the triggers keep where the selection allows, else grouped by SQLite."""
        if not set(by) <= set(COUNT_COLUMNS) or len(set(by)) != len(by):
            raise ValueError(f"spans are counted by some of {COUNT_COLUMNS}, not {list(by)}")
        scope = self.scope(project)
        found = _from_totals(project, scope, tuple(by))
        return _grouped(project, scope, tuple(by)) if found is None else found

    def count_per(self, project: Project, column: str) -> dict[str, int]:
        """How many spans are selected per value of one column (document_id, coder or code_id)."""
        return {key[0]: count for key, count in self.count(project, (column,)).items()}

    def total(self, project: Project) -> int:
        """How many spans are selected."""
        return sum(self.count(project).values())


def code_descendants(codes: Iterable[Code], chosen: Iterable[str]) -> list[str]:
    """The chosen code ids and every code below them in the tree, each once, the chosen first."""
    children: dict[str, list[str]] = {}
    for code in codes:
        if code.parent:
            children.setdefault(code.parent, []).append(code.id)
    found = list(dict.fromkeys(chosen))
    seen = set(found)
    for code_id in found:  # grows while it is walked: breadth first, each code once even in a cycle
        for child in children.get(code_id, []):
            if child not in seen:
                seen.add(child)
                found.append(child)
    return found


def _only(values: Collection[str] | None) -> str | None:
    """The one value of a filter naming exactly one, else None."""
    return next(iter(values)) if values is not None and len(values) == 1 else None


def _from_totals(project: Project, scope: ResolvedSelection, by: tuple[str, ...]) -> dict[CountKey, int] | None:
    """The count read from the span totals (a few rows however many spans), or None when the
    selection needs the span rows (a code filter beside documents, or codes by document)."""
    coders, documents, single = scope.coders, scope.documents, _only(scope.coders)
    counts = project.counts
    if scope.codes is None and set(by) <= {"coder", "document_id"}:
        if _only(documents) is not None:
            document = _only(documents) or ""
            rows = [(document, coder, n) for coder, n in counts.in_document(document).items()]
        elif single is not None and "coder" not in by:
            rows = [(document, single, n) for document, n in counts.by_document(single).items()]
        else:
            rows = [(document, coder, n) for coder, docs in counts.by_coder().items() for document, n in docs.items()]
        return _summed(((d, c, "", n) for d, c, n in rows if scope.keeps(d, c, None)), by)
    if set(by) <= {"code_id"} and (coders is None or single is not None):
        if documents is None:
            per_code = counts.by_code(coder=single)
        elif _only(documents) is not None:
            per_code = counts.by_code(document_id=_only(documents), coder=single)
        else:
            return None
        return _summed((("", "", code, n) for code, n in per_code.items() if scope.keeps(None, None, code)), by)
    return None


def _grouped(project: Project, scope: ResolvedSelection, by: tuple[str, ...]) -> dict[CountKey, int]:
    """The count grouped by SQLite on the asked columns and those the filters need (memory follows the groups)."""
    needed = set(by)
    if scope.documents is not None:
        needed.add("document_id")
    if scope.codes is not None:
        needed.add("code_id")
    single = _only(scope.coders)
    if scope.coders is not None and not scope.coders:
        return {}
    if scope.coders is not None and single is None:
        needed.add("coder")
    if not needed:
        needed.add("coder")  # a total: the fewest groups
    groups = project.counts.grouped(sorted(needed), single)
    # A column not grouped on comes back blank: its filter (if any) was applied by the read itself.
    return _summed((group for group in groups if scope.keeps(group[0] or None, group[1] or None, group[2] or None)), by)


def _summed(groups: Iterable[tuple[str, str, str, int]], by: tuple[str, ...]) -> dict[CountKey, int]:
    """(document, coder, code, count) groups summed per value of the `by` columns."""
    position = {"document_id": 0, "coder": 1, "code_id": 2}
    totals: Counter[CountKey] = Counter()
    for group in groups:
        totals[tuple(str(group[position[column]]) for column in by)] += group[3]
    return {key: count for key, count in totals.items() if count}


def documents_where(project: Project, where: Sequence[str]) -> set[str] | None:
    """The documents `--where` keeps (None when there is no condition), by the query layer's rule."""
    return None if not where else set(SpanSelection(where=where).document_ids(project))
