"""Pilot tests of the codebook screen (edit, merge, move, delete, undo) and of definitions shown while coding,
each checked in the database through a fresh connection."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from annotator.domain.models import Code, CodeExample
from annotator.storage import Project
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.dialogs.codebook import CodeForm, DeleteConfirm, examples_from_lines
from annotator.tui.screens.codebook import CodebookScreen, CodeTree
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.widgets.code_detail import CodeDetail
from annotator.tui.widgets.codebook_panel import CodebookPanel
from tests.support.tui import CODER, DEFINITION, TEXT_A, TEXT_B, Notice, make_app, settle, stored


def _codes(path: Path) -> dict[str, Code]:
    with Project.open(path) as project:
        return {code.id: code for code in project.codes.all()}


async def _open_codebook(pilot) -> CodebookScreen:
    await settle(pilot)
    await pilot.press("K")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CodebookScreen)
    return pilot.app.screen


async def _highlight(pilot, code_id: str) -> None:
    pilot.app.screen.query_one(CodeTree).highlight(code_id)
    await pilot.pause()


def _current_name(codebook: CodebookScreen) -> str | None:
    current = codebook.query_one(CodeTree).current
    return current.name if current is not None else None


async def test_definition_shown_while_coding(defined_path: Path) -> None:
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        detail = screen.query_one(CodeDetail)
        assert not detail.display  # nothing highlighted yet: no room taken
        screen.query_one(CodebookPanel).focus()
        await pilot.press("down")
        text = str(detail.render())
        assert detail.display and DEFINITION in text
        assert "Include: Fees and fines." in text and "Exclude: Unpaid overtime." in text
        assert "Example: “They took eighty percent”" in text
        await pilot.press("down")  # Bribery has no definition: the area goes
        assert not detail.display
        screen.transcript.focus()
        screen.transcript.select_range(0, 4)
        await pilot.press("c", *"wage")
        await pilot.pause()
        assert isinstance(app.screen, CodePicker)
        assert DEFINITION in str(app.screen.query_one(CodeDetail).render())


async def test_edit_a_code_and_undo(defined_path: Path, notices: list[Notice]) -> None:
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        codebook = await _open_codebook(pilot)
        await _highlight(pilot, "bribery")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CodeForm)
        app.screen.query_one("#code-form-name", Input).value = "Bribes"
        app.screen.query_one("#code-form-key", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is codebook
        assert (_codes(defined_path)["bribery"].name, _codes(defined_path)["bribery"].key) == ("Bribes", "7")
        assert _current_name(codebook) == "Bribes"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _codes(defined_path)["bribery"].name == "Bribery"
        assert _current_name(codebook) == "Bribery"
        await pilot.press("escape")
        await pilot.pause()
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.session.code_for_key("2") is not None
    assert any(notice.message.startswith("Undone: edited code 'bribery'") for notice in notices)


async def test_merge_with_the_picker_then_undo(defined_path: Path) -> None:
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        await _open_codebook(pilot)
        await _highlight(pilot, "bribery")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CodePicker)
        assert "bribery" not in {code.id for code in app.screen.codes}
        await pilot.press(*"wage", "enter")
        await settle(pilot)
        assert "bribery" not in _codes(defined_path)
        own = stored(defined_path, coder=CODER, document_id="A")
        assert {span.code_id for span in own} == {"wage-deduction"}
        await pilot.press("escape")
        await pilot.pause()
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        panel = coding.query_one(CodebookPanel)
        assert "bribery" not in panel.code_ids
        assert panel.count("wage-deduction") == 2  # Bribery's span counts as Wage deduction now
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "bribery" in panel.code_ids
        assert {span.code_id for span in stored(defined_path, coder=CODER, document_id="A")} == {
            "wage-deduction",
            "bribery",
        }


async def test_delete_asks_and_says_how_many_spans(defined_path: Path) -> None:
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        codebook = await _open_codebook(pilot)
        await _highlight(pilot, "bribery")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DeleteConfirm)
        assert "used by 1 span" in app.screen.question
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert "bribery" in _codes(defined_path)
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#with-spans")
        await pilot.pause()
        assert app.screen is codebook
        assert "bribery" not in _codes(defined_path)
        assert {span.code_id for span in stored(defined_path, coder=CODER)} == {"wage-deduction"}
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "bribery" in _codes(defined_path)
        assert len(stored(defined_path, coder=CODER)) == 2


async def test_delete_recodes_to_a_picked_code(defined_path: Path) -> None:
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        await _open_codebook(pilot)
        await _highlight(pilot, "bribery")
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#recode")
        await pilot.pause()
        assert isinstance(app.screen, CodePicker)
        await pilot.press(*"remitt", "enter")
        await pilot.pause()
        assert "bribery" not in _codes(defined_path)
        start = TEXT_A.index("We paid")
        assert [(s.code_id, s.start) for s in stored(defined_path, code_id="remittances")] == [("remittances", start)]


async def test_unused_code_deleted_after_confirming_and_move(defined_path: Path) -> None:
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        await _open_codebook(pilot)
        await _highlight(pilot, "informants")
        await pilot.press("u")  # to the top
        await pilot.pause()
        assert _codes(defined_path)["informants"].parent is None
        await pilot.press("v", *"remitt", "enter")
        await pilot.pause()
        assert _codes(defined_path)["informants"].parent == "remittances"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DeleteConfirm) and "No span uses it" in app.screen.question
        await pilot.press("enter")
        await pilot.pause()
        assert "informants" not in _codes(defined_path)


async def test_the_to_recode_list_is_stepped_through_and_recoded_with_the_code_keys(
    defined_path: Path, notices: list[Notice]
) -> None:
    second = TEXT_B.index("We worked")
    with Project.open(defined_path) as project:
        project.spans.add(CODER, "B", "bribery", second, second + 9)
        project.codes.split(CODER, "bribery", ["bribe-cash", "bribe-favour"])
        project.codes.edit(CODER, "bribe-cash", key="8")
    app = make_app(defined_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.press("l")
        await settle(pilot)
        assert (screen.document_id, screen.transcript.selected_range()) == ("A", (38, 87))
        await pilot.press("8")  # recodes the listed span, and goes on to the next one (in B)
        await settle(pilot)
        assert [s.code_id for s in stored(defined_path, document_id="A", code_id="bribe-cash")] == ["bribe-cash"]
        assert len(stored(defined_path, document_id="A", coder=CODER)) == 2  # recoded, nothing added
        assert (screen.document_id, screen.transcript.selected_range()) == ("B", (second, second + 9))
        await pilot.press("left_curly_bracket")  # one left: previous wraps onto it
        await settle(pilot)
        assert screen.transcript.selected_range() == (second, second + 9)
        await pilot.press("c", *"favour", "enter")
        await settle(pilot)
        assert [s.code_id for s in stored(defined_path, document_id="B", coder=CODER)] == ["bribe-favour"]
        await pilot.press("l")
        await pilot.pause()
    assert "the to-recode list is done" in notices[-2].message
    assert notices[-1].message == "No spans left to recode."


async def test_the_form_edits_rules_and_examples_keeping_untouched_fields(defined_path: Path) -> None:
    before = _codes(defined_path)["bribery"]
    app = make_app(defined_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_codebook(pilot)
        await _highlight(pilot, "bribery")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CodeForm)
        # Every field and the examples fit in 80x24.
        for widget_id in ("name", "include", "exclude", "colour", "examples"):
            region = form.query_one(f"#code-form-{widget_id}").region
            assert region.height >= 1 and region.bottom <= 24, widget_id
        form.query_one("#code-form-include", TextArea).text = "money or gifts to be chosen"
        form.query_one("#code-form-examples", TextArea).text = "We paid to be chosen.\n\nA gift to the agent."
        await pilot.press("ctrl+s")
        await pilot.pause()
    code = _codes(defined_path)["bribery"]
    assert code.include == "money or gifts to be chosen"
    assert [example.quote for example in code.examples] == ["We paid to be chosen.", "A gift to the agent."]
    assert (code.definition, code.exclude, code.name, code.key) == (
        before.definition,
        before.exclude,
        before.name,
        before.key,
    )


def test_example_lines_keep_the_document_of_an_unchanged_quote() -> None:
    current = (CodeExample(quote="We paid.", document="A"),)
    assert examples_from_lines(" We paid. \n\nNew one\n", current) == (
        CodeExample(quote="We paid.", document="A"),
        CodeExample(quote="New one"),
    )
