"""The summary grid's core: testimonies (or attribute items) by codes, each cell its count and its quotes
through the query layer, its summary a grid memo written as one undoable action, and the window that
draws only the cells in view."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.coding.session import CodingSession
from annotator.coding.summary_grid import (
    CELL_WIDTH,
    GridWindow,
    SummaryCells,
    code_operand,
    moved,
    summary_grid,
)
from annotator.coding.text_conflict import EditKept
from annotator.domain.models import Code
from annotator.query.syntax import parse
from annotator.storage import Project
from annotator.storage.documents import DocumentSummary
from tests.support.coding import CODER, GRID_CODES, GRID_COUNTS, GRID_TESTIMONIES, OTHER, TEXT_A

CODES, TESTIMONIES, COUNTS = GRID_CODES, GRID_TESTIMONIES, GRID_COUNTS


def test_rows_are_testimonies_and_columns_codes_in_tree_order() -> None:
    grid = summary_grid(CODES, TESTIMONIES, COUNTS, summarised=[("A", "bribery")])
    assert [row.heading for row in grid.rows] == ["A", "B", "C"]
    assert [code.id for code, _ in grid.codes] == ["bribery", "surveillance", "informants"]
    assert grid.size == (3, 3)
    assert grid.cell(0, 0).count == 2 and grid.cell(2, 2).count == 4 and grid.cell(1, 1).count == 0
    assert grid.label(0, 0) == "2 ✎" and grid.label(1, 0) == "1" and grid.label(1, 1) == "·"
    assert grid.cell(0, 0).one_testimony == "A"


def test_attribute_rows_split_multi_valued_values_and_hold_no_one_testimony() -> None:
    grid = summary_grid(CODES, TESTIMONIES, COUNTS, "country", summarised=[("A", "bribery")])
    assert [(row.heading, row.document_ids) for row in grid.rows] == [("Russia", ("A", "B")), ("Yemen", ("A",))]
    assert grid.cell(0, 0).count == 3 and grid.cell(1, 0).count == 2
    assert grid.cell(1, 0).one_testimony is None  # Yemen holds only A, but it is a value, not the testimony
    assert grid.has_summary(0, 0) and grid.has_summary(1, 0)
    # a value spelt like a testimony's id, held by that testimony alone, is still a value's row
    named = summary_grid(CODES, [DocumentSummary("A", "A", {"group": "A"}, 1)], [], "group")
    assert named.cell(0, 0).document_ids == ("A",) and named.cell(0, 0).one_testimony is None


def test_the_window_draws_only_the_cells_in_view_and_follows_the_cursor() -> None:
    codes = [Code(id=f"c{index}", name=f"Code {index}", colour="#1f77b4") for index in range(200)]
    testimonies = [DocumentSummary(f"T{index}", "", {}, 1) for index in range(1000)]
    grid = summary_grid(codes, testimonies, [("T999", "c199", 7)])
    window = GridWindow()
    window.fit(grid, width=80, height=24, cursor=(0, 0))
    rows, columns = window.shown
    assert rows == 23 and columns == (80 - window.heading_width) // CELL_WIDTH
    assert len(window.row_line(grid, 0)) == columns + 1  # the heading and the cells in view, not 200
    window.fit(grid, width=80, height=24, cursor=(999, 199))
    assert window.first_row == 1000 - rows and window.first_column == 200 - columns
    assert window.row_line(grid, 999)[-1][1].strip() == "7"
    assert window.at(grid, window.heading_width + CELL_WIDTH * (columns - 1), rows) == (999, 199)
    assert window.at(grid, 0, 5) is None  # the row headings are not a cell
    assert moved((0, 0), (-1, 5), grid.size) == (0, 5) and moved((999, 199), (1, 1), grid.size) == (999, 199)


def test_a_wide_terminal_with_few_codes_shows_their_whole_names() -> None:
    grid = summary_grid(
        [*CODES, Code(id="long", name="Wage deduction and state extraction", colour="#000000")], TESTIMONIES, []
    )
    narrow, wide = GridWindow(), GridWindow()
    narrow.fit(grid, width=50, height=10, cursor=(0, 0))
    wide.fit(grid, width=160, height=10, cursor=(0, 0))
    assert narrow.cell_width == CELL_WIDTH and narrow.heading_line(grid)[1][1].startswith("Bribery")
    assert [text.strip() for _, text in wide.heading_line(grid)[1:4]] == ["Bribery", "Surveillance", "·Informants"]
    assert wide.heading_line(grid)[4][1].strip() == "Wage deduction and sta…"  # at most WIDEST_CELL


def test_a_code_operand_names_one_code_by_id_whatever_its_id_holds() -> None:
    assert code_operand('odd"id') == '"odd""id"!'
    node = parse(code_operand("AND"))  # a keyword as an id is still a code
    assert getattr(node, "name", None) == "AND" and getattr(node, "exact", False)


def _place(quote: str) -> tuple[int, int]:
    start = TEXT_A.index(quote)
    return start, start + len(quote)


def test_cells_count_and_quote_the_coders_own_spans_through_the_query_layer(
    project: Project, session: CodingSession
) -> None:
    project.spans.add(CODER, "A", "bribery", *_place("We paid a bribe."))
    project.spans.add(OTHER, "A", "bribery", *_place("They took the wage."))
    project.spans.add(CODER, "A", "wage", *_place("They took the wage."))
    cells = SummaryCells(session)
    grid = cells.grid(None, every_coder=False)
    bribery = [code.id for code, _ in grid.codes].index("bribery")
    cell = grid.cell(0, bribery)
    assert cell.count == 1
    assert [hit.text for hit in cells.quotes(cell, every_coder=False)] == ["We paid a bribe."]
    everyone = cells.grid(None, every_coder=True).cell(0, bribery)
    assert everyone.count == 2
    assert [hit.text for hit in cells.quotes(everyone, every_coder=True)] == ["They took the wage.", "We paid a bribe."]


def test_a_summary_is_a_grid_memo_written_changed_and_removed_as_undoable_actions(
    project: Project, session: CodingSession
) -> None:
    cells = SummaryCells(session)
    assert cells.write_summary("A", "bribery", "  ") is None  # nothing written for an empty summary
    added = cells.write_summary("A", "bribery", "Bribes paid to be chosen.")
    assert added is not None and added.batch in session.watch.own  # not taken in again as another's change
    [memo] = project.memos.of("grid", document_id="A", code_id="bribery")
    assert (memo.author, memo.text) == (CODER, "Bribes paid to be chosen.")
    assert cells.grid(None, every_coder=False).summarised == {("A", "bribery")}
    assert cells.write_summary("A", "bribery", "Bribes paid to be chosen.") is None  # unchanged: no action
    cells.write_summary("A", "bribery", "Bribes, twice.")
    assert project.memos.get(memo.id).text == "Bribes, twice."
    session.undo()
    assert project.memos.get(memo.id).text == "Bribes paid to be chosen."
    cells.write_summary("A", "bribery", "")
    assert project.memos.of("grid") == []
    session.undo()
    assert [memo.text for memo in project.memos.of("grid")] == ["Bribes paid to be chosen."]


def test_another_authors_summary_is_shown_beside_the_coders_own_never_overwritten(
    project: Project, session: CodingSession
) -> None:
    project.memos.add(OTHER, "grid", "Alice's view.", document_id="A", code_id="bribery")
    cells = SummaryCells(session)
    assert cells.own_summary("A", "bribery") is None
    cells.write_summary("A", "bribery", "Mine.")
    grid = cells.grid(None, every_coder=False)
    cell = grid.cell(0, [code.id for code, _ in grid.codes].index("bribery"))
    assert sorted(memo.text for memo in cells.summaries(cell)) == ["Alice's view.", "Mine."]


def test_a_summary_changed_elsewhere_since_the_box_showed_it_is_not_overwritten(
    project: Project, session: CodingSession
) -> None:
    cells = SummaryCells(session)
    cells.write_summary("A", "bribery", "As the box showed it.")
    with Project.open(project.path) as other:  # the coder's other window changes it meanwhile
        [memo] = other.memos.of("grid", "A", "bribery")
        other.memos.edit(CODER, memo.id, "Changed in the other window.")
    with pytest.raises(EditKept, match=r"changed by tester \(memo-edit\) since the editor opened it") as kept:
        cells.write_summary("A", "bribery", "Typed here.", opened="As the box showed it.")
    assert project.memos.get(memo.id).text == "Changed in the other window."
    path = Path(str(kept.value).rsplit(" kept in ", 1)[1])
    assert path.read_text(encoding="utf-8").strip() == "Typed here." and path.stat().st_mode & 0o077 == 0
    with Project.open(project.path) as other:
        other.memos.remove(CODER, memo.id)
    with pytest.raises(EditKept, match="removed since the editor opened it"):
        cells.write_summary("A", "bribery", "Typed again.", opened="Changed in the other window.")
    assert project.memos.of("grid") == []
