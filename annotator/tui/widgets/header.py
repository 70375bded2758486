"""The screen's header: the project's title shortened first, so the coder and the place always show."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Header, Static

from annotator.coding.layout import fit_title


class FittedHeader(Header):
    """A header whose title gives way to its sub-title (the coder, the testimony and its position)."""

    def format_title(self) -> Content:
        """The title cut to leave the sub-title whole at this width."""
        title, sub_title = self.screen_title, self.screen_sub_title
        fitted = fit_title(title, sub_title, self.size.width or self.app.size.width)
        return self.app.format_title(fitted, sub_title) if fitted else self.app.format_title(sub_title, "")

    def on_resize(self, event: events.Resize) -> None:
        """Fit the title again for the new width."""
        self.query_one("HeaderTitle", Static).update(self.format_title())
