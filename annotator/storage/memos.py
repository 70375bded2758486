"""The memos table: project, document, code and grid memos, each written, edited and removed as one undoable action."""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.memos import MEMO_ID, SPAN_MEMO, Memo, MemoKind, SpanMemo, check_memo_text, check_target, folded
from annotator.storage.actions import Action
from annotator.storage.base import ConflictError, ProjectStore, check_coder_name
from annotator.storage.corpus_reads import fts_phrase
from annotator.storage.database import now
from annotator.storage.entities import Change, State, StateRefused, read_state, table
from annotator.storage.row_labels import last_change
from annotator.storage.schema import MEMO_INDEX
from annotator.storage.spans import new_span_ids

MEMO = "memo"
ADD_KIND = "memo-add"
EDIT_KIND = "memo-edit"
REMOVE_KIND = "memo-remove"
IMPORT_KIND = "memo-import"
# The owner option's name, for the one line that refuses another author's memo.
OWNER_OPTION = "--owner"
# What makes two memos of one id the same memo (their times and author may be written differently elsewhere).
_CONTENT = ("kind", "document_id", "code_id", "text")
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


def _state(memo: Memo) -> State:
    """A memo as its row's state."""
    return {name: getattr(memo, name) for name in Memo.__slots__}


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

    def insert(self, memos: Sequence[Memo], *, coder: str) -> tuple[Action | None, int]:
        """Write imported memos as they are (ids, authors, times kept) as one undoable action of `coder`
        (`memo-import`); a memo the project holds with the same content is skipped. Returns the action
        (None when every memo was there) and how many memos were present already.

        Checked like `add` (target, text, the document and code exist); a memo whose id the project
        holds with other content refuses the whole import: InputError, nothing written."""
        states = [{**_state(memo), "text": check_memo_text(memo.text)} for memo in memos]
        for state in states:
            self.check_row(state["id"], state, exists=False)
        changes: list[Change] = []
        present = 0
        with self._project.transaction():
            for state in states:
                before = read_state(self._db, MEMO, state["id"])
                if before is not None:
                    if any(before[column] != state[column] for column in _CONTENT):
                        raise InputError(
                            f"memo {state['id']} is in the project with other content (changed since the export?); "
                            "nothing was imported"
                        )
                    present += 1
                    continue
                self.check_row(state["id"], state)
                self._project.coders.ensure(state["author"])
                changes.append(Change(MEMO, state["id"], None, state))
            if not changes:
                return None, present
            self._project.coders.ensure(coder)
            action = self._project.history.record(coder, IMPORT_KIND, changes, detail={"memos": len(changes)})
        return action, present

    def check_row(self, key: str, state: State, *, code_ids: Container[str] | None = None, exists: bool = True) -> Memo:
        """The Memo of a row that came from outside (an import, a packet's log), or InputError (never
        quoting its text) unless it is a row `add` could have written: exactly the memo columns, of
        their types, named by `key`, a target that fits its kind, a usable author, a text as `add`
        keeps it, and (`exists`) a document here and a code here or in `code_ids`."""
        try:
            table(MEMO).check_state(key, state)
        except StateRefused as error:
            raise InputError(str(error).removesuffix("; nothing was written")) from None
        if set(state) != set(_COLUMNS.split(", ")):
            raise InputError(f"memo {key}: a memo row has exactly the columns {_COLUMNS}")
        optional = ("document_id", "code_id")
        if any(not isinstance(state[name], str) for name in state if name not in optional) or any(
            state[name] is not None and not isinstance(state[name], str) for name in optional
        ):
            raise InputError(f"memo {key}: a value is not text")
        if state["id"] != key or MEMO_ID.fullmatch(key) is None:
            raise InputError(f"memo {key}: its id is not 32 hex digits naming the row")
        check_target(state["kind"], state["document_id"], state["code_id"])
        if check_memo_text(state["text"]) != state["text"] or check_coder_name(state["author"]) != state["author"]:
            raise InputError(f"memo {key}: its text or author is not as annotator keeps them")
        if exists:
            if code_ids is not None and state["code_id"] is not None and state["code_id"] not in code_ids:
                raise InputError(f"no code {state['code_id']!r} in the codebook")
            self._check_exists(state["document_id"], state["code_id"] if code_ids is None else None)
        return memo_from_state(state)

    def edit(
        self, author: str, memo_id: str, text: str, *, owner: str | None = None, expected_text: str | None = None
    ) -> Action:
        """Replace a memo's text as one undoable action (its author's, or another's named by `owner`); with
        `expected_text` (what an editor opened), ConflictError naming who changed it when it is no longer that."""
        text = check_memo_text(text)
        with self._project.transaction():
            before = self._own(author, memo_id, owner)
            if expected_text is not None and before["text"] != expected_text:
                found = last_change(self._db, MEMO, memo_id)
                who = f"by {found[0]} ({found[1]})" if found else "outside the action log"
                raise ConflictError(
                    f"memo {memo_id!r} was changed {who} since the editor opened it; nothing was written"
                )
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

    def follow_code(self, code_id: str, new_id: str | None) -> list[Change]:
        """Changes moving a code's memos (code and grid memos) to `new_id`, or removing them (None): part of
        a codebook action that merges or deletes the code, read inside its write."""
        changes = []
        for memo in self.of("code", code_id=code_id) + self.of("grid", code_id=code_id):
            before = _state(memo)
            changes.append(Change(MEMO, memo.id, before, None if new_id is None else {**before, "code_id": new_id}))
        return changes

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
