"""A scrollable list of fixed-height rows drawn with the line API, repainting only the rows that change."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from annotator.tui.bindings import KeyGroup

# Rendered rows kept (each a few strips): the least recently drawn go first.
STRIP_CACHE_LIMIT = 8192

_keys = KeyGroup("list.")


class RowList(ScrollView, can_focus=True):
    """Rows of `ROW_HEIGHT` lines, one highlighted; enter or a click chooses it.

    Textual's OptionList repaints every visible option when one prompt changes; a coding action
    changes one count, so this list repaints just that row, and draws each row once per look
    (rendered strips are cached by the row's content key).
    Subclasses say how many rows there are, what each shows, and what choosing one does.
    """

    # The scrollbar is always there: the list sets its height without a layout pass.
    DEFAULT_CSS = """
    RowList {
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        padding: 0 0 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    RowList > .row-list--highlight {
        background: $block-cursor-blurred-background;
    }
    RowList:focus > .row-list--highlight {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    ROW_HEIGHT = 1

    BINDINGS = [
        _keys("up", "move(-1)", "Previous", "up", "Highlight the previous row."),
        _keys("down", "move(1)", "Next", "down", "Highlight the next row."),
        _keys("home", "move_to(0)", "First", "first", "Highlight the first row."),
        _keys("end", "move_to(-1)", "Last", "last", "Highlight the last row."),
        _keys("enter", "choose", "Choose", "choose", "Choose the highlighted row."),
    ]

    COMPONENT_CLASSES = {"row-list--highlight"}

    highlighted: reactive[int | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: LRUCache[tuple[Hashable, bool, bool, int], list[Strip]] = LRUCache(STRIP_CACHE_LIMIT)

    # --- what subclasses provide -----------------------------------------------------------------

    def row_count(self) -> int:
        """How many rows there are."""
        raise NotImplementedError

    def row_key(self, row: int) -> Hashable:
        """A value that changes whenever the row's look changes (the cache key)."""
        raise NotImplementedError

    def row_content(self, row: int) -> Content:
        """What the row shows (ROW_HEIGHT lines, separated by newlines)."""
        raise NotImplementedError

    def fitted_content(self, row: int, width: int) -> Content:
        """What the row shows in `width` cells (by default its content, cut at the end with an ellipsis);
        a list whose rows end with something that must stay visible fits the row itself."""
        return self.row_content(row)

    def choose(self, row: int) -> None:
        """The user chose a row (enter or click)."""

    def empty_content(self) -> Content:
        """What an empty list shows."""
        return Content("")

    # --- changes ---------------------------------------------------------------------------------

    def rows_changed(self) -> None:
        """Rows were added, removed or reordered: resize and repaint."""
        count = self.row_count()
        if self.highlighted is not None and self.highlighted >= count:
            self.highlighted = count - 1 if count else None
        self._set_height(count * self.ROW_HEIGHT)
        self.refresh()

    def refresh_rows(self, first: int, last: int | None = None) -> None:
        """Repaint rows `first` to `last` (to the bottom of the view when None)."""
        top = first * self.ROW_HEIGHT
        if last is None:
            height = self.scroll_offset.y + self.size.height - top
        else:
            height = (last + 1 - first) * self.ROW_HEIGHT
        if height > 0:
            self.refresh_lines(top, height)

    def forget_rendering(self) -> None:
        """Drop the cached rows (codes or styles changed) and repaint."""
        self._strips.clear()
        self.refresh()

    def _set_height(self, lines: int) -> None:
        """Set the scrollable height without a layout pass of the whole screen.

        Assigning `virtual_size` asks for a layout of every widget, tens of milliseconds per coding
        action; the list's own size does not change (its scrollbar is always shown, see DEFAULT_CSS),
        so only the scrollbar and the list need redrawing.
        """
        size = Size(self.size.width, lines)
        if not self.is_mounted:
            self.virtual_size = size
            return
        self.set_reactive(RowList.virtual_size, size)
        scrollbar = self.vertical_scrollbar
        scrollbar.window_virtual_size = lines
        scrollbar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    # --- keys and mouse --------------------------------------------------------------------------

    def watch_highlighted(self, previous: int | None, highlighted: int | None) -> None:
        """Repaint the old and new highlighted rows and keep the new one in view."""
        for row in (previous, highlighted):
            if row is not None and row < self.row_count():
                self.refresh_rows(row, row)
        if highlighted is not None and self.is_mounted:
            self.scroll_to_region(Region(0, highlighted * self.ROW_HEIGHT, 1, self.ROW_HEIGHT), animate=False)

    def action_move(self, step: int) -> None:
        """Highlight the previous or next row."""
        count = self.row_count()
        if not count:
            return
        current = self.highlighted if self.highlighted is not None else (-1 if step > 0 else count)
        self.highlighted = min(max(current + step, 0), count - 1)

    def action_move_to(self, index: int) -> None:
        """Highlight the first (0) or last (-1) row."""
        if self.row_count():
            self.highlighted = index % self.row_count()

    def action_choose(self) -> None:
        """Choose the highlighted row."""
        if self.highlighted is not None and self.highlighted < self.row_count():
            self.choose(self.highlighted)

    def on_click(self, event: events.Click) -> None:
        """Choose the row clicked on."""
        offset = event.get_content_offset(self)
        if offset is None:
            return  # on the border or the scrollbar
        row = (offset.y + self.scroll_offset.y) // self.ROW_HEIGHT
        if 0 <= row < self.row_count():
            self.highlighted = row
            self.choose(row)

    def _on_focus(self, event: events.Focus) -> None:
        # The highlight looks different with focus: repaint it.
        if self.highlighted is not None:
            self.refresh_rows(self.highlighted, self.highlighted)

    def _on_blur(self, event: events.Blur) -> None:
        if self.highlighted is not None:
            self.refresh_rows(self.highlighted, self.highlighted)

    # --- drawing ---------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """CSS or theme changed: drop the cached rows."""
        self._strips.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Draw one visible line (from the row cache)."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        line = scroll_y + y
        row, offset = divmod(line, self.ROW_HEIGHT)
        if row >= self.row_count():
            if self.row_count() == 0 and line < self.ROW_HEIGHT:
                placeholder = self._row_strips(self.empty_content(), False, width)
                return placeholder[offset].crop_extend(scroll_x, scroll_x + width, self.rich_style)
            return Strip.blank(width, self.rich_style)
        highlighted = row == self.highlighted
        key = (self.row_key(row), highlighted, highlighted and self.has_focus, width)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._row_strips(self.fitted_content(row, width), highlighted, width)
            self._strips.set(key, strips)
        return strips[offset].crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _row_strips(self, content: Content, highlighted: bool, width: int) -> list[Strip]:
        style = self.get_visual_style("row-list--highlight") if highlighted else self.visual_style
        strips = Visual.to_strips(self, content, width, self.ROW_HEIGHT, style, pad=True)
        blank = Strip.blank(width, style.rich_style)
        return (strips + [blank] * self.ROW_HEIGHT)[: self.ROW_HEIGHT]


@dataclass
class RowListMessage(Message):
    """A message from a row list; `control` is the list, so `@on(Message, "#id")` selectors work."""

    row_list: RowList

    @property
    def control(self) -> RowList:
        """The list the message came from."""
        return self.row_list
