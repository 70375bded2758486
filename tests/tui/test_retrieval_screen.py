"""Code retrieval `g` (issue 24): the codes below included (a toggle the title names), whole quotes,
and the listed segments exported owner-only to exports/."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Label, OptionList, Static

from annotator.storage import Project
from annotator.tui.screens.retrieval import RetrievalScreen
from annotator.tui.widgets.place_list import PlaceList
from tests.support.tui import CODER, TEXT_A, Notice, make_app, place, settle

SIZE = (130, 36)
LONG_QUOTE = "Nobody could leave the site without a guard."


def _coded(path: Path) -> Path:
    """Surveillance in A and B, informants (a child of surveillance) in A."""
    with Project.open(path) as project:
        project.spans.add(CODER, "A", "surveillance", *place("A", "The manager watched us every day."))
        project.spans.add(CODER, "A", "informants", *place("A", LONG_QUOTE))
        project.spans.add(CODER, "B", "surveillance", *place("B", "Nobody could leave the site."))
    return path


async def _retrieval_of(pilot, code_id: str) -> RetrievalScreen:
    """Open retrieval and highlight `code_id` in its code list."""
    await settle(pilot)
    await pilot.press("g")
    screen = pilot.app.screen
    assert isinstance(screen, RetrievalScreen)
    codes = screen.query_one("#retrieval-codes", OptionList)
    codes.highlighted = next(i for i in range(codes.option_count) if codes.get_option_at_index(i).id == code_id)
    await settle(pilot)
    return screen


def _title(screen: RetrievalScreen) -> str:
    return str(screen.query_one("#retrieval-title", Label).content)


async def test_children_are_included_and_the_toggle_says_so(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _retrieval_of(pilot, "surveillance")
        segments = screen.query_one("#retrieval-segments", PlaceList)
        assert "with the codes below" in _title(screen)
        assert [span.code_id for span in segments.places] == ["surveillance", "informants", "surveillance"]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "this code only" in _title(screen)
        assert [span.code_id for span in segments.places] == ["surveillance", "surveillance"]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert len(segments.places) == 3


async def test_the_highlighted_segment_shows_its_whole_quote(project_path: Path) -> None:
    long_start = TEXT_A.index("They took")
    long_end = TEXT_A.index("abroad.") + len("abroad.")  # two sentences: more than the list's two lines hold
    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "bribery", long_start, long_end)
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _retrieval_of(pilot, "bribery")
        quote = str(screen.query_one("#retrieval-quote", Static).content)
        assert TEXT_A[long_start:long_end].strip() in quote


@pytest.mark.parametrize("kind", ["md", "csv"])
async def test_export_writes_the_listed_segments_owner_only(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notices: list[Notice], kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _retrieval_of(pilot, "surveillance")
        await pilot.press("ctrl+e" if kind == "md" else "ctrl+s")
        await settle(pilot)
    written = tmp_path / "exports" / f"retrieval-surveillance.{kind}"
    assert stat.S_IMODE(os.stat(written).st_mode) == 0o600
    assert any(f"Wrote 3 segments to exports/retrieval-surveillance.{kind}" in notice.message for notice in notices)
    text = written.read_text(encoding="utf-8")
    if kind == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert [(row["document"], row["code"], row["text"]) for row in rows] == [
            ("A", "Surveillance", "The manager watched us every day."),
            ("A", "Informants", LONG_QUOTE),
            ("B", "Surveillance", "Nobody could leave the site."),
        ]
    else:
        assert text.startswith("# Surveillance and 1 code below it\n")
        assert f"> {LONG_QUOTE}" in text
