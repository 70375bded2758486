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
        self.position: dict[str, int] = {}  # item key -> index in `items`
        self.disagreements = 0
        self.decided: dict[str, str] = {}
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
        self.items = event.items
        self.position = {item.key: index for index, item in enumerate(self.items)}
        self.disagreements = sum(1 for item in self.items if not item.agreed)
        self.decided = event.decided
        self._refresh_list()
        if not self.items:
            self.query_one("#adjudication-progress", Label).update(
                f"{adjudication.first} and {adjudication.second} have no coded testimony in common."
            )
            return
        if again:
            self._show_again(kept)
            return
        first_open = self._next_open(-1, 1)
        self._go(first_open if first_open is not None else 0)
        self.query_one(ItemList).focus()

    def _show_again(self, kept: str | None) -> None:
        """After a re-read: the item that was highlighted (or the one now in its place), its testimony
        read again when its spans changed elsewhere."""
        index = self.position.get(kept, min(self.current or 0, len(self.items) - 1)) if kept else 0
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
            items.decisions_changed(self.decided, [self.position[key] for key in changed if key in self.position])
        # Counted over the decisions, not the items: a large project has tens of thousands of items.
        decided = [self.items[self.position[key]] for key in self.decided if key in self.position]
        settled = sum(1 for item in decided if not item.agreed)
        self.query_one("#adjudication-progress", Label).update(
            Content.assemble(
                (f"decided {len(decided)}/{len(self.items)}", "bold"),
                (
                    f"\ndisagreements settled {settled}/{self.disagreements} · agreed {len(self.items) - self.disagreements}",
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
        spans = self.session.coder_spans(item.document_id, self.adjudication.into)
        lo, hi = self._room(item)
        return sorted(Segment(s.start, s.end, s.code_id) for s in spans if s.start < hi and s.end > lo)

    def _room(self, item: Item) -> tuple[int, int]:
        """How far an edit of the item may reach: up to the neighbouring items of the same testimony
        (items are in document and offset order and do not overlap, so the neighbours are adjacent)."""
        index = self.position[item.key]
        before = self.items[index - 1] if index > 0 else None
        after = self.items[index + 1] if index + 1 < len(self.items) else None
        length = (
            self.loaded.lines.text_length if self.loaded and self.loaded.document.id == item.document_id else item.end
        )
        lo = before.end if before is not None and before.document_id == item.document_id else 0
        hi = after.start if after is not None and after.document_id == item.document_id else max(length, item.end)
        return lo, hi

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

    def _next_open(self, index: int, step: int) -> int | None:
        """The next disagreement from `index` that way, undecided ones first."""
        order = range(index + step, len(self.items)) if step > 0 else range(index + step, -1, -1)
        first_decided = None
        for i in order:  # stops at the first undecided one: no walk over every item per key
            item = self.items[i]
            if item.agreed:
                continue
            if item.key not in self.decided:
                return i
            if first_decided is None:
                first_decided = i
        return first_decided

    def action_step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) disagreement."""
        if not self.items:
            return
        start = self.current if self.current is not None else -1
        order = range(start + step, len(self.items)) if step > 0 else range(start + step, -1, -1)
        found = next((i for i in order if not self.items[i].agreed), None)
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
        before, self.decided = self.decided, self.adjudication.decisions()
        changed = {key for key in before.keys() | self.decided.keys() if before.get(key) != self.decided.get(key)}
        self._refresh_list(changed)
        return changed

    def _after_decision(self, item: Item, message: str) -> None:
        self._reread_decisions()
        self.notify(message)
        following = self._next_open(self.position[item.key], 1)
        if following is None or self.items[following].key in self.decided:
            following = self._next_open(-1, 1)
        if following is not None and self.items[following].key not in self.decided:
            self._go(following)
        else:
            self._show_detail()
            if all(i.key in self.decided for i in self.items if not i.agreed):
                self.notify("Every disagreement is decided.")

    def action_edit(self) -> None:
        """The selection becomes the consensus segment of a picked code (the item's other segments stay)."""
        item = self.item
        if item is None:
            return
        start, end = self.transcript.selected_range()
        lo, hi = self._room(item)
        start, end = max(start, lo), min(end, hi)
        if end <= start:
            self.notify("Select the stretch in the text first (tab to the text, shift+arrows).", severity="warning")
            return
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
        spot = min((self.position[key] for key in changed if key in self.position), default=None)
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
