"""The codebook screen: the code tree with keys, colours, use and definitions; edit, merge, move, delete."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header

from annotator.coding.codebook_view import CodebookEditor, CodeRow, delete_question
from annotator.coding.follow import ProjectChanges
from annotator.coding.history import history_step, nothing_to
from annotator.coding.session import CodingSession
from annotator.domain.models import Code
from annotator.storage import Action
from annotator.tui.bindings import KeyGroup
from annotator.tui.dialogs.code_picker import CodePicker, PickedCode
from annotator.tui.dialogs.codebook import RECODE, WITH_SPANS, CodeForm, DeleteConfirm
from annotator.tui.waiting import writes_of
from annotator.tui.widgets.code_detail import CodeDetail
from annotator.tui.widgets.codebook_panel import SWATCH
from annotator.tui.widgets.row_list import RowList

_keys = KeyGroup("codebook.", show=True)


class CodeTree(RowList):
    """Every code the coder may see: key, colour, indented name, use, definition; enter edits one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[CodeRow] = []

    def set_rows(self, rows: list[CodeRow]) -> None:
        """Show the codebook anew (after any change), keeping the highlight on the same place."""
        self.rows = rows
        if self.highlighted is None and rows:
            self.highlighted = 0
        self.forget_rendering()
        self.rows_changed()

    @property
    def current(self) -> Code | None:
        """The highlighted code."""
        row = self.highlighted
        return self.rows[row].code if row is not None and row < len(self.rows) else None

    def highlight(self, code_id: str) -> None:
        """Put the highlight on a code (when it is listed)."""
        for index, row in enumerate(self.rows):
            if row.code.id == code_id:
                self.highlighted = index

    def row_count(self) -> int:
        """One row per code."""
        return len(self.rows)

    def row_key(self, row: int) -> Hashable:
        """The row itself (codes and counts are frozen values)."""
        return self.rows[row]

    def row_content(self, row: int) -> Content:
        """`1 ■ Name  3/7  definition`."""
        shown = self.rows[row]
        code = shown.code
        return Content.assemble(
            (code.key or " ", "bold"),
            " ",
            (SWATCH, code.colour),
            " " + "  " * shown.depth,
            code.name,
            ("  " + shown.use, "$text-muted"),
            ("  " + " ".join(code.definition.split()), "italic $text-muted") if code.definition else "",
        )

    def empty_content(self) -> Content:
        """A project without codes."""
        return Content.styled("No codes yet: create one with c on the coding screen.", "$text-muted")

    def choose(self, row: int) -> None:
        """Enter edits the highlighted code."""
        if isinstance(self.screen, CodebookScreen):
            self.screen.action_edit()


