"""REFI-QDA files built to exhaust memory or the stack: refused quickly, in one line, with nothing written."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_MEMBER_BYTES, MAX_XML_DEPTH
from annotator.domain.models import Code, Codebook, Document
from annotator.exchange import archives
from annotator.exchange.refi.codebook import read_qdc, write_qdc
from annotator.exchange.refi.importing import create_from_qdc, create_from_qdpx, import_qdc, import_qdpx
from annotator.exchange.refi.project import write_qdpx
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal
from tests.support.exchange import SOURCE, make_qdpx, selection, single_source_qde

TEXT = b"They took eighty percent of the wage."
SOURCE_MEMBER = f"sources/{SOURCE}.txt"


def refused(tmp_path: Path, qdpx: Path, match: str) -> InputError:
    with pytest.raises(InputError, match=match) as caught:
        create_from_qdpx(qdpx, tmp_path / "new.db", coder="me")
    assert not (tmp_path / "new.db").exists()
    assert "\n" not in str(caught.value)
    return caught.value


def zero_bomb(path: Path, size: int) -> Path:
    """A .qdpx whose source member is `size` zero bytes, deflated to a small fraction of that."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("project.qde", single_source_qde(selection(0, 4)))
        with archive.open(SOURCE_MEMBER, "w", force_zip64=size >= 1 << 31) as handle:
            chunk = bytes(1 << 20)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return path


def test_a_small_file_unpacking_to_a_gigabyte_is_refused_in_little_memory(tmp_path: Path) -> None:
    """Refused from what it unpacks to, holding under 20 MB (no timing asserted: the benchmarks time)."""
    bomb = zero_bomb(tmp_path / "bomb.qdpx", 1 << 30)
    assert bomb.stat().st_size < 8 << 20
    tracemalloc.start()
    error = refused(
        tmp_path, bomb, f"unpacks to 1,073,741,824 bytes; at most {MAX_MEMBER_BYTES:,} are read from one file"
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(error).startswith(f"{bomb}/{SOURCE_MEMBER}: ")
    assert peak < 20 << 20


def _understate_size(path: Path, member: str, stated: int) -> None:
    """Rewrite the member's uncompressed size in both zip headers, as a hostile file would."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, stated)
            start += 4
    path.write_bytes(bytes(data))


def test_a_member_that_understates_its_size_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    bomb = zero_bomb(tmp_path / "liar.qdpx", 64 << 20)
    _understate_size(bomb, SOURCE_MEMBER, 37)
    tracemalloc.start()
    refused(tmp_path, bomb, "cannot be read from the archive")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 << 20


def test_reading_is_capped_while_streaming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_qdpx(tmp_path / "x.qdpx", single_source_qde(selection(0, 4)), {SOURCE_MEMBER: b"x" * 5000})
    with zipfile.ZipFile(path) as archive:
        reader = archives.MemberReader(archive, str(path))  # the listing passes the real limits
        monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 4096)
        with pytest.raises(InputError, match=f"{SOURCE_MEMBER}: unpacks to more than 4,096 bytes"):
            reader.read(SOURCE_MEMBER)


def test_too_many_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_ARCHIVE_MEMBERS", 10)
    files = {f"sources/extra{index}.txt": b"x" for index in range(10)}
    path = make_qdpx(tmp_path / "many.qdpx", single_source_qde(selection(0, 4)), {SOURCE_MEMBER: TEXT, **files})
    refused(tmp_path, path, "holds 12 files; at most 10 are read")


def test_members_too_big_together_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archives, "MAX_ARCHIVE_BYTES", 6000)
    files = {"sources/a.txt": b"x" * 3000, "sources/b.txt": b"y" * 3000}
    path = make_qdpx(tmp_path / "big.qdpx", single_source_qde(selection(0, 4)), {SOURCE_MEMBER: TEXT, **files})
    refused(tmp_path, path, "bytes in all; at most 6,000 are read")


def test_a_word_file_inside_that_unpacks_too_far_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 10_000)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", compression=zipfile.ZIP_DEFLATED) as word:
        word.writestr("word/document.xml", b"<w/>" + bytes(50_000))
    qde = single_source_qde(selection(0, 4), path="internal://interview.docx").replace("plainTextPath", "richTextPath")
    path = make_qdpx(tmp_path / "word.qdpx", qde, {"sources/interview.docx": inner.getvalue()})
    refused(tmp_path, path, "interview.docx/word/document.xml: unpacks to 50,004 bytes")


BILLION_LAUGHS = (
    """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">"""
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + """]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>"""
)


def test_an_entity_bomb_is_refused_before_expanding(tmp_path: Path) -> None:
    path = make_qdpx(tmp_path / "lol.qdpx", BILLION_LAUGHS)
    tracemalloc.start()
    refused(tmp_path, path, "declares a DOCTYPE")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 << 20  # 10^9 "lol"s expanded would be gigabytes


