"""The memo browser: every memo (project, testimony, code, grid cell, span) with its target and author,
filtered by kind, author and words; enter goes to what a memo is on, `e` edits it, `x` removes it."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from annotator.coding.follow import ProjectChanges
from annotator.coding.memo_browser import KINDS, MemoBrowser, MemoEntry, MemoFilter
from annotator.coding.session import CodingSession
from annotator.storage import Action
from annotator.tui.bindings import KeyGroup, modal_help_key
from annotator.tui.dialogs.memo import MemoEditor
from annotator.tui.errors import notify_errors
from annotator.tui.messages import Jump
from annotator.tui.undo_keys import step_history
from annotator.tui.waiting import writes_of
from annotator.tui.widgets.place_list import PlaceList

_keys = KeyGroup("memos.", show=True)
LINE_CHARACTERS = 160
# The preview shows this much of a memo (a 200,000-character memo would be wrapped whole at each highlight).
PREVIEW_CHARACTERS = 20_000


class MemoBrowserScreen(ModalScreen[Jump | None]):
    """The filter on top, the memos on the left, the highlighted memo's whole text on the right."""

    BINDINGS = [
        modal_help_key(),
        _keys("escape", "close", "Back", "close", "Back to coding (from the search box: back to the list)."),
        _keys("slash", "search", "Search", "search", "Type words a memo must hold (case and accents ignored)."),
        _keys("k", "cycle_kind", "Kind", "cycle_kind", "List one kind of memo, the next on each press, then all."),
        _keys(
            "a", "cycle_author", "Author", "cycle_author", "List one author's memos, the next on each press, then all."
        ),
        _keys("e", "edit", "Edit", "edit", "Change the highlighted memo's text (one undoable action)."),
        _keys("x,delete", "remove", "Remove", "remove", "Remove the highlighted memo (one undoable action)."),
        _keys("P", "project_memo", "Project memo", "project_memo", "Write a memo on the whole project."),
        _keys("ctrl+z", "undo", "Undo", "undo", "Undo your latest action (a memo or any other)."),
        _keys("ctrl+y", "redo", "Redo", "redo", "Redo the action you undid last.", show=False),
    ]

    chosen: reactive[MemoFilter] = reactive(MemoFilter, always_update=True)

    def __init__(self, session: CodingSession, changed: Callable[[Action], None]) -> None:
        super().__init__()
        self.session = session
        self.changed = changed  # the coding screen shows each action committed here (a span memo, an undo)
        self.browser = MemoBrowser(session)
        self.entries: list[MemoEntry] = []

    def compose(self) -> ComposeResult:
        """Title, search box, the list and the preview."""
        with Vertical(id="memo-browser", classes="dialog"):
            yield Label("", id="memo-browser-title", classes="dialog-title")
            yield Input(placeholder="/ words a memo holds", id="memo-search")
            with Horizontal(id="memo-browser-body"):
                yield PlaceList(2, "No memo matches.", id="memo-list")
                with VerticalScroll(id="memo-preview-frame"):
                    yield Static("", id="memo-preview")
            yield Label(
                "enter: go to it · e edit · x remove · k kind · a author · / search · P project memo · ctrl+z undo",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """List every memo; the list has the focus."""
        self.watch(self.memo_list, "highlighted", self._preview)
        self._list()
        self.memo_list.focus()

    @property
    def memo_list(self) -> PlaceList:
        """The list of memos."""
        return self.query_one("#memo-list", PlaceList)

    def watch_chosen(self) -> None:
        """List again as the filter says."""
        if self.is_mounted:
            self._list()

    def follow(self, changes: ProjectChanges) -> None:
        """Memos, span memos, codes or testimonies changed elsewhere: list again, the highlight kept."""
        if changes.everything or changes.memos or changes.spans or changes.codes or changes.documents:
            self._list()

    def _list(self) -> None:
        """The memos the filter lets through, the highlight kept on its row."""
        row = self.memo_list.highlighted
        with notify_errors(self):
            self.entries = self.browser.entries(self.chosen)
        count = len(self.entries)
        self.query_one("#memo-browser-title", Label).update(f"Memos: {self.chosen.describe()} · {count} listed")
        self.memo_list.set_places(self.entries, self._prompt)
        if row is not None and self.entries:
            self.memo_list.highlighted = min(row, count - 1)
        self._preview(self.memo_list.highlighted)

    def _prompt(self, entry: MemoEntry) -> Content:
        """`grid · A × Bribery · ann` over the memo's first words (the time is in the preview)."""
        words = " ".join(entry.text.split())
        if len(words) > LINE_CHARACTERS:
            words = words[: LINE_CHARACTERS - 1] + "…"
        target = entry.target(self.session.code_name(entry.code_id or ""))
        return Content.assemble((entry.kind, "bold"), f" · {target} · ", (entry.author, "$text-muted"), "\n", words)

    def _preview(self, row: int | None) -> None:
        """The highlighted memo's whole text (as written: no markup read in it)."""
        preview = self.query_one("#memo-preview", Static)
        if row is None or row >= len(self.entries):
            preview.update("")
            return
        entry = self.entries[row]
        target = entry.target(self.session.code_name(entry.code_id or ""))
        stamp = entry.updated_at[:16].replace("T", " ")
        heading = (f"{entry.author} on {target}", "bold")
        text = entry.text
        if len(text) > PREVIEW_CHARACTERS:
            text = (
                text[:PREVIEW_CHARACTERS]
                + f"\n\n… {len(entry.text) - PREVIEW_CHARACTERS:,} more characters (e opens it whole)"
            )
        preview.update(Content.assemble(heading, (f"\n{stamp} UTC", "$text-muted"), "\n\n", text))

    @property
    def highlighted(self) -> MemoEntry | None:
        """The memo the highlight is on."""
        row = self.memo_list.highlighted
        return self.entries[row] if row is not None and row < len(self.entries) else None

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#memo-search", Input).focus()

    @on(Input.Changed, "#memo-search")
    def _searched(self, event: Input.Changed) -> None:
        """List the memos holding the words typed so far."""
        self.chosen = MemoFilter(self.chosen.kind, self.chosen.author, event.value)

    @on(Input.Submitted, "#memo-search")
    def _search_done(self) -> None:
        self.memo_list.focus()

    def action_cycle_kind(self) -> None:
        """Memos of the next kind (after the last: every kind)."""
        kinds: list[str | None] = [None, *KINDS]
        following = kinds[(kinds.index(self.chosen.kind) + 1) % len(kinds)]
        self.chosen = MemoFilter(following, self.chosen.author, self.chosen.text)

    def action_cycle_author(self) -> None:
        """Memos of the next author (after the last: everyone's)."""
        authors: list[str | None] = [None]
        with notify_errors(self):
            authors += self.browser.authors()
        current = authors.index(self.chosen.author) if self.chosen.author in authors else 0
        self.chosen = MemoFilter(self.chosen.kind, authors[(current + 1) % len(authors)], self.chosen.text)

    @on(PlaceList.Chosen, "#memo-list")
    def _chosen(self, event: PlaceList.Chosen) -> None:
        """Go to what the memo is on: a testimony (a cell's, a span's place) in the coding screen, a code's retrieval."""
        entry = self.entries[event.row]
        if entry.kind == "code" and entry.code_id is not None:
            from annotator.tui.screens.retrieval import RetrievalScreen

            self.app.push_screen(RetrievalScreen(self.session, entry.code_id), self._retrieved)
            return
        place = None
        with notify_errors(self):
            place = self.browser.place(entry)
        if place is None:
            what = "the whole project" if entry.kind == "project" else "something no longer in the project"
            self.notify(f"This memo is on {what}: there is no place to go.")
            return
        self.dismiss(Jump(*place))

    def _retrieved(self, place: Jump | None) -> None:
        if place is not None:
            self.dismiss(place)

    def action_edit(self) -> None:
        """Change the highlighted memo's text (emptied: removed) in the memo editor."""
        entry = self.highlighted
        if entry is None or self._refused(entry):
            return
        title = f"{entry.kind} memo on {entry.target(self.session.code_name(entry.code_id or ''))} by {entry.author}"

        def save(text: str | None) -> None:
            self.memo_list.focus()
            if text is not None:
                self._write("edit the memo", lambda: self.browser.edit(entry, text))

        self.app.push_screen(MemoEditor(title, entry.text), save)

    def action_remove(self) -> None:
        """Remove the highlighted memo (ctrl+z brings it back)."""
        entry = self.highlighted
        if entry is not None and not self._refused(entry):
            self._write("remove the memo", lambda: self.browser.remove(entry), "Memo removed (ctrl+z undoes it).")

    def _refused(self, entry: MemoEntry) -> bool:
        """Say so when the memo is another author's (nothing is opened or written)."""
        refusal = self.browser.refusal(entry)
        if refusal is not None:
            self.notify(refusal, severity="warning")
        return refusal is not None

    def action_project_memo(self) -> None:
        """Write a new memo on the whole project."""

        def save(text: str | None) -> None:
            self.memo_list.focus()
            if text:
                self._write(
                    "write a project memo", lambda: self.browser.add_project_memo(text), "Project memo written."
                )

        self.app.push_screen(MemoEditor("A new memo on the project", ""), save)

    def action_undo(self) -> None:
        """Undo the coder's latest action (a memo or any other) and list the memos as they are now."""
        step_history(self, self.session, "Undone", self.changed, self._list)

    def action_redo(self) -> None:
        """Redo the action undone last."""
        step_history(self, self.session, "Redone", self.changed, self._list)

    def _write(self, what: str, write: Callable[[], Action | None], done: str = "Memo saved.") -> None:
        """One write through the app's queue; the coding screen shown it and the list listed again once committed."""

        def shown(action: Action | None) -> None:
            if action is not None:
                self.changed(action)
            self.notify(done if action is not None else "Nothing changed.")
            self._list()

        writes_of(self).submit(self, what, write, shown)

    def action_close(self) -> None:
        """From the search box: back to the list; from the list: back to coding."""
        if self.query_one("#memo-search", Input).has_focus:
            self.memo_list.focus()
            return
        self.dismiss(None)
