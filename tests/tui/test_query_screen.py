"""The query screen (issue 24): a query typed and its hits listed, a bad query's one-line error with its
caret, enter on a hit jumps there, and the corpus-wide search."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from annotator.storage import Project
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.query import QueryScreen
from annotator.tui.widgets.place_list import PlaceList
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import CODER, TEXT_A, TEXT_B, make_app, settle

SIZE = (120, 34)


def _coded(path: Path) -> Path:
    """Bribery coded in A (once) and B (twice), wage deduction in A."""
    with Project.open(path) as project:
        project.spans.add(CODER, "A", "bribery", 38, 87)
        project.spans.add(CODER, "A", "wage-deduction", 0, 37)
        project.spans.add(CODER, "B", "bribery", 0, 28)
        start = TEXT_B.index("We worked")
        project.spans.add(CODER, "B", "bribery", start, start + 9)
    return path


async def _ask(pilot, text: str) -> QueryScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QueryScreen)
    screen.query_one(Input).value = text
    screen.query_one(Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return screen


def _label(screen: QueryScreen, name: str) -> str:
    return str(screen.query_one(f"#query-{name}", Label).content)


async def test_a_query_lists_its_hits_with_counts_per_testimony(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        screen = await _ask(pilot, "bribery")
        hits = screen.query_one(PlaceList)
        assert [(hit.document_id, hit.start) for hit in hits.places] == [("A", 38), ("B", 0), ("B", 30)]
        assert _label(screen, "summary") == "3 hits in 2 testimonies: A 1 · B 2"
        assert hits.has_focus and hits.highlighted == 0
        assert hits.places[0].words == TEXT_A[38:87]
        await pilot.press("down")  # stepping through the hits
        assert hits.highlighted == 1


async def test_a_bad_query_is_one_line_with_a_caret_under_its_column(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        screen = await _ask(pilot, "bribery AND nosuchcode")
        fault = _label(screen, "fault")
        assert "nosuchcode" in fault and "\n" not in fault
        assert "Traceback" not in fault
        assert _label(screen, "caret") == " " * len("bribery AND ") + "^"
        assert screen.query_one(PlaceList).places == []
        screen = await _ask(pilot, "(bribery")
        assert "\n" not in _label(screen, "fault") and _label(screen, "caret").endswith("^")
        screen = await _ask(pilot, "bribery")  # a good query clears the fault
        assert _label(screen, "fault") == "" and _label(screen, "caret") == ""


async def test_enter_on_a_hit_jumps_to_it_in_the_coding_screen(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await _ask(pilot, "bribery")
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"
        start = TEXT_B.index("We worked")
        assert app.screen.query_one(Transcript).selected_range() == (start, start + 9)


async def test_the_corpus_search_finds_words_in_every_testimony_and_jumps(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q", "ctrl+t")
        screen = await _ask(pilot, "nobody")
        hits = screen.query_one(PlaceList)
        assert [hit.document_id for hit in hits.places] == ["A", "B"]
        assert [hit.words for hit in hits.places] == ["Nobody", "Nobody"]
        assert _label(screen, "summary") == "2 hits in 2 testimonies: A 1 · B 1"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"
        assert app.screen.query_one(Transcript).selected_range() == (0, len("Nobody"))


async def test_escape_goes_back_without_jumping(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q", "escape")
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "A"


async def test_a_codes_every_hit_as_one_undoable_action(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("Q", "ctrl+t")
        await _ask(pilot, "nobody")
        await pilot.press("a")
        await settle(pilot)
        for key in "informants":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        with Project.open(project_path) as project:
            coded = [(span.document_id, span.start, span.end) for span in project.spans.select(coder=CODER)]
        assert coded == [("A", TEXT_A.index("Nobody"), TEXT_A.index("Nobody") + 6), ("B", 0, 6)]
        await pilot.press("ctrl+z")  # one action: both go
        await settle(pilot)
        with Project.open(project_path) as project:
            assert project.spans.select(coder=CODER) == []
