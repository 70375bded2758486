"""The memo browser's core, headless: every memo (project, testimony, code, grid cell, span) listed,
filtered by kind, author and text, where each is attached, and its edits and removals as the coder's
undoable actions; also the one writer of a coder's own memo on a thing (the coding screen, the grid)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.coding.session import CodingSession
from annotator.coding.text_conflict import write_or_keep
from annotator.domain.errors import InputError
from annotator.domain.memos import SPAN_MEMO, Memo, MemoKind, SpanMemo
from annotator.storage import Action, Project

KINDS = ("project", "document", "code", "grid", SPAN_MEMO)


@dataclass(frozen=True)
class MemoEntry:
    """One memo as the browser lists it: a memo's id (a span memo: its span's id), kind, target, author, text."""

    kind: str
    id: str
    document_id: str | None
    code_id: str | None
    author: str
    text: str
    updated_at: str

    @classmethod
    def of(cls, memo: Memo | SpanMemo) -> MemoEntry:
        """The entry of a memo or a span's memo."""
        if isinstance(memo, SpanMemo):
            return cls(SPAN_MEMO, memo.span_id, memo.document_id, memo.code_id, memo.author, memo.text, memo.updated_at)
        return cls(memo.kind, memo.id, memo.document_id, memo.code_id, memo.author, memo.text, memo.updated_at)

    def target(self, code_name: str) -> str:
        """What the memo is on, in words (`code_name` is the code's name when it has one)."""
        if self.kind == "project":
            return "the project"
        if self.kind == "document":
            return f"testimony {self.document_id}"
        if self.kind == "code":
            return f"code {code_name}"
        if self.kind == "grid":
            return f"{self.document_id} × {code_name}"
        return f"a {code_name} span in {self.document_id}"


@dataclass(frozen=True)
class MemoFilter:
    """Which memos are listed: of one kind, by one author, holding some words (None or empty: any)."""

    kind: str | None = None
    author: str | None = None
    text: str = ""

    def describe(self) -> str:
        """`kind grid · author ann · "wages"`, or `every memo`."""
        parts = [f"kind {self.kind}" if self.kind else "", f"author {self.author}" if self.author else ""]
        parts.append(f"“{self.text.strip()}”" if self.text.strip() else "")
        return " · ".join(part for part in parts if part) or "every memo"


def write_memo(
    session: CodingSession,
    own: Memo | None,
    text: str,
    kind: MemoKind,
    document_id: str | None = None,
    code_id: str | None = None,
    *,
    opened: str | None = None,
) -> Action | None:
    """Write the coder's memo on a thing: a new one, its text changed, or (empty text) removed, each one
    undoable action; None when nothing changes.

    `opened` is the text the editor showed (by default `own`'s): a memo changed or removed since is not
    overwritten; the edited text is kept in an owner-only file and EditKept says who changed it and where."""
    memos = session.project.memos
    text = text.strip()
    opened = (own.text if own is not None else "") if opened is None else opened
    action: Action | None
    if own is None and opened:

        def gone() -> Action:
            raise InputError("the memo was removed since the editor opened it; nothing was written")

        action = write_or_keep(session.project, f"memo-{kind}", text, gone) if text else None
    elif own is None:
        action = memos.add(session.coder, kind, text, document_id=document_id, code_id=code_id) if text else None
    elif not text:
        action = memos.remove(session.coder, own.id)
    elif text == own.text:
        action = None
    else:
        memo_id = own.id
        action = write_or_keep(
            session.project,
            f"memo-{memo_id}",
            text,
            lambda: memos.edit(session.coder, memo_id, text, expected_text=opened),
        )
    if action is not None:
        session.watch.own.add(action.batch)  # shown as written: not taken in again as another's change
    return action


def own_memo(
    session: CodingSession, kind: MemoKind, document_id: str | None = None, code_id: str | None = None
) -> Memo | None:
    """The coder's own memo on a thing (the oldest, when they wrote several), None when none."""
    memos = session.project.memos.of(kind, document_id=document_id, code_id=code_id)
    return next((memo for memo in memos if memo.author == session.coder), None)


class MemoBrowser:
    """Every memo of the project as the browser lists it, and its changes, through the session."""

    def __init__(self, session: CodingSession) -> None:
        self.session = session

    @property
    def _project(self) -> Project:
        return self.session.project

    def entries(self, chosen: MemoFilter) -> list[MemoEntry]:
        """The memos `chosen` lets through (as `annotator memos` lists them), by kind: project, testimony,
        code, grid, span, each oldest first."""
        found = self._project.memos.listing(chosen.kind, author=chosen.author, search=chosen.text.strip() or None)
        entries = [MemoEntry.of(memo) for memo in found]
        return sorted(entries, key=lambda entry: KINDS.index(entry.kind))  # stable: each kind keeps its order

    def authors(self) -> list[str]:
        """Everyone who wrote a memo (span memos too), sorted."""
        return sorted(
            {memo.author for memo in self._project.memos.all()}
            | {memo.author for memo in self._project.memos.span_memos()}
        )

    def refusal(self, entry: MemoEntry) -> str | None:
        """Why the coder may not change this memo (another author's), None when they may."""
        if entry.author == self.session.coder:
            return None
        how = (
            ""
            if entry.kind == SPAN_MEMO
            else f" (`annotator memos edit {entry.id} --owner {entry.author}` changes it on purpose)"
        )
        return f"This memo is {entry.author}'s: only its author changes it here{how}."

    def edit(self, entry: MemoEntry, text: str) -> Action | None:
        """Change a memo's text (empty: remove it) as one undoable action; None when unchanged.

        The coder's own memos and spans only: another author's is refused in one line (the store's rule)."""
        if entry.kind == SPAN_MEMO:
            if text.strip() == entry.text:
                return None
            return self.session.set_memo(entry.id, text.strip())
        memo = self._project.memos.find(entry.id)
        kind = memo.kind if memo is not None else "project"  # gone: write_memo keeps the text and says so
        return write_memo(self.session, memo, text, kind, opened=entry.text)

    def add_project_memo(self, text: str) -> Action | None:
        """A new memo on the whole project (a project may carry many), one undoable action."""
        return write_memo(self.session, None, text, "project")

    def remove(self, entry: MemoEntry) -> Action:
        """Remove a memo (a span's memo: emptied) as one undoable action."""
        if entry.kind == SPAN_MEMO:
            return self.session.set_memo(entry.id, "")
        action = self._project.memos.remove(self.session.coder, entry.id)
        self.session.watch.own.add(action.batch)
        return action

    def place(self, entry: MemoEntry) -> tuple[str, int, int] | None:
        """Where a testimony, cell or span memo takes the coder: (testimony, start, end); None for a
        project or code memo, or a testimony or span no longer there."""
        if entry.kind == SPAN_MEMO:
            span = self.session.spans_by_id([entry.id]).get(entry.id)
            return (span.document_id, span.start, span.end) if span is not None else None
        if entry.document_id is not None and self.session.knows(entry.document_id):
            return entry.document_id, 0, 0
        return None
