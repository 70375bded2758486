"""The help screen: every key of every part of the app, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.tui.bindings import KeyGroup

KeySection = tuple[str, type[DOMNode]]
KEY_COLUMN = 20

_keys = KeyGroup("help.", show=True)


def key_rows(
    node: type[DOMNode], keymap: Mapping[str, str], display: Callable[[Binding], str] = attrgetter("key")
) -> list[tuple[str, str, str]]:
    """(keys, description, tooltip) for a class's bindings after the keymap; bindings sharing a
    description and tooltip (the ten code keys) become one row."""
    bindings = BindingsMap(node.__dict__.get("BINDINGS", []))
    if keymap:
        bindings.apply_keymap(dict(keymap))
    rows: dict[tuple[str, str], list[str]] = {}
    for _key, binding in bindings:
        if binding.system:
            continue
        rows.setdefault((binding.description or binding.action, binding.tooltip), []).append(display(binding))
    return [(" ".join(_unique(keys)), description, tooltip) for (description, tooltip), keys in rows.items()]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class HelpScreen(ModalScreen[None]):
    """A scrollable table of keys, by part of the app; any of escape, q, f1 or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen .help-section {
        padding-bottom: 1;
    }
    """

    BINDINGS = [
        _keys("escape,q,f1,question_mark", "close", "Close", "close", "Close the help screen."),
    ]

    def __init__(self, sections: Sequence[KeySection], keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        """The key table, section by section."""
        rows = {title: key_rows(node, self.keymap, self._key_display) for title, node in self.sections}
        # One width for the action column across sections, so the tables line up.
        action_width = max((len(description) for table in rows.values() for _, description, _ in table), default=10)
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys (remap any of them by its id in a keymap file, see docs/tui.md)", classes="dialog-title")
            with VerticalScroll():
                for title, table_rows in rows.items():
                    yield Static(_key_table(title, table_rows, action_width), classes="help-section")

    def _key_display(self, binding: Binding) -> str:
        return self.app.get_key_display(binding)

    def action_close(self) -> None:
        """Back to where help was asked for."""
        self.dismiss(None)


def _key_table(title: str, rows: list[tuple[str, str, str]], action_width: int) -> Table:
    table = Table(
        title=title, title_justify="left", title_style="bold underline", box=None, show_header=False, expand=True
    )
    table.add_column("Keys", style="bold", width=KEY_COLUMN, no_wrap=True)
    table.add_column("Action", no_wrap=True, width=action_width)
    table.add_column("What it does", style="dim", ratio=1)
    for keys, description, tooltip in rows:
        table.add_row(keys, description, tooltip)
    return table
