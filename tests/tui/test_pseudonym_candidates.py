"""Stepping through pseudonym candidates in the coding screen: accept (of a kind), as a variant, reject, skip, undo."""

from __future__ import annotations

from pathlib import Path

from annotator.storage import Project
from annotator.tui.dialogs.candidate import CandidatePrompt
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import TEXT_A, Notice, make_app, place, settle


def _selected(app) -> tuple[int, int]:
    """The selection of the coding screen, under the candidate dialog."""
    screen = next(screen for screen in app.screen_stack if isinstance(screen, CodingScreen))
    return screen.query_one(Transcript).selected_range()


def _unreviewed(path: Path) -> list[str]:
    with Project.open(path, readonly=True) as project:
        return [candidate.text for candidate in project.pseudonyms.candidates(status="unreviewed")]


async def test_candidates_are_stepped_through_and_decided(candidates_path: Path, notices: list[Notice]) -> None:
    app = make_app(candidates_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CandidatePrompt)
        assert _selected(app) == place("A", "site")  # text order: site, guard, broker, broker
        await pilot.press("s")  # skip: stays unreviewed, the next one is asked
        await pilot.pause()
        assert _selected(app) == place("A", "guard")
        await pilot.press("v")  # a variant of the entry it is close to
        await settle(pilot)
        assert _selected(app)[0] == TEXT_A.index("broker")
        await pilot.press("o")  # accept as a new organisation: both brokers at once
        await settle(pilot)
        assert "accepted: 2 candidate(s) of the same words" in [notice.message for notice in notices][-1]
        assert _selected(app) == place("A", "site")  # wrapped round to the skipped one
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CandidatePrompt)
        assert _unreviewed(candidates_path) == ["site"]
        with Project.open(candidates_path, readonly=True) as project:
            register = {entry.original: entry for entry in project.pseudonyms.all()}
        assert register["guards"].variants == ("guard",)
        assert (register["broker"].kind, register["broker"].replacement) == ("organisation", "[Organisation 1]")
        await pilot.press("ctrl+z")  # undoes the acceptance of both brokers
        await settle(pilot)
        assert _unreviewed(candidates_path) == ["site", "broker", "broker"]


async def test_rejecting_the_last_candidate_says_none_are_left(candidates_path: Path, notices: list[Notice]) -> None:
    with Project.open(candidates_path) as project:
        for candidate in project.pseudonyms.candidates()[1:3]:  # guard, and both brokers
            project.pseudonyms.review("lead", candidate.id, "reject")
    app = make_app(candidates_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("v")  # no entry suggested for "site": nothing is decided
        await pilot.pause()
        assert isinstance(app.screen, CandidatePrompt) and _unreviewed(candidates_path) == ["site"]
        await pilot.press("x")
        await settle(pilot)
        assert _unreviewed(candidates_path) == []
        assert notices[-1].message.startswith("No pseudonym candidates left in this testimony")


async def test_a_candidate_decided_elsewhere_while_its_prompt_is_open_is_not_decided_again(
    candidates_path: Path, notices: list[Notice]
) -> None:
    app = make_app(candidates_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, CandidatePrompt) and _selected(app) == place("A", "site")
        with Project.open(candidates_path) as other:  # the lead accepts it from the command line meanwhile
            (site,) = [candidate for candidate in other.pseudonyms.candidates() if candidate.text == "site"]
            other.pseudonyms.review("lead", site.id, "accept", kind="place")
        await pilot.press("x")  # the coder, reading the prompt shown before, rejects it
        await settle(pilot)
        assert f"pseudonym candidate '{site.id}' was changed by lead (pseudonym-review) meanwhile" in " ".join(
            notice.message for notice in notices
        )
        with Project.open(candidates_path, readonly=True) as project:
            (kept,) = [candidate for candidate in project.pseudonyms.candidates() if candidate.text == "site"]
            assert kept.status == "accepted" and kept.entry is not None
            assert "site" in {entry.original for entry in project.pseudonyms.all()}


async def test_the_candidate_dialog_leaves_the_candidate_in_view_at_80x24(tmp_path: Path) -> None:
    """Seen at 80x24 on the bundled corpus: the text centres the candidate and the dialog sat in the middle of
    the screen, over it, so nothing on screen said which words were to be decided."""
    from annotator.domain.models import Document
    from annotator.domain.pseudonyms import Candidate

    filler = " ".join(f"Line {number} of a long testimony about the work abroad." for number in range(60))
    text = f"{filler} Then Pyongyang called us back. {filler}"
    start = text.index("Pyongyang")
    path = tmp_path / "long.db"
    with Project.create(path, name="long") as project:
        project.documents.add([Document(id="A", text=text)])
        project.pseudonyms.propose(
            "lead", lambda register: [Candidate("A", start, start + len("Pyongyang"), "Pyongyang", "proper-noun")]
        )
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, CandidatePrompt)
        assert _selected(app) == (start, start + len("Pyongyang"))
        coding = next(screen for screen in app.screen_stack if isinstance(screen, CodingScreen))
        cursor = coding.query_one(Transcript).cursor_screen_offset
        dialog = app.screen.query_one("#candidate").region
        assert coding.query_one(Transcript).region.contains_point(cursor)
        assert not dialog.contains_point(cursor), (cursor, dialog)
