"""Pilot tests of the legend (key C): the codes coloured in the rows in view, following scrolls and coding."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from annotator.storage import Project
from annotator.tui.widgets.code_legend import NOTHING_CODED, CodeLegend, legend_lines
from annotator.tui.widgets.transcript import Transcript
from tests.support.transcripts import LAST_ANSWER
from tests.support.tui import CODER, TEXT_A, make_app, settle


def _legend(app) -> str:
    """The legend's words (its line breaks depend on the column's width, checked below)."""
    return " ".join(str(app.screen.query_one(CodeLegend).render()).split())


async def test_the_legend_names_the_codes_in_view_in_text_order_without_moving_the_cursor(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "remittances", TEXT_A.index("We sent"), len(TEXT_A))
        project.spans.add(CODER, "A", "bribery", 38, 87)
        project.spans.add(CODER, "A", "wage-deduction", 0, 37)
    app = make_app(project_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        legend = app.screen.query_one(CodeLegend)
        assert not legend.display
        await pilot.press("C")
        assert legend.display
        assert _legend(app) == "Codes in view: ■ Wage deduction ■ Bribery ■ Remittances"
        assert app.screen.query_one(Transcript).cursor_offset == 0
        await pilot.press("shift+right", "shift+right", "x")  # remove the wage span: the legend follows
        await settle(pilot)
        assert _legend(app) == "Codes in view: ■ Bribery ■ Remittances"
        await pilot.press("C")
        assert not legend.display


async def test_the_legend_follows_the_view_when_the_text_scrolls(interview_path: Path) -> None:
    with Project.open(interview_path) as project:
        text = project.documents.get("interview").text
        project.spans.add(CODER, "interview", "bribery", 0, 20)
        project.spans.add(CODER, "interview", "remittances", text.index(LAST_ANSWER), len(text))
    app = make_app(interview_path)
    async with app.run_test(size=(100, 14)) as pilot:  # a few rows of text in view
        await settle(pilot)
        await pilot.press("C")
        assert _legend(app) == "Codes in view: ■ Bribery"
        transcript = app.screen.query_one(Transcript)
        transcript.scroll_end(animate=False)  # as a mouse wheel does: the cursor stays where it was
        await pilot.pause()
        assert transcript.cursor_offset == 0
        assert _legend(app) == "Codes in view: ■ Remittances"
        transcript.scroll_to(y=3, animate=False)  # the question and the answer between: nothing coded
        await pilot.pause()
        start, end = transcript.visible_range()
        assert start > 20 and end < text.index(LAST_ANSWER)
        assert _legend(app) == NOTHING_CODED


def test_legend_lines_break_between_codes_and_say_how_many_did_not_fit() -> None:
    names = ["Wage deduction", "Bribery", "Remittances", "Surveillance", "Informants", "Debt bondage"]
    entries = [Content(f"■ {name}") for name in names]
    assert [line.plain for line in legend_lines(entries, 50)] == [
        "Codes in view:  ■ Wage deduction  ■ Bribery",
        "■ Remittances  ■ Surveillance  ■ Informants",
        "■ Debt bondage",
    ]
    assert [line.plain for line in legend_lines(entries * 2, 50)][2] == "■ Debt bondage  ■ Wage deduction  +5 more"
    assert all(line.cell_length <= 50 for line in legend_lines(entries * 2, 50))
