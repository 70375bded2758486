"""Pilot tests of the turn keys on an imported interview: the speaker in the status line, selecting and
stepping through turns, the next untouched answer, and coding every turn of a speaker with one undo."""

from __future__ import annotations

from pathlib import Path

from annotator.storage import Project
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.dialogs.speaker_picker import SpeakerPicker
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.retrieval import RetrievalScreen
from annotator.tui.widgets.place_list import PlaceList
from tests.support.transcripts import ANSWER, LAST_ANSWER
from tests.support.tui import CODER, Notice, make_app, settle, status_text, stored, transcript_of


def _selected(app) -> str:
    return transcript_of(app).selected_text


async def test_the_status_line_names_the_speaker_and_time_of_the_turn_under_the_cursor(interview_path: Path) -> None:
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "Interviewer · 00:00:00" in status_text(app)
        await pilot.press("right_curly_bracket")
        assert "Mira Lee · 00:00:04" in status_text(app)


async def test_the_turn_key_selects_the_turn_and_the_braces_step_through_turns(
    interview_path: Path, notices: list[Notice]
) -> None:
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("right_curly_bracket", "right")
        await pilot.press("u")
        assert _selected(app) == ANSWER
        await pilot.press("u")  # again: the question after it joins the selection
        assert _selected(app).endswith("Were you paid every month?")
        await pilot.press("escape", "right_curly_bracket", "right_curly_bracket", "u")
        assert _selected(app) == LAST_ANSWER
        await pilot.press("escape", "right_curly_bracket")
        assert notices[-1].message == "This is the last turn."
        await pilot.press("left_curly_bracket", "left_curly_bracket", "u")
        assert _selected(app) == "Were you paid every month?"


async def test_the_next_untouched_answer_skips_questions_and_answers_already_coded(
    interview_path: Path, notices: list[Notice]
) -> None:
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("U")
        assert _selected(app) == ANSWER
        await pilot.press("1")  # code it: the next press skips it
        await pilot.press("U")
        assert _selected(app) == LAST_ANSWER
        await pilot.press("1", "U")
        assert notices[-1].message == "Every participant turn has a span of yours."


async def test_coding_every_turn_of_a_speaker_is_one_action_that_one_undo_takes_back(
    interview_path: Path, notices: list[Notice]
) -> None:
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("S")
        assert isinstance(app.screen, SpeakerPicker)
        await pilot.press("down", "enter")  # Interviewer, then Mira Lee
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"bribery", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        spans = stored(interview_path, coder=CODER)
        assert sorted(span.text for span in spans) == sorted([ANSWER, LAST_ANSWER])
        assert {span.code_id for span in spans} == {"bribery"}
        assert notices[-1].message.startswith("Coded 2 turns of Mira Lee with Bribery")
        # Again with the same code: nothing is added twice.
        await pilot.press("S", "down", "enter", *"bribery", "enter")
        await settle(pilot)
        assert len(stored(interview_path, coder=CODER)) == 2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert stored(interview_path, coder=CODER) == []
        assert app.screen.open is not None and len(app.screen.open.loaded.spans) == 0


async def test_turn_keys_on_a_plain_testimony_say_it_has_no_turns(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("u")
        assert "no speaker turns" in notices[-1].message
        assert transcript_of(app).selected_text == ""
        assert "▍" not in status_text(app)


async def test_retrieval_names_the_speaker_of_each_segments_turn(interview_path: Path) -> None:
    with Project.open(interview_path) as project:
        text = project.documents.get("interview").text
        start = text.index("We started")
        project.spans.add(CODER, "interview", "wage-deduction", start, start + 10)
        question = text.index("Were you paid")
        project.spans.add(CODER, "interview", "wage-deduction", question, question + 13)
    app = make_app(interview_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        assert isinstance(app.screen, RetrievalScreen)
        segments = app.screen.query_one("#retrieval-segments", PlaceList)
        first, second = (str(segments.row_content(row)).split("\n")[0] for row in range(2))
        assert first.endswith("· Mira Lee · 00:00:04")
        assert second.endswith("· Interviewer · 00:00:18")


async def test_help_lists_the_turn_keys_only_for_a_project_with_transcripts(
    interview_path: Path, project_path: Path
) -> None:
    for path, listed in ((interview_path, True), (project_path, False)):
        app = make_app(path)
        async with app.run_test(size=(130, 60)) as pilot:
            await settle(pilot)
            titles = [title for title, _ in app.key_sections]
            assert ("Speaker turns (transcripts)" in titles) is listed
