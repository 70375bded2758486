"""The overview `O` (issue 24): testimony (or attribute value) x code counts equal to the spans, every
coder's with a toggle, and enter on a cell listing that cell's passages, from which a jump goes there;
a grid of 10,000 testimonies by 100 codes draws only what is on screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Label

from annotator.domain.models import Code
from annotator.storage import Project
from annotator.storage.documents import DocumentSummary
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.overview import OverviewScreen, grid_shape
from annotator.tui.screens.retrieval import RetrievalScreen
from annotator.tui.widgets.count_grid import CountGrid
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


def _cells(grid: CountGrid) -> dict[tuple[str, str], str]:
    """Each cell by (code name, row heading), blank cells left out."""
    shape = grid.shape
    return {
        (shape.column_heading(column), shape.row_heading(row)): shape.cell(row, column)
        for row in range(shape.rows)
        for column in range(shape.columns)
        if shape.cell(row, column) != "·"
    }


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
        grid = screen.query_one(CountGrid)
        # the other coder's surveillance span in A is not counted: the current coder's own
        assert _cells(grid) == {
            ("All", "All"): "4",
            ("All", "A"): "2",
            ("All", "B"): "1",
            ("All", "C"): "1",
            ("Bribery", "A"): "2",
            ("Bribery", "B"): "1",
            ("Bribery", "All"): "3",
            ("Informants", "C"): "1",
            ("Informants", "All"): "1",
        }
        shape = grid.shape
        assert [shape.column_heading(column) for column in range(shape.columns)] == [
            "All",
            "Wage deduction",
            "Bribery",
            "Surveillance",
            "Informants",
            "Remittances",
        ]
        assert [shape.row_heading(row) for row in range(shape.rows)] == ["All", "A", "B", "K", "C"]
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert _cells(grid)[("Surveillance", "A")] == "1"
        await pilot.press("ctrl+a", "ctrl+o")  # own spans again; rows: the first attribute, country
        await settle(pilot)
        assert screen.attribute == "country"
        with Project.open(project_path) as project:
            countries = {document.id: document.attributes["country"] for document in project.documents.summaries()}
        assert countries["B"] == "Russia"
        assert _cells(grid)[("Bribery", "Russia")] == "1"
        assert ("Informants", countries["C"]) in _cells(grid)


async def test_enter_on_a_cell_lists_its_passages_and_jumps(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _overview(pilot)
        await pilot.press("down", "right", "right")  # A, then Bribery (after All and Wage deduction)
        assert str(screen.query_one("#overview-cell", Label).content) == "Bribery × A: 2 spans · enter lists them"
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
        assert _cells(screen.query_one(CountGrid))[("Bribery", "A")] == "2"
        with Project.open(project_path) as other:
            other.spans.add(CODER, "A", "bribery", *place("A", "The manager watched us"))
        deadline = time.monotonic() + 8.0  # the app looks twice a second; this only bounds a hang
        while time.monotonic() < deadline and _cells(screen.query_one(CountGrid)).get(("Bribery", "A")) != "3":
            await pilot.pause(0.1)
        assert _cells(screen.query_one(CountGrid))[("Bribery", "A")] == "3"


async def test_enter_on_a_testimonys_all_cell_opens_that_testimony(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _overview(pilot)
        await pilot.press("down", "down", "enter")  # B's row, the All column
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"


def _rendered(grid: CountGrid) -> list[str]:
    """The grid's lines as drawn."""
    return [grid.render_line(y).text for y in range(grid.scrollable_content_region.height)]


async def test_a_huge_grid_draws_only_the_cells_in_view(project_path: Path) -> None:
    """10,000 testimonies by 100 codes: drawing a screen asks for the cells in view only, and the cursor
    taken to the far corner scrolls there (headings staying put)."""
    codes = [Code(id=f"c{index}", name=f"Code {index}", colour="#1f77b4") for index in range(100)]
    testimonies = [DocumentSummary(f"T{index:05}", "", {}, 1) for index in range(10_000)]
    from annotator.coding.overview import overview_grid

    counts = [(testimony.id, code.id, 1) for testimony in testimonies[:50] for code in codes]
    big = overview_grid(codes, testimonies, counts)
    shape = grid_shape(big)
    asked: list[tuple[int, int]] = []

    def cell(row: int, column: int) -> str:
        asked.append((row, column))
        return shape.cell(row, column)

    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _overview(pilot)
        grid = screen.query_one(CountGrid)
        asked.clear()
        screen.grid = big  # what the line under the grid describes
        grid.show(replace(shape, cell=cell))
        await pilot.pause()
        lines = _rendered(grid)
        height, width = grid.scrollable_content_region.height, grid.scrollable_content_region.width
        # every cell drawn is one in view (a row of the screen, a column that fits), none of the other million
        assert asked and {row for row, _ in asked} <= set(range(height))
        assert {column for _, column in asked} <= set(range(width // shape.column_width + 2))
        assert lines[0].split()[:2] == ["All", "Code"] and lines[1].startswith("All") and lines[2].startswith("T00000")
        await pilot.press("end")
        for _ in range(100):
            await pilot.press("right")
        await pilot.pause()
        assert grid.cursor == (10_000, 100)
        lines = _rendered(grid)
        assert lines[0].rstrip().endswith("Code 99") and lines[-1].startswith("T09999")


async def test_rows_by_an_attribute_say_how_many_testimonies_have_none(project_path: Path) -> None:
    """Seen on the bundled corpus (age given for 2 of 18): rows by age summed to 13 of the All row's 69
    spans and nothing said the other testimonies were in no row."""
    from annotator.domain.models import Document

    with Project.open(project_path) as project:
        project.documents.add([Document(id="Z", text="No attributes here.")])
    app = make_app(_coded(project_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _overview(pilot)
        title = screen.query_one("#overview-title", Label)
        assert "no " not in str(title.content)  # by testimony: every testimony is a row
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert screen.attribute == "country"
        assert str(title.content).endswith("1 of 5 testimonies has no country (in no row)")
