"""Pilot tests of code suggestions on the coding screen: drawn, stepped through, accepted, rejected, switched off."""

from __future__ import annotations

from pathlib import Path

from annotator.storage import Project
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.screens.coding.suggest import SuggestActions
from annotator.tui.widgets.spans_panel import SpansPanel
from annotator.tui.widgets.status_line import StatusLine
from tests.support.suggestions import FixedSuggester, retrained
from tests.support.tui import (
    CODER,
    OTHER_CODER,
    Notice,
    coding_screen,
    make_app,
    place,
    select,
    settle,
    status_text,
    stored,
    transcript_of,
)

FIRST = place("A", "They took eighty percent of the wage. We paid a bribe to be chosen for the work abroad.")
SECOND = place("A", "The manager watched us every day. Nobody could leave the site without a guard.")


def _shown(app) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.code_id) for s in coding_screen(app).marks.items]


async def test_suggestions_are_drawn_apart_from_spans_and_stepped_in_text_order(
    project_path: Path, suggester: FixedSuggester
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert suggester.runs == ["A"]
        assert _shown(app) == [
            (*FIRST, "wage-deduction"),
            (*FIRST, "bribery"),
            (*SECOND, "surveillance"),
            (*place("A", "We sent money home through a broker. The broker kept a part of it."), "remittances"),
        ]
        transcript = transcript_of(app)
        row = transcript.get_line(0)
        # Italic in the code's colour, no background: never mistaken for a coded span.
        styles = [span.style for span in row.spans]
        assert styles and all(style.italic and style.bgcolor is None for style in styles)
        await pilot.press("z")
        assert transcript.selected_range() == FIRST
        assert "Suggested" in status_text(app) and "Wage deduction" in status_text(app) and "“wage”" in status_text(app)
        await pilot.press("z")  # the second code on the same paragraph is its own stop
        assert transcript.selected_range() == FIRST
        assert "Bribery" in status_text(app) and "rule: “bribe”" in status_text(app)
        await pilot.press("z")
        assert transcript.selected_range() == SECOND
        await pilot.press("Z", "Z")
        assert transcript.selected_range() == FIRST
        assert "Wage deduction" in status_text(app)


async def test_accepting_makes_one_span_of_the_coder_and_undo_takes_it_back(
    project_path: Path, suggester: FixedSuggester
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("z", "y")
        await retrained(pilot)
        spans = stored(project_path, coder=CODER, document_id="A")
        assert [(s.code_id, s.start, s.end) for s in spans] == [("wage-deduction", *FIRST)]
        assert (*FIRST, "wage-deduction") not in _shown(app)
        assert (*FIRST, "bribery") in _shown(app)
        assert len(suggester.runs) == 2  # retrained after the action
        assert transcript_of(app).spans.runs(0)  # drawn as a span now
        await pilot.press("ctrl+z")
        await retrained(pilot)
        assert stored(project_path, coder=CODER, document_id="A") == []
        assert (*FIRST, "wage-deduction") in _shown(app)  # back once the span is undone


async def test_accepting_with_another_code_from_the_picker(project_path: Path, suggester: FixedSuggester) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("z", "z", "z", "Y")  # the surveillance suggestion, accepted as informants
        await settle(pilot)
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"informants", "enter")
        await settle(pilot)
        spans = stored(project_path, coder=CODER, document_id="A")
        assert [(s.code_id, s.start, s.end) for s in spans] == [("informants", *SECOND)]
        assert (*SECOND, "surveillance") not in _shown(app)


async def test_rejecting_is_remembered_and_not_shown_again(project_path: Path, suggester: FixedSuggester) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("z", "z", "X")
        await retrained(pilot)
        assert len(suggester.runs) == 2  # the worker made them again, the rejected one left out
        assert (*FIRST, "bribery") not in _shown(app)
        assert (*FIRST, "wage-deduction") in _shown(app)
        assert stored(project_path, coder=CODER) == []  # a rejection codes nothing
        with Project.open(project_path) as project:
            assert project.suggestions.rejected(CODER) == {("A", *FIRST, "bribery")}
        await pilot.press("ctrl+z")
        await retrained(pilot)
        assert (*FIRST, "bribery") in _shown(app)


async def test_switching_suggestions_off_and_on(
    project_path: Path, suggester: FixedSuggester, notices: list[Notice]
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("V")
        await settle(pilot)
        assert _shown(app) == []
        assert len(transcript_of(app).suggestions) == 0
        assert all(not span.style.italic for span in transcript_of(app).get_line(0).spans)
        await pilot.press("z")
        assert notices[-1].message == "Suggestions are off: V turns them on."
        await pilot.press("right_square_bracket")  # another testimony: still off, no worker
        await settle(pilot)
        assert suggester.runs == ["A"]
        await pilot.press("V")
        await settle(pilot)
        assert suggester.runs == ["A", "B"]
        assert _shown(app) == [
            (*place("B", "We worked from dawn to midnight, every day of the month."), "wage-deduction")
        ]


async def test_nothing_under_the_cursor_warns_and_writes_nothing(
    project_path: Path, suggester: FixedSuggester, notices: list[Notice]
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await select(pilot, 0, 3)  # B's first paragraph has no suggestion
        await pilot.press("y")
        assert notices[-1].severity == "warning" and "No suggestion under the cursor" in notices[-1].message
        assert stored(project_path, coder=CODER) == []


async def test_suggestions_for_a_testimony_no_longer_shown_are_not_drawn(
    project_path: Path, suggester: FixedSuggester
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        screen = coding_screen(app)
        screen.post_message(SuggestActions.Arrived("A", suggester.refresh("A")))
        await settle(pilot)
        assert all(s.document_id == "B" for s in screen.marks.items)


async def test_the_real_suggester_proposes_from_the_codebook_before_anything_is_coded(
    project_path: Path, real_suggester: None
) -> None:
    with Project.open(project_path) as project:
        project.codes.edit(CODER, "surveillance", examples=[{"quote": "Nobody could leave the site"}])
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        marks = coding_screen(app).marks
        assert [(s.start, s.end, s.code_id, s.why) for s in marks.items] == [
            (*SECOND, "surveillance", "codebook: a codebook example")
        ]
        with Project.open(project_path) as project:  # stored for the coder, so a key can accept one
            assert project.suggestions.of(CODER, "A") == marks.items


async def test_suggestions_arriving_leave_the_spans_list_where_the_coder_is(
    project_path: Path, suggester: FixedSuggester
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await retrained(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1")
        await select(pilot, *SECOND)
        await pilot.press("3", "ctrl+home")  # the cursor on the first span
        await retrained(pilot)
        panel = app.screen.query_one(SpansPanel)
        panel.focus()
        await pilot.press("end")  # the coder moves to the last span in the list
        assert panel.highlighted == 1
        coding_screen(app).retrain(at_once=True)
        await retrained(pilot)
        assert len(suggester.runs) == 4
        assert panel.highlighted == 1  # not pulled back to the span under the text's cursor
        await pilot.press("enter")
        assert transcript_of(app).selected_range() == SECOND


async def test_coding_by_the_same_coder_elsewhere_makes_the_suggestions_again(
    project_path: Path, suggester: FixedSuggester
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert suggester.runs == ["A"]
        with Project.open(project_path) as other:  # another coder's span teaches this coder's suggester nothing
            other.spans.add(OTHER_CODER, "A", "bribery", *place("A", "paid a bribe"))
        app.follow_project()
        await retrained(pilot)
        assert suggester.runs == ["A"]
        with Project.open(project_path) as other:  # the same coder in a second window
            other.spans.add(CODER, "A", "bribery", *place("A", "paid a bribe"))
        app.follow_project()
        await retrained(pilot)
        assert suggester.runs == ["A", "A"]
        assert (*FIRST, "bribery") not in _shown(app)  # coded there now: made again without it
        with Project.open(project_path) as other:  # a suggestion rejected, a testimony marked done there
            other.suggestions.reject(CODER, next(s.id for s in other.suggestions.of(CODER, "A")))
        app.follow_project()
        await retrained(pilot)
        with Project.open(project_path) as other:
            other.coders.set_done(CODER, "B")
        app.follow_project()
        await retrained(pilot)
        assert suggester.runs == ["A"] * 4


async def test_the_suggestion_keys_fit_the_status_line_at_80_columns(
    project_path: Path, suggester: FixedSuggester
) -> None:
    """Seen at 80x24 (and at 160x48 with a long code name): the reason pushed `y accept · Y other code ·
    X reject` out of the status line, so nothing on screen said how to take a suggestion."""
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        drawn = [status.render_line(y).text for y in range(2)]
        assert "Suggested" in drawn[0]
        assert "y accept" in drawn[1] and "X reject" in drawn[1], drawn
        await pilot.press("V")  # suggestions off: their keys go with them
        await settle(pilot)
        assert "y accept" not in status_text(app)
