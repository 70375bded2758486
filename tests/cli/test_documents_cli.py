"""The `documents` commands: list, replace, edit, review, set, attributes export/import, rename, remove; bad input."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support import SMALL_TEXTS, database_fingerprint


@pytest.fixture
def coded(small_project: Path) -> Path:
    """The small project with two spans of `tester` on A (wage sentence, bribe sentence) and one on B."""
    with Project.open(small_project) as project:
        text = SMALL_TEXTS["A"]
        project.spans.add("tester", "A", "wage-deduction", 0, text.index(".") + 1)
        bribe = text.index("We paid")
        project.spans.add("tester", "A", "bribery", bribe, text.index("chosen.") + 7)
        project.spans.add("other", "B", "surveillance", 0, 10)
    return small_project


def test_list_shows_lengths_attributes_and_spans(run_cli, coded: Path) -> None:
    with Project.open(coded) as project:
        project.documents.set_attributes("tester", "A", {"country": "Russia"})
    result = run_cli("documents", "list", "--db", coded)
    assert result.exit_code == 0
    line_a = next(line for line in result.output.splitlines() if line.startswith("A\t"))
    assert f"{len(SMALL_TEXTS['A'])} characters" in line_a and "tester 2" in line_a and "country=Russia" in line_a


def test_replace_moves_spans_and_lists_the_cut_one(run_cli, coded: Path, tmp_path: Path) -> None:
    text = SMALL_TEXTS["A"]
    new = "Preface. " + text.replace("a bribe", "a large bribe")
    file = tmp_path / "A-new.txt"
    file.write_text(new, encoding="utf-8")
    result = run_cli("documents", "replace", "A", file, "--db", coded)
    assert result.exit_code == 0, result.output
    assert "1 moved" in result.output and "1 to review" in result.output
    with Project.open(coded) as project:
        spans = {span.code_id: span for span in project.spans.select(document_id="A")}
        assert spans["wage-deduction"].text == "They took eighty percent of the wage."
        assert spans["bribery"].text == new[spans["bribery"].start : spans["bribery"].end]
        assert [item["code"] for item in project.reviews.list("A")] == ["bribery"]
    review = run_cli("documents", "review", "--db", coded)
    assert "We paid a bribe to be chosen." in review.output and "1 item(s)" in review.output
    with Project.open(coded) as project:
        item = project.reviews.list("A")[0]
        assert project.reviews.resolve("tester", "A", [("span", item["id"])]) == 1
        assert project.reviews.list() == []
        project.history.undo("tester")
        assert project.reviews.list("A") == [item]


def test_edit_uses_a_private_copy(run_cli, coded: Path, tmp_path: Path, monkeypatch) -> None:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "assert stat.S_IMODE(os.stat(path).st_mode) == 0o600\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text.replace('manager', 'foreman'))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    result = run_cli("documents", "edit", "A", "--db", coded)
    assert result.exit_code == 0, result.output
    with Project.open(coded) as project:
        assert "foreman" in project.documents.get("A").text
        project.history.undo("tester")
        assert project.documents.get("A").text == SMALL_TEXTS["A"]


def test_set_unset_and_attributes_round_trip(run_cli, coded: Path, tmp_path: Path) -> None:
    assert run_cli("documents", "set", "A", "country=Russia", "age=34", "--db", coded).exit_code == 0
    assert run_cli("documents", "set", "A", "--unset", "age", "--db", coded).exit_code == 0
    out = tmp_path / "attributes.csv"
    assert run_cli("documents", "attributes", "export", "-o", out, "--db", coded).exit_code == 0
    assert out.read_text(encoding="utf-8") == "document,country\nA,Russia\nB,\n"
    out.write_text("document,country,role\nA,China,worker\nB,Russia,\n", encoding="utf-8")
    result = run_cli("documents", "attributes", "import", out, "--db", coded)
    assert result.exit_code == 0, result.output
    with Project.open(coded) as project:
        assert project.documents.get("A").attributes == {"country": "China", "role": "worker"}
        assert project.documents.get("B").attributes == {"country": "Russia"}


def test_done_marks_are_an_undoable_action_like_the_d_key(run_cli, coded: Path) -> None:
    result = run_cli("documents", "done", "A", "--db", coded)
    assert result.exit_code == 0 and "A marked done by tester" in result.output
    with Project.open(coded) as project:
        assert project.coders.done_documents("tester") == {"A"}
    assert run_cli("undo", "--db", coded).output == "undone: marking A done\n"
    assert run_cli("redo", "--db", coded).output == "redone: marking A done\n"
    assert run_cli("documents", "done", "A", "--not-done", "--db", coded).exit_code == 0
    with Project.open(coded) as project:
        assert project.coders.done_documents("tester") == set()
    missing = run_cli("documents", "done", "Z", "--db", coded)
    assert missing.exit_code == 1 and "Z" in missing.stderr and "Traceback" not in missing.stderr


def test_rename_and_remove_are_undoable(run_cli, coded: Path) -> None:
    with Project.open(coded) as project:
        project.coders.set_current_document("tester", "A")
        project.coders.set_done("tester", "A")
        before = sorted((s.id, s.start, s.end) for s in project.spans.select())
    assert run_cli("documents", "rename", "A", "A2", "--db", coded).exit_code == 0
    with Project.open(coded) as project:
        assert project.documents.ids() == ["A2", "B"]
        assert {s.document_id for s in project.spans.select(coder="tester")} == {"A2"}
        assert project.coders.current_document("tester") == "A2" and project.coders.done_documents("tester") == {"A2"}
        project.history.undo("tester")
        assert project.documents.ids() == ["A", "B"] and project.coders.current_document("tester") == "A"
        assert project.coders.done_documents("tester") == {"A"}
        assert sorted((s.id, s.start, s.end) for s in project.spans.select()) == before
    refused = run_cli("documents", "remove", "A", "--db", coded)
    assert refused.exit_code == 1 and "--with-spans" in refused.stderr
    assert run_cli("documents", "remove", "A", "--with-spans", "--db", coded).exit_code == 0
    with Project.open(coded) as project:
        assert project.documents.ids() == ["B"]
        project.history.undo("tester")
        assert project.documents.ids() == ["A", "B"]
        assert sorted((s.id, s.start, s.end) for s in project.spans.select()) == before


def _bad_inputs(tmp_path: Path) -> list[tuple[list[str], str]]:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 au lait".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Some new text.", encoding="utf-8")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("document,country\nA,China\nZ,Russia\n", encoding="utf-8")
    duplicate = tmp_path / "duplicate.csv"
    duplicate.write_text("document,country\nA,China\nA,Russia\n", encoding="utf-8")
    return [
        (["documents", "replace", "A", str(latin1)], "not UTF-8"),
        (["documents", "replace", "A", str(empty)], "empty"),
        (["documents", "replace", "Z", str(good)], "no document 'Z'"),
        (["documents", "set", "Z", "a=b"], "no document 'Z'"),
        (["documents", "attributes", "import", str(unknown)], "unknown.csv:3: names document 'Z'"),
        (["documents", "attributes", "import", str(duplicate)], "duplicate.csv:3: document 'A' has a row already"),
        (["documents", "rename", "A", "B"], "'B' already exists"),
        (["documents", "remove", "Z"], "no document 'Z'"),
    ]


def test_bad_input_is_one_line_and_changes_nothing(run_cli, coded: Path, tmp_path: Path) -> None:
    for args, expected in _bad_inputs(tmp_path):
        before = database_fingerprint(coded)
        result = run_cli(*args, "--db", coded)
        assert result.exit_code == 1, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, result.stderr)
        assert "Traceback" not in result.output
        assert database_fingerprint(coded) == before, args


def test_replacing_with_the_same_text_writes_nothing(run_cli, coded: Path, tmp_path: Path) -> None:
    file = tmp_path / "same.txt"
    file.write_text(SMALL_TEXTS["A"], encoding="utf-8")
    before = database_fingerprint(coded)
    result = run_cli("documents", "replace", "A", file, "--db", coded)
    assert result.exit_code == 0 and "2 span(s) unchanged, 0 moved" in result.output
    assert database_fingerprint(coded) == before


def test_edit_without_visual_or_editor_runs_nano_from_path_and_says_so(
    run_cli, coded: Path, tmp_path: Path, monkeypatch
) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    nano = programs / "nano"
    nano.write_text(
        f"#!{sys.executable}\nimport sys\npath = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text.replace('manager', 'foreman'))\n",
        encoding="utf-8",
    )
    nano.chmod(0o700)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(programs))
    result = run_cli("documents", "edit", "A", "--db", coded)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Editing in nano: neither VISUAL nor EDITOR is set")
    with Project.open(coded) as project:
        assert "foreman" in project.documents.get("A").text
