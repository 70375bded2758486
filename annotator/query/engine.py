"""Evaluate a query over a project: its hits, each a stretch of one document with the codes, coders and memos there.

What a hit is (`unit`): `segment` (default) the coded segments of the codes the query names, each
matching a code when a span of that code overlaps it (a text term's segments are its
occurrences); `sentence`, `paragraph`, `turn` or `document`: the units, each matching a code when
a span of that code overlaps it. Relations always compare segments, then give the left operand's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from annotator.domain.segments import paragraph_bounds, sentence_bounds, word_bounds
from annotator.query.errors import QueryError
from annotator.query.filters import documents_in_scope
from annotator.query.selection import SpanSelection
from annotator.query.syntax import (
    And,
    AtLeast,
    CodeTerm,
    Node,
    Not,
    Or,
    Relation,
    SavedTerm,
    Scope,
    TextTerm,
    parse,
)
from annotator.query.text_terms import is_unspaced, occurrences

if TYPE_CHECKING:
    from annotator.storage import Project
    from annotator.storage.corpus_reads import CodedSpan, Turn

UNITS = ("segment", "sentence", "paragraph", "turn", "document")
# Text cuts by the names units have as hits, in NEAR ... IN, and as FOLLOWS's steps.
_CUTS = {
    "sentence": sentence_bounds,
    "sentences": sentence_bounds,
    "paragraph": paragraph_bounds,
    "paragraphs": paragraph_bounds,
    "word": word_bounds,
}
Interval = tuple[int, int]


@dataclass(frozen=True)
class QueryOptions:
    """How to run a query: what a hit is, whose coding, which documents, which speakers."""

    unit: str = "segment"
    coders: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    overlap_only: bool = False

    @classmethod
    def from_saved(cls, options: Mapping[str, Any], coders: Sequence[str] = ()) -> QueryOptions:
        """The options as a saved query keeps them (JSON), with `coders` instead of its own when given."""
        return cls(
            unit=str(options.get("unit", "segment")),
            coders=tuple(coders or options.get("coders", ())),
            where=tuple(options.get("where", ())),
            documents=tuple(options.get("documents", ())),
            speakers=tuple(options.get("speakers", ())),
            overlap_only=bool(options.get("overlap_only", False)),
        )


@dataclass(frozen=True)
class Hit:
    """One hit: a stretch of a document, the query's codes with a span over it, whose, and their memos."""

    document_id: str
    start: int
    end: int
    text: str
    codes: tuple[str, ...]
    coders: tuple[str, ...]
    memos: tuple[str, ...]
    attributes: dict[str, object] = field(default_factory=dict)


@dataclass
class _Bound:
    """A parsed query with its names resolved: code sets, saved queries' trees, text terms' documents."""

    query: str
    tree: Node
    codes: dict[CodeTerm, frozenset[str]] = field(default_factory=dict)
    saved: dict[str, Node] = field(default_factory=dict)
    texts: dict[TextTerm, set[str]] = field(default_factory=dict)
    uses_turns: list[int] = field(default_factory=list)  # columns of the places that need speaker turns


def run_query(project: Project, expression: str, options: QueryOptions) -> list[Hit]:
    """The hits of `expression` over the documents and coders `options` choose, in project order."""
    if options.unit not in UNITS:
        raise QueryError(f"--in: unknown unit {options.unit!r}; choose one of {', '.join(UNITS)}")
    if not options.coders:
        raise QueryError("no coder chosen: give --coder NAME, --coders A,B or --all-coders")
    bound = _bind(project, expression)
    _check_shape(bound, options.unit == "segment")
    if options.where or options.documents:
        attributes = project.corpus.attributes_in_order()
        scope = documents_in_scope(attributes, options.where, options.documents)
    else:  # only the documents with hits need their attributes: read them at the end
        attributes, scope = {}, project.documents.ids()
    turns = project.corpus.turns()
    if (bound.uses_turns or options.unit == "turn" or options.speakers) and not any(doc in turns for doc in scope):
        column = bound.uses_turns[0] if bound.uses_turns else 0
        raise QueryError(
            "query: speaker turns are asked for, but no document looked at is a transcript with turns",
            expression if column else "",
            column,
        )
    for coder in options.coders:  # a misspelt name would otherwise answer "no hits"
        project.coders.validate(coder)
    all_codes = frozenset().union(*bound.codes.values()) if bound.codes else frozenset()
    by_document: dict[str, list[CodedSpan]] = {}
    for span in SpanSelection(coders=options.coders, codes=tuple(all_codes), exact=True, documents=scope).coded(
        project
    ):
        by_document.setdefault(span.document_id, []).append(span)
    hits: list[Hit] = []
    for document_id in scope:
        spans = by_document.get(document_id, [])
        if options.unit == "segment" and not spans and not any(document_id in docs for docs in bound.texts.values()):
            continue  # segments come from spans and text: a document holding neither has no hit
        view = _Document(project, document_id, spans, turns.get(document_id, []))
        evaluator = _Evaluator(bound, view, options.overlap_only)
        if options.unit == "segment":
            stretches = evaluator.segments(bound.tree)
        else:
            bounds = view.bounds(options.unit)
            stretches = [bounds[index] for index in sorted(evaluator.units(bound.tree, options.unit))]
        if options.speakers:
            stretches = [s for s in stretches if view.spoken_by(s, options.speakers)]
        hits.extend(view.hit(start, end, all_codes) for start, end in stretches)
    missing = {hit.document_id for hit in hits} - set(attributes)
    attributes.update(project.corpus.attributes(missing))
    return [replace(hit, attributes=attributes[hit.document_id]) for hit in hits]


