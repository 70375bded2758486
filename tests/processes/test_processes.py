"""Several real processes on one project: nothing a process reported as saved is lost.

One process holds the project open twice (as the coding screen does) and writes, while other
processes run every command; then it is killed with SIGKILL and every write it reported must be
in the file. Two real coding screens code and quit in every order. A long import is killed at
random moments and leaves all or nothing. A backup taken while another process writes passes
`annotator check`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.storage import Project
from tests.support.processes import HOLDER, SCREEN, TIMEOUT, Writer, annotator


def stored_ids(db_path: Path, coder: str) -> set[str]:
    """Span ids of one coder as a fresh process would read them."""
    with Project.open(db_path, readonly=True) as project:
        return {span.id for span in project.spans.select(coder=coder)}


def other_commands(folder: Path) -> list[list[object]]:
    """Every command a colleague might run while a coder works: readers first, then writers."""
    out = folder / "out"
    out.mkdir(exist_ok=True)
    (folder / "Z.txt").write_text("A late testimony.\n\nIt arrived after coding had begun.\n", encoding="utf-8")
    (folder / "spans.csv").write_text("document,coder,code,start,end\nB,ann,bribery,0,20\n", encoding="utf-8")
    return [
        ["status"],
        ["check"],
        ["export", "csv", "-o", out / "spans.csv"],
        ["export", "jsonl", "-o", out / "spans.jsonl"],
        ["export", "qdc", "-o", out / "codes.qdc"],
        ["export", "qdpx", "-o", out / "project.qdpx"],
        ["codebook", "export", "-o", out / "codebook.yaml"],
        ["agreement", "--coders", "report,holder", "--format", "json", "-o", out / "agreement.json"],
        ["disagreements", "--coders", "report,holder"],
        ["matrix"],
        ["cooccurrence"],
        ["backup", "-o", out / "copy.db"],
        ["packet", "--coder", "bob", "-o", out / "bob.db"],
        ["import", "Z.txt"],
        ["import-spans", "spans.csv"],
        ["merge", out / "bob.db"],
        ["adjudicate", "--coders", "report,ann", "--accept-agreed"],
    ]


def test_a_holder_killed_after_every_command_keeps_every_reported_write(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    holder = Writer(HOLDER, db_path, "holder", cwd=bundled)
    reported: list[str] = [holder.readline() for _ in range(5)]
    try:
        for command in other_commands(bundled):
            annotator(*command, cwd=bundled)
            reported += [holder.readline() for _ in range(3)]  # it writes on after each command
            assert holder.deleted_files() == [], f"after `annotator {command[0]}`"
        reported += [holder.readline() for _ in range(20)]
    finally:
        holder.kill()
    assert set(reported) <= stored_ids(db_path, "holder")
    assert annotator("check", cwd=bundled).returncode == 0
    with Project.open(db_path, readonly=True) as project:
        assert "Z" in project.documents.ids() and project.counts.spans("ann") == 1


@pytest.mark.tui  # two real coding screens in their own terminals
@pytest.mark.parametrize("order", ["first-quits-first", "second-quits-first", "first-killed", "both-killed"])
def test_two_coding_screens_code_and_quit_in_any_order(bundled: Path, order: str) -> None:
    db_path = bundled / "annotator.db"
    ann, bob = Writer(SCREEN, db_path, "ann", cwd=bundled), Writer(SCREEN, db_path, "bob", cwd=bundled)
    reported = {"ann": [], "bob": []}
    for _ in range(3):
        reported["ann"].append(ann.send("code"))
        reported["bob"].append(bob.send("code"))
    first, second, first_name, second_name = (ann, bob, "ann", "bob")
    if order == "second-quits-first":
        first, second, first_name, second_name = (bob, ann, "bob", "ann")
    if order in ("first-killed", "both-killed"):
        first.kill()
    else:
        first.quit()
    for _ in range(3):
        reported[second_name].append(second.send("code"))
    assert second.deleted_files() == []
    annotator("status", cwd=bundled)  # a third process comes and goes while the screen works
    reported[second_name].append(second.send("code"))
    if order == "both-killed":
        second.kill()
    else:
        second.quit()
    for name in (first_name, second_name):
        ids = {span_id for line in reported[name] for span_id in line.split()}
        assert "none" not in ids and len(ids) == len(reported[name])
        assert ids <= stored_ids(db_path, name)
    assert annotator("check", cwd=bundled).returncode == 0


def test_a_long_import_killed_at_random_moments_writes_all_or_nothing(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    with Project.open(db_path, readonly=True) as project:
        length = project.documents.require("A")
        before = project.counts.spans()
    rows = ["document,coder,code,start,end"] + [
        f"A,bulk,bribery,{i % (length - 1)},{i % (length - 1) + 1}" for i in range(60_000)
    ]
    (bundled / "bulk.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    chooser = random.Random(20261202)
    counts = set()
    for _ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-m", "annotator", "import-spans", "bulk.csv"],
            cwd=bundled,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chooser.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        with Project.open(db_path, readonly=True) as project:
            count = project.counts.spans()
        assert count in {before, before + 60_000}
        counts.add(count)
        if count != before:
            break
    assert annotator("check", cwd=bundled).returncode == 0


def test_a_backup_taken_while_another_process_writes_passes_check(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    holder = Writer(HOLDER, db_path, "holder", cwd=bundled)
    try:
        reported = [holder.readline() for _ in range(20)]
        annotator("backup", "-o", "copy.db", cwd=bundled)
        reported += [holder.readline() for _ in range(20)]
    finally:
        holder.kill()
    assert annotator("--db", "copy.db", "check", cwd=bundled).returncode == 0
    copied = stored_ids(bundled / "copy.db", "holder")
    assert set(reported[:20]) <= copied  # everything reported before the backup began is in it
    assert copied <= stored_ids(db_path, "holder")
    assert os.stat(bundled / "copy.db").st_mode & 0o077 == 0
