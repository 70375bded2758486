"""The testimony text: a read-only TextArea that colours coded spans, code suggestions and search hits per line,
with speaker labels."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Span as StyleSpan
from rich.text import Text
from textual.binding import BindingType
from textual.color import Color
from textual.events import MouseEvent
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from annotator.coding.boundaries import step_offset
from annotator.coding.offsets import LineOffsets, Location
from annotator.coding.session import LoadedDocument
from annotator.coding.span_index import SpanIndex
from annotator.coding.suggestion_marks import SuggestionMarks, no_suggestions
from annotator.coding.text_units import TextUnits
from annotator.coding.turn_labels import LabelledRows
from annotator.coding.turns import Turns
from annotator.domain.models import Span
from annotator.tui.bindings import KeyGroup

_keys = KeyGroup("transcript.")


def _steps() -> list[BindingType]:
    """Cursor and selection keys; every one has an id so a keymap can move it."""
    bindings: list[BindingType] = [
        _keys("left", "cursor_left", "Left", "left", "Move the cursor one character left."),
        _keys("right", "cursor_right", "Right", "right", "Move the cursor one character right."),
        _keys("up", "cursor_up", "Up", "up", "Move the cursor one line up."),
        _keys("down", "cursor_down", "Down", "down", "Move the cursor one line down."),
        _keys("home", "cursor_line_start", "Line start", "line_start", "Move to the start of the line."),
        _keys("end", "cursor_line_end", "Line end", "line_end", "Move to the end of the line."),
        _keys("pageup", "cursor_page_up", "Page up", "page_up", "Move one screen up."),
        _keys("pagedown", "cursor_page_down", "Page down", "page_down", "Move one screen down."),
        _keys("ctrl+home", "text_edge(False)", "Text start", "text_start", "Move to the start of the testimony."),
        _keys("ctrl+end", "text_edge(True)", "Text end", "text_end", "Move to the end of the testimony."),
        _keys(
            "shift+left", "cursor_left(True)", "Select left", "select_left", "Extend the selection one character left."
        ),
        _keys(
            "shift+right",
            "cursor_right(True)",
            "Select right",
            "select_right",
            "Extend the selection one character right.",
        ),
        _keys("shift+up", "cursor_up(True)", "Select up", "select_up", "Extend the selection one line up."),
        _keys("shift+down", "cursor_down(True)", "Select down", "select_down", "Extend the selection one line down."),
        _keys(
            "shift+home",
            "cursor_line_start(True)",
            "Select to line start",
            "select_line_start",
            "Extend the selection to the line start.",
        ),
        _keys(
            "shift+end",
            "cursor_line_end(True)",
            "Select to line end",
            "select_line_end",
            "Extend the selection to the line end.",
        ),
        _keys("ctrl+c", "copy", "Copy", "copy", "Copy the selected text."),
    ]
    for unit, back, forward, tip in (
        ("word", "ctrl+left", "ctrl+right", "word"),
        ("sentence", "alt+left", "alt+right", "sentence"),
        ("paragraph", "ctrl+up", "ctrl+down", "paragraph"),
    ):
        bindings += [
            _keys(
                back,
                f"step('{unit}', -1)",
                f"{unit.title()} back",
                f"{unit}_back",
                f"Move to the start of the previous {tip}.",
            ),
            _keys(
                forward,
                f"step('{unit}', 1)",
                f"{unit.title()} forward",
                f"{unit}_forward",
                f"Move to the end of the next {tip}.",
            ),
            _keys(
                _shifted(back),
                f"step('{unit}', -1, True)",
                f"Select {unit} back",
                f"select_{unit}_back",
                f"Extend the selection to the start of the previous {tip}.",
            ),
            _keys(
                _shifted(forward),
                f"step('{unit}', 1, True)",
                f"Select {unit} forward",
                f"select_{unit}_forward",
                f"Extend the selection to the end of the next {tip}.",
            ),
        ]
    return bindings


def _shifted(key: str) -> str:
    modifiers, _, name = key.rpartition("+")
    return f"{modifiers}+shift+{name}"


class Transcript(TextArea, inherit_bindings=False):
    """The current testimony, read-only, with coded spans coloured by code.

    Styling is done in `get_line()`: each row's style runs are computed once from the span
    index and cached; a coding action invalidates only the rows its spans touch.

    A transcript is drawn with a label row above each turn (`LabelledRows`): the TextArea holds the
    drawn text, and every location crossing this widget's edge is mapped, so the screens see only
    offsets in the testimony's words.
    """

    DEFAULT_CSS = """
    Transcript {
        /* Always there, so the wrap width is the same for short and long testimonies: a scrollbar
           appearing would make the TextArea wrap a long text a second time. */
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    Transcript > .transcript--hit {
        text-style: bold reverse;
    }
    Transcript > .transcript--overlap {
        text-style: bold underline;
    }
    Transcript > .transcript--others {
        text-style: underline;
    }
    Transcript > .transcript--suggestion {
        text-style: italic;
    }
    Transcript > .transcript--label {
        color: $text-muted;
        text-style: bold;
    }
    """

    BINDINGS = _steps()

    # The drawn rows (labels above turns); a class default, as the TextArea moves its cursor while
    # it is being built.
    rows = LabelledRows("", LineOffsets(""), Turns())

    COMPONENT_CLASSES = TextArea.COMPONENT_CLASSES | {
        "transcript--hit",
        "transcript--overlap",
        "transcript--others",
        "transcript--suggestion",
        "transcript--label",
    }

    # The mark in the right margin (the column the TextArea keeps for the cursor at a line's end) of each
    # screen line holding a suggestion, in its code's colour.
    SUGGESTION_MARK = "▐"

    def __init__(self, coder: str, *, id: str | None = None) -> None:
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_cursor=True,
            highlight_cursor_line=False,
            placeholder="This testimony has no text.",
            id=id,
        )
        self.coder = coder
        self.primary = coder  # whose spans are the background; the others' are underlined
        self.lines = LineOffsets("")
        self.testimony_text = ""
        self.spans = SpanIndex(self.lines)
        self.units = TextUnits("")
        self.colours: dict[str, str] = {}
        self.suggestions = no_suggestions()
        self._hits: list[tuple[int, int]] = []
        self._hit_ends: list[int] = []
        self._row_styles: dict[int, list[StyleSpan]] = {}
        self._span_styles: dict[tuple[tuple[str, bool], ...], Style] = {}
        self._marks: tuple[Style, ...] = ()

    # --- loading and updating ------------------------------------------------------------------

    def show_document(self, loaded: LoadedDocument, colours: dict[str, str]) -> None:
        """Show a testimony with its spans; the cursor goes to the start.

        The spans of `loaded.primary` (else the coder's) are the background, all others underlined:
        in compare mode, one coder's spans against another's.
        """
        self.primary = loaded.primary or self.coder
        self.lines = loaded.lines
        self.rows = loaded.labelled
        self.testimony_text = loaded.document.text
        self.spans = loaded.spans
        self.units = loaded.units
        self.colours = dict(colours)
        self._hits, self._hit_ends = [], []
        self.suggestions = no_suggestions()
        self._forget_styles()
        self.load_text(self.rows.shown_text)

    def set_colours(self, colours: dict[str, str]) -> None:
        """Use new code colours (a code was created)."""
        self.colours = dict(colours)
        self._forget_styles()
        self.refresh()

    def spans_changed(self, rows: Iterable[int]) -> None:
        """The span index changed on some rows (the coding core applied an action): redraw only those."""
        rows = set(rows)
        for row in rows:
            self._row_styles.pop(row, None)
        self._redraw(rows)

    def set_hits(self, hits: list[tuple[int, int]]) -> None:
        """Mark search hits (sorted, not overlapping); an empty list clears them."""
        self._hits = hits
        self._hit_ends = [end for _, end in hits]
        self._row_styles.clear()
        self._redraw()

    def set_suggestions(self, suggestions: SuggestionMarks) -> None:
        """Draw these code suggestions (none: `no_suggestions()`), redrawing the rows they leave or reach."""
        rows = self.suggestions.rows() | suggestions.rows()
        self.suggestions = suggestions
        self.spans_changed(rows)

    def suggestions_changed(self, rows: Iterable[int]) -> None:
        """Some of the suggestions on show were taken off (accepted, rejected): redraw only their rows."""
        self.spans_changed(rows)

    def _forget_styles(self) -> None:
        self._row_styles.clear()
        self._span_styles.clear()

    def _redraw(self, rows: Iterable[int] | None = None) -> None:
        """Repaint after a style change: all of the view, or only the screen lines of some rows."""
        # The TextArea caches rendered strips by position; drop them so changed rows repaint.
        self.notify_style_update()
        if rows is None:
            self.refresh()
            return
        # Only the changed rows are marked dirty: the rest of the view stays as painted, which
        # keeps a key press on a long testimony to a few lines of rendering.
        wrapped = self.wrapped_document
        for row in rows:
            shown = self.rows.shown_row(row)
            if 0 <= shown < self.document.line_count:
                top = wrapped.location_to_offset((shown, 0)).y
                self.refresh_lines(top, len(wrapped.get_offsets(shown)) + 1)

    def notify_style_update(self) -> None:
        """CSS or theme changed: rebuild span styles if the marks they borrow from CSS changed."""
        super().notify_style_update()
        if self.is_mounted:
            marks = tuple(
                self.get_component_rich_style(name, partial=True)
                for name in ("transcript--hit", "transcript--overlap", "transcript--others", "transcript--suggestion")
            )
            if marks != self._marks:
                self._marks = marks
                self._forget_styles()

    # --- offsets -------------------------------------------------------------------------------

    def clamp_visitable(self, location: Location) -> Location:
        """A location the cursor can rest on: in the text, and never on a speaker label."""
        return self.rows.visitable(super().clamp_visitable(location), self.selection.end[0])

    def get_target_document_location(self, event: MouseEvent) -> Location:
        """Where a click or drag points: on a speaker label, the turn's first word."""
        return self.rows.visitable(super().get_target_document_location(event), from_row=-1)

    def offset_at(self, location: Location) -> int:
        """The testimony offset of a drawn location (on a speaker label: the turn's start)."""
        return self.lines.offset(self.rows.text_location(location))

    def location_of(self, offset: int) -> Location:
        """Where a testimony offset is drawn."""
        return self.rows.shown(self.lines.location(offset))

    @property
    def cursor_offset(self) -> int:
        """The cursor's code-point offset in the testimony."""
        return self.offset_at(self.selection.end)

    def selected_range(self) -> tuple[int, int]:
        """The selection as offsets `(start, end)`, start <= end (equal when nothing is selected)."""
        start, end = (self.offset_at(location) for location in self.selection)
        return (start, end) if start <= end else (end, start)

    @property
    def selected_text(self) -> str:
        """The testimony's words in the selection (never a speaker label): what copy and in-vivo take."""
        start, end = self.selected_range()
        return self.testimony_text[start:end]

    def visible_range(self) -> tuple[int, int]:
        """The offsets `[start, end)` of the testimony rows in view, whole (a row partly in view counts)."""
        wrapped = self.wrapped_document
        top = round(self.scroll_y)
        bottom = top + max(self.scrollable_content_region.height, 1) - 1
        first, last = (self.rows.text_row(wrapped.offset_to_location(Offset(0, y))[0]) for y in (top, bottom))
        return self.lines.starts[first], self.lines.line_span(last)[1]

    def select_range(self, start: int, end: int, *, center: bool = False) -> None:
        """Select `[start, end)` (the cursor at its end) and scroll it into view."""
        self.selection = Selection(self.location_of(start), self.location_of(end))
        if center:
            self.scroll_cursor_visible(center=True)

    # --- actions -------------------------------------------------------------------------------

    def action_step(self, unit: str, direction: int, select: bool = False) -> None:
        """Move the cursor by a word, sentence or paragraph (extending the selection with `select`)."""
        target = step_offset(self.units, unit, self.cursor_offset, direction)
        self.move_cursor(self.location_of(target), select=select)

    def action_text_edge(self, end: bool) -> None:
        """Move the cursor to the start or the end of the testimony."""
        self.move_cursor(self.location_of(self.lines.text_length if end else 0))

    # --- drawing -------------------------------------------------------------------------------

    def get_line(self, line_index: int) -> Text:
        """The row's text with span and hit styles (from the row cache), or a turn's speaker label."""
        label = self.rows.label_at(line_index)
        if label is not None:
            return Text(label, end="", no_wrap=True, style=self.get_component_rich_style("transcript--label"))
        row = self.rows.text_row(line_index)
        styles = self._row_styles.get(row)
        if styles is None:
            styles = self._row_styles[row] = self._style_row(row)
        # The TextArea stylizes the returned Text (selection, cursor): hand it a copy of the list.
        return Text(self.document.get_line(line_index), end="", no_wrap=True, spans=list(styles))

    def _style_row(self, row: int) -> list[StyleSpan]:
        # Suggestions first, so a coded span drawn over one keeps its own colours (the suggestion adds italics).
        styles = [
            StyleSpan(start, end, self._suggestion_style(code_id))
            for start, end, code_id in self.suggestions.on_row(row)
        ]
        styles += [StyleSpan(run.start, run.end, self._style_for(run.spans)) for run in self.spans.runs(row)]
        if self._hits:
            line_start, line_end = self.lines.line_span(row)
            hit_style = self.get_component_rich_style("transcript--hit")
            index = bisect_right(self._hit_ends, line_start)
            while index < len(self._hits) and self._hits[index][0] < line_end:
                start, end = self._hits[index]
                styles.append(
                    StyleSpan(max(start, line_start) - line_start, min(end, line_end) - line_start, hit_style)
                )
                index += 1
        return styles

    def _style_for(self, spans: tuple[Span, ...]) -> Style:
        """One run's style: own (primary) spans as background in the innermost code's colour, others underlined."""
        key = tuple((span.code_id, span.coder == self.primary) for span in spans)
        style = self._span_styles.get(key)
        if style is None:
            style = self._span_styles[key] = self._make_style(key)
        return style

    def _make_style(self, key: tuple[tuple[str, bool], ...]) -> Style:
        own = [code_id for code_id, mine in key if mine]
        others = [code_id for code_id, mine in key if not mine]
        style = Style()
        if others:
            style += self.get_component_rich_style("transcript--others", partial=True)
            style += Style(color=self._colour(others[-1]).rich_color)
        if own:
            background = self._colour(own[-1])
            style += Style(bgcolor=background.rich_color, color=background.get_contrast_text().rich_color)
            if len(own) > 1:
                style += self.get_component_rich_style("transcript--overlap", partial=True)
        return style

    def _suggestion_style(self, code_id: str) -> Style:
        """A suggestion: italic text in its code's colour, never a background (that is a coded span)."""
        return self.get_component_rich_style("transcript--suggestion", partial=True) + Style(
            color=self._colour(code_id).rich_color
        )

    def render_line(self, y: int) -> Strip:
        """A screen line, with the suggestion mark in its last column when a suggestion lies on it."""
        strip = super().render_line(y)
        if not self.suggestions or strip.cell_length < 2:
            return strip
        code_id = self._suggested_on_screen_line(y)
        if code_id is None:
            return strip
        mark = Segment(self.SUGGESTION_MARK, Style(color=self._colour(code_id).rich_color))
        return Strip.join([strip.crop(0, strip.cell_length - 1), Strip([mark], 1)])

    def _suggested_on_screen_line(self, y: int) -> str | None:
        """The code of the first suggestion on a screen line (a wrapped piece of a row), None when none is."""
        wrapped = self.wrapped_document
        shown, column = wrapped.offset_to_location(Offset(0, round(self.scroll_y) + y))
        if shown >= self.document.line_count or self.rows.label_at(shown) is not None:
            return None
        # The location of the line's first cell is where this wrapped piece starts; it ends at the next cut.
        start = column
        end = next((cut for cut in wrapped.get_offsets(shown) if cut > column), len(self.document.get_line(shown)) + 1)
        row = self.rows.text_row(shown)
        return next((code for first, last, code in self.suggestions.on_row(row) if first < end and last > start), None)

    def _colour(self, code_id: str) -> Color:
        return Color.parse(self.colours.get(code_id, "#888888"))
