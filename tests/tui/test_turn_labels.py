"""Pilot tests of the speaker labels drawn above each turn: keys, mouse and search keep the words' offsets."""

from __future__ import annotations

from pathlib import Path

from annotator.storage import Project
from annotator.tui.screens.adjudication import AdjudicationScreen
from annotator.tui.widgets.transcript import Transcript
from tests.support.transcripts import ANSWER
from tests.support.tui import CODER, OTHER_CODER, make_app, settle, stored, transcript_of


def _screen_point(transcript: Transcript, offset: int) -> tuple[int, int]:
    """Where testimony offset `offset` is on the widget (content edge, gutter and wrapping included)."""
    x, y = transcript.wrapped_document.location_to_offset(transcript.location_of(offset))
    edge = transcript.content_region.offset - transcript.region.offset
    return edge.x + transcript.gutter_width + x, edge.y + y - int(transcript.scroll_y)


async def test_labels_are_drawn_and_a_selected_turn_is_coded_at_its_words_offsets(interview_path: Path) -> None:
    app = make_app(interview_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        assert [str(transcript.get_line(row)) for row in range(3)] == [
            "Interviewer · 00:00:00",
            "Thank you for coming. Where did you work?",
            "",
        ]
        assert str(transcript.get_line(3)) == "Mira Lee · 00:00:04"
        await pilot.press("right_curly_bracket", "u", "1")
        await settle(pilot)
        text = app.screen.open.text
        (span,) = stored(interview_path, coder=CODER)
        assert (span.start, span.end) == (text.index(ANSWER), text.index(ANSWER) + len(ANSWER))
        assert span.text == ANSWER
        # The span is coloured on the answer's rows, not on the label row above them.
        answer_row = transcript.location_of(span.start)[0]
        assert transcript.get_line(answer_row).spans and not transcript.get_line(answer_row - 1).spans


async def test_a_mouse_drag_from_a_label_selects_from_the_turns_first_word(interview_path: Path) -> None:
    app = make_app(interview_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        text = app.screen.open.text
        start, end = text.index(ANSWER), text.index("harbour") + len("harbour")
        label_x, label_y = _screen_point(transcript, start)
        await pilot.mouse_down(Transcript, offset=(label_x + 3, label_y - 1))  # on "Mira Lee"
        await pilot.hover(Transcript, offset=_screen_point(transcript, end))
        await pilot.mouse_up(Transcript, offset=_screen_point(transcript, end))
        assert transcript.selected_range() == (start, end)
        assert transcript.selected_text == text[start:end]
        await pilot.press("1")
        await settle(pilot)
        assert [(s.start, s.end) for s in stored(interview_path, coder=CODER)] == [(start, end)]


async def test_search_hits_and_word_steps_land_on_the_words(interview_path: Path) -> None:
    app = make_app(interview_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        text = app.screen.open.text
        await pilot.press("slash", *"paid", "enter")
        await pilot.pause()
        hit = text.lower().index("paid")
        assert transcript.selected_range() == (hit, hit + 4)
        hit_row = transcript.location_of(hit)[0]
        hit_column = transcript.location_of(hit)[1]
        hit_style = transcript.get_component_rich_style("transcript--hit")
        assert any(
            (s.start, s.end, s.style) == (hit_column, hit_column + 4, hit_style)
            for s in transcript.get_line(hit_row).spans
        )
        await pilot.press("ctrl+end", "ctrl+left")  # the last word, across no label
        assert transcript.cursor_offset == text.rindex("year")
        await pilot.press("ctrl+home")
        assert transcript.cursor_offset == 0 and transcript.selection.end == (1, 0)


async def test_arrow_keys_cross_a_label_in_one_press(interview_path: Path) -> None:
    app = make_app(interview_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        assert transcript.selection.end == (1, 0)  # opened on the first word, not on its label
        await pilot.press("right_curly_bracket")
        answer = app.screen.open.text.index(ANSWER)
        assert transcript.cursor_offset == answer
        await pilot.press("left")  # over the label, into the blank line between the turns
        assert transcript.cursor_offset == answer - 1
        assert transcript.rows.label_at(transcript.selection.end[0]) is None
        await pilot.press("right")
        assert transcript.cursor_offset == answer
        await pilot.press("up")
        assert transcript.cursor_offset == answer - 1
        await pilot.press("shift+down")  # a selection grows over the label the same way
        assert transcript.selected_range() == (answer - 1, answer)


async def test_a_click_on_a_label_puts_the_cursor_on_the_turns_first_word_from_either_side(
    interview_path: Path,
) -> None:
    app = make_app(interview_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        text = app.screen.open.text
        answer = text.index(ANSWER)
        x, y = _screen_point(transcript, answer)
        await pilot.press("ctrl+end")  # from below the label
        await pilot.click(Transcript, offset=(x + 2, y - 1))
        assert transcript.cursor_offset == answer


async def test_the_adjudication_screen_draws_the_labels_and_selects_each_item_at_its_words(
    interview_path: Path,
) -> None:
    with Project.open(interview_path) as project:
        text = project.documents.get("interview").text
        answer = text.index(ANSWER)
        project.spans.add(CODER, "interview", "bribery", answer, answer + len(ANSWER))
        project.spans.add(OTHER_CODER, "interview", "bribery", answer, text.index(" near"))
    app = make_app(interview_path)
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("J", "enter")  # the partner picker: alice, highlighted
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        transcript = screen.transcript
        assert str(transcript.get_line(0)) == "Interviewer · 00:00:00"
        item = screen.item
        assert item.start >= answer and transcript.selected_range() == (item.start, item.end)
        assert transcript.selected_text == text[item.start : item.end]
