"""Names and ids that break the one rule for names, from every door: one line naming the file and
line (or the option), no raw control character in it, nothing written; `check` finds one stored by hand."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.names import (
    ATTRIBUTE_NAME,
    CODE_NAME,
    CODEBOOK_NAME,
    CODER_NAME,
    DOCUMENT_ID,
    LIMITS,
    ROLE,
    SPEAKER,
)
from annotator.exchange.refi.turns import SPEAKER_CASE
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal, write_rows
from tests.support.cli import CODEBOOK, HEADER
from tests.support.exchange import SOURCE, make_qdpx, selection, single_source_qde

# What a hostile or careless file puts in a name: each moves the cursor, breaks a line or a
# column, reorders the text around it, or hides (the word joiner is codebook sync's placeholder).
BAD = {
    "escape-sequence": "Ann\x1b[31mX",
    "c1-control": "Ann\x9b31mX",
    "delete": "Ann\x7fX",
    "bidi-override": "Ann\u202eX",
    "bidi-isolate": "Ann\u2067X",
    "line-separator": "Ann\u2028X",
    "word-joiner": "\u2060Ann",
}
# XML cannot carry C0 controls at all (the parser refuses them before any name is read).
BAD_IN_XML = {label: name for label, name in BAD.items() if label != "escape-sequence"}


def names(bad: dict[str, str], limit: int | None = None) -> list[object]:
    """The bad names as parameters with readable ids, plus one a character over `limit` when given."""
    found = [pytest.param(name, id=label) for label, name in bad.items()]
    if limit is not None:
        found.append(pytest.param("N" * (limit + 1), id="over-long"))
    return found


def refused(result, named: str | Path, db: Path | None = None, before: str | None = None) -> str:
    """One printable line naming `named`; the project unchanged when given."""
    line = assert_one_line_refusal(result, named)
    assert line.isprintable(), repr(line)
    assert "is not usable" in line, line
    if db is not None:
        assert database_fingerprint(db) == before
    return line


def run_refused(run_cli, db: Path, named: str | Path, *args: object) -> str:
    before = database_fingerprint(db)
    return refused(run_cli(*args, "--db", db), named, db, before)


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("name", names(BAD, LIMITS[CODE_NAME]))
def test_codes_edit_name(run_cli, project_db: Path, name: str) -> None:
    run_refused(run_cli, project_db, "code name", "codes", "edit", "bribery", "--name", name)


@pytest.mark.parametrize("name", names(BAD, LIMITS[DOCUMENT_ID]))
def test_documents_rename(run_cli, project_db: Path, name: str) -> None:
    run_refused(run_cli, project_db, "document id", "documents", "rename", "A", name)


@pytest.mark.parametrize("name", names(BAD, LIMITS[ATTRIBUTE_NAME]))
def test_documents_set_attribute_name(run_cli, project_db: Path, name: str) -> None:
    run_refused(run_cli, project_db, "attribute name", "documents", "set", "A", f"{name}=value")


@pytest.mark.parametrize("name", names(BAD, LIMITS[CODER_NAME]))
def test_coder_option(run_cli, project_db: Path, name: str) -> None:
    run_refused(run_cli, project_db, "coder name", "documents", "done", "A", "--coder", name)


VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {speaker}>Hello there.\n\n00:00:03.000 --> 00:00:04.000\n<v Bob>Hi.\n"
)


@pytest.fixture
def interview(run_cli, project_db: Path, tmp_path: Path) -> Path:
    """The project with a transcript whose speakers are Ann and Bob."""
    path = tmp_path / "interview.vtt"
    path.write_text(VTT.format(speaker="Ann"), encoding="utf-8")
    assert run_cli("import", path, "--db", project_db).exit_code == 0
    return project_db


@pytest.mark.parametrize("name", names(BAD, LIMITS[SPEAKER]))
def test_speakers_rename(run_cli, interview: Path, name: str) -> None:
    run_refused(run_cli, interview, "speaker", "speakers", "rename", "Ann", name)


@pytest.mark.parametrize("name", names(BAD, LIMITS[ROLE]))
def test_speakers_role(run_cli, interview: Path, name: str) -> None:
    run_refused(run_cli, interview, "role", "speakers", "role", "Ann", name)


# --- files -------------------------------------------------------------------------------------


def yaml_quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's): control characters written escaped."""
    return json.dumps(value)


