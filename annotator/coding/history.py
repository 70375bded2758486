"""Undo and redo as the coder sees them: what an undone or redone action was, and where it happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.coding.boundaries import Range
from annotator.coding.documents import describe_document_action
from annotator.domain.models import Span
from annotator.storage import Action

CodeName = Callable[[str], str]


@dataclass(frozen=True)
class HistoryStep:
    """An undone or redone action: the line that says what it was, and the testimony and range to
    show (None for an action that changed no span, such as a done mark or a new code)."""

    verb: str
    what: str
    document_id: str | None
    place: Range | None

    @property
    def message(self) -> str:
        """`Undone: coding Bribery 20–36 in A.`"""
        return f"{self.verb}: {self.what}."


def nothing_to(verb: str) -> str:
    """`Nothing to undo.` for the verb `Undone` (`Redone`: redo)."""
    return f"Nothing to {verb[:-2].lower()}."


def history_step(action: Action, verb: str, code_name: CodeName = str) -> HistoryStep:
    """Say what an undo or redo (`verb`: Undone or Redone) changed, and where to show it; codes are
    named by `code_name` (their ids by default)."""
    # An undo or redo is recorded as kind undo/redo: what it did is the kind of the action it reverts.
    kind = action.reverted_kind or action.kind
    document_change = describe_document_action(action)
    if document_change is not None:  # the text, attributes or review list: the testimony is shown again
        return HistoryStep(verb, document_change, action.detail["document"], None)
    other = _describe_other(action, kind)
    if other is not None or not action.changes:
        document = action.detail.get("document") or None
        return HistoryStep(verb, other or _count_of_changes(action), document, None)
    return _span_step(action, verb, code_name)


def describe_span_change(before: Span | None, after: Span | None, code_name: CodeName = str) -> str:
    """What one span change did, by code and offsets (never the quoted text): coding, removal,
    recoding, resizing or a memo."""
    if before is None:
        assert after is not None
        return f"coding {code_name(after.code_id)} {after.start}–{after.end}"
    if after is None:
        return f"removal of {code_name(before.code_id)} {before.start}–{before.end}"
    if before.code_id != after.code_id:
        return f"recoding {code_name(before.code_id)} → {code_name(after.code_id)} at {after.start}–{after.end}"
    if (before.start, before.end) != (after.start, after.end):
        return f"resizing {code_name(after.code_id)} {before.start}–{before.end} → {after.start}–{after.end}"
    return f"the memo on {code_name(after.code_id)} {after.start}–{after.end}"


def _span_step(action: Action, verb: str, code_name: CodeName) -> HistoryStep:
    """A span action: one change named in full; many of one sort (code all hits, a speaker's turns)
    counted by code; else the first named and the rest counted."""
    # An undo applies the reverse of the action it reverts, in reverse order: the original went
    # after -> before, from the last change back to the first.
    if verb == "Undone":
        originals = [(after, before) for before, after in reversed(action.changes)]
    else:
        originals = list(action.changes)
    first = originals[0][1] or originals[0][0]
    assert first is not None  # a span change has a span before or after
    document_id = first.document_id
    # Shown: the first span in the text the action changed in its first testimony.
    changed = min(
        (span for change in originals for span in change if span is not None and span.document_id == document_id),
        key=lambda span: span.start,
    )
    documents = action.document_ids
    where = document_id if len(documents) == 1 else f"{len(documents)} testimonies"
    bulk = _bulk(originals, code_name)
    if bulk is not None:
        what = f"{bulk} in {where}"
    else:
        more = len(action.changes) - 1
        also = f" and {more} more span change{'' if more == 1 else 's'}" if more else ""
        what = f"{describe_span_change(*originals[0], code_name)}{also} in {where}"
    return HistoryStep(verb, what, changed.document_id, (changed.start, changed.end))


def _bulk(originals: list[tuple[Span | None, Span | None]], code_name: CodeName) -> str | None:
    """`coding 5 spans with Bribery` when every change codes (or every one removes) with one code."""
    if len(originals) < 2:
        return None
    if all(before is None for before, _ in originals):
        spans, words = [after for _, after in originals], ("coding", "with")
    elif all(after is None for _, after in originals):
        spans, words = [before for before, _ in originals], ("removal of", "of")
    else:
        return None
    codes = {span.code_id for span in spans if span is not None}
    if len(codes) != 1:
        return None
    return f"{words[0]} {len(spans)} spans {words[1]} {code_name(codes.pop())}"


# Codebook actions carry the summary the CLI prints (`edited code 'wage': name, key`); a recoding of
# one listed span is told as the span change it is, so the screen can go there.
_SUMMARISED = frozenset({"code-edit", "code-move", "code-merge", "code-split", "code-delete", "codebook-sync"})


def _describe_other(action: Action, kind: str) -> str | None:
    """Actions other than span edits, by kind: a done mark, codebook changes, speakers; None for a
    span action."""
    detail = action.detail
    document = detail.get("document", "a testimony")
    if kind in _SUMMARISED and detail.get("summary"):
        return str(detail["summary"])
    named = {
        "done": lambda: f"marking {document} done",
        "undone": lambda: f"marking {document} not done",
        "code-add": lambda: f"the new code “{detail['name']}”" if detail.get("name") else "a new code",
        "document-attributes": lambda: f"the attribute change of {detail.get('documents', 'several')} documents",
        "speaker-rename": lambda: f"renaming speaker {detail.get('old')} to {detail.get('new')}",
        "speaker-role": lambda: f"the role {detail.get('role')!r} of speaker {detail.get('speaker')}",
        "query-save": lambda: f"saving the query {detail.get('name')!r}",
        "query-delete": lambda: f"deleting the saved query {detail.get('name')!r}",
        "suggestion-reject": lambda: f"rejecting suggestion {detail.get('suggestion')}",
    }
    describe = named.get(kind)
    return describe() if describe is not None else None


def _count_of_changes(action: Action) -> str:
    count = len(action.others)
    return f"{count} change{'' if count == 1 else 's'}"
