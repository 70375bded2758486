"""Memos on the screen (issue 26): the summary grid `G` (cells, their quotes, a summary written there as a
grid memo, undo), the memo browser `M` (list, filter, jump, edit), the testimony's and the code's memos
written from the coding screen (`D`, `I`), and both screens following what another process writes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from annotator.storage import Project
from annotator.tui.dialogs.memo import MemoEditor
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.memos import MemoBrowserScreen
from annotator.tui.screens.retrieval import RetrievalScreen
from annotator.tui.screens.summary_grid import SummaryGridScreen
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.grid_table import GridTable
from annotator.tui.widgets.place_list import PlaceList
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import CODER, OTHER_CODER, make_app, place, settle

pytestmark = pytest.mark.tui
SIZE = (130, 36)


@pytest.fixture
def memo_project(project_path: Path) -> Path:
    """Bribery twice in A and once in B (the tester's), a memo of each kind, one by alice."""
    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "bribery", *place("A", "We paid a bribe"), memo="paid up front")
        project.spans.add(CODER, "A", "bribery", *place("A", "They took eighty percent"))
        project.spans.add(CODER, "B", "bribery", *place("B", "We worked from dawn"))
        project.memos.add(CODER, "project", "The study's log.")
        project.memos.add(CODER, "document", "A speaks of wages only when asked.", document_id="A")
        project.memos.add(CODER, "code", "Bribery: paying to be chosen.", code_id="bribery")
        project.memos.add(OTHER_CODER, "grid", "Alice: the bribe came first.", document_id="A", code_id="bribery")
    return project_path


async def _open(pilot, key: str, screen_type: type):
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type)
    return pilot.app.screen


async def _wait_for(pilot, condition) -> None:
    deadline = time.monotonic() + 8.0  # the app looks twice a second; this only bounds a hang
    while time.monotonic() < deadline and not condition():
        await pilot.pause(0.1)


# --- the summary grid -------------------------------------------------------------------------------


