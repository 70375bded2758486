"""The overview's core: cells from span counts, rows by testimony or by an attribute's items
(a comma-separated value counted under each), the codes in tree order, counted for chosen coders."""

from __future__ import annotations

from annotator.coding.overview import attribute_items, count_overview, lazy_overview, overview_grid, row_choices
from annotator.storage import Project
from tests.support.coding import GRID_CODES, GRID_COUNTS, GRID_TESTIMONIES

CODES, TESTIMONIES, COUNTS = GRID_CODES, GRID_TESTIMONIES, GRID_COUNTS


def test_cells_by_testimony_and_codes_in_tree_order() -> None:
    grid = overview_grid(CODES, TESTIMONIES, COUNTS)
    assert [code.id for code, _ in grid.codes] == ["bribery", "surveillance", "informants"]
    assert [row.heading for row in grid.rows] == ["A", "B", "C"]
    assert [grid.count(index, "bribery") for index in range(3)] == [2, 1, 0]
    assert grid.count(2, "informants") == 4
    assert grid.code_total("bribery") == 3
    assert [grid.row_total(index) for index in (-1, 0, 1, 2)] == [7, 2, 1, 4]


def test_a_multi_valued_attribute_counts_under_each_item_and_blank_is_left_out() -> None:
    grid = overview_grid(CODES, TESTIMONIES, COUNTS, "country")
    assert [(row.heading, row.document_ids) for row in grid.rows] == [
        ("Russia", ("A", "B")),
        ("Yemen", ("A",)),
    ]
    assert [grid.count(index, "bribery") for index in range(2)] == [3, 2]
    assert grid.code_total("informants") == 4  # C has no country: in no row, still in the total
    assert grid.row_total(-1) == 7  # A's spans once, though A is under Russia and Yemen
    assert attribute_items(" Russia ,, Czech Republic") == ["Russia", "Czech Republic"]
    assert row_choices(TESTIMONIES) == [None, "country", "gender"]


def test_counted_for_me_a_list_of_coders_or_everyone(project: Project) -> None:
    """tester codes bribery twice, bob once, alice surveillance once: each choice of coders counts its own."""
    for coder, code_id, start, end in [
        ("tester", "bribery", 20, 36),
        ("tester", "bribery", 0, 19),
        ("bob", "bribery", 20, 36),
        ("alice", "surveillance", 38, 61),
    ]:
        project.spans.add(coder, "A", code_id, start, end)
    codes, testimonies = project.codes.all(), project.documents.summaries()

    def totals(coders: list[str] | None) -> tuple[int, int]:
        grid = count_overview(project.path, coders, codes, testimonies)
        return grid.code_total("bribery"), grid.code_total("surveillance")

    assert totals(["tester"]) == (2, 0)
    assert totals(["tester", "bob"]) == (3, 0)
    assert totals(None) == (3, 1)
    assert totals(["alice"]) == (0, 1)


def test_the_lazy_grid_reads_a_testimonys_counts_only_when_its_row_is_asked_for(project: Project) -> None:
    """What the screen opens with: no row read at first, each row read once, the same counts as counting all."""
    project.spans.add("tester", "A", "bribery", 20, 36)
    project.spans.add("tester", "U", "wage", 0, 3)
    project.spans.add("alice", "A", "surveillance", 38, 61)
    codes, testimonies = project.codes.all(), project.documents.summaries()
    lazy = lazy_overview(project, ["tester"], codes, testimonies)
    assert lazy.rows_read == 0 and lazy.code_total("bribery") == 1 and lazy.row_total(-1) == 2
    assert (lazy.count(0, "bribery"), lazy.count(0, "surveillance")) == (1, 0)
    assert lazy.rows_read == 1
    eager = count_overview(project.path, None, codes, testimonies)
    everyone = lazy_overview(project, None, codes, testimonies)
    cells = [(row, code.id) for row in (-1, 0, 1) for code, _ in eager.codes]
    assert [everyone.count(*cell) for cell in cells] == [eager.count(*cell) for cell in cells]
