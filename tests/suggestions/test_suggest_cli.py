"""`annotator suggest`: list and store, accept, reject; one-line errors naming the id, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage import Project


def test_suggest_lists_stores_and_accepts_and_rejects_by_id(run_cli, bundled: Path) -> None:
    project_db = bundled
    listed = run_cli("suggest", "--db", project_db, "--document", "A", "--format", "jsonl")
    assert listed.exit_code == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) >= 2, "the codebook quotes testimony A"
    assert set(rows[0]) == {"id", "document", "start", "end", "code", "score", "why", "unit", "suggester"}
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    first, *rest = rows
    accepted = run_cli("suggest", "accept", "--db", project_db, first["id"])
    assert accepted.exit_code == 0 and f"accepted {first['id']}: {first['code']}" in accepted.stdout
    with Project.open(project_db) as project:
        (span,) = project.spans.select(coder="tester")
        assert (span.coder, span.code_id, span.start, span.end) == (
            "tester",
            first["code"],
            first["start"],
            first["end"],
        )
    assert run_cli("suggest", "reject", "--db", project_db, rest[0]["id"]).exit_code == 0
    again = run_cli("suggest", "--db", project_db, "--document", "A", "--format", "jsonl")
    assert rest[0]["id"] not in again.stdout and first["id"] not in again.stdout
    undone = run_cli("undo", "--db", project_db)
    assert undone.stdout == f"undone: rejecting suggestion {rest[0]['id']}\n"


def test_a_bad_id_or_option_is_one_line(run_cli, project_db: Path) -> None:
    result = run_cli("suggest", "accept", "--db", project_db, "nope")
    assert result.exit_code == 1
    assert result.stderr == "annotator: no suggestion 'nope'; `annotator suggest` lists them\n"
    result = run_cli("suggest", "evaluate", "--db", project_db, "--coder", "nobody")
    assert result.exit_code == 1 and result.stderr == "annotator: no coder 'nobody' in the project\n"
    result = run_cli("suggest", "--db", project_db, "--learn-from", "nobody")
    assert result.exit_code == 1 and result.stderr == "annotator: no coder 'nobody' in the project\n"
    result = run_cli("suggest", "--db", project_db, "--codes", "no-such-code")
    assert result.exit_code == 1 and result.stderr.startswith("annotator: no code 'no-such-code'")


def test_undo_and_redo_after_suggest_accept(run_cli, bundled: Path) -> None:
    listed = run_cli("suggest", "--db", bundled, "--document", "A", "--format", "jsonl")
    first = json.loads(listed.stdout.splitlines()[0])
    assert run_cli("suggest", "accept", "--db", bundled, first["id"]).exit_code == 0
    undone = run_cli("undo", "--db", bundled)
    assert undone.exit_code == 0 and undone.stdout.startswith("undone: "), undone.stderr
    with Project.open(bundled) as project:
        assert project.spans.select(coder="tester") == []
    again = run_cli("suggest", "--db", bundled, "--document", "A", "--format", "jsonl")
    assert first["id"] in again.stdout  # offered again once its span is undone
    assert run_cli("redo", "--db", bundled).exit_code == 0
    with Project.open(bundled) as project:
        (span,) = project.spans.select(coder="tester")
        (event,) = [e for e in project.history.events(coder="tester") if e.kind == "add"]
    assert (span.code_id, span.start, span.end) == (first["code"], first["start"], first["end"])
    assert event.detail["suggestion"] == first["id"] and event.detail["suggester"] == first["suggester"]
