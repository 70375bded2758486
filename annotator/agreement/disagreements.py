"""Where the compared coders differ: every stretch coded by some and not others, or with different codes.

`find_disagreements` returns plain objects in document order; the CLI lists them and a later
adjudication screen walks them. Only documents that count for at least two compared coders are
read, and only those coders are compared there (a coder who did not code a document is missing,
not in disagreement).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.agreement.spans import PreparedSpans, SpanData, prepare

COMPARED_NOT_CODED = "coded by some, not by others"
DIFFERENT_CODES = "different codes"


@dataclass(frozen=True)
class Disagreement:
    """One maximal stretch `[start, end)` of a document over which the coders' codes are constant and differ."""

    document_id: str
    start: int
    end: int
    text: str | None
    codes: Mapping[str, tuple[str, ...]]  # coder → the codes covering the stretch (empty: not coded)

    @property
    def kind(self) -> str:
        """`coded by some, not by others` when a coder left it uncoded, else `different codes`."""
        return COMPARED_NOT_CODED if any(not codes for codes in self.codes.values()) else DIFFERENT_CODES

    @property
    def length(self) -> int:
        """Number of code points."""
        return self.end - self.start

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "document": self.document_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "codes": {coder: list(codes) for coder, codes in self.codes.items()},
        }


def find_disagreements(
    data: SpanData,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    all_documents: bool = False,
) -> list[Disagreement]:
    """Every stretch where the compared coders' codes differ, in document (id) then offset order."""
    prepared = prepare(data, coders=coders, codes=codes, documents=documents, all_documents=all_documents)
    return prepared_disagreements(prepared)


def prepared_disagreements(prepared: PreparedSpans) -> list[Disagreement]:
    """The disagreements of an already prepared selection."""
    found: list[Disagreement] = []
    for doc in prepared.documents:
        present = [index for index in range(len(prepared.coders)) if prepared.present[doc] >> index & 1]
        if len(present) >= 2:
            found.extend(_document_disagreements(prepared, doc, present))
    return found


def _document_disagreements(prepared: PreparedSpans, doc: str, present: list[int]) -> list[Disagreement]:
    """Sweep one document's segment boundaries; keep the stretches whose code sets differ between coders."""
    events: dict[int, list[tuple[int, str, int]]] = {}
    for code in prepared.codes:
        per_coder = prepared.segments.get(code, {}).get(doc)
        if per_coder is None:
            continue
        for index in present:
            for start, end in per_coder[index]:
                events.setdefault(start, []).append((index, code, 1))
                events.setdefault(end, []).append((index, code, -1))
    if not events:
        return []
    text = prepared.data.text(doc)
    depth: list[dict[str, int]] = [{} for _ in prepared.coders]
    found: list[Disagreement] = []
    previous = None
    assignment: tuple[tuple[str, ...], ...] = ()
    for position in sorted(events):
        if previous is not None and position > previous and len(set(assignment)) > 1:
            last = found[-1] if found else None
            if last is not None and last.end == previous and _same(last, assignment, present, prepared):
                found[-1] = Disagreement(doc, last.start, position, _slice(text, last.start, position), last.codes)
            else:
                codes = {prepared.coders[index]: codes for index, codes in zip(present, assignment)}
                found.append(Disagreement(doc, previous, position, _slice(text, previous, position), codes))
        for index, code, step in events[position]:
            count = depth[index].get(code, 0) + step
            if count:
                depth[index][code] = count
            else:
                depth[index].pop(code, None)
        assignment = tuple(tuple(sorted(depth[index])) for index in present)
        previous = position
    return found


def _same(
    last: Disagreement, assignment: tuple[tuple[str, ...], ...], present: list[int], prepared: PreparedSpans
) -> bool:
    """Whether the stretch continues the previous disagreement (same codes for every coder)."""
    return all(last.codes[prepared.coders[index]] == codes for index, codes in zip(present, assignment))


def _slice(text: str | None, start: int, end: int) -> str | None:
    """The stretch's text, when the document text is known."""
    return None if text is None else text[start:end]
