"""At 80x24 the full-screen dialogs keep their key hints whole (wrapped, never cut) and the summary grid
keeps room to write a summary: seen trying the new screens in an 80x24 terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label, TextArea

from annotator.domain.models import Document
from annotator.storage import Project
from tests.support.tui import make_app, settle

SIZE = (80, 24)


def _drawn(widget: Label) -> str:
    """The lines the widget draws inside its dialog, joined (a label wider than the dialog is cut by it)."""
    assert widget.parent is not None
    visible = min(widget.size.width, widget.parent.content_region.right - widget.region.x)
    return " ".join(widget.render_line(y).text[:visible].strip() for y in range(widget.size.height))


@pytest.mark.parametrize(
    ("opening_key", "last_words"),
    [("M", "ctrl+z undo"), ("G", "ctrl+a coders"), ("O", "a cell's passages"), ("Q", "ctrl+s save")],
)
async def test_a_key_hint_wraps_whole_at_80_columns(project_path: Path, opening_key: str, last_words: str) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(opening_key)
        await settle(pilot)
        hint = app.screen.query(".dialog-hint").last(Label)
        assert last_words in _drawn(hint)


async def test_the_save_query_name_prompt_says_its_hint_whole(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q", *"bribery", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "undoes the saving)" in _drawn(app.screen.query_one(".dialog-hint", Label))


async def test_the_summary_box_has_two_lines_to_write_in_at_80x24(project_path: Path) -> None:
    """With the bundled corpus's 18 testimonies the grid took 60% and left one line to write in."""
    with Project.open(project_path) as project:
        project.documents.add([Document(id=f"T{number:02}", text="A testimony.") for number in range(16)])
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert app.screen.query_one("#summary-grid-summary", TextArea).content_size.height >= 2
