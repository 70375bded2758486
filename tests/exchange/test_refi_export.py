"""`.qdpx` and `.qdc` exports: valid against the official schema, stable GUIDs, everything mapped."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from annotator.domain.models import Code, CodeExample
from annotator.exchange.refi.codebook import describe, parse_description, write_qdc
from annotator.exchange.refi.project import write_qdpx
from annotator.storage import Project
from tests.support.exchange import TEXTS, reference

P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"


@pytest.fixture(scope="module", params=reference("Project.xsd"), ids=lambda path: path.parent.name)
def project_schema(request: pytest.FixtureRequest) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(request.param))


@pytest.fixture(scope="module")
def codebook_schema() -> xmlschema.XMLSchema:
    """The standard's Codebook.xsd, derived from Project.xsd: a CodeBook root of CodeBookType (Codes, Sets, origin)."""
    text = (
        (reference("Project.xsd")[0])
        .read_text(encoding="utf-8")
        .replace("urn:QDA-XML:project:1.0", "urn:QDA-XML:codebook:1.0")
    )
    text, count = re.subn(
        r'(<xsd:complexType name="CodeBookType">\s*<xsd:sequence>\s*<xsd:element name="Codes" type="CodesType"/>)(\s*</xsd:sequence>)',
        r'\1<xsd:element name="Sets" type="SetsType" minOccurs="0"/>\2<xsd:attribute name="origin" type="xsd:string"/>',
        text,
    )
    assert count == 1
    text = text.replace(
        '<xsd:element name="Project" type="ProjectType">',
        '<xsd:element name="CodeBook" type="CodeBookType"/><xsd:element name="Project" type="ProjectType">',
    )
    return xmlschema.XMLSchema(text)


def export(project_path: Path, target: Path) -> zipfile.ZipFile:
    with Project.open(project_path) as project:
        write_qdpx(project, target)
    return zipfile.ZipFile(target)


def test_qdpx_is_valid_against_the_official_schema(coded_project: Path, tmp_path: Path, project_schema) -> None:
    archive = export(coded_project, tmp_path / "out.qdpx")
    project_schema.validate(archive.read("project.qde"))


def test_qdpx_maps_users_codes_sources_selections_memos_and_variables(coded_project: Path, tmp_path: Path) -> None:
    archive = export(coded_project, tmp_path / "out.qdpx")
    root = etree.fromstring(archive.read("project.qde"))
    with Project.open(coded_project) as project:
        coders, spans = project.coders.guids(), project.spans.select()
        document_guids = project.documents.guids()
    assert {user.get("name"): user.get("guid") for user in root.iter(f"{P}User")} == coders
    # hierarchy by nesting
    informants = root.find(f".//{P}Code[@name='Surveillance']/{P}Code[@name='Informants']")
    assert informants is not None and informants.get("color") == "#17becf"
    assert informants.findtext(f"{P}Description") == "Use when: Named watchers."
    sources = root.findall(f".//{P}TextSource")
    assert [source.get("name") for source in sources] == ["A", "B", "C"]
    for source in sources:
        member = source.get("plainTextPath").replace("internal://", "sources/")
        assert member == f"sources/{source.get('guid')}.txt"
        assert archive.read(member).decode("utf-8") == TEXTS[source.get("name")]
        assert source.get("guid") == document_guids[source.get("name")]
    selections = root.findall(f".//{P}PlainTextSelection")
    assert len(selections) == len(spans)
    by_user = {guid: name for name, guid in coders.items()}
    for selection in selections:
        coding = selection.find(f"{P}Coding")
        assert selection.get("creatingUser") == coding.get("creatingUser")
        span = next(s for s in spans if coding.get("guid").replace("-", "").lower() == s.id)
        assert by_user[coding.get("creatingUser")] == span.coder
        assert (int(selection.get("startPosition")), int(selection.get("endPosition"))) == (span.start, span.end)
    notes = {note.get("guid"): note.findtext(f"{P}PlainTextContent") for note in root.iter(f"{P}Note")}
    assert sorted(notes.values()) == sorted(span.memo for span in spans if span.memo)
    for ref in root.iter(f"{P}NoteRef"):
        assert ref.get("targetGUID") in notes
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{P}Variable")}
    first = sources[0]
    values = {
        variables[vv.find(f"{P}VariableRef").get("targetGUID")]: vv.findtext(f"{P}TextValue")
        for vv in first.findall(f"{P}VariableValue")
    }
    assert values == {"country": "Russia", "gender": "Male"}
    assert first.findtext(f"{P}Description") == "Interviewee A"


def test_repeated_exports_are_byte_identical(coded_project: Path, tmp_path: Path) -> None:
    export(coded_project, tmp_path / "one.qdpx")
    export(coded_project, tmp_path / "two.qdpx")
    assert (tmp_path / "one.qdpx").read_bytes() == (tmp_path / "two.qdpx").read_bytes()


def test_exports_are_owner_only(coded_project: Path, tmp_path: Path) -> None:
    export(coded_project, tmp_path / "out.qdpx")
    with Project.open(coded_project) as project:
        write_qdc(project, tmp_path / "out.qdc")
    assert (tmp_path / "out.qdpx").stat().st_mode & 0o077 == 0
    assert (tmp_path / "out.qdc").stat().st_mode & 0o077 == 0