def test_an_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret testimony", encoding="utf-8")
    qde = f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]><Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
    error = refused(tmp_path, make_qdpx(tmp_path / "xxe.qdpx", qde), "declares a DOCTYPE")
    assert "secret testimony" not in str(error)


def nested_codes(depth: int) -> str:
    opening = "".join(
        f'<Code guid="AAAAAAAA-0000-0000-0000-{index:012X}" name="level {index}" isCodable="true">'
        for index in range(depth)
    )
    return f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{opening}{"</Code>" * depth}</Codes></CodeBook>'


def test_codes_nested_1500_deep_give_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.qdc"
    path.write_text(nested_codes(1500), encoding="utf-8")
    with pytest.raises(InputError, match=f"nests elements more than {MAX_XML_DEPTH} levels deep") as caught:
        read_qdc(path)
    assert str(caught.value).startswith(f"{path}:1: ")


def test_codes_nested_200_deep_are_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "deep.qdc"
    path.write_text(nested_codes(200), encoding="utf-8")
    codes = read_qdc(path)
    assert [code.name for code in codes] == [f"level {index}" for index in range(200)]
    assert codes[0].parent is None and all(code.parent == codes[index].guid for index, code in enumerate(codes[1:]))


def test_a_code_with_an_empty_name_is_refused_naming_the_element(run_cli, small_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.qdc"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\n'
        '<Code guid="AAAAAAAA-0000-0000-0000-000000000001" name="Fine"/>\n'
        '<Code guid="AAAAAAAA-0000-0000-0000-000000000002" name="  "/>\n</Codes></CodeBook>',
        encoding="utf-8",
    )
    before = database_fingerprint(small_project)
    line = assert_one_line_refusal(run_cli("import", path, "--db", small_project), path)
    assert (
        line
        == f"annotator: {path}:3: name: <Code> AAAAAAAA-0000-0000-0000-000000000002 has no name; every code needs one"
    )
    assert database_fingerprint(small_project) == before


def test_a_990_deep_parent_chain_exports_and_is_refused_on_the_way_back(tmp_path: Path) -> None:
    chain = tuple(
        Code(id=f"c{index}", name=f"Level {index}", parent=f"c{index - 1}" if index else None) for index in range(990)
    )
    db = tmp_path / "chain.db"
    with Project.create(db) as project:
        project.documents.add([Document(id="A", title="A", text="Some text.")])
        project.codes.add_codebook(Codebook(name="deep", codes=chain))
        assert write_qdc(project, tmp_path / "chain.qdc") == 990
        write_qdpx(project, tmp_path / "chain.qdpx")
    # Too deep for the reader's bound: one line, not a RecursionError.
    with pytest.raises(InputError, match="levels deep"):
        read_qdc(tmp_path / "chain.qdc")
    refused(tmp_path, tmp_path / "chain.qdpx", "levels deep")


def test_importing_a_codebook_already_there_logs_nothing(tmp_path: Path, small_project: Path) -> None:
    with Project.open(small_project) as project:
        write_qdc(project, tmp_path / "same.qdc")
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project:
        report = import_qdc(tmp_path / "same.qdc", project, coder="me")
    assert report.codes_added == 0 and report.codes_present == 4
    assert database_fingerprint(small_project) == before


def test_importing_a_project_already_there_logs_nothing(tmp_path: Path, coded_project: Path) -> None:
    with Project.open(coded_project) as project:
        write_qdpx(project, tmp_path / "same.qdpx")
    before = database_fingerprint(coded_project)
    with Project.open(coded_project) as project:
        report = import_qdpx(tmp_path / "same.qdpx", project, coder="ann")
    assert report.spans_added == 0 and report.spans_present == 8 and report.documents_present == 3
    assert database_fingerprint(coded_project) == before  # no `import` event either


def test_a_word_document_that_unpacks_too_far_is_refused_at_import(
    run_cli, small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archives, "MAX_MEMBER_BYTES", 10_000)
    path = tmp_path / "interview.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as word:
        word.writestr("word/document.xml", b"<w/>" + bytes(50_000))
    before = database_fingerprint(small_project)
    line = assert_one_line_refusal(run_cli("import", path, "--db", small_project), path)
    assert (
        line == f"annotator: {path}/word/document.xml: unpacks to 50,004 bytes; at most 10,000 are read from one file"
    )
    assert database_fingerprint(small_project) == before


def test_two_codes_with_the_same_overlong_name_become_two_codes(tmp_path: Path) -> None:
    name = "N" * 250
    path = tmp_path / "long.qdc"
    path.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="AAAAAAAA-0000-0000-0000-000000000001" name="{name}"/>'
        f'<Code guid="AAAAAAAA-0000-0000-0000-000000000002" name="{name}"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    report = create_from_qdc(path, tmp_path / "new.db", coder="me")
    assert report.codes_added == 2
    with Project.open(tmp_path / "new.db") as project:
        codes = project.codes.all()
    assert [code.name for code in codes] == ["N" * 200, "N" * 188 + " 2"]
    assert [code.id for code in codes] == ["n" * 72, "n" * 72 + "-2"]
