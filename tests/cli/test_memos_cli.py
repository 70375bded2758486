"""`annotator memos`: add, edit, remove (undone by `annotator undo`), and the listing in its three formats; bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal


def _memo_id(output: str) -> str:
    """The id `memos add` reports (`added code memo ID on ...`)."""
    return output.split()[3]


def test_add_on_each_kind_then_list_them_with_span_memos(run_cli, small_project: Path) -> None:
    db = ("--db", small_project)
    for args in (
        ("--on", "project", "--text", "Overall"),
        ("--on", "document", "A", "--text", "A speaks of wages"),
        ("--on", "code", "bribery", "--text", "Bribes to be *chosen*"),
        ("--on", "grid", "A", "bribery", "--text", "A paid to go"),
    ):
        result = run_cli("memos", "add", *args, *db)
        assert result.exit_code == 0, result.output
    with Project.open(small_project) as project:
        span = project.spans.add("tester", "A", "bribery", 38, 67)
        project.spans.set_memo("tester", span.id, "a span memo")
    listed = run_cli("memos", "--format", "jsonl", *db)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(row["kind"], row["document"], row["code"]) for row in rows] == [
        ("project", None, None),
        ("document", "A", None),
        ("code", None, "bribery"),
        ("grid", "A", "bribery"),
        ("span", "A", "bribery"),
    ]
    assert rows[-1]["id"] == span.id and rows[2]["text"] == "Bribes to be *chosen*"
    on_a = run_cli("memos", "--on", "document", "A", "--format", "jsonl", *db)
    assert [json.loads(line)["text"] for line in on_a.stdout.splitlines()] == ["A speaks of wages"]
    grid = run_cli("memos", "list", "--on", "grid", "A", *db)
    assert "A paid to go" in grid.stdout and grid.stdout.count("\n") == 2  # the header and one row
    spans = run_cli("memos", "--on", "spans", "--search", "SPAN", "--format", "markdown", *db)
    assert "## span memo on A × bribery (tester," in spans.stdout and "a span memo" in spans.stdout
    found = run_cli("memos", "--search", "chosen", "--author", "tester", *db)
    assert "Bribes to be *chosen*" in found.stdout and "Overall" not in found.stdout


def test_edit_remove_and_undo_through_annotator_undo(run_cli, small_project: Path, tmp_path: Path) -> None:
    db = ("--db", small_project)
    memo_id = _memo_id(run_cli("memos", "add", "--on", "code", "bribery", "--text", "first", *db).stdout)
    file = tmp_path / "memo.md"
    file.write_text("# Second\r\n\r\nfrom a file\r\n", encoding="utf-8")
    assert run_cli("memos", "edit", memo_id, "--file", file, *db).exit_code == 0
    with Project.open(small_project) as project:
        assert project.memos.get(memo_id).text == "# Second\n\nfrom a file\n"
    assert run_cli("memos", "remove", memo_id, *db).exit_code == 0
    undone = run_cli("undo", *db)
    assert undone.stdout == "undone: removing the code memo on bribery\n"
    undone = run_cli("undo", *db)
    assert undone.stdout == "undone: editing the code memo on bribery\n"
    with Project.open(small_project) as project:
        assert project.memos.get(memo_id).text == "first"
    assert run_cli("redo", *db).stdout == "redone: editing the code memo on bribery\n"


def test_the_editor_writes_a_new_memo_and_edits_one(run_cli, small_project: Path, tmp_path: Path, monkeypatch) -> None:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and path.endswith('.md')\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text + 'written in the editor')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    added = run_cli("memos", "add", "--on", "document", "B", "--db", small_project)
    assert added.exit_code == 0, added.output
    memo_id = _memo_id(added.stdout)
    assert run_cli("memos", "edit", memo_id, "--db", small_project).exit_code == 0
    with Project.open(small_project) as project:
        assert project.memos.get(memo_id).text == "written in the editorwritten in the editor"


def test_another_authors_memo_needs_owner(run_cli, small_project: Path) -> None:
    memo_id = _memo_id(run_cli("memos", "add", "--on", "project", "--text", "mine", "--db", small_project).stdout)
    refused = run_cli("memos", "remove", memo_id, "--coder", "lead", "--db", small_project)
    assert_one_line_refusal(refused, "--owner tester")
    assert (
        run_cli("memos", "remove", memo_id, "--coder", "lead", "--owner", "tester", "--db", small_project).exit_code
        == 0
    )


def test_bad_input_is_one_line_and_writes_nothing(run_cli, small_project: Path) -> None:
    before = database_fingerprint(small_project)
    db = ("--db", small_project)
    cases = [
        (("add", "--on", "code", "ghost", "--text", "x"), "ghost"),
        (("add", "--on", "document", "Z", "--text", "x"), "'Z'"),
        (("add", "--on", "grid", "A", "--text", "x"), "--on grid"),
        (("add", "--on", "project", "--text", "bell\x07"), "U+0007"),
        (("add", "--on", "project", "--text", "   "), "needs some text"),
        (("edit", "nope", "--text", "x"), "no memo"),
        (("--on", "project", "A"), "--on project"),
        (("A",), "not a memos command"),
    ]
    for args, named in cases:
        assert_one_line_refusal(run_cli("memos", *args, *db), named)
    assert database_fingerprint(small_project) == before


def test_a_200000_character_memo_from_a_file(run_cli, small_project: Path, tmp_path: Path) -> None:
    file = tmp_path / "long.md"
    file.write_text("word " * 40_000, encoding="utf-8")
    result = run_cli("memos", "add", "--on", "code", "bribery", "--file", file, "--db", small_project)
    assert result.exit_code == 0, result.output
    with Project.open(small_project) as project:
        assert len(project.memos.get(_memo_id(result.stdout)).text) == 200_000


def test_a_memo_changed_while_the_editor_was_open_is_not_overwritten(
    run_cli, small_project: Path, tmp_path: Path, monkeypatch
) -> None:
    memo_id = _memo_id(run_cli("memos", "add", "--on", "project", "--text", "first", "--db", small_project).stdout)
    script = tmp_path / "slow_editor.py"
    # While the editor is open, the memo's author changes it from another process (another window).
    script.write_text(
        "import sys\n"
        "from annotator.storage import Project\n"
        f"with Project.open({str(small_project)!r}) as project:\n"
        f"    project.memos.edit('tester', {memo_id!r}, 'changed meanwhile')\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('my edit')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    result = run_cli("memos", "edit", memo_id, "--db", small_project)
    assert result.exit_code == 1
    assert f"memo '{memo_id}' was changed by tester (memo-edit) since the editor opened it" in result.stderr
    with Project.open(small_project) as project:
        assert project.memos.get(memo_id).text == "changed meanwhile"
    kept = Path(result.stderr.rstrip().rsplit(" ", 1)[-1])
    assert kept.read_text(encoding="utf-8") == "my edit"
