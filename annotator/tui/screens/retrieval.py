"""Code retrieval: every segment coded with one code across all testimonies, and a jump to any."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotator.coding.codebook_view import code_depths
from annotator.coding.follow import ProjectChanges
from annotator.coding.session import CodingSession
from annotator.coding.turns import TurnInfo
from annotator.domain.models import Span
from annotator.tui.bindings import KeyGroup
from annotator.tui.messages import Jump
from annotator.tui.widgets.codebook_panel import code_prompt
from annotator.tui.widgets.place_list import PlaceList

QUOTE_CHARACTERS = 140  # two lines of the segment list at 120 columns

_keys = KeyGroup("retrieval.", show=True)


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
        _keys("escape", "close", "Back", "close", "Back to coding without jumping."),
    ]

    def __init__(self, session: CodingSession, code_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.initial_code = code_id
        self._segments: list[Span] = []

    def compose(self) -> ComposeResult:
        """The code list and the segment list side by side."""
        with Vertical(id="retrieval", classes="dialog"):
            yield Label("Code retrieval: enter on a segment goes there, escape goes back", classes="dialog-title")
            with Horizontal():
                yield OptionList(id="retrieval-codes")
                with Vertical(id="retrieval-right"):
                    yield Label("", id="retrieval-heading")
                    # the place, two lines of quote, the memo
                    yield PlaceList(4, "No segments of this code yet.", id="retrieval-segments")

    def on_mount(self) -> None:
        """List the codes with their totals and show the first (or the given) code's segments."""
        self._list_codes(self.initial_code)
        self.query_one(PlaceList).focus()

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

    def _show_segments(self, code_id: str) -> None:
        code = self.session.codes_by_id[code_id]
        self._segments = self.session.segments(code_id)
        turns = self.session.segment_turns(self._segments)
        testimonies = len({span.document_id for span in self._segments})
        count = len(self._segments)
        heading = Content.assemble(
            ("■ ", self.session.colours.get(code_id, code.colour)),
            (code.name, "bold"),
            (
                f": {count} segment{'' if count == 1 else 's'} in {testimonies} testimon{'y' if testimonies == 1 else 'ies'}",
                "$text-muted",
            ),
        )
        self.query_one("#retrieval-heading", Label).update(heading)
        self.query_one(PlaceList).set_places(
            self._segments, lambda span: segment_prompt(span, self.session.coder, turns.get(span.id))
        )

    @on(PlaceList.Chosen)
    def _segment_selected(self, event: PlaceList.Chosen) -> None:
        span = self._segments[event.row]
        self.dismiss(Jump(span.document_id, span.start, span.end))

    def action_close(self) -> None:
        """Back to coding."""
        self.dismiss(None)