def _bind(project: Project, expression: str) -> _Bound:
    """Parse the query and resolve its codes, saved queries and text terms (QueryError at the column)."""
    bound = _Bound(expression, parse(expression))
    codes = project.codes.all()
    by_id = {code.id: code for code in codes}
    by_name = {code.name.casefold(): code for code in codes}
    children: dict[str, list[str]] = {}
    for code in codes:
        if code.parent:
            children.setdefault(code.parent, []).append(code.id)

    def with_descendants(code_id: str) -> set[str]:
        found = {code_id}
        for child in children.get(code_id, []):
            found |= with_descendants(child)
        return found

    def visit(node: Node, query: str, using: tuple[str, ...]) -> None:
        if isinstance(node, CodeTerm):
            code = by_id.get(node.name) or by_name.get(node.name.casefold())
            if code is None:
                raise QueryError(
                    f"query: unknown code {node.name!r}; `annotator codes` lists them"
                    f" (a word of the text is written text:{node.name})",
                    query,
                    node.column,
                )
            bound.codes[node] = frozenset({code.id} if node.exact else with_descendants(code.id))
        elif isinstance(node, TextTerm):
            if not node.words.strip():
                raise QueryError("query: an empty text term", query, node.column)
            if node not in bound.texts:
                bound.texts[node] = project.corpus.documents_matching(
                    node.words, prefix=node.prefix, trigram=is_unspaced(node.words)
                )
        elif isinstance(node, SavedTerm):
            if node.name in using:
                raise QueryError(f"query: saved query {node.name!r} uses itself", query, node.column)
            saved = project.queries.find(node.name)
            if saved is None:
                raise QueryError(f"query: no saved query {node.name!r}", query, node.column)
            try:
                tree = parse(saved.expression)
                visit(tree, saved.expression, (*using, node.name))
            except QueryError as error:
                first = str(error).split("\n")[0]
                raise QueryError(f"query: in saved query {node.name!r}: {first}", query, node.column) from None
            bound.saved[node.name] = tree
        elif isinstance(node, Not):
            visit(node.operand, query, using)
        elif isinstance(node, (And, Or, AtLeast)):
            for operand in node.operands:
                visit(operand, query, using)
        elif isinstance(node, Relation):
            if query is expression and _needs_turns(node.scope):
                bound.uses_turns.append(node.scope_column)
            visit(node.left, query, using)
            visit(node.right, query, using)

    visit(bound.tree, expression, ())
    return bound


def _needs_turns(scope: Scope | None) -> bool:
    return scope is not None and scope.unit in ("turn", "turns")


def _check_shape(bound: _Bound, segment_mode: bool) -> None:
    """Refuse a NOT that has nothing to take from: where a value is segments (hits are segments, or
    under a relation, or a saved query used as an operand), NOT stands only beside something in an AND."""

    def visit(node: Node, segments: bool, not_allowed: bool) -> None:
        if isinstance(node, Not):
            if not not_allowed:
                raise QueryError(
                    "query: NOT has nothing to take from here; write `a AND NOT b`"
                    + (", or give --in sentence|paragraph|turn|document" if segment_mode else ""),
                    bound.query,
                    node.column,
                )
            visit(node.operand, segments, not segments)
        elif isinstance(node, And):
            beside = any(not isinstance(operand, Not) for operand in node.operands)
            for operand in node.operands:
                visit(operand, segments, beside or not segments)
        elif isinstance(node, (Or, AtLeast)):
            for operand in node.operands:
                visit(operand, segments, not segments)
        elif isinstance(node, Relation):
            visit(node.left, True, False)
            visit(node.right, True, False)

    visit(bound.tree, segment_mode, not segment_mode)
    for tree in bound.saved.values():
        visit(tree, True, False)