def test_qdc_is_a_standard_codebook(coded_project: Path, tmp_path: Path, codebook_schema, project_schema) -> None:
    with Project.open(coded_project) as project:
        write_qdc(project, tmp_path / "out.qdc")
        codes = {code.name: code for code in project.codes.all()}
    data = (tmp_path / "out.qdc").read_bytes()
    codebook_schema.validate(data)
    root = etree.fromstring(data)
    assert root.tag == f"{C}CodeBook"
    # Its content is the schema's CodeBookType: it also validates as a project's <CodeBook>.
    content = data.decode().split("?>", 1)[1].replace("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:project:1.0")
    content = re.sub(r"<CodeBook [^>]*>", "<CodeBook>", content)
    project_schema.validate(f'<Project xmlns="urn:QDA-XML:project:1.0" name="x">{content}</Project>')
    for node in root.iter(f"{C}Code"):
        code = codes[node.get("name")]
        assert node.get("guid") == code.guid and node.get("color") == code.colour and node.get("isCodable") == "true"
        assert parse_description(node.findtext(f"{C}Description") or "") == {
            "definition": code.definition,
            "include": code.include,
            "exclude": code.exclude,
            "examples": code.examples,
        }
    assert [child.get("name") for child in root.find(f".//{C}Code[@name='Surveillance']").findall(f"{C}Code")] == [
        "Informants",
        "Restricted movement",
    ]


def test_code_guids_come_from_the_database(coded_project: Path, tmp_path: Path) -> None:
    with Project.open(coded_project) as project:
        write_qdc(project, tmp_path / "one.qdc")
        guids = {code.name: code.guid for code in project.codes.all()}
    with Project.open(coded_project) as project:
        write_qdc(project, tmp_path / "two.qdc")
    assert (tmp_path / "one.qdc").read_bytes() == (tmp_path / "two.qdc").read_bytes()
    root = etree.fromstring((tmp_path / "one.qdc").read_bytes())
    assert {node.get("name"): node.get("guid") for node in root.iter(f"{C}Code")} == guids


@pytest.mark.parametrize(
    "code",
    [
        Code(id="x", name="X"),
        Code(id="x", name="X", definition="Only a definition."),
        Code(id="x", name="X", include="when", exclude="not when"),
        Code(
            id="x", name="X", definition="Two\n\nparagraphs.", examples=(CodeExample(quote="q (1)", document="doc A"),)
        ),
        Code(id="x", name="X", examples=(CodeExample(quote="a"), CodeExample(quote="b\nc", document="B"))),
    ],
)
def test_descriptions_split_back_into_definition_guidance_and_examples(code: Code) -> None:
    assert parse_description(describe(code)) == {
        "definition": code.definition,
        "include": code.include,
        "exclude": code.exclude,
        "examples": code.examples,
    }


def test_a_foreign_description_is_all_definition() -> None:
    assert parse_description("A memo written in NVivo.\n\nWith two paragraphs.")["definition"] == (
        "A memo written in NVivo.\n\nWith two paragraphs."
    )


def test_derived_guids_are_uuid5_and_span_ids_are_coding_guids() -> None:
    import uuid

    from annotator.exchange.refi.xml import _GUID_NAMESPACE, derived_guid, guid_from_hex, hex_from_guid

    assert derived_guid("selection", "abc") == str(uuid.uuid5(_GUID_NAMESPACE, "selection:abc")).upper()
    span_id = "0195f0c2a6e0000000017a3c9b2e41d0"
    assert hex_from_guid(guid_from_hex(span_id)) == span_id
    assert guid_from_hex("not-hex") == derived_guid("span", "not-hex")


def test_a_project_imported_from_another_tool_exports_valid(tmp_path: Path, project_schema) -> None:
    from annotator.exchange.refi.importing import create_from_qdpx

    create_from_qdpx(reference("demo.qdpx")[0], tmp_path / "demo.db", coder="me")
    archive = export(tmp_path / "demo.db", tmp_path / "demo-again.qdpx")
    project_schema.validate(archive.read("project.qde"))
    assert len(archive.namelist()) == 4  # project.qde, two sources, annotator/code-ids.json


def test_an_exported_qdpx_imported_into_a_new_project_keeps_the_code_ids(tmp_path: Path) -> None:
    from annotator.exchange.new_project import init_project
    from annotator.exchange.refi.importing import create_from_qdpx
    from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS

    init_project(tmp_path / "bundled.db", BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="me").close()
    export(tmp_path / "bundled.db", tmp_path / "bundled.qdpx")
    create_from_qdpx(tmp_path / "bundled.qdpx", tmp_path / "again.db", coder="me")
    with Project.open(tmp_path / "bundled.db") as first, Project.open(tmp_path / "again.db") as again:
        assert [code.id for code in again.codes.all()] == [code.id for code in first.codes.all()]
        assert "recruitment" in {code.id for code in again.codes.all()}
        assert sorted(span.code_id for span in again.spans.select()) == sorted(
            span.code_id for span in first.spans.select()
        )
