"""Memos in exchange files: .qdpx (ours back in, and other tools' Notes), JSONL round trips, the spans CSV's columns."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from annotator.domain.errors import InputError
from annotator.domain.memos import Memo
from annotator.exchange.jsonl import import_memos_jsonl, write_spans_jsonl
from annotator.exchange.refi.importing import create_from_qdpx, import_qdpx
from annotator.exchange.refi.project import write_qdpx
from annotator.exchange.spans_csv import write_spans_csv
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.exchange import make_qdpx, reference

P = "{urn:QDA-XML:project:1.0}"
LONG = "## Findings\n\n" + "Wages went to the state; " * 8000  # 200,000 characters and more


@pytest.fixture
def with_memos(coded_project: Path) -> Path:
    """The coded project with a memo of each kind (ann and bob), one of them long, and span memos."""
    with Project.open(coded_project) as project:
        project.memos.add("ann", "project", "What the study found: *fear*.")
        project.memos.add("ann", "document", "A speaks of wages\nonly when asked.", document_id="A")
        project.memos.add("bob", "document", "B: réduit, second memo", document_id="B")
        project.memos.add("bob", "code", LONG, code_id="bribery")
        project.memos.add("ann", "code", "A child code's memo", code_id="informants")
        project.memos.add("ann", "grid", "A paid to be chosen.", document_id="A", code_id="bribery")
    return coded_project


def _memos(path: Path) -> list[Memo]:
    with Project.open(path) as project:
        return list(project.memos.all())


def test_our_qdpx_carries_memos_as_notes_with_noterefs_where_the_schema_puts_them(
    with_memos: Path, tmp_path: Path
) -> None:
    with Project.open(with_memos) as project:
        write_qdpx(project, tmp_path / "out.qdpx")
        memos = list(project.memos.all())
    data = zipfile.ZipFile(tmp_path / "out.qdpx").read("project.qde")
    for schema in reference("Project.xsd"):
        xmlschema.XMLSchema(str(schema)).validate(data)
    root = etree.fromstring(data)
    notes = {note.get("guid"): note for note in root.iter(f"{P}Note")}

    def refs(node: etree._Element) -> list[str]:
        return [notes[ref.get("targetGUID")].findtext(f"{P}PlainTextContent") for ref in node.findall(f"{P}NoteRef")]

    assert refs(root) == ["What the study found: *fear*."]
    source_a = root.find(f".//{P}TextSource[@name='A']")
    assert refs(source_a) == ["A speaks of wages\nonly when asked.", "A paid to be chosen."]
    assert refs(root.find(f".//{P}Code[@name='Bribery']")) == [LONG, "A paid to be chosen."]
    assert refs(root.find(f".//{P}Code[@name='Informants']")) == ["A child code's memo"]
    assert refs(root.find(f".//{P}Code[@name='Surveillance']")) == []  # a child's memo stays the child's
    assert len(notes) == len(memos) + 3  # and the three span memos
    [project_ref] = root.findall(f"{P}NoteRef")
    assert notes[project_ref.get("targetGUID")].get("name") == "project memo"


def test_our_qdpx_round_trip_keeps_every_memo_and_a_second_import_adds_none(with_memos: Path, tmp_path: Path) -> None:
    with Project.open(with_memos) as project:
        write_qdpx(project, tmp_path / "out.qdpx")
    report = create_from_qdpx(tmp_path / "out.qdpx", tmp_path / "copy.db", coder="lead")
    assert report.memos_added == 6 and "6 memo(s)" in report.summary()
    assert not [note for note in report.notes if "note(s) not tied" in note]
    assert _memos(tmp_path / "copy.db") == _memos(with_memos)  # ids, kinds, targets, authors, times, texts
    with Project.open(with_memos) as project:
        again = import_qdpx(tmp_path / "out.qdpx", project, coder="lead")
    assert (again.memos_added, again.memos_present) == (0, 6)


def test_a_changed_memo_in_the_file_stops_the_import_and_nothing_is_written(with_memos: Path, tmp_path: Path) -> None:
    with Project.open(with_memos) as project:
        write_qdpx(project, tmp_path / "out.qdpx")
        memo = project.memos.of("project")[0]
        project.memos.edit("ann", memo.id, "changed here since")
    before = database_fingerprint(with_memos)
    with Project.open(with_memos) as project:
        with pytest.raises(InputError, match="other content"):
            import_qdpx(tmp_path / "out.qdpx", project, coder="lead")
    assert database_fingerprint(with_memos) == before


def _demo_with_hand_added_notes(tmp_path: Path) -> Path:
    """QualCoder's demo.qdpx with memos added by hand as other tools write them: a project NoteRef and
    an inline Note (QualCoder), a source's NoteRef to a Note kept in a member (NVivo), a code's NoteRef."""
    demo = reference("demo.qdpx")[0]
    with zipfile.ZipFile(demo) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members.pop("project.qde").decode("utf-8")
    user = "39633935-3331-3962-6632-373436373264"
    notes = (
        f'<Notes><Note guid="AAAAAAAA-1111-4111-8111-000000000001" name="Project memo" creatingUser="{user}"'
        ' creationDateTime="2024-08-01T17:40:00Z"><PlainTextContent>Les écoles réforment.\nSecond line.'
        "</PlainTextContent></Note>"
        f'<Note guid="AAAAAAAA-1111-4111-8111-000000000002" name="admin-1 memo" creatingUser="{user}"'
        ' plainTextPath="internal://AAAAAAAA-1111-4111-8111-000000000002.txt"/>'
        '<Note guid="AAAAAAAA-1111-4111-8111-000000000003" name="code memo">'
        "<PlainTextContent>What counts as a definition.</PlainTextContent></Note></Notes>"
        '<NoteRef targetGUID="AAAAAAAA-1111-4111-8111-000000000001"/>'
    )
    admin = '<TextSource plainTextPath="admin-1.txt" guid="66653866-6334-3535-3435-366637306566" />'
    code = '<Code name="rq1_definition" guid="34653336-3766-3235-6466-363134396437" isCodable="true">'
    assert admin in qde and code in qde and qde.endswith("</Project>")
    qde = (
        qde.replace(admin, admin[:-3] + '><NoteRef targetGUID="AAAAAAAA-1111-4111-8111-000000000002"/></TextSource>')
        .replace(code, code + '<NoteRef targetGUID="AAAAAAAA-1111-4111-8111-000000000003"/>')
        .removesuffix("</Project>")
        + notes
        + "</Project>"
    )
    members["sources/AAAAAAAA-1111-4111-8111-000000000002.txt"] = b"The admin's answers\r\nare short."
    return make_qdpx(tmp_path / "demo-with-memos.qdpx", qde, members)


def test_memos_other_tools_write_into_demo_qdpx_come_in(tmp_path: Path) -> None:
    path = _demo_with_hand_added_notes(tmp_path)
    for schema in reference("Project.xsd"):
        xmlschema.XMLSchema(str(schema)).validate(zipfile.ZipFile(path).read("project.qde"))
    report = create_from_qdpx(path, tmp_path / "demo.db", coder="me")
    assert report.memos_added == 3
    with Project.open(tmp_path / "demo.db") as project:
        code_id = next(code.id for code in project.codes.all() if code.name == "rq1_definition")
        [on_project] = project.memos.of("project")
        [on_source] = project.memos.of("document", "admin-1")
        [on_code] = project.memos.of("code", code_id=code_id)
        assert (on_project.author, on_project.text, on_project.created_at) == (
            "cp",
            "Les écoles réforment.\nSecond line.",
            "2024-08-01T17:40:00Z",
        )
        assert on_project.id == "aaaaaaaa111141118111000000000001"
        assert on_source.text == "The admin's answers\nare short."
        assert (on_code.author, on_code.text) == ("me", "What counts as a definition.")
        assert project.memos.search("ecoles") == [on_project]


DEMO_USER = "39633935-3331-3962-6632-373436373264"
DEMO_CODE = "34653336-3766-3235-6466-363134396437"  # rq1_definition
DEMO_SOURCE = "66653866-6334-3535-3435-366637306566"  # admin-1, a source with no selections
DEMO_QUOTATION = "37323865-3734-6533-3337-623138653238"  # the demo's one coded selection


def _memo_note(number: int, name: str) -> str:
    """A Note as ATLAS.ti and MAXQDA write a memo: its text in a member of sources/, named by plainTextPath."""
    guid = f"BBBBBBBB-2222-4222-8222-00000000000{number}"
    return (
        f'<Note guid="{guid}" name="{name}" creatingUser="{DEMO_USER}" creationDateTime="2024-09-0{number}T08:00:00Z"'
        f' plainTextPath="internal://{guid}.txt"/>'
    )


def _demo_with(tmp_path: Path, notes: str, links: str = "", admin_selection: str = "") -> Path:
    """demo.qdpx with Notes (texts in sources/), Links after them, and a selection in source admin-1."""
    with zipfile.ZipFile(reference("demo.qdpx")[0]) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members.pop("project.qde").decode("utf-8")
    admin = f'<TextSource plainTextPath="admin-1.txt" guid="{DEMO_SOURCE}" />'
    assert admin in qde and qde.endswith("</Sources></Project>")
    if admin_selection:
        qde = qde.replace(admin, admin[:-3] + f">{admin_selection}</TextSource>")
    qde = qde.removesuffix("</Project>") + f"<Notes>{notes}</Notes>" + (f"<Links>{links}</Links>" if links else "")
    qde += "</Project>"
    for number in range(1, 6):
        text = f"Memo {number}: the admin is careful.\r\nSecond line.".encode()
        members[f"sources/BBBBBBBB-2222-4222-8222-00000000000{number}.txt"] = text
    path = make_qdpx(tmp_path / "demo-memos.qdpx", qde, members)
    for schema in reference("Project.xsd"):
        xmlschema.XMLSchema(str(schema)).validate(zipfile.ZipFile(path).read("project.qde"))
    return path


def test_atlas_ti_memos_tied_by_links_come_in_on_their_code_source_and_quotation(tmp_path: Path) -> None:
    notes = "".join(_memo_note(number, f"memo {number}") for number in range(1, 5))
    links = (
        f'<Link guid="CCCCCCCC-3333-4333-8333-000000000001" originGUID="BBBBBBBB-2222-4222-8222-000000000001"'
        f' targetGUID="{DEMO_CODE}"/>'
        f'<Link guid="CCCCCCCC-3333-4333-8333-000000000002" originGUID="{DEMO_SOURCE}"'
        ' targetGUID="BBBBBBBB-2222-4222-8222-000000000002"/>'  # either direction
        f'<Link guid="CCCCCCCC-3333-4333-8333-000000000003" originGUID="BBBBBBBB-2222-4222-8222-000000000003"'
        f' targetGUID="{DEMO_QUOTATION}"/>'
        f'<Link guid="CCCCCCCC-3333-4333-8333-000000000004" originGUID="{DEMO_CODE}" targetGUID="{DEMO_SOURCE}"/>'
    )
    report = create_from_qdpx(_demo_with(tmp_path, notes, links), tmp_path / "atlas.db", coder="me")
    assert report.memos_added == 2
    joined = "\n".join(report.notes)
    assert "1 link(s) other than a note's to a code, source or selection are not imported" in joined
    assert "1 note(s) not tied to a coded selection" in joined  # memo 4, linked to nothing: a free memo
    with Project.open(tmp_path / "atlas.db") as project:
        code_id = next(code.id for code in project.codes.all() if code.name == "rq1_definition")
        [on_code] = project.memos.of("code", code_id=code_id)
        [on_source] = project.memos.of("document", "admin-1")
        assert (on_code.author, on_code.created_at) == ("cp", "2024-09-01T08:00:00Z")
        assert on_code.text == "Memo 1: the admin is careful.\nSecond line."
        assert on_source.text.startswith("Memo 2:")
        memos = {span.memo for span in project.spans.select() if span.memo}
        assert memos == {"Memo 3: the admin is careful.\nSecond line."}


def test_maxqda_memos_on_a_document_a_code_and_a_passage_come_in(tmp_path: Path) -> None:
    notes = "".join(_memo_note(number, f"memo {number}") for number in range(1, 4))
    # MAXQDA: a document memo is the source's NoteRef, a code memo the code's, an in-document memo a
    # NoteRef of a selection with no Coding (it becomes a memo on the document: memos are not on passages).
    passage = (
        '<PlainTextSelection guid="DDDDDDDD-4444-4444-8444-000000000001" startPosition="0" endPosition="12"'
        f' creatingUser="{DEMO_USER}"><NoteRef targetGUID="BBBBBBBB-2222-4222-8222-000000000003"/></PlainTextSelection>'
        '<NoteRef targetGUID="BBBBBBBB-2222-4222-8222-000000000001"/>'
    )
    path = _demo_with(tmp_path, notes, admin_selection=passage)
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        members = {name: archive.read(name) for name in archive.namelist() if name != "project.qde"}
    code = f'<Code name="rq1_definition" guid="{DEMO_CODE}" isCodable="true">'
    qde = qde.replace(code, code + '<NoteRef targetGUID="BBBBBBBB-2222-4222-8222-000000000002"/>')
    report = create_from_qdpx(make_qdpx(tmp_path / "maxqda.qdpx", qde, members), tmp_path / "maxqda.db", coder="me")
    assert report.memos_added == 3
    with Project.open(tmp_path / "maxqda.db") as project:
        code_id = next(code.id for code in project.codes.all() if code.name == "rq1_definition")
        on_source = [memo.text[:7] for memo in project.memos.of("document", "admin-1")]
        assert sorted(on_source) == ["Memo 1:", "Memo 3:"]
        assert [memo.text[:7] for memo in project.memos.of("code", code_id=code_id)] == ["Memo 2:"]
        again = import_qdpx(tmp_path / "maxqda.qdpx", project, coder="me")  # the same file again adds nothing
        assert (again.memos_added, again.memos_present) == (0, 3)
        imported = list(project.memos.all())
        project.history.undo("me")  # the memos of a .qdpx import are one undoable action
        assert list(project.memos.all()) == []
        project.history.redo("me")
        assert list(project.memos.all()) == imported


def test_a_note_with_a_control_character_is_refused_naming_the_line(tmp_path: Path) -> None:
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Notes>'
        '<Note guid="AAAAAAAA-1111-4111-8111-000000000001"><PlainTextContent>bad \u0085 here</PlainTextContent></Note>'
        '</Notes><NoteRef targetGUID="AAAAAAAA-1111-4111-8111-000000000001"/></Project>'
    )
    with pytest.raises(InputError, match=r"project.qde:1: note .*U\+0085"):
        create_from_qdpx(make_qdpx(tmp_path / "bad.qdpx", qde), tmp_path / "bad.db", coder="me")
    assert not (tmp_path / "bad.db").exists()


def test_jsonl_carries_memo_lines_after_the_spans_and_they_load_back(
    with_memos: Path, small_project: Path, tmp_path: Path
) -> None:
    with Project.open(with_memos) as project:
        spans = write_spans_jsonl(project, tmp_path / "out.jsonl")
        memos = list(project.memos.all())
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == spans + len(memos)
    assert all("record" not in line and "document_memo" not in line for line in lines[:spans])
    assert lines[spans] == {
        "record": "memo",
        "id": memos[0].id,
        "kind": "project",
        "document": None,
        "code": None,
        "author": "ann",
        "created_at": memos[0].created_at,
        "updated_at": memos[0].updated_at,
        "text": "What the study found: *fear*.",
    }
    # Into the coded project's twin without memos (same documents and codes): every memo, as it was.
    twin = tmp_path / "twin.db"
    with Project.open(with_memos) as project:
        for memo in memos:
            project.memos.remove(memo.author, memo.id)
        write_qdpx(project, tmp_path / "no-memos.qdpx")
    create_from_qdpx(tmp_path / "no-memos.qdpx", twin, coder="lead")
    with Project.open(twin) as project:
        assert import_memos_jsonl(project, tmp_path / "out.jsonl", coder="lead") == (6, 0)
        assert import_memos_jsonl(project, tmp_path / "out.jsonl", coder="lead") == (0, 6)
        assert list(project.memos.all()) == memos
        project.history.undo("lead")  # the import is one undoable action
        assert list(project.memos.all()) == [] and project.memos.search("fear") == []
        project.history.redo("lead")
        assert list(project.memos.all()) == memos and [memo.text for memo in project.memos.search("fear")] == [
            memos[0].text
        ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "span"}, "no memo kind"),
        ({"document": "nowhere"}, "no document 'nowhere'"),
        ({"kind": "code", "document": None, "code": "ghost"}, "no code 'ghost'"),
        ({"id": "../x"}, "id: is not a memo id"),
        ({"text": "\u0007"}, "U\\+0007"),
        ({"author": "a,b"}, r"jsonl:2: coder name"),
        ({"extra": 1}, "keys memos do not have"),
        ({"text": None}, "text: must be a string"),
    ],
)
def test_a_forged_memo_line_is_refused_in_one_line_and_nothing_written(
    small_project: Path, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    good = {
        "record": "memo",
        "id": "0" * 32,
        "kind": "document",
        "document": "A",
        "code": None,
        "author": "ann",
        "created_at": "2026-01-01T00:00:00.000+00:00",
        "updated_at": "2026-01-01T00:00:00.000+00:00",
        "text": "fine",
    }
    file = tmp_path / "forged.jsonl"
    lines = [json.dumps({**good, "id": "1" * 32}), json.dumps({**good, **change})]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project:
        with pytest.raises(InputError) as refused:
            import_memos_jsonl(project, file, coder="lead")
    text = str(refused.value)
    assert "\n" not in text and str(file) in text and "fine" not in text
    assert re.search(message, text), text
    assert database_fingerprint(small_project) == before


def test_the_spans_csv_gains_document_and_code_memo_columns_only_with_such_memos(
    with_memos: Path, coded_project: Path, tmp_path: Path
) -> None:
    with Project.open(with_memos) as project:
        write_spans_csv(project, tmp_path / "spans.csv")
    with open(tmp_path / "spans.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bribery_in_a = next(row for row in rows if row["code"] == "bribery" and row["document"] == "A")
    assert bribery_in_a["document_memo"] == "A speaks of wages\nonly when asked."
    assert bribery_in_a["code_memo"] == LONG
    in_b = next(row for row in rows if row["document"] == "B" and row["code"] == "surveillance")
    assert (in_b["document_memo"], in_b["code_memo"]) == ("B: réduit, second memo", "")
    assert list(rows[0])[11:13] == ["document_memo", "code_memo"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # json lets the last of two equal keys win: the first text would be hidden from whoever reads the file.
        (
            '{"record": "memo", "id": "' + "2" * 32 + '", "kind": "project", "document": null, "code": null,'
            ' "author": "ann", "created_at": "2026-01-01T00:00:00+00:00", "updated_at": "2026-01-01T00:00:00+00:00",'
            ' "text": "shown", "text": "hidden"}',
            r"jsonl:1: key 'text' appears twice in one object",
        ),
        (
            '{"record": "memo", "id": "' + "2" * 32 + '", "kind": "project", "document": null, "code": null,'
            ' "author": "ann", "created_at": "yesterday", "updated_at": "2026-01-01T00:00:00+00:00", "text": "x"}',
            r"jsonl:1: created_at: is not a time stamp",
        ),
    ],
)
def test_a_memo_line_with_a_key_twice_or_a_time_that_is_none_is_refused(
    small_project: Path, tmp_path: Path, line: str, message: str
) -> None:
    file = tmp_path / "forged.jsonl"
    file.write_text(line + "\n", encoding="utf-8")
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project:
        with pytest.raises(InputError) as refused:
            import_memos_jsonl(project, file, coder="lead")
    assert re.search(message, str(refused.value)), str(refused.value)
    assert database_fingerprint(small_project) == before
