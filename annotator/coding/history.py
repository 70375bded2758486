"""Undo and redo as the coder sees them: what an undone or redone action was, and where it happened."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.coding.boundaries import Range
from annotator.storage import Action


@dataclass(frozen=True)
class HistoryStep:
    """An undone or redone action: the line that says what it was, and the testimony and range to
    show (None for an action that changed no span, such as a done mark or a new code)."""

    message: str
    document_id: str | None
    place: Range | None


def nothing_to(verb: str) -> str:
    """`Nothing to undo.` for the verb `Undone` (`Redone`: redo)."""
    return f"Nothing to {verb[:-2].lower()}."


def history_step(action: Action, verb: str) -> HistoryStep:
    """Say what an undo or redo (`verb`: Undone or Redone) changed, and where to show it."""
    if not action.changes:
        return HistoryStep(f"{verb}: {_describe_other(action)}.", action.detail.get("document"), None)
    before, after = action.changes[0]
    changed = after or before
    assert changed is not None  # a span change has a before or an after
    count = len(action.changes)
    message = f"{verb}: {count} span change{'' if count == 1 else 's'} in {changed.document_id}."
    return HistoryStep(message, changed.document_id, (changed.start, changed.end))


def _describe_other(action: Action) -> str:
    if action.touches("progress"):
        return f"the done mark on {action.detail.get('document', 'a testimony')}"
    if action.touches("code"):
        name = action.detail.get("name")
        return f"the new code “{name}”" if name else "a new code"
    count = len(action.others)
    return f"{count} change{'' if count == 1 else 's'}"
