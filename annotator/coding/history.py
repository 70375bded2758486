"""Undo and redo as the coder sees them: what an undone or redone action was, and where it happened."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.coding.boundaries import Range
from annotator.coding.documents import describe_document_action
from annotator.domain.models import Span
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
    document_change = describe_document_action(action)
    if document_change is not None:  # the text, attributes or review list: the testimony is shown again
        return HistoryStep(f"{verb}: {document_change}.", action.detail["document"], None)
    if not action.changes:
        return HistoryStep(f"{verb}: {_describe_other(action)}.", action.detail.get("document"), None)
    before, after = action.changes[0]
    changed = after or before
    assert changed is not None  # a span change has a before or an after
    # An undo applies the reverse of the action it reverts: the original went after -> before.
    original = (after, before) if verb == "Undone" else (before, after)
    more = len(action.changes) - 1
    also = f" and {more} more span change{'' if more == 1 else 's'}" if more else ""
    message = f"{verb}: {describe_span_change(*original)}{also} in {changed.document_id}."
    return HistoryStep(message, changed.document_id, (changed.start, changed.end))


def describe_span_change(before: Span | None, after: Span | None) -> str:
    """What one span change did, by code and offsets (never the quoted text): coding, removal,
    recoding, resizing or a memo."""
    if before is None:
        assert after is not None
        return f"coding {after.code_id} {after.start}–{after.end}"
    if after is None:
        return f"removal of {before.code_id} {before.start}–{before.end}"
    if before.code_id != after.code_id:
        return f"recoding {before.code_id} → {after.code_id} at {after.start}–{after.end}"
    if (before.start, before.end) != (after.start, after.end):
        return f"resizing {after.code_id} {before.start}–{before.end} → {after.start}–{after.end}"
    return f"the memo on {after.code_id} {after.start}–{after.end}"


def _describe_other(action: Action) -> str:
    if action.touches("progress"):
        return f"the done mark on {action.detail.get('document', 'a testimony')}"
    if action.touches("code"):
        name = action.detail.get("name")
        return f"the new code “{name}”" if name else "a new code"
    count = len(action.others)
    return f"{count} change{'' if count == 1 else 's'}"
