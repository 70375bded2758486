"""Adjudication mode: step through where two coders differ and write the decisions as the consensus coder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Footer, Header, Label, Static
from textual.worker import Worker, get_current_worker

from annotator.agreement.adjudication import Adjudication, Item, Segment, edited_segments
from annotator.agreement.adjudication_queue import ItemQueue, consensus_in, edit_range
from annotator.coding.follow import ProjectChanges
from annotator.coding.session import CodingSession, LoadedDocument
from annotator.domain.models import Code
from annotator.storage import Action, Project
from annotator.tui.bindings import KeyGroup
from annotator.tui.dialogs.code_picker import CodePicker, PickedCode
from annotator.tui.errors import notify_errors, report_worker_failure
from annotator.tui.screens.testimony import TestimonyScreen
from annotator.tui.widgets.item_list import CHOICE_NAMES, ItemList
from annotator.tui.widgets.status_line import compare_legend
from annotator.tui.widgets.transcript import Transcript

_keys = KeyGroup("adjudication.", show=True)


def describe_segments(
    segments: tuple[Segment, ...] | list[Segment], codes: dict[str, Code], colours: dict[str, str]
) -> Content:
    """`■ Bribery 38–87, ■ Wage deduction 0–37`, or `nothing`; swatches in the colours the text shows."""
    if not segments:
        return Content.styled("nothing", "$text-muted")
    parts: list[str | tuple[str, str]] = []
    for number, segment in enumerate(segments):
        code = codes.get(segment.code_id)
        if number:
            parts.append(", ")
        parts += [
            ("■ ", colours.get(segment.code_id, code.colour if code else "#888888")),
            code.name if code else segment.code_id,
            (f" {segment.start}–{segment.end}", "$text-muted"),
        ]
    return Content.assemble(*parts)


class AdjudicationScreen(TestimonyScreen):
    """The items of two coders (left) and the highlighted one in its testimony, both codings shown (right)."""

    BINDINGS = [
        _keys("right_square_bracket", "step(1)", "Next", "next", "Go to the next disagreement."),
        _keys("left_square_bracket", "step(-1)", "Previous", "previous", "Go to the previous disagreement."),
        _keys("a", "decide('a')", "Take A", "take_a", "Keep the first coder's version of this item."),
        _keys("b", "decide('b')", "Take B", "take_b", "Keep the second coder's version of this item."),
        _keys("B", "decide('both')", "Both", "take_both", "Keep both versions (merged per code)."),
        _keys("n", "decide('neither')", "Neither", "take_neither", "Keep nothing of this item."),
        _keys(
            "e",
            "edit",
            "Edit",
            "edit",
            "The selection in the text becomes the consensus segment of a code you pick (other codes stay).",
        ),
        _keys(
            "A",
            "accept_agreed",
            "Accept agreed",
            "accept_agreed",
            "Accept every undecided item both coders coded identically (one undoable action).",
        ),
        _keys("ctrl+z", "undo", "Undo decision", "undo", "Undo the latest decision (or accept-agreed)."),
        _keys("ctrl+y", "redo", "Redo decision", "redo", "Redo the decision undone last.", show=False),
        _keys("tab", "app.focus_next", "Next panel", "focus_next", "Move between the items and the text.", show=False),
        _keys("escape", "close", "Back", "close", "Back to the coding screen (every decision is saved)."),
    ]

    # The keys wait for these (`check_action`); setting either refreshes the footer.
    items: reactive[list[Item]] = reactive(list, bindings=True)  # empty until the worker has read them
    current: reactive[int | None] = reactive(None, bindings=True)  # the highlighted item's index

    @dataclass
    class ItemsRead(Message):
        """A worker read the items of the two coders and the decisions in effect."""

        items: list[Item]
        decided: dict[str, str]

    def __init__(self, session: CodingSession, adjudication: Adjudication) -> None:
        super().__init__(session)
        self.adjudication = adjudication
        self.queue = ItemQueue()  # the items' order and the decisions: every choice of where to go
        self.loaded: LoadedDocument | None = None
        self._stale: set[str] = set()  # testimonies whose spans changed elsewhere ("*": any)

    def compose(self) -> ComposeResult:
        """Header; progress and items | the text and the item's codings; footer."""
        yield Header(show_clock=False)
        with Horizontal(id="adjudication"):
            with Vertical(id="adjudication-left"):
                yield Label("", id="adjudication-progress")
                yield ItemList(id="adjudication-items")
            with Vertical(id="adjudication-right"):
                yield Transcript(self.adjudication.first, id="adjudication-transcript")
                yield Static("", id="adjudication-detail")
        yield Footer()

    @property
    def shown_id(self) -> str | None:
        """The testimony on screen."""
        return self.loaded.document.id if self.loaded is not None else None

    @property
    def decided(self) -> dict[str, str]:
        """The decisions in effect, by item key."""
        return self.queue.decided

    @property
    def item(self) -> Item | None:
        """The highlighted item."""
        return self.items[self.current] if self.current is not None and self.items else None

    def on_mount(self) -> None:
        """Start reading the items (a worker: a large project has tens of thousands)."""
        adjudication = self.adjudication
        self.title = self.session.project_name
        self.sub_title = f"adjudication: {adjudication.first} (A) × {adjudication.second} (B) → {adjudication.into}"
        self.query_one(ItemList).border_title = "Items"
        self.query_one("#adjudication-progress", Label).update("reading the items…")
        self._read_items()

    @work(thread=True, exclusive=True, group="adjudication-items", exit_on_error=False)
    def _read_items(self) -> None:
        """The items and decisions, on a connection of its own (a Project is one connection)."""
        shown = self.adjudication
        with Project.open(self.session.db_path) as project:
            reader = Adjudication(
                project,
                shown.first,
                shown.second,
                into=shown.into,
                decided_by=shown.decided_by,
                all_documents=shown.all_documents,
            )
            items, decided = reader.items(), reader.decisions()
        if not get_current_worker().is_cancelled:
            self.post_message(self.ItemsRead(items, decided))

    def follow(self, changes: ProjectChanges) -> None:
        """The two coders' spans, the consensus or the decisions changed elsewhere: read the items
        again (the highlighted one kept, its testimony redrawn when its spans changed)."""
        adjudication = self.adjudication
        concerned = {adjudication.first, adjudication.second, adjudication.into}
        if (
            changes.everything
            or changes.owners & concerned
            or changes.documents
            or changes.kinds & {"decide", "undo", "redo"}
        ):
            self._stale.update(changes.spans)
            if changes.everything or changes.documents:
                self._stale.add("*")
            self._read_items()

    @on(ItemsRead)
    def _items_read(self, event: ItemsRead) -> None:
        """Show the items and go to the first undecided disagreement (on a re-read, stay on the item shown)."""
        adjudication = self.adjudication
        kept = self.item.key if self.item is not None else None
        again = bool(self.items)
        self.queue = ItemQueue(event.items, event.decided)
        self.items = event.items
        self._refresh_list()
        if not self.items:
            self.query_one("#adjudication-progress", Label).update(
                f"{adjudication.first} and {adjudication.second} have no coded testimony in common."
            )
            return
        if again:
            self._show_again(kept)
            return
        self._go(self.queue.first())
        self.query_one(ItemList).focus()

    def _show_again(self, kept: str | None) -> None:
        """After a re-read: the item that was highlighted (or the one now in its place), its testimony
        read again when its spans changed elsewhere."""
        index = self.queue.index_of(kept, self.current)
        document_id = self.items[index].document_id
        stale, self._stale = self._stale, set()
        if document_id in stale or "*" in stale:
            self.requested = None  # read it again even though it is the one shown
        self._go(index)
        self._show_detail()

    # --- showing ---------------------------------------------------------------------------------

    def _refresh_list(self, changed: set[str] | None = None) -> None:
        """Show every item (`changed` None), or redraw the items of the `changed` keys, and the progress."""
        items = self.query_one(ItemList)
        if changed is None:
            items.set_items(self.items, self.decided)
        else:
            position = self.queue.position
            items.decisions_changed(self.decided, [position[key] for key in changed if key in position])
        progress = self.queue.progress()
        self.query_one("#adjudication-progress", Label).update(
            Content.assemble(
                (f"decided {progress.decided}/{progress.items}", "bold"),
                (
                    f"\ndisagreements settled {progress.settled}/{progress.disagreements} · agreed {progress.agreed}",
                    "$text-muted",
                ),
            )
        )

    def _go(self, index: int) -> None:
        """Highlight an item and show it in its testimony."""
        self.current = index
        items = self.query_one(ItemList)
        if items.highlighted != index:
            items.highlighted = index
        item = self.items[index]
        if self.requested is not None and self.loaded is not None and self.loaded.document.id == item.document_id:
            # Back on the testimony shown while another was still loading: that one, when it
            # arrives, must not replace the text under this item (it did, leaving the item's
            # range selected in the wrong testimony).
            self.keep_shown()
            self._show_item()
        elif self.requested != item.document_id:
            pair = (self.adjudication.first, self.adjudication.second)
            self.load_testimony(item.document_id, show_others=True, compare=pair)

    def testimony_shown(self, loaded: LoadedDocument, selection: tuple[int, int] | None) -> None:
        """Select the highlighted item in its testimony."""
        self.loaded = loaded
        self._show_item()

    def _show_item(self) -> None:
        item = self.item
        if item is None:
            return
        self.transcript.select_range(item.start, item.end, center=True)
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.item
        if item is None:
            return
        codes, colours = self.session.codes_by_id, self.session.colours
        adjudication = self.adjudication
        consensus = self._consensus(item)
        choice = self.decided.get(item.key)
        lines = [
            compare_legend(adjudication.first, adjudication.second),
            Content.assemble(("A ", "bold"), f"{adjudication.first}: ", describe_segments(item.first, codes, colours)),
            Content.assemble(
                ("B ", "bold"), f"{adjudication.second}: ", describe_segments(item.second, codes, colours)
            ),
            Content.assemble(
                (f"{adjudication.into}: ", "bold"),
                describe_segments(consensus, codes, colours),
                (f"  ({CHOICE_NAMES.get(choice, choice)})" if choice else "  (not decided)", "$text-muted"),
            ),
        ]
        self.query_one("#adjudication-detail", Static).update(Content("\n").join(lines))

    def _consensus(self, item: Item) -> list[Segment]:
        """The consensus coder's segments within the item's room."""
        return consensus_in(self.session.coder_spans(item.document_id, self.adjudication.into), self._room(item))

    def _room(self, item: Item) -> tuple[int, int]:
        """How far an edit of the item may reach (the queue decides; the screen knows the text's length)."""
        loaded = self.loaded
        length = loaded.lines.text_length if loaded and loaded.document.id == item.document_id else None
        return self.queue.room(self.queue.position[item.key], length)

    @on(ItemList.Highlighted)
    def _item_highlighted(self, event: ItemList.Highlighted) -> None:
        # Only a message about the list's present highlight counts: with keys typed faster than the
        # messages are handled, `_go` has already moved on, and obeying the stale messages moved the
        # highlight back to old items, whose own messages then moved it on again, round and round.
        if event.row != event.row_list.highlighted:
            return
        if event.row != self.current:
            self._go(event.row)

    @on(ItemList.Chosen)
    def _item_selected(self) -> None:
        self.transcript.focus()

    # --- stepping --------------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) disagreement."""
        if not self.items:
            return
        found = self.queue.next_disagreement(self.current, step)
        if found is None:
            self.notify("No more disagreements that way.")
            return
        self._go(found)

    # --- deciding --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Decisions need an item; stepping and accepting need the items read."""
        if action in ("decide", "edit") and self.item is None:
            return None
        if action in ("step", "accept_agreed") and not self.items:
            return None
        return True

    def action_decide(self, choice: str) -> None:
        """Decide the highlighted item: a, b, both or neither; then go to the next undecided disagreement."""
        item = self.item
        if item is None:
            return
        message = f"{item.document_id} {item.start}–{item.end}: {CHOICE_NAMES[choice]}."
        self.writes.submit(
            self,
            f"decide {item.document_id} {item.start}–{item.end}",
            lambda: self.adjudication.decide(item, choice),
            lambda _: self._after_decision(item, message) if self.is_attached else None,
        )

    def _reread_decisions(self) -> set[str]:
        """Read the decisions in effect again and redraw the items whose decision changed (their keys)."""
        changed = self.queue.redecide(self.adjudication.decisions())
        self._refresh_list(changed)
        return changed

    def _after_decision(self, item: Item, message: str) -> None:
        self._reread_decisions()
        self.notify(message)
        following = self.queue.after_decision(self.queue.position[item.key])
        if following is not None:
            self._go(following)
        else:
            self._show_detail()
            if self.queue.all_decided():
                self.notify("Every disagreement is decided.")

    def action_edit(self) -> None:
        """The selection becomes the consensus segment of a picked code (the item's other segments stay)."""
        item = self.item
        if item is None:
            return
        selected = edit_range(self.transcript.selected_range(), self._room(item))
        if selected is None:
            self.notify("Select the stretch in the text first (tab to the text, shift+arrows).", severity="warning")
            return
        start, end = selected
        used = {segment.code_id for segment in (*item.first, *item.second)}
        codes = sorted(self.session.codes, key=lambda code: code.id not in used)

        def edit(picked: PickedCode | None) -> None:
            if picked is None or picked.code_id is None:
                return
            segments = edited_segments(self._consensus(item), picked.code_id, start, end)
            with notify_errors(self):
                self.adjudication.decide(item, "edit", segments)
                self._after_decision(item, f"{item.document_id} {item.start}–{item.end}: edited.")

        self.app.push_screen(CodePicker(codes, f"Consensus {start}–{end} coded as…"), edit)

    def action_accept_agreed(self) -> None:
        """Accept every undecided agreed item in one action."""
        with notify_errors(self):
            action = self.adjudication.accept_agreed(self.items)
            if action is None:
                self.notify("No undecided agreed items.")
                return
            self._reread_decisions()
            self._show_detail()
            self.notify(f"Accepted the agreed items ({len(action.changes)} spans); ctrl+z undoes them all.")

    def history(self) -> tuple[Callable[[], Action | None], Callable[[], Action | None]]:
        """The latest decision (or accept-agreed)."""
        return self.adjudication.undo, self.adjudication.redo

    def nothing_to(self, verb: str) -> str:
        """`No decision to undo.`"""
        return f"No decision to {verb[:-2].lower()}."

    def after_history(self, action: Action, verb: str) -> None:
        """Redraw the decisions that changed and go to the first of them."""
        changed = self._reread_decisions()
        # Go to the first item whose decision the undo or redo changed.
        spot = self.queue.first_changed(changed)
        if spot is not None:
            self._go(spot)
        self._show_detail()
        items = len(changed)
        self.notify(f"{verb}: the decision on {items} item{'' if items == 1 else 's'}.")

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)

    def other_worker_failed(self, worker: Worker[object]) -> None:
        """Reading the items failed."""
        self.query_one("#adjudication-progress", Label).update("")
        report_worker_failure(self, "Reading the items", worker.error)