class _Document:
    """One document as the evaluation sees it: its spans of the query's codes, turns, text and units (cut on first use)."""

    def __init__(self, project: Project, document_id: str, spans: list[CodedSpan], turns: list[Turn]) -> None:
        self._project = project
        self.id = document_id
        self.spans = spans
        self.turns = turns
        self._text: str | None = None
        self._bounds: dict[str, list[Interval]] = {}
        self._edges: dict[str, tuple[list[int], list[int]]] = {}
        self._memos: dict[int, str] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self._project.corpus.texts([self.id])[self.id]
        return self._text

    def bounds(self, unit: str) -> list[Interval]:
        """The document's units of one kind, in order: sentences, paragraphs, turns, words, or itself whole."""
        if unit not in self._bounds:
            if unit in ("turn", "turns"):
                found = [(turn.start, turn.end) for turn in self.turns]
            elif unit == "document":
                found = [(0, len(self.text))] if self.text else []
            else:
                found = _CUTS[unit](self.text)
            self._bounds[unit] = found
        return self._bounds[unit]

    def edges(self, unit: str) -> tuple[list[int], list[int]]:
        """Starts and ends of the units, for bisecting."""
        if unit not in self._edges:
            bounds = self.bounds(unit)
            self._edges[unit] = ([start for start, _ in bounds], [end for _, end in bounds])
        return self._edges[unit]

    def unit_range(self, unit: str, stretch: Interval) -> range:
        """The numbers of the units a stretch overlaps."""
        starts, ends = self.edges(unit)
        return range(bisect_right(ends, stretch[0]), bisect_left(starts, stretch[1]))

    def spoken_by(self, stretch: Interval, speakers: Sequence[str]) -> bool:
        """Whether the stretch overlaps a turn of one of these speakers (or roles)."""
        return any(
            turn.start < stretch[1] and stretch[0] < turn.end and (turn.speaker in speakers or turn.role in speakers)
            for turn in self.turns
        )

    def hit(self, start: int, end: int, codes: frozenset[str]) -> Hit:
        """The hit over [start, end): the query's codes with a span overlapping it, their coders and memos."""
        over = [span for span in self.spans if span.start < end and start < span.end and span.code_id in codes]
        if self._memos is None:  # once per document with a hit, never for the thousands without one
            self._memos = self._project.corpus.memos(span.row for span in self.spans)
        return Hit(
            self.id,
            start,
            end,
            self.text[start:end],
            tuple(sorted({span.code_id for span in over})),
            tuple(sorted({span.coder for span in over})),
            tuple(self._memos[span.row] for span in over if span.row in self._memos),
        )


def _overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlaps_any(stretch: Interval, others: Sequence[Interval]) -> bool:
    return any(_overlaps(stretch, other) for other in others)


