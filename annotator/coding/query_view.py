"""The query screen's core: a query or a corpus-wide search run on a connection of its own, its hits
in context, and their counts per testimony."""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from annotator.domain.errors import InputError
from annotator.domain.segments import paragraph_bounds, sentence_bounds
from annotator.query.engine import UNITS, QueryOptions, run_query
from annotator.query.errors import QueryError
from annotator.query.search import CONTEXT, search_text
from annotator.query.selection import SpanSelection
from annotator.storage import Action, NewSpan, Project

Mode = Literal["query", "search"]
MODES: tuple[Mode, ...] = ("query", "search")
WIDENINGS = ("sentence", "paragraph", "turn")  # the units a hit can be widened to before coding
_UNIT_WORDS = {"segment": "coded segments", "sentence": "sentences", "paragraph": "paragraphs", "turn": "turns"}
_UNIT_WORDS["document"] = "testimonies"


@dataclass(frozen=True)
class HitOptions:
    """The query screen's options, written as `annotator query` takes them: whose coding (`--coder`,
    `--coders A,B`, `--all-coders`; none of them: the screen's coder), what a hit is (`--in`), which
    testimonies (`--where`, `--document`) and turns (`--speaker`, a query's only), `--overlap-only`, and `--widen UNIT` (each hit widened to its
    sentence, paragraph or turn, as `a` then codes it)."""

    coders: tuple[str, ...] = ()
    all_coders: bool = False
    unit: str = "segment"
    where: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    overlap_only: bool = False
    widen: str | None = None

    def written(self) -> str:
        """The options as typed in the options line (empty for the defaults)."""
        words: list[str] = []
        if self.all_coders:
            words.append("--all-coders")
        elif self.coders:
            words += ["--coders", ",".join(self.coders)]
        if self.unit != "segment":
            words += ["--in", self.unit]
        for condition in self.where:
            words += ["--where", condition]
        for document_id in self.documents:
            words += ["--document", document_id]
        for speaker in self.speakers:
            words += ["--speaker", speaker]
        if self.overlap_only:
            words.append("--overlap-only")
        if self.widen:
            words += ["--widen", self.widen]
        return shlex.join(words)

    def status(self, coder: str, mode: Mode) -> str:
        """The options in force on one line: `tester's coding · hits: coded segments · where country~Russia`."""
        parts = []
        if mode == "query":
            whose = "every coder's" if self.all_coders else ", ".join(self.coders or (coder,)) + "'s"
            parts += [f"{whose} coding", f"hits: {_UNIT_WORDS[self.unit]}"]
            if self.overlap_only:
                parts.append("overlaps only")
        else:
            parts.append("every testimony's text")
        if self.where:
            parts.append("where " + " and ".join(self.where))
        if self.documents:
            parts.append("in " + ", ".join(self.documents))
        if self.speakers and mode == "query":
            parts.append("turns of " + ", ".join(self.speakers))
        if self.widen:
            parts.append(f"widened to {_UNIT_WORDS[self.widen]}")
        return " · ".join(parts)

    def saved(self, coder: str, with_spans: Sequence[str]) -> dict[str, Any]:
        """The options as a saved query keeps them (what `annotator queries save` writes: every coder is
        the coders `with_spans` now, marked so the screen opens it as `--all-coders`), `--widen` aside."""
        return {
            "unit": self.unit,
            "coders": list(with_spans) if self.all_coders else list(self.coders or (coder,)),
            "all_coders": self.all_coders,
            "where": list(self.where),
            "documents": list(self.documents),
            "speakers": list(self.speakers),
            "overlap_only": self.overlap_only,
        }

    @classmethod
    def from_saved(cls, options: dict[str, Any]) -> HitOptions:
        """The options a saved query was saved with."""
        return cls(
            coders=tuple(options.get("coders", ())),
            all_coders=bool(options.get("all_coders", False)),
            unit=str(options.get("unit", "segment")),
            where=tuple(options.get("where", ())),
            documents=tuple(options.get("documents", ())),
            speakers=tuple(options.get("speakers", ())),
            overlap_only=bool(options.get("overlap_only", False)),
        )


