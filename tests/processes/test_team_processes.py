"""Several people on one project, as real processes: nothing one of them was told is saved is lost or
silently overwritten by another's stale copy (issue 20).

Each race is made certain, not hoped for: tests/processes/lock_holder.py holds the write lock with
its change made but not committed while the other command reads, and the library's test-only pause
points (annotator/storage/pause.py) stop a command between its plan and its write while the other
change commits. After each: `annotator check` is clean and every acknowledged write is there.
"""

from __future__ import annotations

import itertools
import os
import stat
import time
from pathlib import Path

import yaml

from annotator.storage import Project
from tests.support.processes import PROCESSES, Writer, annotator
from tests.support.team import SETTLE, LockHolder, PausePoint, finish, start
from tests.support.transcripts import DATA

ATTRIBUTE_SETTER = PROCESSES / "attribute_setter.py"
ROUNDS = 5


def _check(folder: Path) -> None:
    result = annotator("check", cwd=folder, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _long_testimony(length: int = 300_000) -> str:
    sentences, size, index = [], 0, 0
    while size < length:
        sentence = f"Sentence {index} tells of the work at site {index * 7 % 101} and of pay day {index % 28}. "
        if index % 9 == 8:
            sentence += "\n\n"
        sentences.append(sentence)
        size += len(sentence)
        index += 1
    return "".join(sentences)[:length]


def test_a_correction_of_a_long_testimony_while_another_process_adds_spans(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    text = _long_testimony()
    (bundled / "long.txt").write_text(text, encoding="utf-8")
    annotator("import", "long.txt", cwd=bundled)
    corrected = text[:1000] + "A sentence the lead restored from the recording. " + text[1000:250_000] + text[251_000:]
    (bundled / "corrected.txt").write_text(corrected, encoding="utf-8")
    holder = LockHolder(db_path, "add-spans", "bob", "long", "bribery", 200)
    pause = PausePoint(bundled, "replace-text")
    replace = start("documents", "replace", "long", "corrected.txt", cwd=bundled, **pause.env)
    pause.wait_reached()  # the diff is made; the write lock is still bob's
    added = holder.release()
    pause.release()
    status, _, err = finish(replace)
    assert status == 0, err
    _check(bundled)
    with Project.open(db_path, readonly=True) as project:
        assert project.documents.get("long").text == corrected
        spans = {span.id: span for span in project.spans.select(document_id="long", coder="bob")}
    assert set(added) == set(spans) and len(added) == 200
    assert all(span.text == corrected[span.start : span.end] for span in spans.values())


def test_undo_and_redo_of_a_correction_after_another_coder_coded_the_new_text(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    with Project.open(db_path, readonly=True) as project:
        original = project.documents.get("A").text
    corrected = "A note the lead added before the testimony.\n\n" + original
    (bundled / "A.txt").write_text(corrected, encoding="utf-8")
    annotator("documents", "replace", "A", "A.txt", cwd=bundled)
    added = LockHolder(db_path, "add-spans", "bob", "A", "bribery", 3).release()  # bob codes the new text
    with Project.open(db_path, readonly=True) as project:
        quotes = {span.id: span.text for span in project.spans.select(coder="bob")}
    assert set(quotes) == set(added)
    for verb, expected in (("undo", original), ("redo", corrected)):
        annotator(verb, cwd=bundled)
        _check(bundled)
        with Project.open(db_path, readonly=True) as project:
            assert project.documents.get("A").text == expected
            assert {span.id: span.text for span in project.spans.select(coder="bob")} == quotes


def test_eight_processes_set_eight_attributes_of_one_document(bundled: Path) -> None:
    db_path, go = bundled / "annotator.db", bundled / "go"
    with Project.open(db_path, readonly=True) as project:
        before = project.documents.get("A").attributes
    setters = [Writer(ATTRIBUTE_SETTER, db_path, "A", f"team{n}", ROUNDS, go, cwd=bundled) for n in range(8)]
    go.touch()  # all eight start together
    acknowledged = {f"team{n}": [setter.readline() for _ in range(ROUNDS)] for n, setter in enumerate(setters)}
    for setter in setters:
        assert setter.process.wait(timeout=120) == 0
    _check(bundled)
    with Project.open(db_path, readonly=True) as project:
        after = project.documents.get("A").attributes
        events = [event for event in project.history.events() if event.kind == "document-attributes"]
    assert after == {**before, **{name: values[-1] for name, values in acknowledged.items()}}
    # Each setting started from the one before it: none wrote over another's from a stale copy.
    assert len(events) == 8 * ROUNDS
    for earlier, later in itertools.pairwise(events):
        assert later.before == earlier.after, f"{later.coder} wrote over {earlier.coder}'s setting"


def test_rename_and_role_of_one_speaker_at_once(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    annotator("import", DATA / "interview.vtt", cwd=bundled)
    holder = LockHolder(db_path, "nothing")
    rename = start("speakers", "rename", "Mira Lee", "Participant 1", cwd=bundled)
    role = start("speakers", "role", "Mira Lee", "participant", cwd=bundled)
    time.sleep(SETTLE)
    holder.release()
    (renamed, _, rename_err), (roled, _, role_err) = finish(rename), finish(role)
    _check(bundled)
    with Project.open(db_path, readonly=True) as project:
        speakers = {(s.speaker, s.role) for s in project.speakers.summaries("interview")}
    assert renamed == 0, rename_err
    if roled == 0:  # the role went first: both changes are there
        assert ("Participant 1", "participant") in speakers
    else:  # the rename went first: the role was refused in one line, never half-applied
        assert len(role_err.strip().splitlines()) == 1 and "no turn of speaker 'Mira Lee'" in role_err
        assert ("Participant 1", "") in speakers
    assert not any(name == "Mira Lee" for name, _ in speakers)


def test_documents_edit_with_a_slow_editor_while_another_process_replaces_the_text(bundled: Path) -> None:
    db_path = bundled / "annotator.db"
    opened, go = bundled / "editor-opened", bundled / "editor-go"
    editor = bundled / "slow-editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        f'touch "{opened}"\n'
        f'while [ ! -e "{go}" ]; do sleep 0.05; done\n'
        "printf 'The text as the lead edited it.\\n' > \"$1\"\n",
        encoding="utf-8",
    )
    editor.chmod(0o700)
    edit = start("documents", "edit", "A", cwd=bundled, VISUAL=str(editor))
    deadline = time.monotonic() + 60
    while not opened.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    (bundled / "bob.txt").write_text("The text as bob corrected it.\n", encoding="utf-8")
    annotator("--coder", "bob", "documents", "replace", "A", "bob.txt", cwd=bundled)
    go.touch()
    status, _, err = finish(edit)
    _check(bundled)
    with Project.open(db_path, readonly=True) as project:
        assert project.documents.get("A").text == "The text as bob corrected it.\n"  # bob's correction stands
    assert status == 1 and len(err.strip().splitlines()) == 1, err
    assert "changed by bob (document-text)" in err and "nothing was written" in err
    kept = Path(err.strip().rsplit("kept in ", 1)[1])
    assert kept.read_text(encoding="utf-8") == "The text as the lead edited it.\n"
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600 and kept.parent == bundled / "annotator-edits"


def test_a_recode_between_a_merges_plan_and_its_apply_is_a_conflict(bundled: Path) -> None:
    db_path, packet = bundled / "annotator.db", bundled / "bob.db"
    annotator("packet", "--coder", "bob", "-o", packet, cwd=bundled)
    with Project.open(packet) as there:
        span = there.spans.add("bob", "A", "bribery", 0, 10)
    annotator("merge", packet, cwd=bundled)
    with Project.open(packet) as there:
        there.spans.set_memo("bob", span.id, "bob's second thought")  # the packet changes the span again
    holder = LockHolder(db_path, "recode", "bob", span.id, "surveillance")  # and so does bob's screen here
    pause = PausePoint(bundled, "merge")
    merge = start("merge", packet, cwd=bundled, **pause.env)
    pause.wait_reached()  # the merge has made its plan
    holder.release()
    pause.release()
    status, _, err = finish(merge)
    _check(bundled)
    with Project.open(db_path, readonly=True) as project:
        here = project.spans.get(span.id)
    assert (here.code_id, here.memo) == ("surveillance", "")  # the recode is kept, never overwritten
    assert status == 2 and f"conflict: span {span.id}" in err, err


def test_codebook_sync_while_another_process_edits_a_code(bundled: Path) -> None:
    db_path, codebook = bundled / "annotator.db", bundled / "codebook.yaml"
    annotator("codebook", "export", "-o", codebook, cwd=bundled)
    data = yaml.safe_load(codebook.read_text(encoding="utf-8"))
    (entry,) = [code for code in data["codes"] if code["id"] == "bribery"]
    entry["definition"] = "Money or gifts given to officials to be chosen or kept abroad."
    codebook.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    holder = LockHolder(db_path, "rename-code", "ann", "bribery", "Bribes and gifts")
    pause = PausePoint(bundled, "codebook-sync")
    sync = start("codebook", "sync", codebook, cwd=bundled, **pause.env)
    pause.wait_reached()  # the sync has made (and printed) its plan
    holder.release()
    pause.release()
    status, _, err = finish(sync)
    _check(bundled)
    with Project.open(db_path, readonly=True) as project:
        bribery = project.codes.get("bribery")
    assert bribery.name == "Bribes and gifts"  # ann's edit is not silently reverted
    assert status == 1 and len(err.strip().splitlines()) == 1, err
    assert "code 'bribery' was changed by ann (code-edit)" in err and "nothing was written" in err
    assert bribery.definition != entry["definition"]