def _merged(stretches: Sequence[Interval]) -> list[Interval]:
    merged: list[list[int]] = []
    for start, end in sorted(stretches):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _intersection(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    found = []
    for a in _merged(first):
        for b in _merged(second):
            start, end = max(a[0], b[0]), min(a[1], b[1])
            if start < end:
                found.append((start, end))
    return sorted(found)


class _Evaluator:
    """The query's value in one document: segments (sorted, distinct stretches) or unit numbers."""

    def __init__(self, bound: _Bound, document: _Document, overlap_only: bool) -> None:
        self.bound = bound
        self.document = document
        self.overlap_only = overlap_only

    def segments(self, node: Node) -> list[Interval]:
        """The node's segments in this document."""
        if isinstance(node, CodeTerm):
            codes = self.bound.codes[node]
            return sorted({(span.start, span.end) for span in self.document.spans if span.code_id in codes})
        if isinstance(node, TextTerm):
            if self.document.id not in self.bound.texts[node]:
                return []
            return occurrences(self.document.text, node.words, prefix=node.prefix)
        if isinstance(node, SavedTerm):
            return self.segments(self.bound.saved[node.name])
        if isinstance(node, Or):
            return sorted({segment for operand in node.operands for segment in self.segments(operand)})
        if isinstance(node, And):
            return self._and(node)
        if isinstance(node, AtLeast):
            values = [self.segments(operand) for operand in node.operands]
            candidates = sorted({segment for value in values for segment in value})
            return [s for s in candidates if sum(_overlaps_any(s, value) for value in values) >= node.count]
        if isinstance(node, Relation):
            return self._relation(node)
        raise AssertionError(f"no segments for {node!r}")  # NOT is refused by _check_shape

    def _and(self, node: And) -> list[Interval]:
        positives: list[list[Interval]] = []
        for operand in node.operands:
            if not isinstance(operand, Not):
                positives.append(self.segments(operand))
                if not positives[
                    -1
                ]:  # one empty operand empties the AND: the others (a NEAR's text and units) go unread
                    return []
        negatives = [self.segments(operand.operand) for operand in node.operands if isinstance(operand, Not)]
        if self.overlap_only:
            common = positives[0]
            for value in positives[1:]:
                common = _intersection(common, value)
            if len(positives) == 1:
                common = _merged(common)
            return [s for s in common if not any(_overlaps_any(s, value) for value in negatives)]
        found: set[Interval] = set()
        for index, value in enumerate(positives):
            others = positives[:index] + positives[index + 1 :]
            for segment in value:
                if all(_overlaps_any(segment, other) for other in others) and not any(
                    _overlaps_any(segment, negative) for negative in negatives
                ):
                    found.add(segment)
        return sorted(found)

    def _relation(self, node: Relation) -> list[Interval]:
        left = self.segments(node.left)
        if not left:
            return []
        right = self.segments(node.right)
        if not right:
            return []
        related = _RELATED[node.operator]
        return [segment for segment in left if any(related(self, node.scope, segment, other) for other in right)]

    def units(self, node: Node, unit: str) -> set[int]:
        """The numbers of the units (of `unit`) the node holds in this document."""
        count = len(self.document.bounds(unit))
        if isinstance(node, Not):
            return set(range(count)) - self.units(node.operand, unit)
        if isinstance(node, And):
            found = set(range(count))
            for operand in node.operands:
                found &= self.units(operand, unit)
            return found
        if isinstance(node, Or):
            return set().union(*(self.units(operand, unit) for operand in node.operands))
        if isinstance(node, AtLeast):
            values = [self.units(operand, unit) for operand in node.operands]
            return {index for index in range(count) if sum(index in value for value in values) >= node.count}
        found = set()
        for segment in self.segments(node):
            found.update(self.document.unit_range(unit, segment))
        return found

    # --- the relations: does `segment` (left) stand so to `other` (right)? ------------------------

    def within(self, scope: Scope | None, segment: Interval, other: Interval) -> bool:
        return other[0] <= segment[0] and segment[1] <= other[1]

    def encloses(self, scope: Scope | None, segment: Interval, other: Interval) -> bool:
        return segment[0] <= other[0] and other[1] <= segment[1]

    def overlaps(self, scope: Scope | None, segment: Interval, other: Interval) -> bool:
        return _overlaps(segment, other)

    def near(self, scope: Scope | None, segment: Interval, other: Interval) -> bool:
        scope = scope or Scope("sentence")
        gap = (min(segment[1], other[1]), max(segment[0], other[0]))  # empty or negative when they overlap
        if scope.unit == "characters":
            return gap[1] - gap[0] <= scope.count
        if scope.unit == "words":
            if gap[1] <= gap[0]:
                return True
            starts, ends = self.document.edges("word")
            words_between = bisect_right(ends, gap[1]) - bisect_left(starts, gap[0])
            return words_between <= scope.count
        mine = self.document.unit_range(scope.unit, segment)
        theirs = self.document.unit_range(scope.unit, other)
        return max(mine.start, theirs.start) < min(mine.stop, theirs.stop)

    def follows(self, scope: Scope | None, segment: Interval, other: Interval) -> bool:
        unit, count = self._steps(scope)
        mine, theirs = self.document.unit_range(unit, segment), self.document.unit_range(unit, other)
        return bool(mine) and bool(theirs) and 1 <= mine.start - (theirs.stop - 1) <= count

    def precedes(self, scope: Scope | None, segment: Interval, other: Interval) -> bool:
        unit, count = self._steps(scope)
        mine, theirs = self.document.unit_range(unit, segment), self.document.unit_range(unit, other)
        return bool(mine) and bool(theirs) and 1 <= theirs.start - (mine.stop - 1) <= count

    def _steps(self, scope: Scope | None) -> tuple[str, int]:
        """FOLLOWS/PRECEDES's unit and reach: as written, else the next turn on a transcript, the next sentence elsewhere."""
        if scope is not None:
            return scope.unit, scope.count
        return ("turns" if self.document.turns else "sentences"), 1


_RELATED = {
    "WITHIN": _Evaluator.within,
    "ENCLOSES": _Evaluator.encloses,
    "OVERLAPS": _Evaluator.overlaps,
    "NEAR": _Evaluator.near,
    "FOLLOWS": _Evaluator.follows,
    "PRECEDES": _Evaluator.precedes,
}
