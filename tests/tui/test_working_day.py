"""A coder's working day in the screen (issue 25): in-vivo names, search options and widened hits,
boundary keys and punctuation, review from the cursor, and a search that stays with its testimony."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, TextArea

from annotator.storage import Project
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.dialogs.codebook import CodeForm
from annotator.tui.dialogs.search import SearchPrompt
from annotator.tui.screens.agreement import AgreementScreen, AgreementTable, plan_columns
from annotator.tui.screens.codebook import CodeTree
from tests.support.tui import (
    CODER,
    OTHER_CODER,
    TEXT_A,
    Notice,
    coding_screen,
    make_app,
    select,
    settle,
    status_text,
    stored,
    transcript_of,
)

pytestmark = pytest.mark.tui


# --- in-vivo ---------------------------------------------------------------------------------------


async def test_the_picker_offers_the_selected_words_as_a_new_code_ready_for_enter(project_path: Path) -> None:
    app = make_app(project_path)
    quote = "“We paid a bribe to be chosen"
    start = TEXT_A.index("We paid")
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, start - 1, start + len(quote) - 1)  # a space before, as a drag often takes
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CodePicker)
        assert app.screen.query_one("#picker-query").value == "We paid a bribe to be chosen"
        await pilot.press("enter")
        await settle(pilot)
        (span,) = stored(project_path, coder=CODER)
        with Project.open(project_path) as project:
            assert project.codes.get(span.code_id).name == "We paid a bribe to be chosen"


async def test_typing_over_the_offered_name_finds_an_existing_code(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await pilot.press("c", *"brib", "enter")
        await settle(pilot)
        assert [span.code_id for span in stored(project_path, coder=CODER)] == ["bribery"]


# --- search options and widened hits -----------------------------------------------------------------


async def test_whole_word_search_and_coding_every_hit_widened_to_its_sentence(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"the", "alt+w")
        assert isinstance(app.screen, SearchPrompt)
        # Tab to the widening choice (past the two checkboxes), right to "sentences", enter picks it.
        await pilot.press("tab", "tab", "tab", "right", "enter", "enter")
        await pilot.pause()
        screen = coding_screen(app)
        # "the wage", "the work", "The manager", "the site", "The broker": not "They"; whole words only.
        assert [TEXT_A[start:end].lower() for start, end in screen.hits] == ["the"] * 5
        assert "“the” (whole words): hit" in status_text(app)
        await pilot.press("a", *"surv", "enter")
        await settle(pilot)
        # Each span is the whole sentence holding a hit.
        assert sorted(span.text for span in stored(project_path, coder=CODER)) == [
            "Nobody could leave the site without a guard.",
            "The broker kept a part of it.",
            "The manager watched us every day.",
            "They took eighty percent of the wage.",
            "We paid a bribe to be chosen for the work abroad.",
        ]
        await pilot.press("ctrl+z")  # one action, as before
        await settle(pilot)
        assert stored(project_path, coder=CODER) == []


async def test_match_case_finds_only_the_case_typed(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"The", "alt+c", "enter")
        await pilot.pause()
        assert [TEXT_A[start:end] for start, end in coding_screen(app).hits] == ["The", "The", "The"]


async def test_a_search_does_not_stay_on_the_status_line_of_the_next_testimony(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("slash", *"broker", "enter")
        await pilot.pause()
        assert "“broker”" in status_text(app)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert coding_screen(app).document_id == "B"
        assert "broker" not in status_text(app) and coding_screen(app).hits == []


# --- boundary keys -----------------------------------------------------------------------------------


async def test_widening_a_start_steps_over_the_previous_sentences_full_stop(project_path: Path) -> None:
    app = make_app(project_path)
    start = TEXT_A.index("We paid")
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, start, start + len("We paid"))
        await pilot.press("1", "less_than_sign")
        await pilot.pause()
        (span,) = stored(project_path, coder=CODER)
        assert span.text == "wage. We paid"  # never ". We paid" (a 2-character disagreement)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        (span,) = stored(project_path, coder=CODER)
        assert span.text == "We paid"


# --- review from the cursor ----------------------------------------------------------------------------


async def test_review_starts_at_an_item_at_offset_0_and_names_whose_span_it_is(
    project_path: Path, notices: list[Notice]
) -> None:
    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "bribery", 0, len("They took"))
        project.spans.add(OTHER_CODER, "A", "bribery", 0, len("They took"))
        project.documents.replace_text("lead", "A", TEXT_A.replace("They took eighty", "Thy tok eighty"))
    app = make_app(project_path, show_others=True)
    async with app.run_test() as pilot:
        await settle(pilot)
        transcript_of(app).select_range(0, 0)
        await pilot.press("f")
        await pilot.pause()
        assert transcript_of(app).selected_range() == (0, len("Thy tok"))
        assert notices[-1].message.startswith("To review: span bribery 0–7 by tester (1 of ")
        await pilot.press("f")
        await pilot.pause()
        assert notices[-1].message.startswith(f"To review: span bribery 0–7 by {OTHER_CODER} (2 of ")


# --- 80x24 ---------------------------------------------------------------------------------------------


async def test_at_80x24_the_header_keeps_the_coder_and_place_and_the_footer_the_help_key(
    project_path: Path, notices: list[Notice]
) -> None:
    with Project.open(project_path) as project:
        project.set_meta("name", "A project whose name is much too long to share one header line with anything")
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one("HeaderTitle").render())
        assert "tester · A · 1/4 · blind" in header and "A project whose" in header and "…" in header
        footer_keys = [key for key in app.screen.query("FooterKey") if key.region.width]
        help_key = next(key for key in footer_keys if key.action == "help")
        assert help_key.region.x == 0 and help_key.region.right <= 80  # first, so never cut
        # Once, as the screen opens: the testimony list is behind T.
        assert [n.message for n in notices if "behind T" in n.message] == [
            "The testimony list is behind T (no room for it beside the text at this width)."
        ]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert len([n for n in notices if "behind T" in n.message]) == 1


async def test_at_80x24_the_spans_panel_shows_each_spans_start_and_first_words(project_path: Path) -> None:
    app = make_app(project_path)
    start = TEXT_A.index("We paid")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select(pilot, start, start + len("We paid a bribe"))
        await pilot.press("2")
        await settle(pilot)
        spans = app.screen.query_one("SpansPanel")
        row = spans.render_line(0).text
        assert row.startswith(f"▌  {start} «We paid…» Bri")  # the start, the first words, then the code (cut)


async def test_at_80x24_the_agreement_table_fits_every_column(agreement_path: Path) -> None:
    with Project.open(agreement_path) as project:
        project.codes.edit("lead", "wage-deduction", name="Wage deduction and state extraction of earnings")
    app = make_app(agreement_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgreementScreen) and screen.result is not None
        table = screen.query_one(AgreementTable)
        assert len(table.columns) == 7  # the code and its six figures
        drawn = sum(column.get_render_width(table) for column in table.columns.values())
        assert drawn <= table.scrollable_content_region.width
        assert str(table.get_cell("wage-deduction", "code")).startswith("Wage deduction and")
        assert str(table.get_cell("wage-deduction", "code")).endswith("…")


def test_a_table_too_narrow_for_the_usual_headers_takes_the_tightest_with_a_legend() -> None:
    keys = ["percent_agreement", "cohen_kappa", "krippendorff_alpha", "gwet_ac1", "alpha_u", "f1"]
    names = ["Wage deduction and state extraction", "pooled (all codes)"]
    wide = plan_columns(keys, names, [5] * 6, 120)
    assert wide.legend == "" and wide.code_width == len(names[0]) and wide.headers[1] == "Cohen κ"
    narrow = plan_columns(keys, names, [5] * 6, 60)
    assert narrow.headers == ["%", "κ", "α", "AC1", "αU", "F1"]
    assert narrow.code_width == 60 - 6 * 7 - 2
    assert "κ Cohen's kappa" in narrow.legend and "αU Krippendorff's unitizing alpha" in narrow.legend


# --- the codebook form ---------------------------------------------------------------------------------


async def test_the_code_form_takes_a_definition_and_rules_of_several_lines(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await pilot.pause()
        pilot.app.screen.query_one(CodeTree).highlight("bribery")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CodeForm)
        await pilot.press("tab")  # from the name to the definition
        assert app.focused is form.query_one("#code-form-definition", TextArea)
        await pilot.press(*"Money paid", "enter", *"to be chosen.", "tab")  # enter breaks the line
        assert app.focused is form.query_one("#code-form-include", TextArea)
        await pilot.press(*"gifts too", "enter", *"favours too", "ctrl+s")
        await pilot.pause()
    with Project.open(project_path) as project:
        code = project.codes.get("bribery")
    assert (code.definition, code.include) == ("Money paid\nto be chosen.", "gifts too\nfavours too")


# --- keys go where the user meant ------------------------------------------------------------------------


async def _burst(pilot, *keys: str) -> None:
    """Keys arriving together (a paste, a macro, fast typing on a loaded machine): all posted before any is handled."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await settle(pilot)


