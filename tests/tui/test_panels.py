"""The panels keep the key facts visible: a code's key and count are never cut, the spans' coder and memo mark come first."""

from __future__ import annotations

from pathlib import Path

from annotator.coding.colours import MIN_DISTANCE, colour_distance
from annotator.domain.models import Code
from annotator.storage import Project
from annotator.tui.widgets.codebook_panel import CodebookPanel, code_prompt
from annotator.tui.widgets.spans_panel import MEMO_MARK, SpansPanel
from tests.support.tui import CODER, OTHER_CODER, TEXT_A, make_app, settle

LONG = Code(id="long", name="Wage deduction and state extraction of foreign currency earnings", key="3")


def test_a_long_name_is_cut_and_the_key_and_count_stay() -> None:
    for width in (12, 21, 30, 60):
        plain = code_prompt(LONG, 1, 128, LONG.colour, width).plain
        assert len(plain) == width
        assert plain.startswith("3 ■") and plain.endswith("  128")
        assert "…" in plain
    wide = code_prompt(LONG, 0, 1, LONG.colour, 200).plain
    assert wide.startswith("3 ■ " + LONG.name + " ") and wide.endswith(" 1") and "…" not in wide


def _row_text(panel, row: int) -> str:
    return panel.fitted_content(row, panel.scrollable_content_region.width).plain


async def test_panels_on_80x24_show_count_coder_and_memo_mark(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.codes.add([LONG.model_copy(update={"key": None})])
        project.spans.add(CODER, "A", "long", 0, 10, memo="a memo")
    app = make_app(project_path, show_others=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        codebook = app.screen.query_one(CodebookPanel)
        assert codebook.border_title == "Codebook · test"
        row = codebook.code_ids.index("long")
        text = _row_text(codebook, row)
        assert text.endswith("  1") and "…" in text
        spans = app.screen.query_one(SpansPanel)
        rows = [_row_text(spans, index) for index in range(len(spans.spans))]
        # Each row starts with the coder (its first four letters in this narrow panel), then the memo
        # mark (or its blank), however narrow the panel; then the span's start and its first words.
        assert rows[0].startswith(f"▌{CODER[:4]} {MEMO_MARK} 0 «They took»")
        manager = TEXT_A.index("The manager")
        assert any(row.startswith(f"▌{OTHER_CODER[:4]}   {manager} «The manager…»") for row in rows)
        # The whole visible line is drawn from this content: the coder is on screen.
        assert spans.region.width >= len(f"▌{CODER[:4]} {MEMO_MARK} ") + 4


async def test_blind_coding_gives_the_coder_column_to_the_code(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "bribery", 0, 10)
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        spans = app.screen.query_one(SpansPanel)
        assert _row_text(spans, 0).startswith("▌  0 «They took» Bribery")


async def test_a_child_coloured_like_its_parent_is_shown_apart(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.codes.add([Code(id="guards", name="Guards", parent="surveillance", colour="#1f77b4")])
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = app.screen.transcript.colours
        assert shown["surveillance"] == "#1f77b4"
        assert colour_distance(shown["guards"], shown["surveillance"]) >= MIN_DISTANCE
        assert colour_distance(shown["guards"], shown["informants"]) >= MIN_DISTANCE
        codebook = app.screen.query_one(CodebookPanel)
        row = codebook.code_ids.index("guards")
        swatch = codebook.row_content(row).spans[1]
        assert swatch.style == shown["guards"]
