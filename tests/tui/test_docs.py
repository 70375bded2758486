"""docs/tui.md names every key of the coding screen (it is the key table the README links to)."""

from __future__ import annotations

import re
from pathlib import Path

from textual.keys import key_to_character

from annotator.tui import AnnotatorApp
from annotator.tui.dialogs.speaker_picker import SpeakerPicker
from annotator.tui.screens.coding.layout import LayoutActions
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.coding.suggest import SuggestActions
from annotator.tui.screens.coding.turns import TurnActions

DOC = Path(__file__).resolve().parents[2] / "docs" / "tui.md"


def test_the_key_table_names_every_binding() -> None:
    text = DOC.read_text(encoding="utf-8")
    # The turn keys' sections are listed only for a project with transcripts: checked here too.
    sections = [node for _title, node in AnnotatorApp("unused.db", "coder").key_sections]
    for node in (*sections, TurnActions, SpeakerPicker):
        for binding in node.BINDINGS:
            assert binding.description in text, binding
            stem = binding.id.rsplit(".", 1)[-1]
            assert stem in text or binding.id.startswith("apply_code_"), binding


def shown_key(key: str) -> str:
    """A binding's key as the docs write it: the character it types, else its name (`ctrl+z`)."""
    character = "/" if key == "slash" else key_to_character(key)  # Unicode calls it SOLIDUS
    return character if character and character.isprintable() else key


def test_the_readme_key_table_names_real_keys() -> None:
    """Each key of the README's table is bound on the coding screen or the app (none invented or stale)."""
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The coding screen", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    bound = {
        shown_key(key.strip())
        for binding in (
            *CodingScreen.BINDINGS,
            *TurnActions.BINDINGS,
            *LayoutActions.BINDINGS,
            *SuggestActions.BINDINGS,
            *AnnotatorApp.BINDINGS,
        )
        for key in binding.key.split(",")
    }
    written = {key for row in rows for key in re.findall(r"`([^`]+)`", row.split("|")[1])}
    written.discard("shift+arrows")  # the text area's own selection keys, not a binding of ours
    written |= {str(digit) for digit in range(10)} if "1`–`9" in section else set()
    written.discard("1`–`9")
    assert len(rows) >= 15
    assert written <= bound, sorted(written - bound)
    assert {"]", "[", "1", "0", "ctrl+z", "ctrl+y", "ctrl+q", "A", "J", "v"} <= written
