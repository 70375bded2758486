"""The overview `O` (issue 24): code x testimony (or attribute value) counts equal to the spans, every
coder's with a toggle, and enter on a cell listing that cell's passages, from which a jump goes there."""

from __future__ import annotations

from pathlib import Path

from textual.coordinate import Coordinate
from textual.widgets import DataTable

from annotator.storage import Project
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.overview import OverviewScreen
from annotator.tui.screens.retrieval import RetrievalScreen
from annotator.tui.widgets.place_list import PlaceList
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import CODER, make_app, place, settle

SIZE = (130, 36)


def _coded(path: Path) -> Path:
    """Bribery twice in A, once in B; informants (below surveillance) in C; another coder's span in A."""
    with Project.open(path) as project:
        project.spans.add(CODER, "A", "bribery", *place("A", "We paid a bribe"))
        project.spans.add(CODER, "A", "bribery", *place("A", "They took eighty percent"))
        project.spans.add(CODER, "B", "bribery", *place("B", "We worked from dawn"))
        project.spans.add(CODER, "C", "informants", *place("C", "My family stayed behind"))
    return path


def _cells(table: DataTable) -> dict[tuple[str, str], str]:
    """Each cell by (code name, column heading), blank cells left out."""
    headings = [str(column.label) for column in table.ordered_columns]
    found = {}
    for row in range(table.row_count):
        values = [str(value) for value in table.get_row_at(row)]
        for heading, value in zip(headings[1:], values[1:], strict=True):
            if value != "·":
                found[(values[0].strip(), heading)] = value
    return found


async def _overview(pilot) -> OverviewScreen:
    await settle(pilot)
    await pilot.press("O")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OverviewScreen)
    return pilot.app.screen


async def test_cells_equal_the_span_counts_by_testimony_and_by_attribute(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _overview(pilot)
        table = screen.query_one(DataTable)
        # the other coder's surveillance span in A is not counted: the current coder's own
        assert _cells(table) == {
            ("Bribery", "A"): "2",
            ("Bribery", "B"): "1",
            ("Bribery", "All"): "3",
            ("Informants", "C"): "1",
            ("Informants", "All"): "1",
        }
        assert [str(value).strip() for value in table.get_column_at(0)] == [
            "Wage deduction",
            "Bribery",
            "Surveillance",
            "Informants",
            "Remittances",
        ]
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert _cells(table)[("Surveillance", "A")] == "1"
        await pilot.press("ctrl+a", "ctrl+o")  # own spans again; columns: the first attribute, country
        await settle(pilot)
        assert screen.attribute == "country"
        with Project.open(project_path) as project:
            countries = {document.id: document.attributes["country"] for document in project.documents.summaries()}
        assert countries["B"] == "Russia"
        assert _cells(table)[("Bribery", "Russia")] == "1"
        assert ("Informants", countries["C"]) in _cells(table)


async def test_enter_on_a_cell_lists_its_passages_and_jumps(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _overview(pilot)
        table = screen.query_one(DataTable)
        table.cursor_coordinate = Coordinate(1, 1)  # Bribery × A
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RetrievalScreen)
        segments = app.screen.query_one("#retrieval-segments", PlaceList)
        assert [(span.document_id, span.code_id) for span in segments.places] == [("A", "bribery")] * 2
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "A"
        assert app.screen.query_one(Transcript).selected_range() == place("A", "We paid a bribe")


async def test_the_palette_opens_the_overview(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        command = next(command for command in app.get_system_commands(app.screen) if command.title == "Overview")
        await command.callback()  # the screen's run_action
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_an_open_overview_counts_a_span_added_elsewhere(project_path: Path) -> None:
    """A second window (or process) codes while the overview is open: its cell counts the span."""
    import time

    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _overview(pilot)
        assert _cells(screen.query_one(DataTable))[("Bribery", "A")] == "2"
        with Project.open(project_path) as other:
            other.spans.add(CODER, "A", "bribery", *place("A", "The manager watched us"))
        deadline = time.monotonic() + 8.0  # the app looks twice a second; this only bounds a hang
        while time.monotonic() < deadline and _cells(screen.query_one(DataTable)).get(("Bribery", "A")) != "3":
            await pilot.pause(0.1)
        assert _cells(screen.query_one(DataTable))[("Bribery", "A")] == "3"
