"""Undo and redo stacks rebuilt from the event log, so they survive a restart."""

from __future__ import annotations

from dataclasses import dataclass, field

UNDO = "undo"
REDO = "redo"
# Kinds of action a coder can undo: each records the whole state of every row it changed.
# Imports and merges are logged for the audit trail but not undone (they are all-or-nothing).
UNDOABLE = frozenset(
    {
        "add",
        "remove",
        "recode",
        "resize",
        "memo",
        "decide",
        "done",
        "undone",
        "code-add",
        "code-edit",
        "code-move",
        "code-merge",
        "code-split",
        "code-delete",
        "code-recode",
        "codebook-sync",
        "document-text",
        "document-attributes",
        "document-rename",
        "document-remove",
        "document-review",
        "speaker-rename",
        "speaker-role",
        "query-save",
        "query-delete",
        "memo-add",
        "memo-edit",
        "memo-remove",
        "memo-import",
    }
)


@dataclass
class UndoHistory:
    """One coder's undo and redo stacks of batch ids, fed events in log order.

    A batch of an UNDOABLE kind is pushed on the undo stack and clears the redo stack; an `undo`
    batch moves the batch it reverts to the redo stack; a `redo` batch moves it back. Other
    kinds (imports, merges) do not take part.
    """

    undo: list[str] = field(default_factory=list)
    redo: list[str] = field(default_factory=list)
    last_event_id: int = 0
    _last_batch: str | None = None

    def feed(self, event_id: int, batch: str, kind: str, reverts: str | None) -> None:
        """Take one event (in id order) into account."""
        self.last_event_id = event_id
        if batch == self._last_batch:
            return
        self._last_batch = batch
        if kind == UNDO:
            if self.undo and self.undo[-1] == reverts:
                self.redo.append(self.undo.pop())
        elif kind == REDO:
            if self.redo and self.redo[-1] == reverts:
                self.undo.append(self.redo.pop())
        elif kind in UNDOABLE:
            self.undo.append(batch)
            self.redo.clear()
