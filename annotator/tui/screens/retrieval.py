"""Code retrieval: every segment coded with one code across all testimonies, and a jump to any."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from annotator.coding.codebook_view import code_depths
from annotator.coding.follow import ProjectChanges
from annotator.coding.overview import OverviewRow
from annotator.coding.retrieval import code_family, export_retrieval, safe_stem
from annotator.coding.session import CodingSession
from annotator.coding.turns import TurnInfo
from annotator.domain.models import Span
from annotator.tui.bindings import KeyGroup, modal_help_key
from annotator.tui.errors import notify_errors
from annotator.tui.messages import Jump
from annotator.tui.widgets.codebook_panel import code_prompt
from annotator.tui.widgets.place_list import PlaceList

QUOTE_CHARACTERS = 140  # two lines of the segment list at 120 columns

_keys = KeyGroup("retrieval.", show=True)


def whole_quote(span: Span) -> Content:
    """The segment's whole quote, its lines kept, and its whole memo: what the list cuts to two lines."""
    parts: list[str | tuple[str, str]] = [f"«{span.text.strip()}»"]
    if span.memo:
        parts += ["\n", ("✎ " + span.memo.strip(), "italic")]
    return Content.assemble(*parts)


def segment_prompt(span: Span, coder: str, turn: TurnInfo | None = None) -> Content:
    """`A · 120–180` over the quoted text (and the memo, the coder when it is someone else, and in a
    transcript the speaker and time of the turn the segment starts in)."""
    quote = " ".join(span.text.split())
    if len(quote) > QUOTE_CHARACTERS:
        quote = quote[: QUOTE_CHARACTERS - 1] + "…"
    parts: list[str | tuple[str, str]] = [(span.document_id, "bold"), (f" · {span.start}–{span.end}", "$text-muted")]
    if span.coder != coder:
        parts.append((f" ({span.coder})", "$text-muted"))
    if turn is not None:
        parts += [" · ", (turn.label, "bold $accent")]
    parts += ["\n", f"«{quote}»"]
    if span.memo:  # one line: the list crops a row to its height
        parts += ["\n", ("✎ " + " ".join(span.memo.split()), "italic")]
    return Content.assemble(*parts)


