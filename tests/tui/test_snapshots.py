"""Reviewed snapshots (fixed size, fixed coder and project name, no time stamps shown)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import Project
from annotator.tui.widgets.transcript import Transcript

from .conftest import CODER, TEXT_A, make_app, settle

SIZE = (120, 34)


@pytest.fixture
def coded_project(project_path: Path) -> Path:
    """The test project with overlapping spans, a memo, spans in B and B marked done."""
    with Project.open(project_path) as project:
        project.add_span(CODER, "A", "wage-deduction", 0, 37)
        project.add_span(CODER, "A", "bribery", 0, 16, memo="the bribe was paid up front")
        project.add_span(CODER, "A", "bribery", 38, 87)
        project.add_span(CODER, "A", "remittances", TEXT_A.index("We sent"), len(TEXT_A))
        project.add_span(CODER, "B", "surveillance", 0, len("Nobody could leave the site."))
        project.set_done(CODER, "B")
    return project_path


def _placed(offset: int):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(Transcript).select_range(offset, offset)
        await pilot.pause()

    return run_before


def test_main_screen(snap_compare, coded_project: Path) -> None:
    """Spans coloured by code, an overlap (bold underline), another coder's span underlined, the
    span under the cursor named in the status line, counts, the done mark."""
    app = make_app(coded_project, show_others=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_placed(5))


def test_main_screen_blind_with_search_hits(snap_compare, coded_project: Path) -> None:
    """Blind coding (only the coder's spans) and the hits of a search marked."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"the", "enter")
        await pilot.pause()

    app = make_app(coded_project)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_code_picker(snap_compare, coded_project: Path) -> None:
    """The fuzzy picker after typing 'surv': matching codes, and the in-vivo option."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(Transcript).select_range(38, 53)
        await pilot.press("c", *"surv")
        await pilot.pause()

    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)


def test_code_retrieval(snap_compare, coded_project: Path) -> None:
    """Retrieval of the code under the cursor (Bribery) across testimonies."""

    async def run_before(pilot) -> None:
        await _placed(40)(pilot)
        await pilot.press("g")
        await pilot.pause()

    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, coded_project: Path) -> None:
    """The key table, generated from the bindings."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)


def test_empty_testimony(snap_compare, coded_project: Path) -> None:
    """Testimony K has no text: a placeholder, no crash."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.open_testimony("K")
        await settle(pilot)

    assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)
