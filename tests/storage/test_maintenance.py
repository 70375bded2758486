"""`annotator check`, `annotator backup`, rolling backups, read-only places and failing disks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from annotator.domain.models import Document
from annotator.storage import Project, ProjectError, StorageFailure
from annotator.storage.workflows.backup import backups_of, rolling_backup
from tests.support import SMALL_TEXTS, database_fingerprint
from tests.support.tampering import damage
from tests.support.tampering import faults as check_faults


def _coded(path: Path) -> dict[str, str]:
    """Code the small project a little through the library; returns the span ids by role."""
    with Project.open(path) as project:
        wage = project.spans.add("ann", "A", "wage-deduction", 0, 8)
        bribe = project.spans.add("ann", "A", "bribery", 42, 50)
        project.spans.resize("ann", bribe.id, 40, 50)
        removed = project.spans.add("bob", "B", "surveillance", 0, 6)
        project.spans.remove("bob", removed.id)
    return {"wage": wage.id, "bribe": bribe.id, "removed": removed.id}


def test_a_sound_project_has_no_fault(small_project: Path, run_cli) -> None:
    _coded(small_project)
    assert check_faults(small_project) == []
    result = run_cli("--db", small_project, "check")
    assert result.exit_code == 0 and result.stdout.endswith(
        "ok (integrity, references, names, span texts, content hashes, event log, span totals,"
        " text indexes, memos, saved queries, pseudonyms, suggestions)\n"
    )


def test_check_names_each_fault_of_a_project_damaged_by_hand(small_project: Path, run_cli) -> None:
    ids = _coded(small_project)
    damage(
        small_project,
        f"UPDATE spans SET text = 'They tok' WHERE id = '{ids['wage']}'",  # text edited in SQLite
        "DELETE FROM codes WHERE id = 'bribery'",  # a code in use removed
        f"UPDATE spans SET end_offset = 9999 WHERE id = '{ids['bribe']}'",  # past the text
        "UPDATE documents SET text = text || '!' WHERE id = 'B'",  # text changed, hash not
        "UPDATE codes SET parent_id = 'informants' WHERE id = 'surveillance'",  # a cycle
    )
    faults = check_faults(small_project)
    assert f"spans: span {ids['wage']} in A at 0-8: its stored text differs from the document at its offsets" in faults
    assert f"spans: span {ids['bribe']}: names code 'bribery', which does not exist" in faults
    assert f"spans: span {ids['bribe']} in A at 40-9999: ends past the document's text" in faults
    assert "documents: document B: its text does not match its content hash (edited by hand?)" in faults
    assert "codes: code surveillance: is its own ancestor (a cycle of parents)" in faults
    assert any(fault.startswith("references: spans row") and "codes" in fault for fault in faults)
    assert any(fault.startswith(f"history: span {ids['wage']}: differs from its last event") for fault in faults)
    before = database_fingerprint(small_project)
    result = run_cli("--db", small_project, "check")
    assert result.exit_code == 1
    assert (
        result.stderr == f"annotator: {small_project}: {len(faults)} fault(s) found; see docs/storage.md (recovery)\n"
    )
    assert result.stdout.splitlines() == faults
    assert database_fingerprint(small_project) == before  # check only reads
    for text in SMALL_TEXTS.values():  # ids and offsets, never testimony
        assert not any(sentence in result.stdout for sentence in text.split(". ") if len(sentence) > 6)


def test_check_finds_spans_and_removals_behind_the_event_log(small_project: Path) -> None:
    ids = _coded(small_project)
    damage(
        small_project,
        "INSERT INTO spans (id, document_id, code_id, coder, start_offset, end_offset, text, memo, created_at, updated_at)"
        " SELECT 'f00d', 'A', 'bribery', 'ann', 0, 4, substr(text, 1, 4), '', 'x', 'x' FROM documents WHERE id = 'A'",
        f"UPDATE spans SET id = '{ids['removed']}', coder = 'bob' WHERE id = 'f00d'",
        f"DELETE FROM spans WHERE id = '{ids['wage']}'",
    )
    faults = check_faults(small_project)
    assert f"history: span {ids['removed']}: is present, but its last event (remove) removed it" in faults
    assert f"history: span {ids['wage']}: is missing, but its last event (add) left it in place" in faults


def test_spans_added_by_hand_without_any_event_are_found(small_project: Path) -> None:
    damage(
        small_project,
        "INSERT INTO coders (name, guid, created_at) VALUES ('ghost', 'G', 'x')",
        "INSERT INTO spans (id, document_id, code_id, coder, start_offset, end_offset, text, memo, created_at, updated_at)"
        " SELECT 'beef', 'A', 'bribery', 'ghost', 0, 4, substr(text, 1, 4), '', 'x', 'x' FROM documents WHERE id = 'A'",
    )
    assert check_faults(small_project) == [
        "history: spans: 1 span(s) have no event, but imports account for only 0: added by hand?"
    ]


def test_backup_is_a_consistent_owner_only_copy_that_never_overwrites(
    small_project: Path, run_cli, tmp_path: Path
) -> None:
    _coded(small_project)
    result = run_cli("--db", small_project, "backup", "-o", tmp_path / "copy.db")
    assert result.exit_code == 0, result.stderr
    copy = tmp_path / "copy.db"
    assert os.stat(copy).st_mode & 0o777 == 0o600
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    assert check_faults(copy) == []
    with Project.open(copy, readonly=True) as project, Project.open(small_project, readonly=True) as original:
        assert (
            project.spans.select() == original.spans.select() and project.history.events() == original.history.events()
        )
    again = run_cli("--db", small_project, "backup", "-o", copy)
    assert again.exit_code == 1 and "already exists; a backup never overwrites a file" in again.stderr
    assert run_cli("--db", small_project, "backup", "-o", tmp_path / "no" / "copy.db").exit_code == 1


def test_backup_goes_to_exports_by_default(small_project: Path, run_cli, tmp_path: Path) -> None:
    result = run_cli("--db", small_project, "backup")
    assert result.exit_code == 0, result.stderr
    made = list((tmp_path / "exports").glob("small-backup-*.db"))
    assert len(made) == 1 and made[0].name in result.stdout


def test_rolling_backups_keep_one_a_day_and_the_newest_few(small_project: Path) -> None:
    first = date(2026, 11, 1)
    for day in range(5):
        assert rolling_backup(small_project, keep=3, today=first + timedelta(days=day)) is not None
    assert rolling_backup(small_project, keep=3, today=first + timedelta(days=4)) is None  # today's exists
    kept = backups_of(small_project.parent / "backups", "small")
    assert [path.name for path in kept] == ["small-2026-11-03.db", "small-2026-11-04.db", "small-2026-11-05.db"]
    assert oct(os.stat(small_project.parent / "backups").st_mode & 0o777) == "0o700"
    assert rolling_backup(small_project, keep=0) is None
    assert check_faults(kept[-1]) == []


def test_a_project_in_a_folder_that_cannot_be_written_can_be_read(small_project: Path, tmp_path: Path) -> None:
    _coded(small_project)
    folder = tmp_path / "read-only"
    folder.mkdir()
    shutil.copy(small_project, folder / "p.db")  # closed: no -wal or -shm beside it
    (folder / "x.csv").write_text("document,coder,code,start,end\nA,ann,bribery,0,4\n", encoding="utf-8")
    folder.chmod(0o555)
    try:
        reading = _as_user_without_override(folder, "status")
        writing = _as_user_without_override(folder, "import-spans", "x.csv")
        backup = _as_user_without_override(folder, "backup", "-o", tmp_path / "copy.db")
    finally:
        folder.chmod(0o755)
    assert reading.returncode == 0, reading.stderr
    assert reading.stdout.startswith("p.db: 2 documents, 4 codes, 2 coders, 2 spans")
    assert backup.returncode == 0, backup.stderr
    assert writing.returncode == 1
    assert (
        writing.stderr
        == "annotator: p.db: cannot be written here (the file or its folder is read-only); nothing was changed\n"
    )


def _as_user_without_override(folder: Path, *args: object) -> subprocess.CompletedProcess[str]:
    """Run annotator in `folder` as a user for whom the folder's permissions hold (root ignores them)."""
    command = [sys.executable, "-m", "annotator", "--db", "p.db", *map(str, args)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root needs setpriv (util-linux) to drop the permission override")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=60)


def test_a_failed_disk_stops_every_later_write_of_the_handle(small_project: Path) -> None:
    with Project.open(small_project) as project:
        pages = project.db.execute("PRAGMA page_count").fetchone()[0]
        project.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageFailure, match="the disk is full"):
            for index in range(2000):
                project.documents.add([Document(id=f"D{index}", text="words " * 200)])
        project.db.execute(f"PRAGMA max_page_count = {pages * 100}")  # space again: still refused
        with pytest.raises(StorageFailure, match="nothing more is saved"):
            project.spans.add("ann", "A", "bribery", 0, 4)
    assert check_faults(small_project) == []


def test_a_file_that_is_not_a_database_is_recognised_by_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)  # the right magic, then garbage
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(path)
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(path, readonly=True)
    assert path.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 200
