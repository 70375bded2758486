"""The codebook as the coding and codebook screens show and change it: rows, definitions, and each change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from annotator.coding.ownership import May, project_ownership, recode_listed_span
from annotator.coding.session import CodingSession
from annotator.domain.errors import InputError
from annotator.domain.models import Code, Span
from annotator.query.selection import SpanSelection
from annotator.storage import Action, Project

# The headings of a code's description, in the order the codebook YAML gives them.
DETAIL_FIELDS = (("definition", "Definition"), ("include", "Include"), ("exclude", "Exclude"))


def describe_code(code: Code) -> list[str]:
    """`Definition: …`, `Include: …`, `Exclude: …`, `Example: “…”` lines (only those the code has)."""
    lines = [f"{title}: {text}" for name, title in DETAIL_FIELDS if (text := " ".join(getattr(code, name).split()))]
    lines += [f"Example: “{' '.join(example.quote.split())}”" for example in code.examples]
    return lines


def code_depths(codes: list[Code]) -> list[tuple[Code, int]]:
    """Codes in tree order (each parent followed by its children), with their depth."""
    known = {code.id for code in codes}
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent if code.parent in known else None, []).append(code)
    ordered: list[tuple[Code, int]] = []

    def visit(parent: str | None, depth: int) -> None:
        for code in children.get(parent, []):
            ordered.append((code, depth))
            if depth < 10:  # a cycle cannot come from a checked codebook; stay safe anyway
                visit(code.id, depth + 1)

    visit(None, 0)
    return ordered


@dataclass(frozen=True)
class CodeRow:
    """One code of the codebook screen: where it sits in the tree and how often it is used."""

    code: Code
    depth: int
    yours: int
    everyone: int | None  # None: blind coding, other coders' use is not shown

    @property
    def use(self) -> str:
        """`3` (yours), or `3/7` (yours / everyone's) when others are shown."""
        return str(self.yours) if self.everyone is None else f"{self.yours}/{self.everyone}"


class CodebookEditor:
    """The codebook screen's decisions: what it lists, which codes a merge or move may go to, and
    each change, committed through the project and followed by the session (its codes and counts)."""

    def __init__(self, session: CodingSession) -> None:
        self.session = session
        self.project = session.project

    def rows(self) -> list[CodeRow]:
        """The codes the coder may see, in tree order, with their use across all testimonies."""
        shown = self.session.sees_others
        codes = self.project.codes.visible_to(self.session.coder, shown)
        yours = SpanSelection(coders=(self.session.coder,)).count_per(self.project, "code_id")
        everyone = SpanSelection().count_per(self.project, "code_id") if shown else {}
        return [
            CodeRow(code, depth, yours.get(code.id, 0), everyone.get(code.id, 0) if shown else None)
            for code, depth in code_depths(codes)
        ]

    def span_count(self, code_id: str) -> int:
        """Every coder's spans of a code (what a delete would touch)."""
        return SpanSelection(codes=(code_id,), exact=True).total(self.project)

    def destinations(self, code_id: str) -> list[Code]:
        """The codes a code may be merged into or moved under: those the coder sees, but not
        itself nor one below it."""
        below = {code_id}
        codes = self.project.codes.visible_to(self.session.coder, self.session.sees_others)
        grew = True
        while grew:
            more = {code.id for code in codes if code.parent in below} - below
            below |= more
            grew = bool(more)
        return [code for code in codes if code.id not in below]

    # --- changes -------------------------------------------------------------------------------

    def edit(self, code_id: str, **fields: Any) -> Action:
        """Change some of a code's fields (only those that differ from the code's own)."""
        current = self.session.codes_by_id[code_id]
        changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
        holder = next(
            (code for code in self.session.codes if code.id != code_id and code.key == fields.get("key")), None
        )
        if "key" in changed and holder is not None:
            # Said here in the screen's words (storage's message names the command-line flag).
            raise InputError(f"code {code_id!r}: key {holder.key} is held by “{holder.name}”; remove it there first")
        return self._followed(self.project.codes.edit(self.session.coder, code_id, **changed))

    def merge(self, source: str, target: str) -> Action:
        """Merge a code into another: its spans become the other's."""
        return self._followed(self.project.codes.merge(self.session.coder, source, target))

    def move(self, code_id: str, parent: str | None) -> Action:
        """Put a code under another (None: at the top)."""
        return self._followed(self.project.codes.move(self.session.coder, code_id, parent))

    def delete(self, code_id: str, *, recode_to: str | None = None, with_spans: bool = False) -> Action:
        """Remove a code (its spans recoded to `recode_to`, or removed with it)."""
        action = self.project.codes.delete(self.session.coder, code_id, recode_to=recode_to, with_spans=with_spans)
        return self._followed(action)

    def _followed(self, action: Action) -> Action:
        self.session.codes = self.project.codes.all()
        return self.session.count(action)


def delete_question(code: Code, spans: int) -> str:
    """What the delete confirmation asks (the number of spans, never their text)."""
    if not spans:
        return f"Delete the code “{code.name}”? No span uses it."
    return (
        f"The code “{code.name}” is used by {spans} span{'' if spans == 1 else 's'} (all coders). "
        "Recode them to another code, or delete them with it?"
    )


def listed_spans(project: Project, coder: str | None = None) -> list[Span]:
    """The spans a split left to recode, of one coder (None: everyone's), code by code."""
    entries = project.codes.to_recode()
    listed = {entry["span"] for entry in entries}
    codes = sorted({entry["code"] for entry in entries})
    coders = None if coder is None else (coder,)
    return [
        span
        for code in codes
        for span in SpanSelection(coders=coders, codes=(code,), exact=True).spans(project)
        if span.id in listed
    ]


class RecodeList:
    """The spans a split left to recode, in testimony and text order, stepped through like search hits;
    only spans the coder may see, and recoded only as `Ownership` lets them (`rule`)."""

    def __init__(self, session: CodingSession, named: Iterable[str] = ()) -> None:
        self.session = session
        # `named`: the coders whose spans the coder agreed to recode on this screen (asked once each).
        self.rule = project_ownership(session.project, session.coder, consensus=session.consensus, named=named)
        self.spans: list[Span] = []
        self.reload()

    def reload(self) -> list[Span]:
        """Read the list again (after a recode, a split or an undo): the coder's own spans on it,
        everyone's when others are shown, but never a reference coding's or a consensus coder's
        (those are recoded on the command line, naming their coder)."""
        coder = None if self.session.sees_others else self.session.coder
        spans = [
            span for span in listed_spans(self.session.project, coder) if self.rule.may(span.coder) is not May.NAME
        ]
        order = {testimony.id: index for index, testimony in enumerate(self.session.testimonies)}
        self.spans = sorted(spans, key=lambda span: (order.get(span.document_id, len(order)), span.start, span.id))
        return self.spans

    def step(self, document_id: str | None, offset: int, direction: int) -> Span | None:
        """The listed span after (1) or before (-1) `offset` in `document_id`, wrapping around the
        testimonies; None when the list is empty."""
        if not self.spans:
            return None
        order = {testimony.id: index for index, testimony in enumerate(self.session.testimonies)}
        here = (order.get(document_id, -1) if document_id is not None else -1, offset)
        places = [(order.get(span.document_id, len(order)), span.start) for span in self.spans]
        if direction > 0:
            return next((span for span, place in zip(self.spans, places) if place > here), self.spans[0])
        before = [span for span, place in zip(self.spans, places) if place < here]
        return before[-1] if before else self.spans[-1]

    def at(self, document_id: str | None, start: int, end: int) -> Span | None:
        """The listed span the selection is exactly on (the coder's own first)."""
        found = [s for s in self.spans if (s.document_id, s.start, s.end) == (document_id, start, end)]
        found.sort(key=lambda span: span.coder != self.session.coder)
        return found[0] if found else None

    def may(self, span: Span) -> May:
        """Whether the coder may recode a listed span now, must be asked first, or must name its coder."""
        return self.rule.may(span.coder)

    def recode(self, span: Span, code_id: str) -> Action:
        """Give a listed span its new code and take it off the list (InputError when the span is
        another coder's not named: `Ownership.require`, checked inside the write)."""
        action = recode_listed_span(self.session.project, self.rule, span.id, code_id)
        self.session.count(action)
        self.reload()
        return action
