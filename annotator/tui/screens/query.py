"""The query screen: a query over the coding (or a search of every testimony), its hits in context, a jump to any."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label
from textual.worker import Worker, WorkerState

from annotator.coding.query_view import (
    MODES,
    CodedHits,
    HitOptions,
    Mode,
    PlaceHit,
    QueryAnswer,
    answer,
    code_hits,
    parse_options,
)
from annotator.coding.session import CodingSession
from annotator.query.errors import QueryError
from annotator.storage.saved_queries import SavedQuery
from annotator.tui.bindings import KeyGroup, modal_help_key
from annotator.tui.dialogs.code_picker import CodePicker, PickedCode
from annotator.tui.dialogs.saved_queries import QueryNamePrompt, SavedQueryPicker
from annotator.tui.errors import notify_errors, report_worker_failure
from annotator.tui.messages import Jump
from annotator.tui.widgets.place_list import PlaceList

_keys = KeyGroup("query.", show=True)

PLACEHOLDERS: dict[Mode, str] = {
    "query": "a query: bribery AND recruitment, surveillance NEAR text:informant (enter runs it)",
    "search": "words across every testimony: passport, passp*, means of bribery (enter searches)",
}
OPTIONS_PLACEHOLDER = (
    "options: --coders a,b | --all-coders  --in paragraph  --where country~Russia  --overlap-only  --widen sentence"
)
NOT_YET: dict[Mode, str] = {
    "query": "No hits yet: type a query and press enter.",
    "search": "No hits yet: type words and press enter.",
}
# What the empty list says once an answer came: never "not yet" under the summary's "No hits."
NOTHING_MATCHED: dict[Mode, str] = {
    "query": "Nothing matched in this coding (--all-coders: every coder's).",
    "search": "No testimony holds these words.",
}
TITLES: dict[Mode, str] = {
    "query": "Query your coding (ctrl+t: search the text instead)",
    "search": "Search every testimony (ctrl+t: a query instead)",
}


def hit_prompt(hit: PlaceHit) -> Content:
    """`A · 120–180 · Bribery` (and whose spans, when they are several coders') over the hit's words in their context."""
    parts: list[str | tuple[str, str]] = [(hit.document_id, "bold"), (f" · {hit.start}–{hit.end}", "$text-muted")]
    if hit.codes:
        parts.append((" · " + ", ".join(hit.codes), "$text-muted"))
    if len(hit.coders) > 1:
        parts.append((" · " + ", ".join(hit.coders), "$text-muted"))
    parts += ["\n", (hit.before, "$text-muted"), (hit.words, "bold $accent"), (hit.after, "$text-muted")]
    return Content.assemble(*parts)


class QueryScreen(ModalScreen[Jump | CodedHits | None]):
    """The query (or search) on top, the one-line fault under it, the counts per testimony, then the hits."""

    BINDINGS = [
        modal_help_key(),
        _keys("ctrl+t", "switch_mode", "Query/search", "switch_mode", "Switch between a query and a text search."),
        _keys(
            "a", "code_hits", "Code all hits", "code_hits", "Code every hit listed with one code (one undoable action)."
        ),
        _keys("ctrl+o", "open_saved", "Open saved", "open_saved", "Open a saved query (a list of them) and run it."),
        _keys("ctrl+s", "save_query", "Save query", "save_query", "Save the query run last under a name (undoable)."),
        _keys("escape", "close", "Back", "close", "Back to coding without jumping."),
    ]

    @dataclass
    class Answered(Message):
        """The worker ran a query or a search."""

        answer: QueryAnswer

    @dataclass
    class Coded(Message):
        """The worker coded every hit."""

        coded: CodedHits

    def __init__(self, session: CodingSession, mode: Mode = "query") -> None:
        super().__init__()
        self.session = session
        self.mode: Mode = mode
        self.answer: QueryAnswer | None = None

    def compose(self) -> ComposeResult:
        """The input, the fault's caret and line, the summary and the hit list."""
        with Vertical(id="query", classes="dialog"):
            yield Label(TITLES[self.mode], id="query-title", classes="dialog-title")
            yield Input(placeholder=PLACEHOLDERS[self.mode], id="query-input")
            yield Label("", id="query-caret")
            yield Label("", id="query-fault")
            yield Input(placeholder=OPTIONS_PLACEHOLDER, id="query-options")
            yield Label("", id="query-status")
            yield Label("", id="query-summary")
            yield PlaceList(2, NOT_YET[self.mode], id="query-hits")
            # The footer below is the coding screen's: this screen's own keys are said here.
            yield Label(
                "enter runs · tab: options, hits · ctrl+o open saved · ctrl+s save · a codes the hits · escape back",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        """Ready for typing, no fault shown, the options in force on their line."""
        self._show_fault("", 0)
        self._show_status(HitOptions())
        self.query_one("#query-input", Input).focus()

    @property
    def options_text(self) -> str:
        """The options line as typed."""
        return self.query_one("#query-options", Input).value

    @on(Input.Submitted, "#query-input, #query-options")
    def _submitted(self) -> None:
        """Enter in the query or the options runs the query with the options."""
        self._show_fault("", 0)
        try:
            options = parse_options(self.options_text)
        except QueryError as error:
            self.query_one("#query-summary", Label).update("")
            self._show_fault(str(error), 0)
            return
        self._show_status(options)
        self.query_one("#query-summary", Label).update("running…")
        self._run(self.mode, self.query_one("#query-input", Input).value, options)

    def _show_status(self, options: HitOptions) -> None:
        self.query_one("#query-status", Label).update(options.status(self.session.coder, self.mode))

    @work(thread=True, exclusive=True, group="query", exit_on_error=False)
    def _run(self, mode: Mode, text: str, options: HitOptions) -> None:
        self.post_message(self.Answered(answer(self.session.db_path, self.session.coder, mode, text, options)))

    def _is_current(self, found: QueryAnswer) -> bool:
        """Whether an answer is to what the inputs hold now (not typed on, or switched, while it ran)."""
        try:
            options = parse_options(self.options_text)
        except QueryError:
            return False
        return (
            found.mode == self.mode
            and found.text == self.query_one("#query-input", Input).value
            and (found.options == options)
        )

    @on(Answered)
    def _answered(self, event: Answered) -> None:
        found = event.answer
        if not self._is_current(found):
            return  # the next enter runs the new one
        self.answer = found
        summary = self.query_one("#query-summary", Label)
        if found.fault is not None:
            self._show_fault(found.fault.message, found.fault.column)
            summary.update("")
            return
        summary.update(found.summary())
        hits = self.query_one(PlaceList)
        hits.set_places(found.hits, hit_prompt, empty=NOTHING_MATCHED[found.mode])
        if found.hits:  # enter now goes to the first hit; shift+tab goes back to the query
            hits.focus()

    def _show_fault(self, message: str, column: int) -> None:
        """The fault in one line, a caret under its column of the input (none when it names no column)."""
        caret = self.query_one("#query-caret", Label)
        offset = self.query_one("#query-input", Input).scroll_offset.x  # a long query scrolls inside the input
        caret.update(" " * (column - 1 - offset) + "^" if column and column - 1 >= offset else "")
        caret.display = bool(message)
        fault = self.query_one("#query-fault", Label)
        fault.update(Content(message))
        fault.display = bool(message)

    def action_switch_mode(self) -> None:
        """A query becomes a text search, and back."""
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self.query_one("#query-title", Label).update(TITLES[self.mode])
        entry = self.query_one("#query-input", Input)
        entry.placeholder = PLACEHOLDERS[self.mode]
        self._show_fault("", 0)
        self.query_one("#query-summary", Label).update("")
        self.query_one(PlaceList).set_places([], hit_prompt, empty=NOT_YET[self.mode])
        self.answer = None
        with suppress(QueryError):  # a bad options line shows its fault when the query runs
            self._show_status(parse_options(self.options_text))
        entry.focus()

    def action_open_saved(self) -> None:
        """Pick one of the project's saved queries: its query and options fill the inputs, and it runs."""
        saved: list[SavedQuery] = []
        with notify_errors(self):
            saved = self.session.saved_queries()
            if not saved:
                self.notify("No saved queries yet: run a query, then ctrl+s saves it.", severity="warning")
        if saved:
            self.app.push_screen(SavedQueryPicker(saved), self._open)

    def _open(self, saved: SavedQuery | None) -> None:
        if saved is None:
            return
        if self.mode != "query":
            self.action_switch_mode()
        self.query_one("#query-input", Input).value = saved.expression
        self.query_one("#query-options", Input).value = HitOptions.from_saved(saved.options).written()
        self._submitted()

    def action_save_query(self) -> None:
        """Ask a name, then save the query run last (with its options) under it, as one undoable action."""
        found = self.answer
        if found is None or found.fault is not None or found.mode != "query":
            self.notify("Run a query first (enter); then ctrl+s saves it.", severity="warning")
            return

        def named(name: str | None) -> None:
            if name is None:
                return
            with notify_errors(self):
                self.session.save_query(name, found.text, found.options)
                self.notify(f"Saved the query as @{name} (ctrl+z in the coding screen undoes it).")

        self.app.push_screen(QueryNamePrompt(found.text), named)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`a` is a letter of the query while the input has the focus (and there is nothing to code
        before an answer with hits)."""
        if action == "code_hits":
            return not isinstance(self.focused, Input) and self.answer is not None and bool(self.answer.hits)
        if action == "save_query":
            return self.mode == "query"
        return True

    def action_code_hits(self) -> None:
        """Pick a code, then code every hit listed with it in a worker, as one undoable action."""
        if self.answer is None or not self.answer.hits:
            return
        hits = self.answer.hits
        title = f"Code all {len(hits)} hit{'' if len(hits) == 1 else 's'} with…"

        def picked(chosen: PickedCode | None) -> None:
            if chosen is not None and chosen.code_id is not None:
                self.query_one("#query-summary", Label).update(f"coding {len(hits)} hits…")
                self._code(chosen.code_id, hits)

        codes = self.session.codes
        self.app.push_screen(CodePicker(codes, title, allow_new=False, colours=self.session.colours), picked)

    @work(thread=True, exclusive=True, group="query-code", exit_on_error=False)
    def _code(self, code_id: str, hits: list[PlaceHit]) -> None:
        self.post_message(self.Coded(code_hits(self.session.db_path, self.session.coder, code_id, hits)))

    @on(Coded)
    def _coded(self, event: Coded) -> None:
        self.dismiss(event.coded)  # the coding screen shows the action (and undoes it with ctrl+z)

    @on(PlaceList.Chosen)
    def _hit_chosen(self, event: PlaceList.Chosen) -> None:
        assert self.answer is not None  # a hit is listed only once an answer came
        hit = self.answer.hits[event.row]
        self.dismiss(Jump(hit.document_id, hit.start, hit.end))

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#query-summary", Label).update("")
            what = "Coding the hits" if event.worker.group == "query-code" else "The query"
            report_worker_failure(self, what, event.worker.error)
