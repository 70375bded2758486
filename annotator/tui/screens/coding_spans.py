"""The coding screen's span actions: code the selection, remove, re-code, resize and memo a span."""

from __future__ import annotations

from annotator.domain.models import Span
from annotator.tui.reporting import notify_errors
from annotator.tui.screens.coding_view import CodingView, short_quote
from annotator.tui.screens.memo import MemoEditor
from annotator.tui.screens.picker import CodePicker, PickedCode


class SpanActions(CodingView):
    """Keys that create or change one of the coder's spans (the core picks which one)."""

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
        holding = self.open.already_coded(code_id, *selection) if self.open is not None else None
        if holding is not None:
            name = self.session.code_name(code_id)
            self.notify(
                f"Already coded {name}: your span {holding.start}–{holding.end} holds this; nothing added.",
                severity="warning",
            )
            return
        with notify_errors(self):
            action = self.session.add_span(self.document_id, code_id, *selection)
            self._show_action(action)

    def action_pick_code(self) -> None:
        """Code the selection with a code found by name (or a new one)."""
        selection = self._selection_or_warn()
        if selection is None:
            return
        quote = short_quote(self.transcript.selected_text)
        self.app.push_screen(
            CodePicker(self.session.codes, f"Code «{quote}» with…", colours=self.session.colours),
            self._picked_for_selection,
        )

    def _picked_for_selection(self, picked: PickedCode | None) -> None:
        code_id = self._resolve(picked)
        if code_id is not None:
            self.apply_code(code_id)
            self.transcript.focus()

    def action_remove_span(self) -> None:
        """Remove the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is not None:
            with notify_errors(self):
                self._show_action(self.session.remove_span(target.id))
                self.notify(f"Removed {self.session.code_name(target.code_id)} ({target.start}–{target.end}).")

    def action_recode_span(self) -> None:
        """Give the coder's span under the cursor another code."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Re-code «{short_quote(target.text)}» (now {self.session.code_name(target.code_id)}) as…"

        def recode(picked: PickedCode | None) -> None:
            code_id = self._resolve(picked)
            if code_id is not None and code_id != target.code_id:
                with notify_errors(self):
                    self._show_action(self.session.recode_span(target.id, code_id))
            self.transcript.focus()

        self.app.push_screen(CodePicker(self.session.codes, title, colours=self.session.colours), recode)

    def action_move_start(self, direction: int) -> None:
        """Widen (-1) or narrow (1) the span under the cursor at its start, by a word or punctuation mark."""
        target = self._target_or_warn()
        start = self.open.moved_start(target, direction) if target is not None and self.open is not None else None
        if target is not None and start is None:
            self.notify("The span's start cannot move further that way.", severity="warning")
        elif target is not None and start is not None:
            self._resize(target, start, target.end)

    def action_move_end(self, direction: int) -> None:
        """Narrow (-1) or widen (1) the span under the cursor at its end, by a word or punctuation mark."""
        target = self._target_or_warn()
        end = self.open.moved_end(target, direction) if target is not None and self.open is not None else None
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
        with notify_errors(self):
            self._show_action(self.session.resize_span(target.id, start, end))
            # Select the new extent, so the next boundary key works on the same span.
            self.transcript.select_range(start, end)

    def action_memo(self) -> None:
        """Write or change the memo on the coder's span under the cursor."""
        target = self._target_or_warn()
        if target is None:
            return
        title = f"Memo on {self.session.code_name(target.code_id)} «{short_quote(target.text)}»"

        def save(memo: str | None) -> None:
            if memo is not None and memo != target.memo:
                with notify_errors(self):
                    self._show_action(self.session.set_memo(target.id, memo))
            self.transcript.focus()

        self.app.push_screen(MemoEditor(title, target.memo), save)
