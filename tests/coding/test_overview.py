"""The overview's core: cells from span counts, columns by testimony or by an attribute's items
(a comma-separated value counted under each), the codes in tree order."""

from __future__ import annotations

from annotator.coding.overview import attribute_items, column_choices, overview_grid
from tests.support.coding import GRID_CODES, GRID_COUNTS, GRID_TESTIMONIES

CODES, TESTIMONIES, COUNTS = GRID_CODES, GRID_TESTIMONIES, GRID_COUNTS


def test_cells_by_testimony_and_codes_in_tree_order() -> None:
    grid = overview_grid(CODES, TESTIMONIES, COUNTS)
    assert [code.id for code, _ in grid.rows] == ["bribery", "surveillance", "informants"]
    assert [column.heading for column in grid.columns] == ["A", "B", "C"]
    assert [grid.count("bribery", index) for index in range(3)] == [2, 1, 0]
    assert grid.count("informants", 2) == 4
    assert grid.row_total("bribery") == 3


def test_a_multi_valued_attribute_counts_under_each_item_and_blank_is_left_out() -> None:
    grid = overview_grid(CODES, TESTIMONIES, COUNTS, "country")
    assert [(column.heading, column.document_ids) for column in grid.columns] == [
        ("Russia", ("A", "B")),
        ("Yemen", ("A",)),
    ]
    assert [grid.count("bribery", index) for index in range(2)] == [3, 2]
    assert grid.row_total("informants") == 4  # C has no country: in no column, still in the total
    assert attribute_items(" Russia ,, Czech Republic") == ["Russia", "Czech Republic"]
    assert column_choices(TESTIMONIES) == [None, "country", "gender"]
