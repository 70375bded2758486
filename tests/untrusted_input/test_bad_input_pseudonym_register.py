"""A hostile register file (`annotator pseudonyms import`) and hostile register forms: one line naming
the file (and the entry), no traceback, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.pseudonyms.register_file import MAX_REGISTER_ENTRIES, REGISTER_NESTING
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal

ENTRY = '{"original": "Chengdu", "kind": "place"}'
HOSTILE_FILES = {
    "nested": ('{"register": ' + "[" * 100_000 + "]" * 100_000 + "}", "is nested too deeply"),
    "nested-shallow": (
        '{"register": [{"original": "Chengdu", "variants": [["Dandong"]]}]}',
        f"is nested more than {REGISTER_NESTING} levels deep",
    ),
    "nan": ('{"register": [{"original": "Chengdu", "as": NaN}]}', "holds NaN, which is not a JSON value"),
    "infinity": ('{"register": [{"original": "Chengdu", "id": -Infinity}]}', "holds -Infinity"),
    "duplicate-key": (
        '{"register": [{"original": "Chengdu", "original": "Dandong"}]}',
        "key 'original' appears twice in one object",
    ),
    "huge": (
        '{"register": [' + ",".join([ENTRY] * (MAX_REGISTER_ENTRIES + 1)) + "]}",
        f"over the limit of {MAX_REGISTER_ENTRIES:,}",
    ),
    "nul": (
        json.dumps({"register": [{"original": "Cheng\u0000du"}]}),
        "row 1: the original holds the control character U+0000",
    ),
    "escape": (
        json.dumps({"register": [{"original": "Chengdu", "variants": ["Dan\u001b[2Jdong"]}]}),
        "row 1: a variant holds the control character U+001B",
    ),
    "bidi-override": (
        json.dumps({"register": [{"original": "Chengdu", "as": "[Town \u202e1]"}]}),
        "the pseudonym holds the control character U+202E",
    ),
    # The bad entries, from a file: each names its row, and the rows before it are not added.
    "empty-original": (
        json.dumps({"register": [{"original": "Chengdu"}, {"original": " "}]}),
        "row 2: the original is empty",
    ),
    "pseudonym-is-an-original": (
        json.dumps({"register": [{"original": "Chengdu"}, {"original": "Dandong", "as": "Chengdu"}]}),
        "row 2: the replacement holds an original or variant of register entry 1",
    ),
    "overlapping-originals": (
        json.dumps({"register": [{"original": "Kim"}, {"original": "Kim Jong"}]}),
        "row 2: this form overlaps a form of register entry 1",
    ),
    "generalisation-of-an-unknown-kind": (
        json.dumps({"register": [{"original": "Chengdu", "kind": "town", "generalise_to": "a city"}]}),
        "row 1: unknown kind 'town'",
    ),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_a_hostile_register_file_is_one_line_and_adds_nothing(
    project_db: Path, run_cli, tmp_path: Path, name: str
) -> None:
    text, says = HOSTILE_FILES[name]
    (tmp_path / "register.json").write_text(text, encoding="utf-8")
    before = database_fingerprint(project_db)
    line = assert_one_line_refusal(run_cli("pseudonyms", "import", "--db", "p.db", "register.json"), "register.json")
    assert says in line
    assert "\x1b" not in line and "\x00" not in line and "\u202e" not in line
    assert database_fingerprint(project_db) == before


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff\xfe{\x00}\x00", "is UTF-16 text, not UTF-8"),
        ('{"register": []}'.encode("latin-1") + b"\xe9", "not UTF-8"),
    ],
)
def test_a_register_file_in_another_encoding_is_refused(
    project_db: Path, run_cli, tmp_path: Path, data: bytes, says: str
) -> None:
    (tmp_path / "register.json").write_bytes(data)
    before = database_fingerprint(project_db)
    line = assert_one_line_refusal(run_cli("pseudonyms", "import", "--db", "p.db", "register.json"), "register.json")
    assert says in line
    assert database_fingerprint(project_db) == before


@pytest.mark.parametrize("form", ["Cheng\x00du", "Cheng\x7fdu", "Cheng\u2066du"])
def test_a_control_character_in_a_form_typed_on_the_command_line_is_refused(
    project_db: Path, run_cli, form: str
) -> None:
    before = database_fingerprint(project_db)
    line = assert_one_line_refusal(run_cli("pseudonyms", "add", "--db", "p.db", form), "the original holds")
    assert "nothing was written" in line
    assert database_fingerprint(project_db) == before
