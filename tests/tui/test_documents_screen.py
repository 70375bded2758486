"""Pilot tests of the document keys: section and attributes shown, attributes edited, the text corrected
in $EDITOR, the review list stepped through and resolved; each checked in the database and undone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.domain.models import Codebook, Passage
from annotator.storage import Project
from annotator.tui.dialogs.attributes import AttributesPrompt
from tests.support.tui import (
    CODER,
    CODES,
    DOCUMENTS,
    OTHER_CODER,
    TEXT_A,
    Notice,
    coding_screen,
    make_app,
    place,
    settle,
    transcript_of,
)

FIRST_PARAGRAPH = TEXT_A.index("\n\n")
# The editor the tests hand the text to: it corrects "eighty" and deletes the guard sentence's end.
EDITOR_SCRIPT = """
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("eighty", "ninety").replace(" without a guard", "")
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def sections_path(tmp_path: Path) -> Path:
    """The test project with two report sections in A and two spans (one by another coder) on the guard."""
    path = tmp_path / "sections.db"
    with Project.create(path, name="interviews") as project:
        project.documents.add(
            DOCUMENTS,
            [
                Passage(document_id="A", start=0, end=FIRST_PARAGRAPH, section="4.1 Recruitment"),
                Passage(document_id="A", start=FIRST_PARAGRAPH + 2, end=len(TEXT_A), section="4.3 Surveillance"),
            ],
        )
        project.codes.add_codebook(Codebook(name="test", codes=CODES))
        guard = place("A", "Nobody could leave the site without a guard.")
        project.spans.add(CODER, "A", "surveillance", *guard)
        project.spans.add(OTHER_CODER, "A", "surveillance", *guard)
        project.spans.add(CODER, "A", "bribery", *place("A", "We sent money home"))
    return path


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EDITOR is a small script that corrects the text it is given."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


async def _cursor(pilot, offset: int) -> None:
    transcript_of(pilot.app).select_range(offset, offset)
    await pilot.pause()


def _document(path: Path, document_id: str = "A"):
    with Project.open(path) as project:
        return project.documents.get(document_id)