async def test_the_grid_counts_moves_and_shows_a_cells_quotes(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _open(pilot, "G", SummaryGridScreen)
        table = grid.table
        assert [row.heading for row in table.grid.rows] == ["A", "B", "K", "C"]
        assert [code.name for code, _ in table.grid.codes][:2] == ["Wage deduction", "Bribery"]
        assert table.grid.label(0, 1) == "2 ✎" and table.grid.label(1, 1) == "1"  # alice's summary marks A × Bribery
        await pilot.press("right")
        await settle(pilot)
        assert table.cursor == (0, 1)
        assert str(grid.query_one("#summary-grid-heading").render()) == "Bribery × A: 2 spans, 2 passages"
        quotes = grid.query_one("#summary-grid-quotes", PlaceList)
        assert [(hit.document_id, hit.text) for hit in quotes.places] == [
            ("A", "They took eighty percent"),
            ("A", "We paid a bribe"),
        ]
        assert "Alice: the bribe came first." in str(grid.query_one("#summary-grid-summary-title").render())
        window = table.window
        await pilot.click(GridTable, offset=(window.heading_width + window.cell_width + 1, 2))  # B × Bribery
        await settle(pilot)
        assert table.cursor == (1, 1)
        assert [hit.document_id for hit in quotes.places] == ["B"]
        await pilot.press("tab", "down", "enter")  # to the quotes; enter on one goes there
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"
        assert app.screen.query_one(Transcript).selected_range() == place("B", "We worked from dawn")


async def test_a_summary_written_in_the_grid_is_a_grid_memo_and_undo_takes_it_back(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _open(pilot, "G", SummaryGridScreen)
        await pilot.press("right", "tab", "tab")  # Bribery × A, then its summary box
        await settle(pilot)
        assert grid.summary_area.has_focus
        await pilot.press(*"Chosen by bribe")
        await pilot.press("ctrl+s")
        await settle(pilot)
        with Project.open(memo_project) as project:
            written = [(memo.author, memo.text) for memo in project.memos.of("grid", "A", "bribery")]
        assert written == [(OTHER_CODER, "Alice: the bribe came first."), (CODER, "Chosen by bribe")]
        await pilot.press("escape", "ctrl+z")  # back to the grid, then undo
        await settle(pilot)
        assert isinstance(app.screen, SummaryGridScreen)
        with Project.open(memo_project) as project:
            assert [memo.author for memo in project.memos.of("grid", "A", "bribery")] == [OTHER_CODER]
        assert grid.summary_area.text == ""


async def test_attribute_rows_show_their_testimonies_summaries_and_write_none(memo_project: Path, notices) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _open(pilot, "G", SummaryGridScreen)
        await pilot.press("ctrl+o")  # rows: the first attribute's values (country)
        await settle(pilot)
        assert grid.attribute == "country"
        assert [row.heading for row in grid.table.grid.rows] == ["Arab Emirates", "China", "Russia"]
        await pilot.press("right")
        await settle(pilot)
        assert grid.summary_area.disabled
        await pilot.press("ctrl+s")
        assert notices[-1].message == "A summary is written on a testimony's row."


async def test_an_open_grid_follows_spans_and_summaries_written_elsewhere(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        grid = await _open(pilot, "G", SummaryGridScreen)
        assert grid.table.grid.label(1, 2) == "·"  # B × Surveillance
        with Project.open(memo_project) as other:  # a summary alone: no span changes with it
            other.memos.add(OTHER_CODER, "grid", "Alice on B.", document_id="B", code_id="surveillance")
        await _wait_for(pilot, lambda: grid.table.grid.label(1, 2) == "· ✎")
        assert grid.table.grid.label(1, 2) == "· ✎"
        with Project.open(memo_project) as other:
            other.spans.add(CODER, "B", "surveillance", *place("B", "Nobody could leave the site"))
        await _wait_for(pilot, lambda: grid.table.grid.label(1, 2) == "1 ✎")
        assert grid.table.grid.label(1, 2) == "1 ✎"


async def test_the_palette_opens_the_grid_and_the_memo_browser(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for title, screen_type in (("Summary grid", SummaryGridScreen), ("Memos", MemoBrowserScreen)):
            command = next(command for command in app.get_system_commands(app.screen) if command.title == title)
            await command.callback()
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
            await pilot.press("escape")
            await settle(pilot)


# --- the memo browser -------------------------------------------------------------------------------


async def test_the_browser_lists_every_memo_and_filters_by_kind_author_and_words(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        browser = await _open(pilot, "M", MemoBrowserScreen)
        assert [entry.kind for entry in browser.entries] == ["project", "document", "code", "grid", "span"]
        await pilot.press("k", "k")  # kind: project, then document
        await settle(pilot)
        assert [entry.kind for entry in browser.entries] == ["document"]
        await pilot.press("k", "k", "k", "k")  # code, grid, span, every kind
        await pilot.press("a")  # the first author: alice
        await settle(pilot)
        assert [(entry.kind, entry.author) for entry in browser.entries] == [("grid", OTHER_CODER)]
        await pilot.press("a", "a", "slash", *"paid")  # every author again; the words typed filter as they come
        await settle(pilot)
        assert [entry.kind for entry in browser.entries] == ["span"]
        assert "“paid”" in str(browser.query_one("#memo-browser-title").render())


async def test_the_browser_jumps_to_a_span_memo_and_to_a_codes_retrieval(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        browser = await _open(pilot, "M", MemoBrowserScreen)
        await pilot.press("end", "enter")  # the span memo
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.query_one(Transcript).selected_range() == place("A", "We paid a bribe")
        browser = await _open(pilot, "M", MemoBrowserScreen)
        browser.memo_list.highlighted = 2  # the code memo
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen) and app.screen.initial_code == "bribery"


async def test_the_browser_edits_a_memo_as_one_undoable_action(memo_project: Path, notices) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        browser = await _open(pilot, "M", MemoBrowserScreen)
        browser.memo_list.highlighted = 3  # alice's summary: hers to change
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is browser and notices[-1].severity == "warning"
        assert notices[-1].message.startswith("This memo is alice's")
        await pilot.press("home")
        await pilot.press("down", "e")  # the testimony memo
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*" Twice.", "ctrl+s")
        await settle(pilot)
        with Project.open(memo_project) as project:
            [memo] = project.memos.of("document", "A")
        assert memo.text == "A speaks of wages only when asked. Twice."
        assert browser.entries[1].text == memo.text
        await pilot.press("x")
        await settle(pilot)
        assert [entry.kind for entry in browser.entries] == ["project", "code", "grid", "span"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [entry.kind for entry in browser.entries] == ["project", "document", "code", "grid", "span"]


async def test_a_200000_character_memo_is_listed_previewed_in_part_and_edited_whole(memo_project: Path) -> None:
    long_text = ("The broker kept a part of every wage. " * 5300)[:200_000]
    with Project.open(memo_project) as project:
        project.memos.add(CODER, "code", long_text, code_id="remittances")
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        browser = await _open(pilot, "M", MemoBrowserScreen)
        browser.memo_list.highlighted = [entry.code_id for entry in browser.entries].index("remittances")
        await settle(pilot)
        assert "more characters (e opens it whole)" in str(browser.query_one("#memo-preview").render())
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
        assert app.screen.query_one(TextArea).text == long_text.strip()
        await pilot.press("end", *" Twice.", "ctrl+s")
        await settle(pilot)
        with Project.open(memo_project) as project:
            [memo] = project.memos.of("code", code_id="remittances")
        assert len(memo.text) == len(long_text.strip()) + len(" Twice.")


async def test_an_open_browser_lists_a_memo_written_elsewhere(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        browser = await _open(pilot, "M", MemoBrowserScreen)
        with Project.open(memo_project) as other:
            other.memos.add(OTHER_CODER, "document", "Alice on B.", document_id="B")
        await _wait_for(pilot, lambda: len(browser.entries) == 6)
        assert "Alice on B." in [entry.text for entry in browser.entries]


# --- the coding screen's memo keys ------------------------------------------------------------------


async def test_the_testimonys_and_the_codes_memos_are_written_without_leaving_the_screen(memo_project: Path) -> None:
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
        assert app.screen.memo == "A speaks of wages only when asked."  # the coder's own memo, to change
        app.screen.query_one(TextArea).load_text("Rewritten.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        app.screen.query_one(CodebookPanel).highlighted = 2  # Surveillance
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor) and app.screen.memo == ""
        await pilot.press(*"Watching at work.", "ctrl+s")
        await settle(pilot)
        with Project.open(memo_project) as project:
            assert [memo.text for memo in project.memos.of("document", "A")] == ["Rewritten."]
            assert [(memo.author, memo.text) for memo in project.memos.of("code", code_id="surveillance")] == [
                (CODER, "Watching at work.")
            ]


async def test_an_undo_in_the_grid_shows_on_the_coding_screen_behind_it(memo_project: Path, notices) -> None:
    """The grid's ctrl+z undoes any action of the coder: a span coded a moment ago goes from the text too."""
    app = make_app(memo_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        coding = app.screen
        coding.query_one(Transcript).select_range(*place("A", "The manager watched us every day."))
        await pilot.press("3")  # Surveillance
        await settle(pilot)
        assert coding.open.code_counts["surveillance"] == 1
        grid = await _open(pilot, "G", SummaryGridScreen)
        assert grid.table.grid.label(0, 2) == "1"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert notices[-1].message.startswith("Undone: coding Surveillance")
        assert grid.table.grid.label(0, 2) == "·"
        assert coding.open.code_counts["surveillance"] == 0


async def test_the_code_memo_key_with_no_code_highlighted_says_how_to_highlight_one(
    memo_project: Path, notices
) -> None:
    """Seen as a new user: I said only "Highlight a code in the codebook panel first"; it says how, and the
    way it says works."""
    app = make_app(memo_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(CodebookPanel).highlighted = None
        await pilot.press("I")
        await settle(pilot)
        assert "tab to the panel" in notices[-1].message
        await pilot.press("tab", "down")
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