async def test_keys_typed_while_the_search_opens_are_its_words_not_commands(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = coding_screen(app)
        # w a g e are each a single-key command of the coding screen (select word, code hits, retrieve, fit).
        await _burst(pilot, "slash", "w", "a", "g", "e", "enter")
        assert app.screen is screen
        assert screen.open.search.query == "wage" and len(screen.hits) == 1
        assert stored(project_path, coder=CODER) == []


async def test_keys_typed_while_the_picker_opens_find_the_code(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await select(pilot, 0, 4)
        await _burst(pilot, "c", "b", "r", "i", "b", "enter")
        assert [span.code_id for span in stored(project_path, coder=CODER)] == ["bribery"]
        assert not coding_screen(app).session.show_others


async def test_keys_typed_while_the_palette_opens_reach_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await _burst(pilot, "ctrl+p", "o", "T", "W")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "oTW"
        await pilot.press("escape")
        await settle(pilot)
        screen = coding_screen(app)
        assert not screen.session.show_others and screen.panel_choice.wider == 0


async def test_a_tab_in_a_burst_moves_to_the_next_field_before_the_keys_after_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await pilot.pause()
        pilot.app.screen.query_one(CodeTree).highlight("bribery")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CodeForm)
        await _burst(pilot, "tab", *"Paid", "tab", *"gift", "ctrl+s")
    with Project.open(project_path) as project:
        code = project.codes.get("bribery")
    assert (code.name, code.definition, code.include) == ("Bribery", "Paid", "gift")