async def test_the_section_under_the_cursor_and_the_attributes_are_shown(sections_path: Path) -> None:
    app = make_app(sections_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        subtitle = transcript_of(app).border_subtitle
        assert subtitle == "§ 4.1 Recruitment · gender=Male · country=Arab Emirates · occupation=Construction"
        await _cursor(pilot, TEXT_A.index("The manager"))
        assert transcript_of(app).border_subtitle.startswith("§ 4.3 Surveillance · gender=Male")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert transcript_of(app).border_subtitle == "gender=Male · country=Russia · occupation=Logging"


async def test_attributes_are_edited_in_one_action_and_undone(sections_path: Path, notices: list[Notice]) -> None:
    app = make_app(sections_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, AttributesPrompt)
        field = app.screen.query_one("#attributes-words")
        assert field.value == "gender=Male 'country=Arab Emirates' occupation=Construction"  # type: ignore[attr-defined]
        field.value = "gender=Female 'country=South Korea' age=41"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        attributes = {"gender": "Female", "country": "South Korea", "age": "41"}
        assert _document(sections_path).attributes == attributes
        assert transcript_of(app).border_subtitle.endswith("gender=Female · country=South Korea · age=41")
        assert notices[-1].message == "Attributes of A changed; ctrl+z undoes it."
        assert coding_screen(app).session.testimonies[0].attributes == attributes  # what the testimony list shows
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _document(sections_path).attributes == DOCUMENTS[0].attributes
        assert notices[-1].message == "Undone: the attribute change of A."
        assert coding_screen(app).session.testimonies[0].attributes == DOCUMENTS[0].attributes
        assert "occupation=Construction" in transcript_of(app).border_subtitle


async def test_bad_attribute_words_change_nothing(sections_path: Path, notices: list[Notice]) -> None:
    app = make_app(sections_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#attributes-words").value = "gender"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert notices[-1] == Notice("'gender' is not KEY=VALUE", "error")
    assert _document(sections_path).attributes == DOCUMENTS[0].attributes


async def test_the_text_is_corrected_in_the_editor_and_undone(
    sections_path: Path, editor: None, notices: list[Notice]
) -> None:
    corrected = TEXT_A.replace("eighty", "ninety").replace(" without a guard", "")
    app = make_app(sections_path, show_others=True)  # the lead: every coder's items
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert _document(sections_path).text == corrected
        assert transcript_of(app).text == corrected
        assert notices[-1].message.startswith("Text of A corrected: ")
        assert "2 item(s) to review (f / F step through them, R resolves). ctrl+z undoes it." in notices[-1].message
        assert transcript_of(app).border_subtitle.endswith("· 2 to review")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert notices[-1].message == "Undone: the text correction of A."
        assert transcript_of(app).text == TEXT_A
        with Project.open(sections_path) as project:
            assert project.documents.get("A").text == TEXT_A
            assert (
                sorted(span.text for span in project.spans.select(document_id="A", code_id="surveillance"))
                == ["Nobody could leave the site without a guard."] * 2
            )
            assert project.reviews.list("A") == []


async def test_without_an_editor_the_text_stays(
    sections_path: Path, tmp_path: Path, monkeypatch, notices: list[Notice]
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no editor, nano or vi to fall back on
    app = make_app(sections_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert notices[-1] == Notice(
            "set VISUAL or EDITOR to the editor to use, e.g. EDITOR=nano (none of editor, nano, vi is on PATH)", "error"
        )
    assert _document(sections_path).text == TEXT_A


async def test_without_visual_or_editor_e_runs_the_editor_on_path_and_says_so(
    sections_path: Path, tmp_path: Path, monkeypatch, notices: list[Notice]
) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    fake = programs / "editor"  # Debian's name for the system's default editor
    fake.write_text(f"#!{sys.executable}\n{EDITOR_SCRIPT}", encoding="utf-8")
    fake.chmod(0o700)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", f"{programs}:{tmp_path}")
    app = make_app(sections_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert _document(sections_path).text == TEXT_A.replace("eighty", "ninety").replace(" without a guard", "")
        said = [notice.message for notice in notices]
        assert (
            "Editing in editor: neither VISUAL nor EDITOR is set, and editor is the first of editor, nano, vi on PATH."
            in said
        )


async def test_the_review_list_is_stepped_through_and_resolved(
    sections_path: Path, editor: None, notices: list[Notice]
) -> None:
    app = make_app(sections_path, show_others=True)  # the lead: every coder's items
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert notices[-1].message == "Nothing to review in this testimony."
        await pilot.press("E")
        await settle(pilot)
        with Project.open(sections_path) as project:
            review = project.reviews.list("A")
        assert sorted(item["coder"] for item in review) == sorted([CODER, OTHER_CODER])  # both guard spans
        await _cursor(pilot, 0)
        await pilot.press("f")
        await pilot.pause()
        first = (review[0]["start"], review[0]["end"])
        assert transcript_of(app).selected_range() == first
        assert notices[-1].message.startswith("To review: span surveillance ")
        assert notices[-1].message.endswith("(1 of 2); R marks it resolved.")
        await pilot.press("f")
        await pilot.pause()
        assert notices[-1].message.endswith("(2 of 2); R marks it resolved.")
        await pilot.press("F")
        await pilot.pause()
        assert notices[-1].message.endswith("(1 of 2); R marks it resolved.")
        await pilot.press("R")
        await pilot.pause()
        assert notices[-1].message.endswith("1 left to review; ctrl+z undoes it.")
        with Project.open(sections_path) as project:
            assert project.reviews.list("A") == review[1:]
        assert transcript_of(app).border_subtitle.endswith("· 1 to review")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert notices[-1].message == "Undone: a review item resolved in A."
        with Project.open(sections_path) as project:
            assert project.reviews.list("A") == review
        assert transcript_of(app).border_subtitle.endswith("· 2 to review")
        await _cursor(pilot, 0)
        await pilot.press("R")
        await pilot.pause()
        assert notices[-1].message == "No review item here: f / F step to one."


async def test_a_blind_coder_steps_through_and_resolves_only_their_own_review_items(
    sections_path: Path, notices: list[Notice]
) -> None:
    """The review list a correction leaves holds tester's wage span and alice's guard span; coding blind,
    `f` / `F` never select alice's item, `R` on it resolves nothing, and the count is tester's alone."""
    wage = place("A", "They took eighty percent of the wage.")
    with Project.open(sections_path) as project:
        project.spans.add(CODER, "A", "wage-deduction", *wage)
        project.spans.remove(CODER, project.spans.select(document_id="A", coder=CODER, code_id="surveillance")[0].id)
        corrected = TEXT_A.replace("eighty", "ninety").replace(" without a guard", "")
        project.documents.replace_text(OTHER_CODER, "A", corrected)  # the lead corrects the text
        review = project.reviews.list("A")
    theirs = next(item for item in review if item["coder"] == OTHER_CODER)
    mine = next(item for item in review if item["coder"] == CODER)
    assert (theirs["start"], theirs["end"]) != (mine["start"], mine["end"])
    app = make_app(sections_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert transcript_of(app).border_subtitle.endswith("· 1 to review")
        for key in ("f", "f", "F", "F"):
            await pilot.press(key)
            await pilot.pause()
            assert transcript_of(app).selected_range() == (mine["start"], mine["end"]), key
            assert notices[-1].message.endswith("(1 of 1); R marks it resolved."), key
        transcript_of(app).select_range(theirs["start"], theirs["end"])
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert notices[-1].message == "No review item here: f / F step to one."
        with Project.open(sections_path) as project:
            assert project.reviews.list("A") == review  # alice's item untouched
        await pilot.press("f", "R")
        await pilot.pause()
        with Project.open(sections_path) as project:
            assert project.reviews.list("A") == [theirs]  # only tester's own item went
        assert notices[-1].message.endswith("0 left to review; ctrl+z undoes it.")
