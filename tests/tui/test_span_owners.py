"""Pilot tests of whose spans the coding screen changes: the lead's recode after a split says whose
span it is, asks once per coder, and never touches a reference coding or a consensus."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.storage import Project
from annotator.tui.dialogs.confirm import ConfirmDialog
from annotator.tui.screens.coding.screen import CodingScreen
from tests.support.tui import CODER, OTHER_CODER, THIRD_CODER, Notice, make_app, place, settle, stored

REFERENCE = "report"
CONSENSUS = "consensus-alice-bob"


@pytest.fixture
def split_path(project_path: Path) -> Path:
    """Bribery spans of tester, bob (in A and B), alice, the reference coding and a consensus, then
    bribery split into bribe-cash (key 8) and bribe-favour."""
    with Project.open(project_path) as project:
        for coder, document_id, quote in (
            (THIRD_CODER, "A", "They took eighty percent of the wage."),
            (CODER, "A", "We paid a bribe to be chosen for the work abroad."),
            (OTHER_CODER, "A", "Nobody could leave the site without a guard."),
            (REFERENCE, "A", "We sent money home through a broker."),
            (CONSENSUS, "A", "The broker kept a part of it."),
            (THIRD_CODER, "B", "Nobody could leave the site."),
        ):
            project.spans.add(coder, document_id, "bribery", *place(document_id, quote))
        with project.transaction():
            project.coders.mark_reference([REFERENCE])
        project.codes.split(CODER, "bribery", ["bribe-cash", "bribe-favour"])
        project.codes.edit(CODER, "bribe-cash", key="8")
    return project_path


def _codes(path: Path) -> dict[str, list[str]]:
    """Each coder's codes, as a fresh connection reads them."""
    found: dict[str, list[str]] = {}
    for span in stored(path):
        found.setdefault(span.coder, []).append(span.code_id)
    return {coder: sorted(codes) for coder, codes in found.items()}


async def _press(pilot, key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_the_lead_is_asked_once_per_coder_and_never_recodes_the_reference_or_the_consensus(
    split_path: Path, notices: list[Notice]
) -> None:
    app = make_app(split_path, show_others=True)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await _press(pilot, "l")
        assert screen.transcript.selected_range() == place("A", "We paid a bribe to be chosen for the work abroad.")
        assert notices[-1].message.startswith("4 spans to recode; this is your span")
        await _press(pilot, "8")  # the lead's own: no question
        assert isinstance(app.screen, CodingScreen) and _codes(split_path)[CODER] == ["bribe-cash"]
        assert screen.transcript.selected_range() == place("A", "Nobody could leave the site without a guard.")
        assert "this is alice's span" in notices[-1].message
        await _press(pilot, "8")
        assert isinstance(app.screen, ConfirmDialog) and "Recode alice's spans too?" in app.screen.question
        await _press(pilot, "n")
        assert _codes(split_path)[OTHER_CODER] == ["bribery", "surveillance"]  # no: nothing changed
        assert notices[-1].message == "Not recoded: alice's span stays as it is."
        await _press(pilot, "8")
        assert isinstance(app.screen, ConfirmDialog)  # asked again: the answer was no
        await _press(pilot, "y")
        assert isinstance(app.screen, CodingScreen)
        assert _codes(split_path)[OTHER_CODER] == ["bribe-cash", "surveillance"]
        assert (screen.document_id, screen.transcript.selected_range()) == (
            "B",
            place("B", "Nobody could leave the site."),
        )
        assert "this is bob's span" in notices[-1].message
        await _press(pilot, "8")
        assert isinstance(app.screen, ConfirmDialog) and "bob" in app.screen.question  # another coder: asked
        await _press(pilot, "y")
        assert (screen.document_id, screen.transcript.selected_range()) == (
            "A",
            place("A", "They took eighty percent of the wage."),
        )
        await _press(pilot, "8")  # bob again: agreed to already, not asked twice
        assert isinstance(app.screen, CodingScreen)
        assert "the to-recode list is done" in notices[-1].message
        await _press(pilot, "l")
        assert notices[-1].message == "No spans left to recode."
    codes = _codes(split_path)
    assert codes[THIRD_CODER] == ["bribe-cash", "bribe-cash"] and codes[OTHER_CODER] == ["bribe-cash", "surveillance"]
    assert codes[REFERENCE] == ["bribery"] and codes[CONSENSUS] == ["bribery"]  # never touched, never listed


async def test_a_blind_coder_steps_only_through_their_own_spans_to_recode(
    split_path: Path, notices: list[Notice]
) -> None:
    app = make_app(split_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        for _ in range(3):
            await _press(pilot, "l")
            assert screen.transcript.selected_range() == place("A", "We paid a bribe to be chosen for the work abroad.")
            assert notices[-1].message.startswith("1 span to recode; this is your span")
    assert _codes(split_path)[THIRD_CODER] == ["bribery", "bribery"]
