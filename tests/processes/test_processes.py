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

from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import Project
from tests.support.templates import ProjectTemplates

PROCESSES = Path(__file__).parent
HOLDER, SCREEN = PROCESSES / "holder.py", PROCESSES / "screen.py"
TIMEOUT = 120


def annotator(*args: object, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `annotator ARGS...` as its own process, as a user in another shell would."""
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "ANNOTATOR_CODER": "lead", "ANNOTATOR_BACKUPS": "0"},
    )
    if check:
        assert result.returncode == 0, f"annotator {' '.join(map(str, args))}: {result.stderr}"
    return result


class Writer:
    """A process started from one of tests/processes/ whose stdout lines are read as they come."""

    def __init__(self, script: Path, *args: object, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script), *map(str, args)],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**os.environ, "TEXTUAL": "", "ANNOTATOR_BACKUPS": "0"},
        )
        assert self.readline() == "ready", self.process.stderr.read() if self.process.stderr else ""

    def readline(self) -> str:
        """The next line the process printed (waits for it)."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            stderr = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"the process ended early: {stderr[-2000:]}")
        return line.strip()

    def send(self, command: str) -> str:
        """Send one command line and return the line it answers with."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.readline()

    def quit(self) -> None:
        """Ask it to quit and wait until it has."""
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        assert self.process.wait(timeout=TIMEOUT) == 0, self.process.stderr.read() if self.process.stderr else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)

    def deleted_files(self) -> list[str]:
        """Files the process still has open that were deleted (a WAL taken from under it)."""
        fds = Path(f"/proc/{self.process.pid}/fd")
        if not fds.exists():
            return []
        found = []
        for fd in fds.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.endswith("(deleted)") and "annotator" in target:
                found.append(target)
        return found


def stored_ids(db_path: Path, coder: str) -> set[str]:
    """Span ids of one coder as a fresh process would read them."""
    with Project.open(db_path, readonly=True) as project:
        return {span.id for span in project.spans(coder=coder)}


def _init_bundled(path: Path) -> None:
    annotator("init", "--corpus", BUNDLED_CORPUS, "--codebook", BUNDLED_CODEBOOK, "--db", path.name, cwd=path.parent)


@pytest.fixture
def bundled(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A folder holding annotator.db, made from the bundled corpus and codebook by an `annotator init`
    process (once; each test works on a copy)."""
    templates.copy("bundled-by-init", _init_bundled, tmp_path / "annotator.db")
    return tmp_path


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
        assert "Z" in project.document_ids() and project.span_count("ann") == 1


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
        length = project.require_document("A")
        before = project.span_count()
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
            count = project.span_count()
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
