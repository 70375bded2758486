"""Pilot tests of every coding action, each checked in the database (a fresh connection), not only on screen."""

from __future__ import annotations

from pathlib import Path

from annotator.storage import Project
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.widgets import testimony_list
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.spans_panel import SpansPanel
from tests.support.tui import (
    CODER,
    TEXT_A,
    TEXT_B,
    Notice,
    coding_screen,
    make_app,
    select,
    settle,
    status_text,
    stored,
    transcript_of,
)


def _own(path: Path, **filters):
    return stored(path, coder=CODER, **filters)


# --- opening and moving between testimonies ------------------------------------------------------


async def test_opens_first_testimony_with_cursor_in_text(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        assert screen.document_id == "A"
        assert app.focused is transcript_of(app)
        assert transcript_of(app).text == TEXT_A
        assert screen.sub_title.startswith("tester · A · 1/4")
    with Project.open(project_path) as project:
        assert project.coders.current_document(CODER) == "A"


async def test_reopens_the_testimony_the_coder_was_last_on(project_path: Path) -> None:
    with Project.open(project_path) as project:
        project.coders.set_current_document(CODER, "C")
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert coding_screen(app).document_id == "C"
        assert "C · 4/4" in coding_screen(app).sub_title


async def test_next_and_previous_testimony_keys(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("left_square_bracket")  # already on the first: stays
        await settle(pilot)
        assert coding_screen(app).document_id == "A"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert coding_screen(app).document_id == "B"
        assert transcript_of(app).text == TEXT_B
        with Project.open(project_path) as project:
            assert project.coders.current_document(CODER) == "B"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert coding_screen(app).document_id == "C"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert coding_screen(app).document_id == "K"


async def test_jump_to_any_testimony_from_the_list(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.focused, testimony_list.TestimonyList)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert coding_screen(app).document_id == "C"
        assert app.focused is transcript_of(app)


async def test_empty_testimony_is_shown_and_refuses_coding_gently(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        coding_screen(app).open_testimony("K")
        await settle(pilot)
        assert coding_screen(app).document_id == "K"
        await pilot.press("shift+right", "1", "w", "s", "p", "x", "1")
        await settle(pilot)
        assert _own(project_path, document_id="K") == []
        assert any("Select a passage first" in n.message for n in notices)


# --- selecting -----------------------------------------------------------------------------------


async def test_shift_arrows_select_and_a_code_key_applies_the_code(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("shift+right", "shift+right", "shift+right", "shift+right")
        assert transcript_of(app).selected_range() == (0, 4)
        await pilot.press("1")
        spans = _own(project_path)
        assert [(s.code_id, s.start, s.end, s.text) for s in spans] == [("wage-deduction", 0, 4, "They")]
        # The selection stays, so a second code can follow at once.
        await pilot.press("2")
        assert sorted(s.code_id for s in _own(project_path)) == ["bribery", "wage-deduction"]
        codebook = app.screen.query_one(CodebookPanel)
        assert codebook.count("wage-deduction") == 1 and codebook.count("bribery") == 1


async def test_word_sentence_and_paragraph_steps(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        await pilot.press("ctrl+shift+right", "ctrl+shift+right")
        assert transcript.selected_range() == (0, len("They took"))
        await pilot.press("ctrl+left")
        assert transcript.cursor_offset == len("They ")
        await pilot.press("escape", "ctrl+home", "alt+shift+right")
        assert transcript.selected_range() == (0, len("They took eighty percent of the wage."))
        await pilot.press("alt+right")
        assert transcript.cursor_offset == TEXT_A.index("\n")
        await pilot.press("ctrl+home", "ctrl+shift+down")
        assert transcript.selected_range() == (0, TEXT_A.index("\n"))
        await pilot.press("ctrl+down", "ctrl+up")
        assert transcript.cursor_offset == TEXT_A.index("The manager")


async def test_word_sentence_paragraph_selection_keys(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        transcript.select_range(7, 7)  # inside "took"
        await pilot.press("w")
        assert transcript.selected_range() == (5, 9)
        await pilot.press("w")
        assert transcript.selected_range() == (5, 16)  # "took eighty"
        await pilot.press("escape", "s")
        assert transcript.selected_text == "They took eighty percent of the wage."
        await pilot.press("s")
        assert transcript.selected_range() == (0, TEXT_A.index("\n"))
        await pilot.press("escape", "p", "3")
        first_paragraph = TEXT_A[: TEXT_A.index("\n")]
        assert [(s.code_id, s.text) for s in _own(project_path)] == [("surveillance", first_paragraph)]


async def test_sentence_and_paragraph_keys_after_a_search_hit_take_the_whole_unit(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"bribe", "enter")
        await pilot.pause()
        transcript = transcript_of(app)
        assert transcript.selected_text == "bribe"
        await pilot.press("s")
        assert transcript.selected_text == "We paid a bribe to be chosen for the work abroad."
        await pilot.press("n", "p")  # the only hit again, then its paragraph
        assert transcript.selected_range() == (0, TEXT_A.index("\n"))


async def test_mouse_drag_selects_and_a_codebook_click_codes(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        transcript = transcript_of(app)
        # Text starts inside the border (1) and the padding (1): column c is at x = c + 2, row 0 at y = 1.
        await pilot.mouse_down(transcript, offset=(2 + 5, 1))
        await pilot.hover(transcript, offset=(2 + 16, 1))
        await pilot.mouse_up(transcript, offset=(2 + 16, 1))
        assert transcript.selected_text == "took eighty"
        codebook = app.screen.query_one(CodebookPanel)
        await pilot.click(codebook, offset=(4, 2))  # second row: Bribery
        await pilot.pause()
        assert [(s.code_id, s.text) for s in _own(project_path)] == [("bribery", "took eighty")]
        assert app.focused is transcript


# --- coding --------------------------------------------------------------------------------------


async def test_coding_a_stretch_inside_your_own_span_of_that_code_warns_and_adds_nothing(
    project_path: Path, notices: list[Notice]
) -> None:
    app = make_app(project_path)
    sentence = (TEXT_A.index("We paid"), TEXT_A.index(" abroad") + len(" abroad."))
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, *sentence)
        await pilot.press("2")
        await select(pilot, sentence[0] + 3, sentence[0] + 7)  # "paid", inside it
        await pilot.press("2")
        assert notices[-1] == Notice(
            f"Already coded Bribery: your span {sentence[0]}–{sentence[1]} holds this; nothing added.", "warning"
        )
        await pilot.press("1")  # another code is coded as usual
        assert sorted(s.code_id for s in _own(project_path)) == ["bribery", "wage-deduction"]
        await pilot.press("slash", *"bribe", "enter", "a", *"brib", "enter")  # the one hit is inside it
        await settle(pilot)
        assert notices[-1] == Notice("Already coded Bribery: 1 hit inside your spans; nothing added.", "warning")
        assert len(_own(project_path)) == 2


async def test_code_key_without_code_or_selection_warns(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("1")
        await select(pilot, 0, 4)
        await pilot.press("9")
        assert _own(project_path) == []
        messages = [n.message for n in notices]
        assert any("Select a passage first" in m for m in messages)
        assert any("No code has the key 9" in m for m in messages)


async def test_fuzzy_picker_applies_any_code(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, TEXT_A.index("We sent"), TEXT_A.index(" The broker kept"))
        await pilot.press("c")
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"remit")
        await pilot.press("enter")
        await pilot.pause()
        assert [(s.code_id, s.text) for s in _own(project_path)] == [
            ("remittances", "We sent money home through a broker.")
        ]
        assert isinstance(app.screen, CodingScreen)


async def test_picker_creates_an_in_vivo_code(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("c", *"Debt bondage", "enter")
        await pilot.pause()
        with Project.open(project_path) as project:
            code = project.codes.get("debt-bondage")
            assert code.name == "Debt bondage"
            assert [(s.code_id, s.text) for s in project.spans.select(coder=CODER)] == [("debt-bondage", "They")]
        assert "debt-bondage" in app.screen.query_one(CodebookPanel).code_ids


async def test_escape_closes_the_picker_without_coding(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("c", "escape")
        assert isinstance(app.screen, CodingScreen)
        assert _own(project_path) == []


async def test_remove_the_span_under_the_cursor(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1")
        transcript_of(app).select_range(2, 2)
        await pilot.press("x")
        assert _own(project_path) == []
        assert len(transcript_of(app).spans) == 0  # blind coding: the other coder's span is not shown either
        assert app.screen.query_one(SpansPanel).spans == []


async def test_recode_the_span_under_the_cursor(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1", "r", *"brib", "enter")
        await pilot.pause()
        assert [s.code_id for s in _own(project_path)] == ["bribery"]


async def test_widen_and_narrow_a_span_by_words(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    start = TEXT_A.index("eighty")
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, start, start + len("eighty percent"))
        await pilot.press("1")

        def extent() -> str:
            (span,) = _own(project_path)
            return span.text

        await pilot.press("less_than_sign")
        assert extent() == "took eighty percent"
        await pilot.press("greater_than_sign")
        assert extent() == "eighty percent"
        await pilot.press("full_stop")
        assert extent() == "eighty percent of"
        await pilot.press("comma", "comma")
        assert extent() == "eighty"
        await pilot.press("comma")  # cannot get empty
        assert extent() == "eighty"
        assert any("cannot move" in n.message for n in notices)


async def test_narrowing_off_a_full_stop_then_widening_puts_it_back(project_path: Path) -> None:
    app = make_app(project_path)
    start = TEXT_A.index("eighty")
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, start, TEXT_A.index(" We paid"))
        await pilot.press("1")

        def extent() -> str:
            (span,) = _own(project_path)
            return span.text

        assert extent() == "eighty percent of the wage."
        await pilot.press("comma")
        assert extent() == "eighty percent of the wage"
        await pilot.press("full_stop")
        assert extent() == "eighty percent of the wage."
        await pilot.press("full_stop")
        assert extent() == "eighty percent of the wage. We"


async def test_fit_a_span_to_the_selection(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 9)
        await pilot.press("1")
        await select(pilot, 5, 16)  # overlaps the span: "took eighty"
        await pilot.press("e")
        assert [s.text for s in _own(project_path)] == ["took eighty"]


async def test_memo_on_a_span(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1", "m", *"deducted at source", "ctrl+s")
        await pilot.pause()
        assert [s.memo for s in _own(project_path)] == ["deducted at source"]
        panel = app.screen.query_one(SpansPanel)
        assert panel.spans[0].memo == "deducted at source"
        await pilot.press("m", "escape")  # cancel leaves it
        assert [s.memo for s in _own(project_path)] == ["deducted at source"]


async def test_span_actions_without_a_span_warn(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("x", "r", "m", "less_than_sign", "full_stop")
        assert isinstance(app.screen, CodingScreen)
        assert sum("No span of yours" in n.message for n in notices) == 5


# --- undo and redo -------------------------------------------------------------------------------


async def test_undo_and_redo_every_coding_action(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        states = [[]]

        def state():
            return [(s.code_id, s.start, s.end, s.memo) for s in _own(project_path)]

        await pilot.press("1")  # add
        states.append(state())
        await pilot.press("r", *"brib", "enter")  # recode
        await pilot.pause()
        states.append(state())
        await pilot.press("full_stop")  # resize
        states.append(state())
        await pilot.press("m", *"memo", "ctrl+s")  # memo
        await pilot.pause()
        states.append(state())
        await pilot.press("x")  # remove
        states.append(state())
        assert len({tuple(s) for s in states}) == 5 and states[-1] == []  # five distinct, back to none

        for expected in reversed(states[:-1]):
            await pilot.press("ctrl+z")
            assert state() == expected
        await pilot.press("ctrl+z")
        assert any("Nothing to undo" in n.message for n in notices)
        for expected in states[1:]:
            await pilot.press("ctrl+y")
            assert state() == expected
        assert transcript_of(app).spans.by_id.keys() == {s.id for s in stored(project_path)} - {
            s.id for s in stored(project_path, coder="alice")
        }


async def test_undo_of_an_action_in_another_testimony_goes_there(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1", "right_square_bracket")
        await settle(pilot)
        assert coding_screen(app).document_id == "B"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _own(project_path) == []
        assert coding_screen(app).document_id == "A"
        assert transcript_of(app).selected_range() == (0, 4)


async def test_undo_that_conflicts_with_another_window_is_a_notification(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1")
        (span,) = _own(project_path)
        with Project.open(project_path) as elsewhere:  # another window changes the span meanwhile
            elsewhere.spans.set_memo(CODER, span.id, "changed elsewhere")
            elsewhere.history.undo(CODER)
            elsewhere.history.redo(CODER)
        with Project.open(project_path) as elsewhere:
            elsewhere.spans.remove(CODER, span.id)
        await pilot.press("ctrl+z")  # undo the removal made elsewhere: fine
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        assert isinstance(app.screen, CodingScreen)  # no traceback, the app lives on


# --- search --------------------------------------------------------------------------------------


async def test_search_next_previous_and_code_all_hits(project_path: Path) -> None:
    app = make_app(project_path)
    first = TEXT_A.index("broker")
    second = TEXT_A.index("broker", first + 1)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"BROKER", "enter")
        await pilot.pause()
        transcript = transcript_of(app)
        assert coding_screen(app).hits == [(first, first + 6), (second, second + 6)]
        assert transcript.selected_range() == (first, first + 6)
        assert "“BROKER”: hit 1 of 2" in status_text(app)
        await pilot.press("n")
        assert transcript.selected_range() == (second, second + 6)
        assert "“BROKER”: hit 2 of 2" in status_text(app)
        await pilot.press("n")
        assert transcript.selected_range() == (first, first + 6)  # wraps
        await pilot.press("escape")  # the selection, not the search: no hit selected
        assert "“BROKER”: 2 hits" in status_text(app)
        await select(pilot, first, first + 6)
        await pilot.press("N")
        assert transcript.selected_range() == (second, second + 6)
        await pilot.press("a", *"remit", "enter")
        await settle(pilot)
        assert [(s.code_id, s.start) for s in _own(project_path)] == [("remittances", first), ("remittances", second)]
        assert len(app.screen.query_one(SpansPanel).spans) == 2
        await pilot.press("ctrl+z")  # one action: both go
        assert _own(project_path) == []
        await pilot.press("escape", "escape")
        assert coding_screen(app).hits == []


async def test_search_without_hits_warns(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zebra", "enter")
        await pilot.press("a", "n")  # unavailable without hits
        assert isinstance(app.screen, CodingScreen)
        assert any("not in this testimony" in n.message for n in notices)


async def test_the_hit_keys_are_live_exactly_while_there_are_hits(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)

        def hit_keys_live() -> tuple[bool, bool]:
            bindings = app.screen.active_bindings
            return bindings["n"].enabled, bindings["a"].enabled

        assert hit_keys_live() == (False, False)
        await pilot.press("slash", *"broker", "enter")
        assert hit_keys_live() == (True, True)
        await pilot.press("escape", "escape")  # the selection, then the search
        assert hit_keys_live() == (False, False)
        # The footer is told by the state itself, not by each place that changes it remembering to.
        updates: list[object] = []
        app.screen.bindings_updated_signal.subscribe(app.screen, updates.append)
        app.screen.hit_count = 2
        await pilot.pause()
        assert updates


# --- progress, visibility ------------------------------------------------------------------------


async def test_mark_a_testimony_done_and_not_done(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("d")
        with Project.open(project_path) as project:
            assert project.coders.done_documents(CODER) == {"A"}
        testimonies = app.screen.query_one(testimony_list.TestimonyList)
        assert testimonies.progress("A") == testimony_list.Progress(0, True)
        assert "done" in coding_screen(app).sub_title
        await pilot.press("d")
        with Project.open(project_path) as project:
            assert project.coders.done_documents(CODER) == set()


async def test_blind_coding_hides_other_coders_until_asked(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert all(span.coder == CODER for span in transcript_of(app).spans)
        await pilot.press("o")
        await settle(pilot)
        assert {span.coder for span in transcript_of(app).spans} == {"alice"}
        assert "others shown" in coding_screen(app).sub_title
        # Another coder's span cannot be removed by this coder.
        transcript_of(app).select_range(TEXT_A.index("manager"), TEXT_A.index("manager"))
        await pilot.press("x")
        assert len(stored(project_path, coder="alice")) == 1


async def test_show_others_option_starts_unblind(project_path: Path) -> None:
    app = make_app(project_path, show_others=True)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert {span.coder for span in transcript_of(app).spans} == {"alice"}


# --- panels --------------------------------------------------------------------------------------


async def test_spans_panel_goes_to_a_span(project_path: Path) -> None:
    app = make_app(project_path)
    start = TEXT_A.index("The broker")
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, start, start + 10)
        await pilot.press("3")
        await select(pilot, 0, 4)
        await pilot.press("1", "escape", "ctrl+home")
        panel = app.screen.query_one(SpansPanel)
        panel.focus()
        await pilot.press("end", "enter")
        assert transcript_of(app).selected_range() == (start, start + 10)
        assert app.focused is transcript_of(app)
        await pilot.press("k")
        assert transcript_of(app).selected_range() == (0, 4)
        await pilot.press("j")
        assert transcript_of(app).selected_range() == (start, start + 10)


async def test_project_without_codes(empty_codebook_path: Path) -> None:
    app = make_app(empty_codebook_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("1", "g", "escape")
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("c", *"Mobility", "enter")
        await pilot.pause()
        assert [(s.code_id, s.text) for s in stored(empty_codebook_path)] == [("mobility", "They")]


async def test_undo_of_a_done_mark_unmarks_the_testimony(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        await pilot.press("d")
        assert "done" in screen.sub_title.split(" · ")
        await pilot.press("ctrl+z")  # an action without span changes: the screen stays and says so
        await settle(pilot)
        assert screen.document_id == "A" and "done" not in screen.sub_title.split(" · ")
        with Project.open(project_path) as project:
            assert project.coders.done_documents(CODER) == set()
        assert notices[-1].message == "Undone: marking A done."
        await pilot.press("ctrl+y")
        assert "done" in screen.sub_title.split(" · ") and screen.session.done == {"A"}
        assert notices[-1].message == "Redone: marking A done."
    # After a restart the mark is undone again from the event log.
    async with make_app(project_path).run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        assert notices[-1].message == "Undone: marking A done."
        assert coding_screen(pilot.app).session.done == set()
        shown = pilot.app.screen.query_one(testimony_list.TestimonyList).progress("A")
        assert shown is not None and not shown.done


async def test_undo_says_what_it_undid_by_kind(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"broker", "enter")
        await pilot.press("a", *"remit", "enter")
        await settle(pilot)
        await pilot.press("ctrl+z")
        assert notices[-1].message == "Undone: coding 2 spans with Remittances in A."
        await select(pilot, 0, 4)
        await pilot.press("1", "r", *"brib", "enter")
        await pilot.pause()
        await pilot.press("ctrl+z")
        assert notices[-1].message == "Undone: recoding Wage deduction → Bribery at 0–4 in A."
