"""The codebook screen's decisions without Textual: descriptions, rows and use, destinations, changes
followed by the session, and the to-recode list stepped through like search hits."""

from __future__ import annotations

import pytest

from annotator.coding.codebook_view import CodebookEditor, RecodeList, delete_question, describe_code
from annotator.coding.session import CodingSession
from annotator.domain.errors import InputError
from annotator.domain.models import Code, CodeExample
from annotator.storage import Project
from tests.support.coding import CODER, OTHER, TEXT_A


def test_describe_code_gives_only_what_the_code_has() -> None:
    code = Code(
        id="w",
        name="W",
        definition="Money  taken\nfrom the wage.",
        exclude="Overtime.",
        examples=(CodeExample(quote="took the wage"),),
    )
    assert describe_code(code) == [
        "Definition: Money taken from the wage.",
        "Exclude: Overtime.",
        "Example: “took the wage”",
    ]
    assert describe_code(Code(id="b", name="B")) == []


def test_rows_are_the_tree_with_use_yours_then_everyones(project: Project, session: CodingSession) -> None:
    project.codes.move(CODER, "surveillance", "wage")
    project.spans.add(CODER, "A", "wage", 0, 4)
    project.spans.add(OTHER, "A", "wage", 5, 9)
    session.codes = project.codes.all()
    editor = CodebookEditor(session)
    blind = editor.rows()
    assert [(row.code.id, row.depth, row.use) for row in blind] == [
        ("wage", 0, "1"),
        ("surveillance", 1, "0"),
        ("bribery", 0, "0"),
    ]
    session.show_others = True
    assert editor.rows()[0].use == "1/2"
    assert editor.span_count("wage") == 2


def test_destinations_leave_out_the_code_and_its_descendants(project: Project, session: CodingSession) -> None:
    project.codes.move(CODER, "surveillance", "wage")
    session.codes = project.codes.all()
    assert [code.id for code in CodebookEditor(session).destinations("wage")] == ["bribery"]


def test_changes_are_followed_by_the_session_and_undone(project: Project) -> None:
    project.spans.add(CODER, "A", "bribery", 0, 4)
    session = CodingSession(project, CODER)
    editor = CodebookEditor(session)
    editor.edit("bribery", name="Bribes", key="2", colour="#ff7f0e")  # unchanged fields are left out
    assert session.codes_by_id["bribery"].name == "Bribes"
    editor.delete("bribery", with_spans=True)
    assert "bribery" not in session.codes_by_id
    assert session.span_counts["A"] == 0
    session.undo()
    assert "bribery" in session.codes_by_id
    assert session.span_counts["A"] == 1
    editor.merge("bribery", "wage")
    assert [span.code_id for span in project.spans.select(coder=CODER)] == ["wage"]


def test_a_key_another_code_holds_is_refused_in_the_screens_words(session: CodingSession) -> None:
    with pytest.raises(InputError, match="key 1 is held by “Wage”; remove it there first"):
        CodebookEditor(session).edit("bribery", key="1")
    assert session.project.codes.get("bribery").key == "2"


def test_destinations_are_the_codes_the_coder_sees(project: Project) -> None:
    project.codes.create("Fear", coder=OTHER)
    blind = CodingSession(project, CODER)
    assert "fear" not in {code.id for code in CodebookEditor(blind).destinations("wage")}
    blind.show_others = True
    assert "fear" in {code.id for code in CodebookEditor(blind).destinations("wage")}


def test_delete_question_says_how_many_spans() -> None:
    code = Code(id="b", name="Bribery")
    assert "No span uses it" in delete_question(code, 0)
    assert "used by 3 spans" in delete_question(code, 3)
    assert "used by 1 span " in delete_question(code, 1)


def test_recode_list_steps_like_search_hits_and_recodes(project: Project, session: CodingSession) -> None:
    paid = TEXT_A.index("We paid")
    project.spans.add(CODER, "A", "bribery", paid, paid + 7)
    project.spans.add(CODER, "A", "bribery", 0, 4)
    project.spans.add(OTHER, "A", "bribery", 5, 9)
    project.spans.add(CODER, "U", "bribery", 0, 2)
    project.codes.split(CODER, "bribery", ["bribe-cash", "bribe-favour"])
    listed = RecodeList(session)
    assert [(span.document_id, span.start) for span in listed.spans] == [("A", 0), ("A", paid), ("U", 0)]

    def stepped(document_id: str, offset: int, direction: int) -> tuple[str, int] | None:
        span = listed.step(document_id, offset, direction)
        return (span.document_id, span.start) if span is not None else None

    assert stepped("A", 0, 1) == ("A", paid)
    assert stepped("A", paid, 1) == ("U", 0)
    assert stepped("U", 0, 1) == ("A", 0)  # wraps around to the first
    assert stepped("A", 0, -1) == ("U", 0)  # and back to the last
    assert listed.at("A", 0, 4) is not None and listed.at("A", 0, 3) is None
    listed.recode(listed.spans[0], "bribe-cash")
    assert len(listed.spans) == 2
    assert [span.code_id for span in project.spans.select(document_id="A", coder=CODER)].count("bribe-cash") == 1
    session.show_others = True
    assert len(RecodeList(session).reload()) == 3  # alice's span shows when others are shown
    assert RecodeList(CodingSession(project, "nobody")).step(None, 0, 1) is None