def parse_options(text: str) -> HitOptions:
    """The options line read as `annotator query` reads its options; QueryError (one line) when it cannot be."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise QueryError(f"options: {error}") from None
    found: dict[str, Any] = {"where": [], "documents": [], "speakers": []}
    repeated = {"--where": "where", "--document": "documents", "--speaker": "speakers"}
    takes_value = {"--coder", "--coders", "--in", "--widen", *repeated}
    index = 0
    while index < len(words):
        word, value = words[index], None
        if "=" in word and word.split("=", 1)[0] in takes_value:
            word, value = word.split("=", 1)
        elif word in takes_value:
            if index + 1 >= len(words):
                raise QueryError(f"options: {word} needs a value")
            index += 1
            value = words[index]
        index += 1
        if word in ("--coder", "--coders"):
            found["coders"] = tuple(name.strip() for name in (value or "").split(",") if name.strip())
        elif word == "--all-coders":
            found["all_coders"] = True
        elif word == "--in":
            found["unit"] = _one_of(word, value, UNITS)
        elif word in repeated:
            found[repeated[word]].append(value)
        elif word == "--overlap-only":
            found["overlap_only"] = True
        elif word == "--widen":
            found["widen"] = _one_of(word, value, WIDENINGS)
        else:
            raise QueryError(
                f"options: unknown option {word!r}; the options are --coder, --coders, --all-coders, --in,"
                " --where, --document, --speaker, --overlap-only and --widen"
            )
    for key in repeated.values():
        found[key] = tuple(found[key])
    return HitOptions(**found)


@dataclass(frozen=True)
class PlaceHit:
    """One hit: its testimony, its offsets, and its words with the text around them (one line each)."""

    document_id: str
    start: int
    end: int
    before: str
    words: str
    after: str
    codes: tuple[str, ...] = ()  # the names of the codes with a span over the hit
    coders: tuple[str, ...] = ()  # whose spans those are


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
    options: HitOptions = field(default_factory=HitOptions)

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


def answer(db_path: Path, coder: str, mode: Mode, text: str, options: HitOptions | None = None) -> QueryAnswer:
    """Run `text` as a query over the coding `options` choose (`coder`'s by default), or search the corpus
    for it, on a connection of its own; a refused query (or option) comes back as the answer's fault."""
    options = options or HitOptions()
    try:
        with Project.open(db_path, readonly=True) as project:
            found = _searched(project, text, options) if mode == "search" else _queried(project, coder, text, options)
            hits = _in_context(project, _widened(project, found, options.widen))
    except InputError as error:  # a QueryError, or a coder the project does not know
        return QueryAnswer(mode, text, fault=fault_of(error), options=options)
    return QueryAnswer(mode, text, hits, options=options)


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


def _one_of(option: str, value: str | None, choices: Sequence[str]) -> str:
    """The option's value when it is one of `choices`; QueryError naming them otherwise."""
    if value is None or value not in choices:
        raise QueryError(f"options: {option} {value!r}: choose one of {', '.join(choices)}")
    return value


def fault_of(error: InputError) -> QueryFault:
    """The refusal's first line (the query and its caret, which the screen draws itself, left off)."""
    return QueryFault(str(error).split("\n", 1)[0], getattr(error, "column", 0))


@dataclass(frozen=True)
class _Found:
    """A hit before its context is read: where it is, and the codes (by name) and coders over it."""

    document_id: str
    start: int
    end: int
    codes: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()


def _queried(project: Project, coder: str, text: str, options: HitOptions) -> list[_Found]:
    coders = tuple(project.coders.with_spans()) if options.all_coders else options.coders or (coder,)
    chosen = QueryOptions(
        unit=options.unit,
        coders=coders,
        where=options.where,
        documents=options.documents,
        speakers=options.speakers,
        overlap_only=options.overlap_only,
    )
    found = run_query(project, text, chosen)
    names = {code.id: code.name for code in project.codes.all()}  # code names, never ids, in the list
    return [
        _Found(hit.document_id, hit.start, hit.end, tuple(names.get(code, code) for code in hit.codes), hit.coders)
        for hit in found
    ]


def _searched(project: Project, text: str, options: HitOptions) -> list[_Found]:
    found = search_text(project, text, where=options.where, documents=options.documents)
    return [_Found(hit.document_id, hit.start, hit.end) for hit in found]


def _widened(project: Project, found: list[_Found], unit: str | None) -> list[_Found]:
    """Each hit widened to the units it overlaps (its sentence, paragraph or turn; a hit in a testimony
    without turns stays as it is), hits that widen to the same stretch listed once with their codes joined."""
    if unit is None or not found:
        return found
    turns = project.corpus.turns() if unit == "turn" else {}
    bodies = project.corpus.texts(list(dict.fromkeys(hit.document_id for hit in found))) if unit != "turn" else {}
    cut: Callable[[str], list[tuple[int, int]]] = sentence_bounds if unit == "sentence" else paragraph_bounds
    bounds: dict[str, list[tuple[int, int]]] = {}
    merged: dict[tuple[str, int, int], _Found] = {}
    for hit in found:
        if hit.document_id not in bounds:
            if unit == "turn":
                bounds[hit.document_id] = [(turn.start, turn.end) for turn in turns.get(hit.document_id, [])]
            else:
                bounds[hit.document_id] = cut(bodies[hit.document_id])
        over = [(start, end) for start, end in bounds[hit.document_id] if start < hit.end and hit.start < end]
        start, end = (over[0][0], over[-1][1]) if over else (hit.start, hit.end)
        key = (hit.document_id, start, end)
        before = merged.get(key)
        codes = tuple(dict.fromkeys((*before.codes, *hit.codes))) if before else hit.codes
        coders = tuple(sorted({*before.coders, *hit.coders})) if before else hit.coders
        merged[key] = replace(hit, start=start, end=end, codes=codes, coders=coders)
    return list(merged.values())


def _in_context(project: Project, found: list[_Found]) -> list[PlaceHit]:
    """The hits with their words and up to CONTEXT characters either side, each on one line."""
    bodies = project.corpus.texts(list(dict.fromkeys(hit.document_id for hit in found)))
    return [
        PlaceHit(
            hit.document_id,
            hit.start,
            hit.end,
            _before(bodies[hit.document_id][max(0, hit.start - CONTEXT) : hit.start], hit.start),
            _one_line(bodies[hit.document_id][hit.start : hit.end]),
            _after(bodies[hit.document_id][hit.end : hit.end + CONTEXT + 1]),
            hit.codes,
            hit.coders,
        )
        for hit in found
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
