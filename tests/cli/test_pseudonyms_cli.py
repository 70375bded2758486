"""`annotator pseudonyms`: the register from the command line, one-line refusals, the owner-only export, the scan."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal


def _add(run_cli, *args: str):
    return run_cli("pseudonyms", "add", "--db", "p.db", *args)


def test_add_list_edit_remove_and_undo(project_db: Path, run_cli) -> None:
    assert _add(run_cli, "Pyongyang", "--variant", "Pyoungyang", "--kind", "place").stdout == (
        "added register entry 1 (place) -> [Town 1]\n"
    )
    assert _add(run_cli, "March 1991", "--kind", "date", "--generalise-to", "1991").exit_code == 0
    listing = run_cli("pseudonyms", "list", "--db", "p.db").stdout.splitlines()
    assert listing[1] == "1\tplace\tPyongyang\tPyoungyang\t[Town 1]\tautomatic"
    assert listing[2] == "2\tdate\tMarch 1991\t\t1991\tgeneralisation"
    edited = run_cli("pseudonyms", "edit", "--db", "p.db", "1", "--as", "Riverside", "--drop-variant", "Pyoungyang")
    assert edited.stdout == "edited register entry 1 (place) -> Riverside\n"
    assert run_cli("pseudonyms", "remove", "--db", "p.db", "2").stdout == "removed register entry 2\n"
    assert run_cli("undo", "--db", "p.db").exit_code == 0
    assert len(run_cli("pseudonyms", "list", "--db", "p.db").stdout.splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("",), "the original is empty"),
        (("Chengdu", "--as", "Pyongyang"), "the replacement holds an original or variant of register entry 1"),
        (("Kim",), "overlaps a form of register entry 2"),
        (("Bak", "--kind", "person", "--generalise-to", "a man"), "a person cannot be generalised"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(project_db: Path, run_cli, args: tuple[str, ...], says: str) -> None:
    _add(run_cli, "Pyongyang", "--kind", "place")
    _add(run_cli, "Kim Jong Un", "--kind", "person")
    before = database_fingerprint(project_db)
    line = assert_one_line_refusal(_add(run_cli, *args), says)
    assert "nothing was written" in line
    assert database_fingerprint(project_db) == before


def test_an_unknown_kind_is_refused_by_the_command_line(project_db: Path, run_cli) -> None:
    result = _add(run_cli, "Chengdu", "--kind", "town", "--generalise-to", "a city")
    assert result.exit_code == 2 and "'town' is not one of" in result.stderr


def test_export_is_owner_only_and_imports_back(project_db: Path, run_cli, tmp_path: Path) -> None:
    _add(run_cli, "Pyongyang", "--variant", "Pyoungyang", "--kind", "place")
    _add(run_cli, "March 1991", "--kind", "date", "--generalise-to", "1991")
    result = run_cli("pseudonyms", "export", "--db", "p.db", "-o", "register.json")
    assert result.stdout == "wrote 2 register entries to register.json\n"
    register = tmp_path / "register.json"
    assert stat.S_IMODE(register.stat().st_mode) == 0o600
    run_cli("pseudonyms", "remove", "--db", "p.db", "1")
    run_cli("pseudonyms", "remove", "--db", "p.db", "2")
    assert run_cli("pseudonyms", "import", "--db", "p.db", "register.json").exit_code == 0
    listing = run_cli("pseudonyms", "list", "--db", "p.db").stdout.splitlines()[1:]
    assert [line.split("\t")[2:5] for line in listing] == [
        ["Pyongyang", "Pyoungyang", "[Town 1]"],
        ["March 1991", "", "1991"],
    ]


def test_an_import_with_a_bad_entry_names_the_row_and_adds_nothing(project_db: Path, run_cli, tmp_path: Path) -> None:
    entries = [{"original": "Chengdu", "kind": "place"}, {"original": "chengdu", "kind": "place"}]
    (tmp_path / "bad.json").write_text(json.dumps({"register": entries}), encoding="utf-8")
    before = database_fingerprint(project_db)
    line = assert_one_line_refusal(run_cli("pseudonyms", "import", "--db", "p.db", "bad.json"), "bad.json: row 2")
    assert "already in register entry 1" in line
    assert database_fingerprint(project_db) == before


def test_scan_names_the_entry_and_the_line_and_exits_1(project_db: Path, run_cli, tmp_path: Path) -> None:
    _add(run_cli, "Pyongyang", "--variant", "Pyoungyang", "--kind", "place")
    (tmp_path / "clean.txt").write_text("Nothing to see in [Town 1].\n", encoding="utf-8")
    (tmp_path / "leak.txt").write_text("first line\nwe left PYOUNG-\nYANG? no: pyoungyang\n", encoding="utf-8")
    (tmp_path / "leak.jsonl").write_text(json.dumps({"memo": "left\nPyŏngyang"}) + "\n", encoding="utf-8")
    result = run_cli("pseudonyms", "scan", "--db", "p.db", "clean.txt", "leak.txt", "leak.jsonl")
    assert result.exit_code == 1
    assert result.stdout == "clean.txt: clean\n"
    assert result.stderr.splitlines() == [
        "annotator: leak.txt: register entry 1 (place) found in line 3",
        "annotator: leak.jsonl: register entry 1 (place) found in line 1",
    ]


def test_a_pseudonymised_export_without_a_register_is_refused(project_db: Path, run_cli, tmp_path: Path) -> None:
    line = assert_one_line_refusal(
        run_cli("export", "csv", "--db", "p.db", "--pseudonymise", "-o", "out.csv"), "out.csv"
    )
    assert "the register is empty" in line and "nothing was written" in line
    assert not (tmp_path / "out.csv").exists()
