"""Messages that used to mislead (issue 25): each says what happened, not something near it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project
from annotator.storage.base import ConflictError
from annotator.storage.database import describe_output_error
from tests.support import database_fingerprint
from tests.support.bad_input import full_disk

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"
CAN_MOUNT = os.geteuid() == 0 and shutil.which("mount") is not None


def test_two_files_with_one_stem_are_named_not_called_an_existing_document(run_cli, project_db: Path, tmp_path):
    (tmp_path / "same.txt").write_text("Some words.", encoding="utf-8")
    shutil.copy(TRANSCRIPTS / "interview.vtt", tmp_path / "same.vtt")
    before = database_fingerprint(project_db)
    result = run_cli("import", "same.txt", "same.vtt", "--db", project_db)
    assert result.exit_code == 1
    assert result.stderr == (
        "annotator: same.vtt: would be document 'same', as same.txt would (a document is named by its file name"
        " without the extension); rename one of them\n"
    )
    assert run_cli("import", "same.txt", "same.txt", "--db", project_db).stderr == (
        "annotator: same.txt: is given twice; give each file once\n"
    )
    assert database_fingerprint(project_db) == before


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("Hello there.".encode("utf-16"), "is UTF-16 text, not UTF-8; convert it first, e.g. with iconv -f UTF-16"),
        ("Hello there.".encode("utf-16-le"), "is UTF-16LE text, not UTF-8; convert it first"),
        ("Hello there.".encode("utf-16-be"), "is UTF-16BE text, not UTF-8; convert it first"),
        ("Hello.".encode("utf-32"), "is UTF-32 text, not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not UTF-8 text"),
    ],
    ids=["utf-16", "utf-16le", "utf-16be", "utf-32", "png"],
)
def test_a_utf16_file_is_called_utf16_not_binary(run_cli, project_db: Path, tmp_path: Path, data, said) -> None:
    (tmp_path / "letter.txt").write_bytes(data)
    result = run_cli("import", "letter.txt", "--db", project_db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"annotator: letter.txt: {said}"), result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(not CAN_MOUNT, reason="mounting a read-only file system needs root")
def test_a_project_on_a_read_only_file_system_is_said_to_be_there(project_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copy(project_db, folder / "p.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)

        def annotator(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "annotator", *args, "--db", str(folder / "p.db")],
                capture_output=True,
                text=True,
                env={**os.environ, "ANNOTATOR_CODER": "tester"},
            )

        assert annotator("status").returncode == 0  # reading still works
        changed = annotator("documents", "set", "A", "country=NP")
        assert changed.returncode == 1
        assert changed.stderr == (
            f"annotator: {folder / 'p.db'}: is on a read-only file system: it can be read (status, export,"
            " listings) but not changed here; copy it to a disk you can write to\n"
        )
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project (about 300 KB), big enough to fill a small disk part way."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.db"
    run = subprocess.run(
        [sys.executable, "-m", "annotator", "init", "--db", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "ANNOTATOR_CODER": "lead"},
    )
    assert run.returncode == 0, run.stderr
    return path


# Free space left on a 512 KiB disk: SQLite then fails with SQLITE_FULL for some and with a disk
# I/O error (a write or sync refused) for others -- 8 KiB for a packet, 296 KiB for a backup.
FREE_KIB = (8, 24, 200, 296)


@pytest.mark.skipif(not CAN_MOUNT, reason="mounting a tmpfs needs root (describe_output_error is tested below)")
@pytest.mark.parametrize("free_kib", FREE_KIB)
@pytest.mark.parametrize("command", [["packet", "--coder", "zed"], ["backup"]], ids=["packet", "backup"])
def test_a_full_disk_under_packet_or_backup_speaks_of_that_file_and_leaves_nothing(
    bundled_db: Path, tmp_path: Path, command: list[str], free_kib: int
) -> None:
    folder = tmp_path / "disk"
    before = database_fingerprint(bundled_db)
    with full_disk(folder, size_kib=512, free_kib=free_kib):
        out = folder / "out.db"
        run = subprocess.run(
            [sys.executable, "-m", "annotator", *command, "--db", str(bundled_db), "-o", str(out)],
            capture_output=True,
            text=True,
            env={**os.environ, "ANNOTATOR_CODER": "lead"},
        )
        assert run.returncode == 1, run.stdout
        assert run.stderr.startswith(f"annotator: {out}: cannot be written ("), run.stderr
        assert run.stderr.endswith("); nothing was written\n") and run.stderr.count("\n") == 1, run.stderr
        # Advice about the project (check it, restore a backup) would be wrong: it was only read.
        assert "annotator check" not in run.stderr and "backup if" not in run.stderr, run.stderr
        assert sorted(path.name for path in folder.iterdir()) == ["filler"]  # no .out.db.*.partial-journal
    assert database_fingerprint(bundled_db) == before


def test_a_failed_write_of_a_new_file_is_told_as_its_disk_not_the_project() -> None:
    def failure(name: str) -> sqlite3.DatabaseError:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorname = name  # type: ignore[attr-defined]
        return error

    assert describe_output_error(failure("SQLITE_FULL")) == "the disk is full"
    assert describe_output_error(failure("SQLITE_IOERR_WRITE")) == "its disk is full or failed: disk I/O error"
    assert describe_output_error(failure("SQLITE_IOERR_FSYNC")) == "its disk is full or failed: disk I/O error"


def test_the_turns_without_a_speaker_can_be_named(run_cli, project_db: Path, tmp_path: Path) -> None:
    (tmp_path / "cues.vtt").write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nNo voice here.\n\n00:00:02.000 --> 00:00:04.000\n<v Ann>Hello.</v>\n",
        encoding="utf-8",
    )
    assert run_cli("import", "cues.vtt", "--db", project_db).exit_code == 0
    renamed = run_cli("speakers", "rename", "", "Unknown", "--db", project_db)
    assert renamed.exit_code == 0, renamed.stderr
    assert renamed.stdout == "renamed '' to 'Unknown' on 1 turn(s)\n"
    listed = run_cli("speakers", "cues", "--db", project_db).stdout.splitlines()
    assert [line.split("\t")[1] for line in listed[1:]] == ["Unknown", "Ann"]
    assert run_cli("undo", "--db", project_db).exit_code == 0
    listed = run_cli("speakers", "cues", "--db", project_db).stdout.splitlines()
    assert [line.split("\t")[1] for line in listed[1:]] == ["", "Ann"]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "undo.db"
    with Project.create(path) as project:
        project.documents.add([Document(id="A", title="A", text="They took eighty percent of the wage.")])
        project.codes.add_codebook(Codebook(name="c", codes=(Code(id="wage", name="Wage", colour="#ff0000"),)))
    return path


def test_undoing_a_rename_after_new_spans_names_the_document_and_its_spans(small: Path) -> None:
    with Project.open(small) as project:
        project.documents.rename("lead", "A", "A2")
        project.spans.add("bob", "A2", "wage", 0, 4)
        with pytest.raises(ConflictError) as refused:
            project.history.undo("lead")
    assert str(refused.value) == "cannot undo: document 'A2' holds 1 span(s) of bob; nothing was written"


def test_undoing_a_split_names_the_code_or_the_to_recode_list(small: Path) -> None:
    with Project.open(small) as project:
        kept = project.spans.add("ann", "A", "wage", 0, 4)
        project.codes.split("lead", "wage", ["wage-paid", "wage-kept"])
        project.spans.add("bob", "A", "wage-paid", 5, 9)
        with pytest.raises(ConflictError) as refused:
            project.history.undo("lead")
        assert str(refused.value) == "cannot undo: code 'wage-paid' is used by 1 span(s) of bob; nothing was written"
        project.history.undo("bob")
        project.codes.recode_listed("ann", kept.id, "wage-kept")
        with pytest.raises(ConflictError) as refused:
            project.history.undo("lead")
    assert "meta" not in str(refused.value)
    assert (
        str(refused.value)
        == "cannot undo: the to-recode list was changed by ann (code-recode) since; nothing was written"
    )
