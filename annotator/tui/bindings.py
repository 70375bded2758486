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


HELP_KEYS = "f1,question_mark"  # the app's help binding (id `help`)


def modal_help_key() -> Binding:
    """The help key for a full-screen modal (query, overview, grid, memos ...): Textual's binding chain stops at
    a modal screen, so the app's own f1 never reaches one. Under the app's id, a keymap that moves one moves
    both; `system` keeps it out of the help table's section and the footer (the app's row lists it)."""
    return Binding(HELP_KEYS, "app.help", "Keys", show=False, id="help", system=True, tooltip="Show every key.")
