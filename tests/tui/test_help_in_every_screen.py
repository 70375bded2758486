"""f1 shows the keys from every full-screen modal too (the query screen, the overview, the summary grid,
the memo browser, retrieval): the footer under them says `f1 Keys`, and Textual's binding chain stops at a
modal screen, so the app's own binding never reached them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from annotator.tui.dialogs.help import HelpScreen
from tests.support.tui import make_app, settle

SIZE = (80, 24)


@pytest.mark.parametrize("opening_key", ["Q", "O", "G", "M", "g"])
async def test_f1_opens_the_help_screen_over_each_modal_screen(project_path: Path, opening_key: str) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(opening_key)
        await settle(pilot)
        opened = app.screen
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen), type(opened).__name__
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is opened


async def test_a_question_mark_typed_in_the_query_is_a_letter_of_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q", "b", "question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#query-input", Input).value == "b?"


async def test_a_keymap_that_moves_help_moves_it_over_the_modal_screens_too(project_path: Path) -> None:
    app = make_app(project_path, keymap={"help": "f2"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
