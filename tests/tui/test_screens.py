"""Retrieval, help, command palette, keymap, persistence across restarts, and failure reporting."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList

from annotator.coding.keymap import load_keymap
from annotator.domain.errors import InputError
from annotator.domain.models import Document
from annotator.storage import Project
from annotator.tui import AnnotatorApp
from annotator.tui.dialogs.help import HelpScreen, key_rows
from annotator.tui.screens import testimony
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.retrieval import RetrievalScreen
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.place_list import PlaceList
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import CODER, TEXT_B, Notice, make_app, settle, stored


def _add(path: Path, document_id: str, code_id: str, start: int, end: int) -> None:
    with Project.open(path) as project:
        project.spans.add(CODER, document_id, code_id, start, end)


async def test_retrieval_lists_a_codes_segments_everywhere_and_jumps(project_path: Path) -> None:
    _add(project_path, "A", "wage-deduction", 0, 37)
    b_start = TEXT_B.index("We worked")
    _add(project_path, "B", "wage-deduction", b_start, b_start + 9)
    _add(project_path, "A", "bribery", 38, 53)
    app = make_app(project_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        app.screen.query_one(Transcript).select_range(3, 3)  # inside the wage-deduction span
        await pilot.press("g")
        assert isinstance(app.screen, RetrievalScreen)
        segments = app.screen.query_one("#retrieval-segments", PlaceList)
        assert segments.row_count() == 2
        assert "2 segments in 2 testimonies" in str(app.screen.query_one("#retrieval-heading").content)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"
        assert app.screen.query_one(Transcript).selected_range() == (b_start, b_start + 9)


async def test_retrieval_switches_code_and_escape_goes_back(project_path: Path) -> None:
    _add(project_path, "A", "bribery", 38, 53)
    app = make_app(project_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        codes = app.screen.query_one("#retrieval-codes", OptionList)
        codes.focus()
        await pilot.press("down")  # Bribery
        segments = app.screen.query_one("#retrieval-segments", PlaceList)
        assert segments.row_count() == 1
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "A"


async def test_help_screen_lists_every_key(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, file=io.StringIO(), record=True)
        for static in app.screen.query(".help-section"):
            console.print(static.content)
        shown = console.export_text()
        for _title, node in app.key_sections:
            for binding in node.BINDINGS:
                assert binding.description in shown, binding
        for fixed in ("]", "[", "1 2 3 4 5 6 7 8 9 0", "^z", "^y", "^q"):
            assert fixed in shown
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    app = AnnotatorApp("unused.db", CODER)
    for _title, node in app.key_sections:
        for binding in node.BINDINGS:
            assert binding.id, binding
            assert binding.tooltip, binding


def test_the_fixed_keys_are_bound_as_asked() -> None:
    keys = {binding.id: binding.key for binding in CodingScreen.BINDINGS}
    assert keys["next_testimony"] == "right_square_bracket"
    assert keys["previous_testimony"] == "left_square_bracket"
    assert [keys[f"apply_code_{key}"] for key in "1234567890"] == list("1234567890")
    assert keys["undo"] == "ctrl+z" and keys["redo"] == "ctrl+y"
    assert {binding.id: binding.key for binding in AnnotatorApp.BINDINGS}["quit"] == "ctrl+q"


async def test_keymap_remaps_a_key_and_help_shows_it(project_path: Path) -> None:
    app = make_app(project_path, keymap={"next_testimony": "ctrl+n"})
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.document_id == "A"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.document_id == "B"
    rows = key_rows(CodingScreen, {"next_testimony": "ctrl+n"})
    assert ("ctrl+n", "Next", "Open the next testimony.") in rows


async def test_a_keymap_with_an_unknown_id_and_a_clash_is_reported_once_and_the_screen_opens(
    project_path: Path, notices: list[Notice]
) -> None:
    app = make_app(project_path, keymap={"next_testimony": "ctrl+n", "previous_testimonie": "p", "undo": "x"})
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        warnings = [notice for notice in notices if notice.severity == "warning"]
        assert warnings == [
            Notice(
                "ANNOTATOR_KEYMAP: no binding has the id 'previous_testimonie'; 'undo' is given 'x', which"
                " 'remove_span' holds (Coding screen) (`annotator keys` lists every id and its keys)",
                "warning",
            )
        ]
        await pilot.press("ctrl+n")  # the rest of the keymap works
        await settle(pilot)
        assert app.screen.document_id == "B"


def test_keymap_file(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\nnext_testimony = "ctrl+n"\nundo = "ctrl+u,u"\n')
    assert load_keymap(path) == {"next_testimony": "ctrl+n", "undo": "ctrl+u,u"}
    path.write_text("[keys]\nundo = 3\n")
    with pytest.raises(InputError, match=r"keys\.toml: undo: a key must be"):
        load_keymap(path)


async def test_command_palette_offers_every_action_and_runs_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for binding in CodingScreen.BINDINGS:
            if not binding.action.startswith("app."):
                assert binding.description in titles
        assert "Open testimony C" in titles and "Keys" in titles
        await pilot.press("ctrl+p", *"Done")
        await pilot.pause(0.3)  # the palette searches in the background
        await pilot.press("enter")
        await pilot.pause()
        with Project.open(project_path) as project:
            assert project.coders.done_documents(CODER) == {"A"}


async def test_the_palette_lists_the_testimony_named_first(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.documents.add([Document(id="M", title="M", text="We were moved at night.")])
    app = make_app(project_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"open M")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one(CommandList)
        await settle(pilot)  # the palette searches in a worker: wait for it, not for a time
        assert str(options.get_option_at_index(0).prompt).startswith("Open testimony M")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen) and app.screen.document_id == "M"


async def test_applied_span_is_in_a_fresh_connection_and_undo_works_after_reopening(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one(Transcript).select_range(0, 4)
        await pilot.press("1")
        # Read back through a second, fresh connection while the app still runs: it is committed.
        with Project.open(project_path) as fresh:
            assert [(s.code_id, s.text) for s in fresh.spans.select(coder=CODER)] == [("wage-deduction", "They")]
    reopened = make_app(project_path)
    async with reopened.run_test() as pilot:
        await settle(pilot)
        assert len([s for s in reopened.screen.query_one(Transcript).spans if s.coder == CODER]) == 1
        await pilot.press("ctrl+z")
        assert stored(project_path, coder=CODER) == []
        assert len(reopened.screen.query_one(Transcript).spans) == 0
        await pilot.press("ctrl+y")
        assert len(stored(project_path, coder=CODER)) == 1


async def test_worker_failure_is_a_notification(
    project_path: Path, monkeypatch: pytest.MonkeyPatch, notices: list[Notice]
) -> None:
    def broken(*args, **kwargs):
        raise InputError("no document 'B' in the project")

    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        monkeypatch.setattr(testimony, "load_document", broken)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.document_id == "A"  # still showing A, still running
        assert any("Opening the testimony failed: no document 'B'" in n.message for n in notices)


async def test_codebook_counts_are_per_testimony(project_path: Path) -> None:
    _add(project_path, "B", "bribery", 0, 6)
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        codebook = app.screen.query_one(CodebookPanel)
        assert codebook.count("bribery") == 0
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert codebook.count("bribery") == 1


def test_run_app_refuses_a_missing_project_or_a_bad_coder(tmp_path: Path, project_path: Path) -> None:
    from annotator.storage import ProjectError
    from annotator.tui import run_app

    with pytest.raises(ProjectError, match="no project here"):
        run_app(tmp_path / "missing.db", CODER)
    with pytest.raises(InputError, match="coder name"):
        run_app(project_path, "bad,name")