@pytest.mark.parametrize("name", names(BAD, LIMITS[CODE_NAME]))
def test_yaml_codebook_code_name(run_cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(f"name: small\ncodes:\n  - id: bribery\n    name: {yaml_quoted(name)}\n", encoding="utf-8")
    line = refused(run_cli("codebook", "check", path), path)
    assert f"{path}:4: codes[0].name: code name " in line


@pytest.mark.parametrize("name", names(BAD, LIMITS[CODEBOOK_NAME]))
def test_yaml_codebook_name(run_cli, corpus: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / "named.yaml"
    path.write_text(CODEBOOK.replace("name: small", f"name: {yaml_quoted(name)}"), encoding="utf-8")
    line = refused(run_cli("init", "--corpus", corpus, "--codebook", path, "--db", tmp_path / "new.db"), path)
    assert f"{path}:1: name: codebook name " in line
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("name", names(BAD, LIMITS[ATTRIBUTE_NAME]))
def test_attribute_csv_header(run_cli, project_db: Path, tmp_path: Path, name: str) -> None:
    path = write_rows(tmp_path / "attributes.csv", [["document", "gender", name], ["A", "f", "x"]])
    line = run_refused(run_cli, project_db, path, "documents", "attributes", "import", path)
    assert f"{path}:1: column 3: attribute name " in line


@pytest.mark.parametrize("name", names(BAD, LIMITS[ATTRIBUTE_NAME]))
def test_corpus_json_attribute_name(run_cli, corpus: Path, tmp_path: Path, name: str) -> None:
    path = corpus / "corpus.json"
    path.write_text(json.dumps({"documents": {"A": {"attributes": {name: "x"}}}}), encoding="utf-8")
    codebook = tmp_path / "codebook.yaml"
    line = refused(run_cli("init", "--corpus", corpus, "--codebook", codebook, "--db", tmp_path / "new.db"), path)
    assert "documents.A.attributes: attribute name " in line


@pytest.mark.parametrize("name", names(BAD, LIMITS[CODER_NAME]))
def test_spans_csv_coder(run_cli, project_db: Path, tmp_path: Path, name: str) -> None:
    path = write_rows(tmp_path / "spans.csv", [HEADER, ["A", "ann", "bribery", 0, 4], ["A", name, "bribery", 5, 9]])
    line = run_refused(run_cli, project_db, path, "import-spans", path)
    assert f"{path}:3: coder: coder name " in line


@pytest.mark.parametrize("name", names(BAD))
def test_document_id_from_a_file_name(run_cli, project_db: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text("A testimony with words.\n", encoding="utf-8")
    line = run_refused(run_cli, project_db, "document id", "import", path)
    assert "rename the file" in line


# --- transcripts: the speaker names each format gives ------------------------------------------

LOOSE = "(?P<speaker>[^:]+):"  # a user's --speaker-pattern that takes any speaker up to a colon


def transcript(tmp_path: Path, suffix: str, speaker: str) -> tuple[Path, tuple[str, ...]]:
    """A two-speaker transcript in the format `suffix` names, and the options its import needs."""
    path = tmp_path / f"interview{suffix}"
    if suffix == ".vtt":
        path.write_text(VTT.format(speaker=speaker), encoding="utf-8")
        return path, ()
    if suffix == ".srt":
        cues = (
            f"1\n00:00:01,000 --> 00:00:02,000\n{speaker}: Hello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBob: Hi.\n"
        )
        path.write_text(cues, encoding="utf-8")
        return path, ("--speaker-pattern", LOOSE)
    if suffix == ".json":
        segments = [
            {"start": 1.0, "end": 2.0, "text": "Hello there.", "speaker": speaker},
            {"start": 3.0, "end": 4.0, "text": "Hi.", "speaker": "Bob"},
        ]
        path.write_text(json.dumps({"segments": segments}), encoding="utf-8")
        return path, ()
    path.write_text(f"{speaker}: Hello there.\nBob: Hi there.\n{speaker}: Yes.\n", encoding="utf-8")
    return path, ("--format", "text", "--speaker-pattern", LOOSE)


@pytest.mark.parametrize("suffix", [".vtt", ".srt", ".json", ".txt"])
@pytest.mark.parametrize("name", names(BAD, LIMITS[SPEAKER]))
def test_transcript_speaker(run_cli, project_db: Path, tmp_path: Path, suffix: str, name: str) -> None:
    path, options = transcript(tmp_path, suffix, name)
    line = run_refused(run_cli, project_db, path, "import", path, *options)
    # The line that names the speaker; Whisper JSON escapes the name, so there the turn.
    escaped_in_file = suffix == ".json" and not (name.isascii() and name.isprintable())
    where = f"{path}: turn 1: " if escaped_in_file else f"{path}:"
    assert line.startswith(f"annotator: {where}") and "speaker " in line, line


# --- REFI-QDA ----------------------------------------------------------------------------------


def xml_attribute(value: str) -> str:
    """`value` as an XML attribute value, every character outside printable ASCII a character reference."""
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '<>&"' else f"&#x{ord(ch):x};" for ch in value)


@pytest.mark.parametrize("name", names(BAD_IN_XML))
def test_qdc_code_name(run_cli, project_db: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / "codes.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x"><Codes>\n'
        f'<Code guid="AAAAAAAA-0000-0000-0000-0000000000AA" name="{xml_attribute(name)}" isCodable="true"/>'
        "\n</Codes></CodeBook>\n",
        encoding="utf-8",
    )
    line = run_refused(run_cli, project_db, path, "import", path)
    assert f"{path}:3: <Code> name: code name " in line


TURN = (
    '<PlainTextSelection guid="CCCCCCCC-0000-0000-0000-000000000009" startPosition="0" endPosition="9">'
    '<Description>{"start": "4"}</Description></PlainTextSelection>'
)
VARIABLES_AND_CASES = (
    '<Variables><Variable guid="99999999-0000-0000-0000-000000000001" name="country" typeOfVariable="Text"/>'
    '</Variables><Cases><Case guid="EEEEEEEE-0000-0000-0000-000000000001" name="Mira">'
    f"<Description>{SPEAKER_CASE}</Description>"
    '<SelectionRef targetGUID="CCCCCCCC-0000-0000-0000-000000000009"/></Case></Cases>'
)
NAMED = {
    "User": 'name="maria"',
    "Code": 'name="Bribery"',
    "TextSource": 'name="interview"',
    "Variable": 'name="country"',
    "Case": 'name="Mira"',
}


@pytest.mark.parametrize("element", list(NAMED))
@pytest.mark.parametrize("name", names(BAD_IN_XML))
def test_qdpx_names(run_cli, tmp_path: Path, element: str, name: str) -> None:
    qde = single_source_qde(selection(0, 4) + TURN).replace("<Sources>", VARIABLES_AND_CASES + "<Sources>")
    qde = qde.replace(NAMED[element], f'name="{xml_attribute(name)}"')
    path = make_qdpx(tmp_path / "project.qdpx", qde, {f"sources/{SOURCE}.txt": b"They took eighty percent."})
    line = refused(run_cli("import", path, "--db", tmp_path / "new.db"), f"{path}/project.qde:")
    assert f"<{element}> name: " in line
    assert not (tmp_path / "new.db").exists()


# --- names already stored: check reports them, listings and exports survive them -----------------


def plant(db: Path, *statements: str) -> None:
    """Write to the project by hand, as a sqlite3 shell would, with the project closed."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


ESCAPE = "char(27) || '[31m'"


def test_check_reports_names_stored_by_hand(run_cli, interview: Path) -> None:
    plant(
        interview,
        f"UPDATE codes SET name = 'Bri' || {ESCAPE} WHERE id = 'bribery'",
        "UPDATE documents SET attributes = json_object('gen' || char(8238) || 'der', 'f') WHERE id = 'B'",
        "INSERT INTO coders (name, guid, created_at) VALUES ('mal' || char(8288) || 'lory', 'G-1', 'now')",
        "UPDATE passages SET attributes = json_set(attributes, '$.speaker', 'Ann' || char(8232))"
        " WHERE json_extract(attributes, '$.speaker') = 'Ann'",
        f"UPDATE project SET value = 'small' || {ESCAPE} WHERE key = 'codebook_name'",
    )
    result = run_cli("check", "--db", interview)
    assert result.exit_code == 1
    assert result.stdout.isprintable() or all(line.isprintable() for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout and "\u2028" not in result.stdout
    found = [line for line in result.stdout.splitlines() if line.startswith("names: ")]
    assert found == [
        "names: codes 'bribery': code name 'Bri\\x1b[31m' holds U+001B, a control character",
        "names: documents 'B': attribute name 'gen\\u202eder' holds U+202E, a bidirectional control",
        "names: coders 'mal\\u2060lory': coder name 'mal\\u2060lory' holds U+2060, the word joiner annotator keeps"
        " for itself",
        "names: passages '1': speaker 'Ann\\u2028' holds U+2028, a line or paragraph separator",
        "names: project 'codebook_name': codebook name 'small\\x1b[31m' holds U+001B, a control character",
    ]
    assert result.stderr == f"annotator: {interview}: 5 fault(s) found; see docs/storage.md (recovery)\n"


def test_documents_list_keeps_its_columns(run_cli, project_db: Path) -> None:
    plant(
        project_db,
        "PRAGMA foreign_keys = ON",
        f"UPDATE documents SET title = 'a' || char(9) || 'tab', attributes = json_object('k' || {ESCAPE}, 'v')"
        " WHERE id = 'A'",
    )
    result = run_cli("documents", "list", "--db", project_db)
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [len(row) for row in rows] == [5, 4]  # B has no attributes: its trailing column is cut
    assert rows[0][1] == "a\\u0009tab" and rows[0][4] == "k\\u001b[31m=v"


@pytest.mark.parametrize("kind", ["qdc", "qdpx"])
def test_export_survives_a_stored_control_character(run_cli, project_db: Path, tmp_path: Path, kind: str) -> None:
    plant(project_db, f"UPDATE codes SET name = 'Bri' || {ESCAPE} WHERE id = 'bribery'")
    result = run_cli("export", kind, "-o", tmp_path / f"out.{kind}", "--db", project_db)
    assert "Traceback" not in result.stderr
    assert result.exit_code == 0, result.stderr


def test_a_qdc_whose_file_name_is_no_codebook_name(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "co\x1b[31mdes.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x"><Codes>'
        '<Code guid="AAAAAAAA-0000-0000-0000-0000000000AA" name="Bribery" isCodable="true"/></Codes></CodeBook>\n',
        encoding="utf-8",
    )
    assert run_cli("import", path, "--db", tmp_path / "new.db").exit_code == 0
    result = run_cli("check", "--db", tmp_path / "new.db")
    assert result.exit_code == 0, result.stdout
    with Project.open(tmp_path / "new.db") as project:
        assert project.meta("codebook_name") == "codebook"
