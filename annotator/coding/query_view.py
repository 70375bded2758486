"""The query screen's core: a query or a corpus-wide search run on a connection of its own, its hits
in context, and their counts per testimony."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from annotator.query.engine import QueryOptions, run_query
from annotator.query.errors import QueryError
from annotator.query.search import CONTEXT, search_text
from annotator.query.selection import SpanSelection
from annotator.storage import Action, NewSpan, Project

Mode = Literal["query", "search"]
MODES: tuple[Mode, ...] = ("query", "search")


@dataclass(frozen=True)
class PlaceHit:
    """One hit: its testimony, its offsets, and its words with the text around them (one line each)."""

    document_id: str
    start: int
    end: int
    before: str
    words: str
    after: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryFault:
    """Why the query was refused: one line, and the 1-based column it points at (0: nowhere in it)."""

    message: str
    column: int


@dataclass(frozen=True)
class QueryAnswer:
    """What one run found: the hits in project order, or the fault that stopped it."""

    mode: Mode
    text: str
    hits: list[PlaceHit] = field(default_factory=list)
    fault: QueryFault | None = None

    def counts(self) -> Counter[str]:
        """How many hits each testimony holds (in project order, as the hits come)."""
        return Counter(hit.document_id for hit in self.hits)

    def summary(self) -> str:
        """`5 hits in 2 testimonies: A 3 · B 2`, or that nothing matched."""
        if not self.hits:
            return "No hits."
        counts = self.counts()
        hits, testimonies = len(self.hits), len(counts)
        per = " · ".join(f"{document_id} {count}" for document_id, count in counts.items())
        return (
            f"{hits} hit{'' if hits == 1 else 's'} in {testimonies} testimon{'y' if testimonies == 1 else 'ies'}: {per}"
        )


def answer(db_path: Path, coder: str, mode: Mode, text: str) -> QueryAnswer:
    """Run `text` as a query over `coder`'s coding, or search the corpus for it, on a connection of its own;
    a refused query comes back as the answer's fault, not raised."""
    try:
        with Project.open(db_path, readonly=True) as project:
            hits = _searched(project, text) if mode == "search" else _queried(project, coder, text)
    except QueryError as error:
        return QueryAnswer(mode, text, fault=fault_of(error))
    return QueryAnswer(mode, text, hits)


@dataclass(frozen=True)
class CodedHits:
    """What coding every hit did: the one undoable action (None: nothing new to code) and the hits skipped
    because the coder's own span of that code already held them."""

    code_id: str
    action: Action | None
    skipped: int


def code_hits(db_path: Path, coder: str, code_id: str, hits: Sequence[PlaceHit]) -> CodedHits:
    """Code every hit with `code_id` as one undoable action, on a connection of its own; the coder's spans
    of that code are read in the same write transaction, so a hit one of them holds is not coded twice."""
    with Project.open(db_path) as project, project.transaction():
        held: dict[str, list[tuple[int, int]]] = {}
        for span in SpanSelection(coders=(coder,), codes=(code_id,), exact=True).spans(project):
            held.setdefault(span.document_id, []).append((span.start, span.end))
        fresh = [
            hit
            for hit in dict.fromkeys(hits)  # a hit listed twice is coded once
            if not any(start <= hit.start and hit.end <= end for start, end in held.get(hit.document_id, []))
        ]
        spans = [NewSpan(hit.document_id, code_id, hit.start, hit.end) for hit in fresh]
        action = project.spans.add_many(coder, spans) if spans else None
    return CodedHits(code_id, action, len(hits) - len(fresh))


def fault_of(error: QueryError) -> QueryFault:
    """The refusal's first line (the query and its caret, which the screen draws itself, left off)."""
    return QueryFault(str(error).split("\n", 1)[0], error.column)


def _queried(project: Project, coder: str, text: str) -> list[PlaceHit]:
    found = run_query(project, text, QueryOptions(coders=(coder,)))
    bodies = project.corpus.texts(list(dict.fromkeys(hit.document_id for hit in found)))
    return [
        PlaceHit(
            hit.document_id,
            hit.start,
            hit.end,
            _before(bodies[hit.document_id][max(0, hit.start - CONTEXT) : hit.start], hit.start),
            _one_line(hit.text),
            _after(bodies[hit.document_id][hit.end : hit.end + CONTEXT + 1]),
            hit.codes,
        )
        for hit in found
    ]


def _searched(project: Project, text: str) -> list[PlaceHit]:
    return [
        PlaceHit(hit.document_id, hit.start, hit.end, _before(hit.before, hit.start), hit.match, _after(hit.after))
        for hit in search_text(project, text, context=CONTEXT + 1)
    ]


def _before(text: str, start: int) -> str:
    """The context before a hit starting at `start`, its last CONTEXT characters, `…` when cut."""
    cut = start > CONTEXT
    return ("…" if cut else "") + _one_line(text[-CONTEXT:])


def _after(text: str) -> str:
    """The context after a hit, read one character longer than shown: its first CONTEXT, `…` when cut."""
    return _one_line(text[:CONTEXT]) + ("…" if len(text) > CONTEXT else "")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)
