"""The memos table: project, document, code and grid memos, each written, edited and removed as one undoable action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.memos import SPAN_MEMO, Memo, MemoKind, SpanMemo, check_memo_text, check_target, folded
from annotator.storage.actions import Action
from annotator.storage.base import ProjectStore
from annotator.storage.corpus_reads import fts_phrase
from annotator.storage.database import now
from annotator.storage.entities import Change, State, read_state
from annotator.storage.schema import MEMO_INDEX
from annotator.storage.spans import new_span_ids

MEMO = "memo"
ADD_KIND = "memo-add"
EDIT_KIND = "memo-edit"
REMOVE_KIND = "memo-remove"
# The owner option's name, for the one line that refuses another author's memo.
OWNER_OPTION = "--owner"
_COLUMNS = "id, kind, document_id, code_id, author, text, created_at, updated_at"


def memo_from_state(state: State) -> Memo:
    """A Memo from a memos row (as a dict)."""
    return Memo(
        state["id"],
        state["kind"],
        state["document_id"],
        state["code_id"],
        state["author"],
        state["text"],
        state["created_at"],
        state["updated_at"],
    )


def _memo(row: tuple[Any, ...]) -> Memo:
    return Memo(*row)


class MemoStore(ProjectStore):
    """Memos on the project, documents, codes and summary-grid cells (span memos stay on spans).

    Who may change a memo: its author, or anyone who names the author (`owner=`, the command
    line's `--owner NAME`), as with another coder's spans; the event log says who did it.
    """

    def add(
        self, author: str, kind: str, text: str, *, document_id: str | None = None, code_id: str | None = None
    ) -> Action:
        """Write a new memo as one undoable action; its id is `action.detail["memo"]`.

        InputError (nothing written) for a target that does not fit the kind, an unknown document
        or code, or a text that is empty, over the limit or holds control characters."""
        memo_kind = check_target(kind, document_id, code_id)
        text = check_memo_text(text)
        memo_id = new_span_ids(1)[0]
        with self._project.transaction():
            self._check_exists(document_id, code_id)
            self._project.coders.ensure(author)
            stamp = now()
            after = {
                "id": memo_id,
                "kind": memo_kind,
                "document_id": document_id,
                "code_id": code_id,
                "author": author,
                "text": text,
                "created_at": stamp,
                "updated_at": stamp,
            }
            change = Change(MEMO, memo_id, None, after)
            return self._project.history.record(author, ADD_KIND, [change], detail=_detail(after))

    def insert(self, memo: Memo, *, coder: str) -> Action:
        """Write a memo as it is (an import: its id, author and times kept) as one undoable action of `coder`.

        Checked like `add` (target, text); a memo of that id already there is refused."""
        check_target(memo.kind, memo.document_id, memo.code_id)
        after = {name: getattr(memo, name) for name in Memo.__slots__}
        after["text"] = check_memo_text(memo.text)
        with self._project.transaction():
            if read_state(self._db, MEMO, memo.id) is not None:
                raise InputError(f"memo {memo.id} is in the project already")
            self._check_exists(memo.document_id, memo.code_id)
            self._project.coders.ensure(coder)
            self._project.coders.ensure(memo.author)
            change = Change(MEMO, memo.id, None, after)
            return self._project.history.record(coder, ADD_KIND, [change], detail=_detail(after))

    def edit(self, author: str, memo_id: str, text: str, *, owner: str | None = None) -> Action:
        """Replace a memo's text as one undoable action (its author's, or another's named by `owner`)."""
        text = check_memo_text(text)
        with self._project.transaction():
            before = self._own(author, memo_id, owner)
            self._project.coders.ensure(author)
            after = {**before, "text": text, "updated_at": now()}
            change = Change(MEMO, memo_id, before, after)
            return self._project.history.record(author, EDIT_KIND, [change], detail=_detail(after))

    def remove(self, author: str, memo_id: str, *, owner: str | None = None) -> Action:
        """Remove a memo as one undoable action (its author's, or another's named by `owner`)."""
        with self._project.transaction():
            before = self._own(author, memo_id, owner)
            self._project.coders.ensure(author)
            change = Change(MEMO, memo_id, before, None)
            return self._project.history.record(author, REMOVE_KIND, [change], detail=_detail(before))

    def find(self, memo_id: str) -> Memo | None:
        """The memo of that id, or None."""
        state = read_state(self._db, MEMO, memo_id)
        return memo_from_state(state) if state is not None else None

    def get(self, memo_id: str) -> Memo:
        """The memo of that id; InputError when there is none."""
        memo = self.find(memo_id)
        if memo is None:
            raise InputError(f"no memo {memo_id!r}; `annotator memos` lists them")
        return memo

    def of(self, kind: MemoKind, document_id: str | None = None, code_id: str | None = None) -> list[Memo]:
        """The memos of one kind, on one document and/or code when given (None: any), oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM memos WHERE kind = ?"
            " AND (? IS NULL OR document_id = ?) AND (? IS NULL OR code_id = ?) ORDER BY created_at, id",
            [kind, document_id, document_id, code_id, code_id],
        )
        return [_memo(row) for row in rows]

    def all(self) -> Iterator[Memo]:
        """Every memo, oldest first (read as it goes)."""
        for row in self._db.execute(f"SELECT {_COLUMNS} FROM memos ORDER BY created_at, id"):
            yield _memo(row)

    def search(self, text: str) -> list[Memo]:
        """The memos whose text holds `text`'s words as a phrase (case and diacritics folded), oldest first."""
        if not text.strip():
            return []
        rows = self._db.execute(
            f"SELECT {', '.join('m.' + column for column in _COLUMNS.split(', '))} FROM memos m"
            f" JOIN {MEMO_INDEX} ON {MEMO_INDEX}.memo_id = m.id WHERE {MEMO_INDEX} MATCH ?"
            " ORDER BY m.created_at, m.id",
            [fts_phrase(text)],
        )
        return [_memo(row) for row in rows]

    def span_memos(self, *, document_id: str | None = None, code_id: str | None = None) -> list[SpanMemo]:
        """The spans' memos (kind "span", read-only here), on one document and/or code when given, by document and start."""
        rows = self._db.execute(
            "SELECT id, document_id, code_id, coder, memo, created_at, updated_at FROM spans WHERE memo != ''"
            " AND (? IS NULL OR document_id = ?) AND (? IS NULL OR code_id = ?) ORDER BY document_id, start_offset, id",
            [document_id, document_id, code_id, code_id],
        )
        return [SpanMemo(*row) for row in rows]

    def listing(
        self,
        kind: str | None = None,
        *,
        document_id: str | None = None,
        code_id: str | None = None,
        author: str | None = None,
        search: str | None = None,
    ) -> list[Memo | SpanMemo]:
        """Every memo (kind None) or those of one kind ("span" for span memos), on a document and/or code,
        by an author, holding `search` (folded): memos oldest first, then span memos by document and offset."""
        memos: list[Memo | SpanMemo] = []
        if kind != SPAN_MEMO:
            found = self.search(search) if search else list(self.all())
            memos += [
                memo
                for memo in found
                if (kind is None or memo.kind == kind)
                and (document_id is None or memo.document_id == document_id)
                and (code_id is None or memo.code_id == code_id)
            ]
        if kind in (None, SPAN_MEMO):
            wanted = folded(" ".join(search.split())) if search else ""
            memos += [
                memo
                for memo in self.span_memos(document_id=document_id, code_id=code_id)
                if wanted in folded(" ".join(memo.text.split()))
            ]
        return [memo for memo in memos if author is None or memo.author == author]

    def _own(self, author: str, memo_id: str, owner: str | None) -> State:
        """The memo's row, read inside the caller's write; InputError when absent or another author's not named."""
        state = read_state(self._db, MEMO, memo_id)
        if state is None:
            raise InputError(f"no memo {memo_id!r}; `annotator memos` lists them")
        if state["author"] not in (author, owner):
            raise InputError(
                f"memo {memo_id} is {state['author']}'s, not {author}'s; "
                f"to change another author's memo, name its author ({OWNER_OPTION} {state['author']})"
            )
        return state

    def _check_exists(self, document_id: str | None, code_id: str | None) -> None:
        """InputError naming the document or code a memo would be on when the project has no such one."""
        if document_id is not None:
            self._project.documents.require(document_id)
        if code_id is not None and self._db.execute("SELECT 1 FROM codes WHERE id = ?", [code_id]).fetchone() is None:
            raise InputError(f"no code {code_id!r} in the codebook")


def _detail(state: State) -> dict[str, Any]:
    """What an event's detail says of a memo action: the memo's id, kind and target (never its text)."""
    detail = {"memo": state["id"], "kind": state["kind"]}
    for column in ("document_id", "code_id"):
        if state[column] is not None:
            detail[column.removesuffix("_id")] = state[column]
    return detail
