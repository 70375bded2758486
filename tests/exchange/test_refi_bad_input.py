"""Damaged or hostile REFI-QDA files: one clear message naming the file (and line), nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.exchange.refi.importing import create_from_qdc, create_from_qdpx, import_qdpx
from annotator.storage import Project
from tests.support import database_fingerprint as fingerprint
from tests.support.exchange import SOURCE, make_qdpx, reference, selection, single_source_qde

TEXT = b"They took eighty percent of the wage."


def refused(tmp_path: Path, qdpx: Path, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as caught:
        create_from_qdpx(qdpx, tmp_path / "new.db", coder="me")
    assert not (tmp_path / "new.db").exists()
    assert "\n" not in str(caught.value)
    return caught.value


def test_truncated_project_xml_names_the_member_and_line(tmp_path: Path) -> None:
    qde = single_source_qde(selection(0, 4))
    error = refused(
        tmp_path,
        make_qdpx(tmp_path / "cut.qdpx", qde[: len(qde) // 2], {f"sources/{SOURCE}.txt": TEXT}),
        "is not well-formed XML",
    )
    assert str(error).startswith(f"{tmp_path / 'cut.qdpx'}/project.qde:")
    assert error.line is not None and error.field.startswith("column")


def test_malformed_xml_names_the_line_of_the_fault(tmp_path: Path) -> None:
    qde = single_source_qde(selection(0, 4)).replace("</CodeBook>", "</Codebook>")
    error = refused(tmp_path, make_qdpx(tmp_path / "bad.qdpx", qde, {f"sources/{SOURCE}.txt": TEXT}), "mismatch")
    assert error.line == 4


def test_a_doctype_is_refused(tmp_path: Path) -> None:
    qde = single_source_qde(selection(0, 4)).replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    )
    refused(tmp_path, make_qdpx(tmp_path / "dtd.qdpx", qde, {f"sources/{SOURCE}.txt": TEXT}), "DOCTYPE")


def test_a_zip_without_project_qde(tmp_path: Path) -> None:
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/a.txt", TEXT)
    refused(tmp_path, path, "holds no project.qde")


@pytest.mark.parametrize("cut", [10, 200])
def test_not_a_zip_or_a_cut_zip(tmp_path: Path, cut: int) -> None:
    whole = reference("demo.qdpx")[0].read_bytes()
    (tmp_path / "cut.qdpx").write_bytes(whole[:cut])
    refused(tmp_path, tmp_path / "cut.qdpx", "is not a readable .qdpx")


def test_a_selection_outside_its_source(tmp_path: Path) -> None:
    qdpx = make_qdpx(tmp_path / "out.qdpx", single_source_qde(selection(30, 90)), {f"sources/{SOURCE}.txt": TEXT})
    error = refused(tmp_path, qdpx, r"points outside its source 'interview': positions 30-90, but the source has 37")
    assert error.line is not None


def test_nothing_is_written_into_an_existing_project(coded_project: Path, tmp_path: Path) -> None:
    # The first source and its codes are fine; the bad selection comes last, so a partial write would show.
    qdpx = make_qdpx(
        tmp_path / "out.qdpx",
        single_source_qde(
            selection(0, 4)
            + selection(
                30, 90, guid="CCCCCCCC-0000-0000-0000-000000000009", coding="DDDDDDDD-0000-0000-0000-000000000009"
            )
        ),
        {f"sources/{SOURCE}.txt": TEXT},
    )
    before = fingerprint(coded_project)
    with Project.open(coded_project) as project, pytest.raises(InputError, match="points outside"):
        import_qdpx(qdpx, project, coder="me")
    assert fingerprint(coded_project) == before


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            lambda q: q.replace('startPosition="0"', 'startPosition="zero"'),
            "startPosition: a 4-character value is not a whole number",
        ),
        (
            lambda q: q.replace(
                '<CodeRef targetGUID="AAAAAAAA-0000-0000-0000-000000000001"/></Coding>',
                '<CodeRef targetGUID="AAAAAAAA-0000-0000-0000-00000000000F"/></Coding>',
            ),
            "which the codebook does not hold",
        ),
        (lambda q: q.replace(f"internal://{SOURCE}.txt", "internal://missing.txt"), "which the .qdpx does not hold"),
        (
            lambda q: q.replace('<Code guid="AAAAAAAA-0000-0000-0000-000000000001"', '<Code guid="not-a-guid"'),
            "no valid guid",
        ),
        (lambda q: q.replace("<Project ", "<Projekt ").replace("</Project>", "</Projekt>"), "not a REFI-QDA project"),
        (
            lambda q: q.replace(
                "</Sources>", f'<TextSource guid="{SOURCE}" plainTextPath="internal://{SOURCE}.txt"/></Sources>'
            ),
            "is used by two sources",
        ),
    ],
)
def test_inconsistent_projects_are_refused(tmp_path: Path, change, match: str) -> None:
    qdpx = make_qdpx(tmp_path / "x.qdpx", change(single_source_qde(selection(0, 4))), {f"sources/{SOURCE}.txt": TEXT})
    refused(tmp_path, qdpx, match)


def test_a_source_that_is_not_utf8(tmp_path: Path) -> None:
    qdpx = make_qdpx(
        tmp_path / "x.qdpx", single_source_qde(selection(0, 4)), {f"sources/{SOURCE}.txt": "Größe".encode("latin-1")}
    )
    refused(tmp_path, qdpx, "is not UTF-8 text")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x"', "is not well-formed XML"),
        (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "is not a REFI-QDA codebook"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "has no <Codes> element"),
        (b"", "is not well-formed XML"),
    ],
)
def test_bad_codebooks(tmp_path: Path, content: bytes, match: str) -> None:
    (tmp_path / "x.qdc").write_bytes(content)
    with pytest.raises(InputError, match=match):
        create_from_qdc(tmp_path / "x.qdc", tmp_path / "new.db", coder="me")
    assert not (tmp_path / "new.db").exists()
