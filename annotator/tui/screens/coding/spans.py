"""The coding screen's span actions: code the selection, remove, re-code, resize and memo a span."""

from __future__ import annotations

from collections.abc import Callable

from annotator.coding.in_vivo import in_vivo_name
from annotator.domain.models import Span
from annotator.storage import Action
from annotator.tui.dialogs.memo import MemoEditor
from annotator.tui.screens.coding.view import CodingView, short_quote


class SpanActions(CodingView):
    """Keys that create or change one of the coder's spans (the core picks which one); each write
    goes through the app's queue (in order, waiting while another process holds the project)."""

    # A memo the coder wrote on a span another process removed meanwhile: offered at the next memo.
    kept_memo: str | None = None

    def action_apply_key(self, key: str) -> None:
        """Code the selection with the code on a digit key."""
        code = self.session.code_for_key(key)
        if code is None:
            self.notify(f"No code has the key {key}; press c to pick a code by name.", severity="warning")
            return
        self.apply_code(code.id)

    def apply_code(self, code_id: str) -> None:
        """Code the selection; the selection stays, so a second code can follow."""
        selection = self._selection_or_warn()
        if selection is None or self.document_id is None:
            return
        holding = self.open.already_coded(code_id, *selection)
        if holding is not None:
            name = self.session.code_name(code_id)
            self.notify(
                f"Already coded {name}: your span {holding.start}–{holding.end} holds this; nothing added.",
                severity="warning",
            )
            return
        document_id, name = self.document_id, self.session.code_name(code_id)
        self.writes.submit(
            self,
            f"code {name} {selection[0]}–{selection[1]}",
            lambda: self.session.add_span(document_id, code_id, *selection),
            self._show_action,
        )

    def action_pick_code(self) -> None:
        """Code the selection with a code found by name (or a new one)."""
        selection = self._selection_or_warn()
        if selection is None:
            return
        selected = self.transcript.selected_text
        picker = self._code_picker(f"Code «{short_quote(selected)}» with…", new_name=in_vivo_name(selected))
        self.app.push_screen(picker, self._with_picked(self.apply_code))

    def action_remove_span(self) -> None:
        """Remove the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is None:
            return
        what = f"{self.session.code_name(target.code_id)} ({target.start}–{target.end})"

        def removed(action: Action) -> None:
            self._show_action(action)
            self.notify(f"Removed {what}.")

        self.writes.submit(
            self, f"remove {what}", lambda: self.session.remove_span(target.id), removed, self._span_gone(target)
        )

    def action_recode_span(self) -> None:
        """Give the coder's span under the cursor another code."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Re-code «{short_quote(target.text)}» (now {self.session.code_name(target.code_id)}) as…"

        def recode(code_id: str) -> None:
            if code_id != target.code_id:
                self.writes.submit(
                    self,
                    f"re-code as {self.session.code_name(code_id)}",
                    lambda: self.session.recode_span(target.id, code_id),
                    self._show_action,
                    self._span_gone(target),
                )

        self.app.push_screen(self._code_picker(title), self._with_picked(recode))

    def action_move_start(self, direction: int) -> None:
        """Widen (-1) or narrow (1) the span under the cursor at its start, by a word or punctuation mark."""
        target = self._target_or_warn()
        start = self.open.moved_start(target, direction) if target is not None else None
        if target is not None and start is None:
            self.notify("The span's start cannot move further that way.", severity="warning")
        elif target is not None and start is not None:
            self._resize(target, start, target.end)

    def action_move_end(self, direction: int) -> None:
        """Narrow (-1) or widen (1) the span under the cursor at its end, by a word or punctuation mark."""
        target = self._target_or_warn()
        end = self.open.moved_end(target, direction) if target is not None else None
        if target is not None and end is None:
            self.notify("The span's end cannot move further that way.", severity="warning")
        elif target is not None and end is not None:
            self._resize(target, target.start, end)

    def action_fit_span(self) -> None:
        """Set the boundaries of the coder's span under the selection to the selection."""
        selection = self._selection_or_warn()
        target = self._target_or_warn() if selection else None
        if selection is None or target is None:
            return
        if (target.start, target.end) == selection:
            self.notify("The span already has these boundaries.")
            return
        self._resize(target, *selection)

    def _resize(self, target: Span, start: int, end: int) -> None:
        def resized(action: Action) -> None:
            self._show_action(action)
            # Select the new extent, so the next boundary key works on the same span.
            if self.document_id == target.document_id:
                self.transcript.select_range(start, end)

        self.writes.submit(
            self,
            f"resize {self.session.code_name(target.code_id)} to {start}–{end}",
            lambda: self.session.resize_span(target.id, start, end),
            resized,
            self._span_gone(target),
        )

    def action_memo(self) -> None:
        """Write or change the memo on the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Memo on {self.session.code_name(target.code_id)} «{short_quote(target.text)}»"
        kept, self.kept_memo = self.kept_memo, None
        if kept:  # a memo written on a span removed meanwhile: offered again, after this span's own
            title += " (with the memo you wrote on a span removed meanwhile)"

        def save(memo: str | None) -> None:
            if memo is None and kept:
                self.kept_memo = kept  # cancelled: still kept for the next memo
            elif memo is not None and memo != target.memo:

                def lost(error: BaseException) -> None:
                    self.kept_memo = memo
                    self._span_gone(target)(error)

                self.writes.submit(
                    self, "memo", lambda: self.session.set_memo(target.id, memo), self._show_action, lost
                )
            self.transcript.focus()

        text = "\n\n".join(part for part in (target.memo, kept or "") if part)
        self.app.push_screen(MemoEditor(title, text), save)

    def _span_gone(self, target: Span) -> Callable[[BaseException], None]:
        """What follows a change refused on a span: when another process removed it meanwhile, say
        so and by whom (the screen then shows the project as it is)."""

        def gone(error: BaseException) -> None:
            if self.session.has_span(target.id):
                return
            change = self.session.last_span_change(target.id)
            who = f"{change[0]} ({change[1]})" if change is not None else "another process"
            memo = " Your memo is kept: press m on a span to use it." if self.kept_memo else ""
            self.notify(
                f"That {self.session.code_name(target.code_id)} span ({target.start}–{target.end}) was removed "
                f"meanwhile by {who}.{memo}",
                severity="warning",
                timeout=10,
            )
            self.app.follow_project()  # type: ignore[attr-defined]

        return gone
