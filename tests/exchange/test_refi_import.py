"""Importing REFI-QDA files: demo.qdpx from another tool, our own round trip, line ends, marks, Word sources."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator.domain.errors import InputError
from annotator.exchange.refi.codebook import write_qdc
from annotator.exchange.refi.importing import create_from_qdc, create_from_qdpx, import_qdc, import_qdpx
from annotator.exchange.refi.project import write_qdpx
from annotator.storage import Project
from tests.support.exchange import CODE, SOURCE, USER, make_qdpx, reference, selection, single_source_qde

P = "{urn:QDA-XML:project:1.0}"


# --- demo.qdpx, written by another tool (qc 1.3.2) ---------------------------------------------------


@pytest.mark.parametrize("demo", reference("demo.qdpx"), ids=lambda path: path.parent.name)
def test_demo_imports_sources_code_tree_and_every_selection(demo: Path, tmp_path: Path) -> None:
    report = create_from_qdpx(demo, tmp_path / "demo.db", coder="me")
    archive = zipfile.ZipFile(demo)
    root = etree.fromstring(archive.read("project.qde"))
    users = {user.get("guid"): user.get("name") for user in root.iter(f"{P}User")}
    with Project.open(tmp_path / "demo.db") as project:
        documents = {document.id: document for document in project.documents.all()}
        codes = project.codes.all()
        spans = {span.id: span for span in project.spans.select()}
        assert project.coders.all() == ["cp"]
    # its two sources, text as in the file (plainTextPath without internal://, as qc writes it)
    assert set(documents) == {"board_2017", "admin-1"}
    for document_id, document in documents.items():
        assert document.text == archive.read(f"sources/{document_id}.txt").decode("utf-8")
    # its code tree: every code, each under the parent it is nested in
    parent_of = {code.guid: {c.id: c.guid for c in codes}.get(code.parent) for code in codes}
    expected = {}
    for node in root.iter(f"{P}Code"):
        up = node.getparent()
        expected[node.get("guid").upper()] = up.get("guid").upper() if up.tag == f"{P}Code" else None
    assert {guid.upper(): (parent.upper() if parent else None) for guid, parent in parent_of.items()} == expected
    assert len(codes) == 262
    # all 158 selections, each coding a span with its coder and the source's slice as its text
    selections = list(root.iter(f"{P}PlainTextSelection"))
    assert len(selections) == 158
    codings = 0
    for node in selections:
        text = documents["board_2017"].text
        start, end = int(node.get("startPosition")), int(node.get("endPosition"))
        for coding in node.iter(f"{P}Coding"):
            span = spans[coding.get("guid").replace("-", "").lower()]
            assert (span.document_id, span.start, span.end) == ("board_2017", start, end)
            assert span.text == text[start:end]
            assert span.coder == users[coding.get("creatingUser")]
            codings += 1
    assert codings == len(spans) == report.spans_added == 205


def test_demo_code_names_used_twice_are_made_unique_and_reported(tmp_path: Path) -> None:
    report = create_from_qdpx(reference("demo.qdpx")[0], tmp_path / "demo.db", coder="me")
    with Project.open(tmp_path / "demo.db") as project:
        names = [code.name for code in project.codes.all()]
    assert len(names) == len({name.casefold() for name in names})
    assert "programming (cs_as_programming)" in names
    assert any("made unique" in note for note in report.notes)


# --- our own files, round trip ---------------------------------------------------------------------------


def snapshot(path: Path) -> dict:
    with Project.open(path) as project:
        ids = {code.id: code.guid for code in project.codes.all()}
        return {
            "documents": [document.model_dump() for document in project.documents.all()],
            "codes": [code.model_dump(exclude={"key"}) for code in project.codes.all()],
            "coders": project.coders.guids(),
            "spans": [
                (s.id, s.document_id, ids[s.code_id], s.coder, s.start, s.end, s.text, s.memo, s.created_at)
                for s in project.spans.select()
            ],
            "document_guids": project.documents.guids(),
        }


def test_export_import_export_gives_the_same_project(coded_project: Path, tmp_path: Path) -> None:
    with Project.open(coded_project) as project:
        write_qdpx(project, tmp_path / "first.qdpx")
        write_qdc(project, tmp_path / "first.qdc")
    report = create_from_qdpx(tmp_path / "first.qdpx", tmp_path / "copy.db", coder="someone")
    assert report.notes == [] and report.reanchored == 0
    with Project.open(tmp_path / "copy.db") as copy:
        write_qdpx(copy, tmp_path / "second.qdpx")
        write_qdc(copy, tmp_path / "second.qdc")
    assert (tmp_path / "first.qdpx").read_bytes() == (tmp_path / "second.qdpx").read_bytes()
    assert (tmp_path / "first.qdc").read_bytes() == (tmp_path / "second.qdc").read_bytes()
    assert snapshot(coded_project) == snapshot(tmp_path / "copy.db")


def test_qdc_round_trip_through_a_new_project(coded_project: Path, tmp_path: Path) -> None:
    with Project.open(coded_project) as project:
        write_qdc(project, tmp_path / "first.qdc")
        originals = [code.model_dump(exclude={"key"}) for code in project.codes.all()]
    report = create_from_qdc(tmp_path / "first.qdc", tmp_path / "codes.db", coder="me")
    assert report.codes_added == len(originals)
    with Project.open(tmp_path / "codes.db") as project:
        assert [code.model_dump(exclude={"key"}) for code in project.codes.all()] == originals
        assert project.summary() == {"documents": 0, "codes": len(originals), "coders": 0, "spans": 0}


def test_importing_an_export_into_its_own_project_adds_nothing(coded_project: Path, tmp_path: Path) -> None:
    with Project.open(coded_project) as project:
        write_qdpx(project, tmp_path / "out.qdpx")
        before = project.summary()
        report = import_qdpx(tmp_path / "out.qdpx", project, coder="ann")
        assert project.summary() == before
    assert (report.codes_added, report.documents_added, report.spans_added) == (0, 0, 0)
    assert (report.documents_present, report.spans_present) == (3, 8)


def test_qdc_into_an_existing_project_keeps_known_codes_and_adds_new_ones(coded_project: Path, tmp_path: Path) -> None:
    qdc = tmp_path / "codes.qdc"
    qdc.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo"><Codes>'
        '<Code guid="01234567-89ab-cdef-0123-456789abcdef" name="bribery" isCodable="true"/>'
        '<Code guid="{01234567-89AB-CDEF-0123-456789ABCDE0}" name="Escape" isCodable="false" color="#0f0">'
        "<Description>Leaving.</Description>"
        '<Code guid="01234567-89ab-cdef-0123-456789abcde1" name="Border crossing" isCodable="true"/></Code>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    with Project.open(coded_project) as project:
        report = import_qdc(qdc, project, coder="lead")
        codes = {code.id: code for code in project.codes.all()}
    assert (report.codes_present, report.codes_added) == (1, 2)  # 'bribery' matched by name
    assert codes["escape"].colour == "#00ff00" and codes["escape"].definition == "Leaving."
    assert codes["border-crossing"].parent == "escape"
    assert codes["escape"].guid == "01234567-89AB-CDEF-0123-456789ABCDE0"


# --- line ends, marks, re-anchoring ---------------------------------------------------------------------

CRLF_TEXT = "Q: Were you paid?\r\nA: They took eighty percent.\r\nQ: And bribes?\r\nA: We paid a bribe to be chosen."
LF_TEXT = CRLF_TEXT.replace("\r\n", "\n")


def import_one(tmp_path: Path, source: bytes, selections: str, **qde: str) -> tuple[list, list[str]]:
    qdpx = make_qdpx(tmp_path / "in.qdpx", single_source_qde(selections, **qde), {f"sources/{SOURCE}.txt": source})
    report = create_from_qdpx(qdpx, tmp_path / "in.db", coder="me")
    with Project.open(tmp_path / "in.db") as project:
        return project.spans.select(), report.notes


def test_crlf_counted_twice_with_a_byte_order_mark(tmp_path: Path) -> None:
    """NVivo and QualCoder: positions count CR and LF; QualCoder writes a UTF-8 mark."""
    start = CRLF_TEXT.index("We paid")
    spans, _ = import_one(tmp_path, b"\xef\xbb\xbf" + CRLF_TEXT.encode(), selection(start, len(CRLF_TEXT)))
    assert spans[0].text == "We paid a bribe to be chosen."
    assert spans[0].start == LF_TEXT.index("We paid")


def test_crlf_counted_once_by_atlas(tmp_path: Path) -> None:
    start = LF_TEXT.index("eighty")
    spans, _ = import_one(tmp_path, CRLF_TEXT.encode(), selection(start, start + 14), origin="ATLAS.ti 23")
    assert spans[0].text == "eighty percent"


def test_selection_names_that_quote_the_text_decide_how_crlf_counts(tmp_path: Path) -> None:
    start = LF_TEXT.index("And bribes")
    spans, _ = import_one(tmp_path, CRLF_TEXT.encode(), selection(start, start + 10, name="And bribes"))
    assert spans[0].text == "And bribes"


def test_a_selection_shifted_by_a_counted_mark_is_re_anchored(tmp_path: Path) -> None:
    start = LF_TEXT.index("eighty") + 1  # an exporter that counted the byte-order mark
    spans, notes = import_one(
        tmp_path, b"\xef\xbb\xbf" + LF_TEXT.encode(), selection(start, start + 14, name="eighty percent")
    )
    assert spans[0].text == "eighty percent"
    assert any("moved onto their text" in note for note in notes)


def test_nvivo_style_capital_sources_folder(tmp_path: Path) -> None:
    qdpx = make_qdpx(
        tmp_path / "in.qdpx", single_source_qde(selection(0, 4)), {f"Sources/{SOURCE}.txt": LF_TEXT.encode()}
    )
    create_from_qdpx(qdpx, tmp_path / "in.db", coder="me")
    with Project.open(tmp_path / "in.db") as project:
        assert project.spans.select()[0].text == "Q: W"


def test_utf16_sources_are_read(tmp_path: Path) -> None:
    start = LF_TEXT.index("eighty")
    spans, _ = import_one(tmp_path, LF_TEXT.encode("utf-16"), selection(start, start + 6))
    assert spans[0].text == "eighty"


def test_our_own_file_whose_text_moved_is_rejected(tmp_path: Path) -> None:
    qde = single_source_qde(selection(0, 10, name="They took eighty"), origin="annotator 0.1.0")
    qdpx = make_qdpx(tmp_path / "in.qdpx", qde, {f"sources/{SOURCE}.txt": b"Completely different words here."})
    with pytest.raises(InputError, match="is not at 0-10 of the source nor nearby"):
        create_from_qdpx(qdpx, tmp_path / "in.db", coder="me")
    assert not (tmp_path / "in.db").exists()


words = st.lists(st.sampled_from(["wage", "bribe", "Россия", "평양", "manager", "😀", "dawn"]), min_size=3, max_size=8)
lines = st.lists(words.map(" ".join), min_size=2, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=lines,
    data=st.data(),
    bom=st.booleans(),
    named=st.booleans(),
    origin=st.sampled_from(["NVivo 14", "ATLAS.ti 23"]),
)
def test_any_selection_survives_crlf_and_marks(
    tmp_path: Path, lines: list[str], data, bom: bool, named: bool, origin: str
) -> None:
    """CRLF sources, with or without a mark: NVivo counts CR and LF, ATLAS.ti counts a line break once."""
    text = "\n".join(lines)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if origin.startswith("NVivo"):  # the same stretch, counted in the CRLF file's own characters
        file_start, file_end = start + text.count("\n", 0, start), end + text.count("\n", 0, end)
    else:
        file_start, file_end = start, end
    name = text[start:end].replace("\n", " ").replace("&", "&amp;").replace("<", "&lt;") if named else ""
    data_bytes = (b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", "\r\n").encode()
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    qde = single_source_qde(selection(file_start, file_end, name=name), origin=origin)
    qdpx = make_qdpx(folder / "in.qdpx", qde, {f"sources/{SOURCE}.txt": data_bytes})
    create_from_qdpx(qdpx, folder / "in.db", coder="me")
    with Project.open(folder / "in.db") as project:
        [span] = project.spans.select()
        assert project.documents.get("interview").text == text
    assert (span.start, span.end, span.text) == (start, end, text[start:end])


# --- sources other tools write -------------------------------------------------------------------------


def word_file(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_source_held_only_as_word_is_read_and_reported(tmp_path: Path) -> None:
    paragraphs = ["Interview with B.", "We worked from dawn to midnight."]
    start = len(paragraphs[0]) + 1
    qde = single_source_qde(selection(start, start + 9, name="We worked")).replace(
        f'plainTextPath="internal://{SOURCE}.txt"', f'richTextPath="internal://{SOURCE}.docx"'
    )
    qdpx = make_qdpx(tmp_path / "in.qdpx", qde, {f"sources/{SOURCE}.docx": word_file(paragraphs)})
    report = create_from_qdpx(qdpx, tmp_path / "in.db", coder="me")
    with Project.open(tmp_path / "in.db") as project:
        assert project.documents.get("interview").text == "\n".join(paragraphs)
        assert project.spans.select()[0].text == "We worked"
    assert any("read from the Word file" in note for note in report.notes)


def test_sources_annotator_cannot_read_are_reported_not_dropped(tmp_path: Path) -> None:
    extra = """
    <PictureSource guid="EEEEEEEE-0000-0000-0000-000000000001" name="photo" path="internal://x.png">
      <PictureSelection guid="EEEEEEEE-0000-0000-0000-000000000002" firstX="0" firstY="0" secondX="1" secondY="1"/>
    </PictureSource>
    <TextSource guid="EEEEEEEE-0000-0000-0000-000000000003" name="elsewhere" plainTextPath="absolute:///home/x/a.txt"/>
    <TextSource guid="EEEEEEEE-0000-0000-0000-000000000004" name="rtf" richTextPath="internal://a.rtf"/>"""
    qde = single_source_qde(selection(0, 5), extra_source=extra)
    qdpx = make_qdpx(tmp_path / "in.qdpx", qde, {f"sources/{SOURCE}.txt": b"Hello world", "sources/a.rtf": b"{\\rtf1}"})
    report = create_from_qdpx(qdpx, tmp_path / "in.db", coder="me")
    joined = "\n".join(report.notes)
    assert "picture source 'photo' is not imported" in joined and "1 selection(s)" in joined
    assert "'elsewhere' lies outside the .qdpx" in joined
    assert "'rtf' exists only as .rtf" in joined
    assert report.documents_added == 1 and report.spans_added == 1


def test_several_codings_memos_cases_and_whole_source_codings(tmp_path: Path) -> None:
    second = "AAAAAAAA-0000-0000-0000-000000000002"
    qde = f"""<?xml version="1.0"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="maxqda style" origin="MAXQDA 2022">
  <Users><User guid="{USER}" name="maria"/></Users>
  <CodeBook><Codes><Code guid="{CODE}" name="Bribery" isCodable="true"/><Code guid="{second}" name="Wages" isCodable="true"/></Codes></CodeBook>
  <Variables><Variable guid="99999999-0000-0000-0000-000000000001" name="country" typeOfVariable="Text"/></Variables>
  <Cases><Case guid="99999999-0000-0000-0000-000000000002" name="A">
    <VariableValue><VariableRef targetGUID="99999999-0000-0000-0000-000000000001"/><TextValue>Russia</TextValue></VariableValue>
    <SourceRef targetGUID="{SOURCE}"/></Case></Cases>
  <Sources><TextSource guid="{SOURCE}" name="interview">
    <PlainTextContent>They took eighty percent. We paid a bribe.</PlainTextContent>
    <PlainTextSelection guid="CCCCCCCC-0000-0000-0000-000000000001" startPosition="0" endPosition="24" creatingUser="{USER}">
      <Description>a selection memo</Description>
      <Coding guid="DDDDDDDD-0000-0000-0000-000000000001" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding>
      <Coding guid="DDDDDDDD-0000-0000-0000-000000000002"><CodeRef targetGUID="{second}"/>
        <NoteRef targetGUID="88888888-0000-0000-0000-000000000001"/></Coding>
    </PlainTextSelection>
    <PlainTextSelection guid="CCCCCCCC-0000-0000-0000-000000000002" startPosition="26" endPosition="41"/>
    <Coding guid="DDDDDDDD-0000-0000-0000-000000000003" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding>
  </TextSource></Sources>
  <Notes>
    <Note guid="88888888-0000-0000-0000-000000000001"><PlainTextContent>a coding memo</PlainTextContent></Note>
    <Note guid="88888888-0000-0000-0000-000000000002" name="journal"><PlainTextContent>thoughts</PlainTextContent></Note>
  </Notes>
</Project>"""
    report = create_from_qdpx(make_qdpx(tmp_path / "in.qdpx", qde), tmp_path / "in.db", coder="me")
    with Project.open(tmp_path / "in.db") as project:
        spans = project.spans.select()
        document = project.documents.get("interview")
    assert document.attributes == {"country": "Russia"}
    assert [(s.code_id, s.start, s.end, s.memo, s.coder) for s in spans] == [
        ("bribery", 0, 24, "a selection memo", "maria"),
        ("wages", 0, 24, "a coding memo", "maria"),
        ("bribery", 0, 42, "", "maria"),
    ]
    joined = "\n".join(report.notes)
    assert "1 selection(s) of source 'interview' carry no code" in joined
    assert "1 note(s) not tied to a coded selection" in joined