class RetrievalScreen(ModalScreen[Jump | None]):
    """Codes on the left with their totals; the highlighted code's segments on the right."""

    BINDINGS = [
        modal_help_key(),
        _keys("escape", "close", "Back", "close", "Back to coding without jumping."),
        _keys(
            "ctrl+o",
            "toggle_children",
            "Children",
            "toggle_children",
            "Include the codes below the code (on at the start), or list the code's own segments only.",
        ),
        _keys(
            "ctrl+e", "export('md')", "Export", "export_markdown", "Write the listed segments to exports/ as Markdown."
        ),
        _keys("ctrl+s", "export('csv')", "Export CSV", "export_csv", "Write the listed segments to exports/ as CSV."),
    ]

    with_children: reactive[bool] = reactive(True)

    def __init__(
        self,
        session: CodingSession,
        code_id: str | None = None,
        *,
        within: OverviewRow | None = None,
        with_children: bool = True,
        every_coder: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.initial_code = code_id
        self.within = within  # the overview's cell: its testimonies' segments only
        self.every_coder = every_coder  # the overview counted every coder's spans
        self.set_reactive(RetrievalScreen.with_children, with_children)
        self._segments: list[Span] = []
        self._code_id: str | None = None

    def compose(self) -> ComposeResult:
        """The code list and the segment list side by side."""
        with Vertical(id="retrieval", classes="dialog"):
            yield Label("", id="retrieval-title", classes="dialog-title")
            with Horizontal():
                yield OptionList(id="retrieval-codes")
                with Vertical(id="retrieval-right"):
                    yield Label("", id="retrieval-heading")
                    # the place, two lines of quote, the memo
                    yield PlaceList(4, "No segments of this code yet.", id="retrieval-segments")
                    with VerticalScroll(id="retrieval-quote-frame"):
                        yield Static("", id="retrieval-quote")

    def on_mount(self) -> None:
        """List the codes with their totals and show the first (or the given) code's segments."""
        self._show_title()
        self._list_codes(self.initial_code)
        self.watch(self.query_one(PlaceList), "highlighted", self._show_quote)
        self.query_one(PlaceList).focus()

    def _show_title(self) -> None:
        """Whether the codes below are included, and where (the overview's one testimony) the list looks."""
        children = "with the codes below" if self.with_children else "this code only"
        where = f" in {self.within.heading}" if self.within is not None else ""
        self.query_one("#retrieval-title", Label).update(
            f"Retrieval{where}, {children} (ctrl+o) · export: ctrl+e md, ctrl+s csv"
        )

    def watch_with_children(self) -> None:
        """The title and the list follow the toggle."""
        if self.is_mounted:
            self._show_title()
            if self._code_id is not None:
                self._show_segments(self._code_id)

    def action_toggle_children(self) -> None:
        """Include the codes below the highlighted code, or not."""
        self.with_children = not self.with_children

    def _show_quote(self, row: int | None) -> None:
        """The highlighted segment's whole quote, wrapped, under the list."""
        quote = self.query_one("#retrieval-quote", Static)
        if row is None or row >= len(self._segments):
            quote.update("")
            return
        quote.update(whole_quote(self._segments[row]))
        self.query_one("#retrieval-quote-frame").scroll_home(animate=False)

    def action_export(self, kind: str) -> None:
        """Write the listed segments to exports/ (Markdown or CSV) and say where."""
        if self._code_id is None:
            return
        names = {code.id: code.name for code in self.session.codes}
        where = f"-{self.within.heading}" if self.within is not None else ""
        with notify_errors(self):
            path = export_retrieval(
                safe_stem(f"retrieval-{self._code_id}{where}"), self._heading_text(), self._segments, names, kind
            )
            self.notify(f"Wrote {len(self._segments)} segments to {path}.")

    def _list_codes(self, highlighted: str | None) -> None:
        """The codes with their totals, `highlighted` (else the first) highlighted and its segments shown."""
        totals = self.session.code_totals()
        codes = self.query_one("#retrieval-codes", OptionList)
        ordered = code_depths(self.session.codes)
        codes.set_options(
            Option(code_prompt(code, depth, totals.get(code.id, 0), self.session.colours[code.id]), id=code.id)
            for code, depth in ordered
        )
        ids = [code.id for code, _ in ordered]
        if not ids:
            self.query_one("#retrieval-heading", Label).update("The codebook is empty.")
            self.query_one(PlaceList).set_places([], lambda span: Content(""))
            return
        codes.highlighted = ids.index(highlighted) if highlighted in ids else 0
        self._show_segments(ids[codes.highlighted])

    def follow(self, changes: ProjectChanges) -> None:
        """Codes or spans changed elsewhere (the session has taken them in): list the codes and
        their totals again, and the highlighted code's segments, the list kept where it was."""
        if not (changes.everything or changes.codes or changes.spans or changes.documents or changes.owners):
            return
        codes = self.query_one("#retrieval-codes", OptionList)
        current = codes.get_option_at_index(codes.highlighted).id if codes.highlighted is not None else None
        segments = self.query_one(PlaceList)
        row = segments.highlighted
        self._list_codes(current)
        if row is not None and segments.places:
            segments.highlighted = min(row, len(segments.places) - 1)

    @on(OptionList.OptionHighlighted, "#retrieval-codes")
    def _code_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        code_id = event.option.id
        if code_id is not None:
            self._show_segments(code_id)

    @on(OptionList.OptionSelected, "#retrieval-codes")
    def _code_selected(self) -> None:
        self.query_one(PlaceList).focus()

    def _codes_below(self, code_id: str) -> int:
        """How many codes below `code_id` the list includes (none with the toggle off)."""
        return len(code_family(self.session.codes, code_id, with_children=self.with_children)) - 1

    def _heading_text(self) -> str:
        """What the list holds, in words (the export's heading)."""
        assert self._code_id is not None
        name = self.session.codes_by_id[self._code_id].name
        below = self._codes_below(self._code_id)
        children = f" and {below} code{'' if below == 1 else 's'} below it" if below else ""
        where = f" in {self.within.heading}" if self.within is not None else ""
        return f"{name}{children}{where}"

    def _show_segments(self, code_id: str) -> None:
        code = self.session.codes_by_id[code_id]
        self._code_id = code_id
        self._segments = self.session.segments(
            code_id,
            with_children=self.with_children,
            documents=None if self.within is None else self.within.document_ids,
            every_coder=self.every_coder,
        )
        below = self._codes_below(code_id)
        turns = self.session.segment_turns(self._segments)
        testimonies = len({span.document_id for span in self._segments})
        count = len(self._segments)
        heading = Content.assemble(
            ("■ ", self.session.colours.get(code_id, code.colour)),
            (code.name, "bold"),
            (f" + {below} below" if below else "", "bold"),
            (
                f": {count} segment{'' if count == 1 else 's'} in {testimonies} testimon{'y' if testimonies == 1 else 'ies'}",
                "$text-muted",
            ),
        )
        self.query_one("#retrieval-heading", Label).update(heading)
        segments = self.query_one(PlaceList)
        segments.set_places(self._segments, lambda span: segment_prompt(span, self.session.coder, turns.get(span.id)))
        self._show_quote(segments.highlighted)

    @on(PlaceList.Chosen)
    def _segment_selected(self, event: PlaceList.Chosen) -> None:
        span = self._segments[event.row]
        self.dismiss(Jump(span.document_id, span.start, span.end))

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)