class CodebookScreen(Screen[None]):
    """The codebook, changed code by code; every change is one action, undone with ctrl+z."""

    BINDINGS = [
        _keys("e", "edit", "Edit", "edit", "Change the highlighted code's name, definition, key or colour."),
        _keys(
            "m",
            "merge",
            "Merge into…",
            "merge",
            "Merge the highlighted code into another: its spans become that code's.",
        ),
        _keys("v", "move", "Move under…", "move", "Put the highlighted code under another code."),
        _keys("u", "move_top", "Move to top", "move_top", "Put the highlighted code at the top of the tree."),
        _keys(
            "x,delete", "delete", "Delete", "delete", "Delete the highlighted code (asks first, says how many spans)."
        ),
        _keys("ctrl+z", "undo", "Undo", "undo", "Undo your latest action (a codebook change or any other)."),
        _keys("ctrl+y", "redo", "Redo", "redo", "Redo the action you undid last.", show=False),
        _keys("escape", "close", "Back", "close", "Back to the coding screen."),
    ]

    def __init__(self, session: CodingSession, changed: Callable[[Action], None]) -> None:
        super().__init__()
        self.editor = CodebookEditor(session)
        self.session = session
        self.changed = changed  # the coding screen follows each committed change

    def compose(self) -> ComposeResult:
        """Header; the code tree; the highlighted code's description; footer."""
        yield Header(show_clock=False)
        yield CodeTree(id="code-tree")
        yield CodeDetail(id="codebook-detail")
        yield Footer()

    def on_mount(self) -> None:
        """List the codes."""
        self.title = self.session.project_name
        seen = "yours/everyone's" if self.session.sees_others else "yours"
        self.sub_title = f"Codebook · {self.session.coder} · use: {seen}"
        tree = self.query_one(CodeTree)
        tree.border_title = "Codebook"
        self.watch(tree, "highlighted", self._show_detail)
        self._refresh()
        tree.focus()

    @property
    def current(self) -> Code | None:
        """The highlighted code."""
        return self.query_one(CodeTree).current

    def _refresh(self, highlight: str | None = None) -> None:
        tree = self.query_one(CodeTree)
        tree.set_rows(self.editor.rows())
        if highlight is not None:
            tree.highlight(highlight)
        self._show_detail()

    def _show_detail(self) -> None:
        self.query_one(CodeDetail).show_code(self.current)

    def _commit(self, change: Callable[[], Action], highlight: str | None = None) -> None:
        """Run one change (in order with every other write); say what it did, redraw here and on the
        coding screen (errors: one line)."""

        def done(action: Action) -> None:
            self.changed(action)
            summary = str(action.detail.get("summary", "done"))
            self.notify(f"{summary[:1].upper()}{summary[1:]}. ctrl+z undoes it.")
            if self.is_attached:  # the coder may have left this screen while the change waited
                self._refresh(highlight)

        writes_of(self).submit(self, "a codebook change", change, done)

    def follow(self, changes: ProjectChanges) -> None:
        """Codes or their use changed elsewhere: list them again, the highlighted one kept."""
        if changes.everything or changes.codes or changes.owners:
            self._refresh(self.current.id if self.current is not None else None)

    # --- the keys ------------------------------------------------------------------------------

    def action_edit(self) -> None:
        """Edit the highlighted code in a small form."""
        code = self.current
        if code is None:
            return

        def save(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._commit(lambda: self.editor.edit(code.id, **values), code.id)

        self.app.push_screen(CodeForm(code), save)

    def _pick(self, verb: str, then: Callable[[Code, str], None]) -> None:
        code = self.current
        if code is None:
            return
        choices = self.editor.destinations(code.id)

        def picked(answer: PickedCode | None) -> None:
            if answer is not None and answer.code_id is not None:
                then(code, answer.code_id)

        self.app.push_screen(CodePicker(choices, f"{verb} “{code.name}”…", allow_new=False), picked)

    def action_merge(self) -> None:
        """Merge the highlighted code into one chosen with the picker."""
        self._pick("Merge into", lambda code, target: self._commit(lambda: self.editor.merge(code.id, target), target))

    def action_move(self) -> None:
        """Move the highlighted code under one chosen with the picker."""
        self._pick("Move under", lambda code, parent: self._commit(lambda: self.editor.move(code.id, parent), code.id))

    def action_move_top(self) -> None:
        """Move the highlighted code to the top of the tree."""
        code = self.current
        if code is not None:
            self._commit(lambda: self.editor.move(code.id, None), code.id)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted code (with spans: recode them, or delete them too)."""
        code = self.current
        if code is None:
            return
        spans = self.editor.span_count(code.id)

        def answered(answer: str | None) -> None:
            if answer == RECODE:
                self._pick("Recode the spans of", lambda code, target: self._delete(code, target, False))
            elif answer is not None:
                self._delete(code, None, answer == WITH_SPANS)

        self.app.push_screen(DeleteConfirm(delete_question(code, spans), spans), answered)

    def _delete(self, code: Code, recode_to: str | None, with_spans: bool) -> None:
        self._commit(lambda: self.editor.delete(code.id, recode_to=recode_to, with_spans=with_spans), recode_to)

    def action_undo(self) -> None:
        """Undo the coder's latest action (a codebook change or any other)."""
        self._history(self.session.undo, "Undone")

    def action_redo(self) -> None:
        """Redo the action undone last."""
        self._history(self.session.redo, "Redone")

    def _history(self, step: Callable[[], Action | None], verb: str) -> None:
        def done(action: Action | None) -> None:
            if action is None:
                self.notify(nothing_to(verb))
                return
            self.changed(action)
            self.notify(history_step(action, verb, self.session.code_name).message)
            if self.is_attached:
                self._refresh(self.current.id if self.current is not None else None)

        writes_of(self).submit(self, "undo" if verb == "Undone" else "redo", step, done)

    def action_close(self) -> None:
        """Back to the coding screen."""
        self.app.pop_screen()
