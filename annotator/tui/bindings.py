"""The one way the app builds a key binding: each has an id (its group's prefix + a name) that a keymap moves."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class KeyGroup:
    """The keys of one part of the app: ids under one prefix (`adjudication.`), shown in the footer or not.

    The ids are what a keymap file names (`annotator.coding.keymap`, docs/tui.md), so they must not change.
    """

    prefix: str = ""
    show: bool = False

    def __call__(
        self,
        key: str,
        action: str,
        description: str,
        name: str,
        tooltip: str,
        *,
        show: bool | None = None,
        priority: bool = False,
    ) -> Binding:
        """A binding with the id `prefix + name` (shown as the group says unless `show` is given)."""
        return Binding(
            key,
            action,
            description,
            show=self.show if show is None else show,
            priority=priority,
            id=self.prefix + name,
            tooltip=tooltip,
        )
