"""Storage: file safety, schema versions, coding actions, the event log, undo and redo."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.storage import HistoryError, NewSpan, Project, ProjectError, new_span_ids
from annotator.storage.database import APPLICATION_ID, SCHEMA_VERSION
from annotator.storage.schema import migrations
from tests.support import SMALL_TEXTS


def test_new_project_file_is_owner_only_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == 0o600
        assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert project.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_schema_version_counts_the_migrations() -> None:
    assert len(migrations._migrations) == SCHEMA_VERSION


def test_existing_file_is_never_overwritten(small_project: Path) -> None:
    before = small_project.read_bytes()
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(small_project)
    assert small_project.read_bytes() == before


def test_newer_schema_is_refused(small_project: Path) -> None:
    conn = sqlite3.connect(small_project)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError, match="newer annotator"):
        Project.open(small_project)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(path)


def test_event_log_is_append_only(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "bribery", 0, 4)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            project.db.execute("DELETE FROM events")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            project.db.execute("UPDATE events SET kind = 'x'")


def test_span_stores_the_quoted_slice_in_code_points(tmp_path: Path) -> None:
    from annotator.domain.models import Code, Codebook, Document

    with Project.create(tmp_path / "u.db") as project:
        project.documents.add([Document(id="K", text="평양에서 왔다 — 🙂 done")])
        project.codes.add_codebook(Codebook(codes=(Code(id="c", name="C"),)))
        span = project.spans.add("ann", "K", "c", 8, 13)
        assert span.text == "— 🙂 d"  # the emoji is one code point, though four UTF-8 bytes
        assert project.spans.select()[0].text == span.text


def test_span_ids_grow_within_a_millisecond_and_when_the_clock_steps_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Of two equal spans the later id is the newest: that must hold however fast the spans come."""
    from annotator.storage import spans

    monkeypatch.setattr(spans, "_last_id_stamp", 0)  # as in a process that has made no id yet
    clock = iter([5_000_000_000, 5_000_000_000, 4_000_000_000, 6_000_000_000])  # ns: 5 s, 5 s, 4 s, 6 s
    monkeypatch.setattr(spans.time, "time_ns", lambda: next(clock))
    [first], [second, third], [fourth], [fifth] = new_span_ids(1), new_span_ids(2), new_span_ids(1), new_span_ids(1)
    assert first < second < third < fourth < fifth
    assert fourth[:20] == f"{5_000:012x}{3:08x}" and fifth[:20] == f"{6_000:012x}{0:08x}"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "start < end"), (-1, 3, "start < end"), (0, 10_000, "<= "), (9, 4, "start < end")],
)
def test_bad_offsets_are_refused(small_project: Path, start: int, end: int, message: str) -> None:
    with Project.open(small_project) as project:
        with pytest.raises(InputError, match=message):
            project.spans.add("ann", "A", "bribery", start, end)
        assert project.spans.select() == []
        assert project.history.events() == []


def test_unknown_document_and_code_are_refused(small_project: Path) -> None:
    with Project.open(small_project) as project:
        with pytest.raises(InputError, match="no document 'Z'"):
            project.spans.add("ann", "Z", "bribery", 0, 3)
        with pytest.raises(InputError, match="no code 'nope'"):
            project.spans.add("ann", "A", "nope", 0, 3)


def test_a_coder_cannot_change_another_coders_span(small_project: Path) -> None:
    with Project.open(small_project) as project:
        span = project.spans.add("ann", "A", "bribery", 0, 4)
        with pytest.raises(InputError, match="belongs to coder 'ann'"):
            project.spans.remove("bob", span.id)


def test_every_action_is_logged_and_undone_in_reverse_order(small_project: Path) -> None:
    with Project.open(small_project) as project:
        span = project.spans.add("ann", "A", "bribery", 0, 4)
        project.spans.recode("ann", span.id, "wage-deduction")
        project.spans.resize("ann", span.id, 0, 9)
        project.spans.set_memo("ann", span.id, "check with B")
        current = project.spans.get(span.id)
        assert (current.code_id, current.start, current.end, current.text, current.memo) == (
            "wage-deduction",
            0,
            9,
            "They took",
            "check with B",
        )
        assert [event.kind for event in project.history.events("ann")] == ["add", "recode", "resize", "memo"]

        expected_after_each_undo = [
            ("wage-deduction", 0, 9, ""),
            ("wage-deduction", 0, 4, ""),
            ("bribery", 0, 4, ""),
        ]
        for code_id, start, end, memo in expected_after_each_undo:
            project.history.undo("ann")
            again = project.spans.get(span.id)
            assert (again.code_id, again.start, again.end, again.memo) == (code_id, start, end, memo)
        project.history.undo("ann")
        assert project.spans.select() == []
        assert project.history.undo("ann") is None
        for _ in range(4):
            project.history.redo("ann")
        assert project.spans.get(span.id).memo == "check with B"
        assert project.history.redo("ann") is None


def test_undo_and_redo_survive_a_restart(small_project: Path) -> None:
    with Project.open(small_project) as project:
        first = project.spans.add("ann", "A", "bribery", 0, 4)
        project.spans.add("ann", "B", "surveillance", 0, 6)
        project.history.undo("ann")
    with Project.open(small_project) as project:
        assert project.history.can_redo("ann")
        action = project.history.redo("ann")
        assert action is not None and action.document_ids == ["B"]
        project.history.undo("ann")
        project.history.undo("ann")
        assert project.spans.select() == []
    with Project.open(small_project) as project:
        project.history.redo("ann")
        assert [span.id for span in project.spans.select()] == [first.id]


def test_a_new_action_clears_the_redo_stack(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "bribery", 0, 4)
        project.history.undo("ann")
        project.spans.add("ann", "A", "bribery", 5, 9)
        assert not project.history.can_redo("ann")
        assert project.history.redo("ann") is None


def test_undo_is_per_coder(small_project: Path) -> None:
    with Project.open(small_project) as project:
        mine = project.spans.add("ann", "A", "bribery", 0, 4)
        project.spans.add("bob", "A", "bribery", 0, 4)
        project.history.undo("bob")
        assert [span.id for span in project.spans.select()] == [mine.id]


def test_batch_of_hits_is_undone_as_one_action(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.spans.add_many("ann", [NewSpan("A", "bribery", 0, 4), NewSpan("B", "bribery", 0, 6)])
        assert len(project.spans.select()) == 2
        project.history.undo("ann")
        assert project.spans.select() == []


def test_undo_refuses_when_the_span_changed_elsewhere(small_project: Path) -> None:
    with Project.open(small_project) as first, Project.open(small_project) as second:
        span = first.spans.add("ann", "A", "bribery", 0, 4)
        first.spans.set_memo("ann", span.id, "one")
        # A second window of the same coder undoes the memo, then changes the span another way.
        second.history.undo("ann")
        second.spans.resize("ann", span.id, 0, 9)
        # The first window's history is rebuilt from the log, so it undoes the resize, not the memo.
        first.history.undo("ann")
        assert first.spans.get(span.id).end == 4
        first.db.execute("UPDATE spans SET end_offset = 7 WHERE id = ?", [span.id])  # outside the log
        with pytest.raises(HistoryError):
            first.history.undo("ann")


def test_failed_bulk_action_writes_nothing(small_project: Path) -> None:
    with Project.open(small_project) as project:
        with pytest.raises(InputError):
            project.spans.add_many("ann", [NewSpan("A", "bribery", 0, 4), NewSpan("A", "bribery", 0, 10_000)])
        assert project.spans.select() == [] and project.history.events() == []


def test_progress_and_current_document(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.coders.set_current_document("ann", "B")
        project.coders.set_done("ann", "A")
        assert project.coders.current_document("ann") == "B"
        assert project.coders.done_documents("ann") == {"A"}
        project.coders.set_done("ann", "A", False)
        assert project.coders.done_documents("ann") == set()
        assert [event.kind for event in project.history.events("ann")] == ["done", "undone"]
    with Project.open(small_project) as project:  # undone like any action, also after a restart
        undone = project.history.undo("ann")
        assert undone is not None and undone.kind == "undo"
        assert project.history.events(batch=undone.reverts)[0].kind == "undone"
        assert project.coders.done_documents("ann") == {"A"}
        project.history.undo("ann")
        assert project.coders.done_documents("ann") == set() and not project.history.can_undo("ann")
        redone = project.history.redo("ann")
        assert redone is not None and project.history.events(batch=redone.reverts)[0].kind == "done"
        assert project.coders.done_documents("ann") == {"A"}


def test_creating_an_in_vivo_code_is_undone_and_redone(small_project: Path) -> None:
    with Project.open(small_project) as project:
        code = project.codes.create("Night shifts", coder="ann")
        project.spans.add("ann", "A", code.id, 0, 4)
        project.history.undo("ann")
        assert project.history.undo("ann").others[0].entity == "code"
        assert code.id not in {c.id for c in project.codes.all()}
        project.history.redo("ann")
        assert project.codes.get(code.id).name == "Night shifts"


def test_undoing_a_code_another_coder_uses_is_refused(small_project: Path) -> None:
    with Project.open(small_project) as project:
        code = project.codes.create("Night shifts", coder="ann")
        project.spans.add("bob", "A", code.id, 0, 4)
        before = project.history.events()
        with pytest.raises(HistoryError, match=r"code .night-shifts. is used by 1 span\(s\) of bob"):
            project.history.undo("ann")
        assert project.history.events() == before and project.codes.get(code.id)


def test_in_vivo_code_gets_a_fresh_id_and_is_in_the_codebook(small_project: Path) -> None:
    with Project.open(small_project) as project:
        code = project.codes.create("Wage deduction (late)", coder="ann")
        assert code.id == "wage-deduction-late"
        again = project.codes.create("wage deduction late", coder="ann")
        assert again.id == "wage-deduction-late-2"
        assert [c.id for c in project.codes.codebook().codes][-2:] == [code.id, again.id]
        with pytest.raises(InputError, match="already used"):
            project.codes.create("Bribery", coder="ann")


def test_documents_round_trip_with_attributes_and_hash(small_project: Path) -> None:
    with Project.open(small_project) as project:
        documents = project.documents.all()
        assert [d.id for d in documents] == ["A", "B"]
        assert documents[0].text == SMALL_TEXTS["A"]
        assert project.documents.lengths() == {key: len(text) for key, text in SMALL_TEXTS.items()}
        assert project.documents.hashes()["A"] == documents[0].content_hash


@pytest.mark.parametrize("readonly", [False, True])
def test_a_project_of_an_older_schema_is_upgraded_when_opened(tmp_path: Path, readonly: bool) -> None:
    """A project written by schema 1 (before events named their row) opens, upgraded, for writing or reading."""
    import sqlite3

    from annotator.storage.database import APPLICATION_ID
    from annotator.storage.sqlite_library import sqlite_utils

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="m002_events_by_span")
    db.execute("PRAGMA user_version = 1")
    conn.close()
    with Project.open(path, readonly=readonly) as project:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in project.db.execute("PRAGMA table_info(events)")}
        assert {"entity", "entity_id"} <= columns


def test_document_summaries_say_what_documents_say_without_the_text(small_project: Path) -> None:
    with Project.open(small_project) as project:
        summaries = project.documents.summaries()
        documents = project.documents.all()
    assert [(s.id, s.title, s.attributes, s.length) for s in summaries] == [
        (d.id, d.title, d.attributes, len(d.text)) for d in documents
    ]


# The stores a Project hands out (docs/storage.md, "Stores: one object per concern").
STORES = ("documents", "reviews", "codes", "coders", "spans", "counts", "speakers", "history", "changes")


def _public(thing: object) -> list[str]:
    return [name for name in dir(thing) if not name.startswith("_")]


def test_project_is_a_small_facade_handing_out_one_store_per_concern(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.db") as project:
        from annotator.storage.base import ProjectStore

        # The facade itself stays small however many stores it hands out: a new concern is a store.
        facade = [name for name in _public(project) if not isinstance(getattr(project, name), ProjectStore)]
        assert len(facade) <= 12, facade
        assert set(STORES) <= set(_public(project))
        largest = max(STORES, key=lambda name: len(_public(getattr(project, name))))
        assert len(_public(getattr(project, largest))) <= 16, (largest, _public(getattr(project, largest)))
        for name in STORES:
            store = getattr(project, name)
            assert store is getattr(project, name), f"{name} is made once, not per use"
            # Stores reach each other through the project, never by inheriting one another.
            others = {type(getattr(project, other)) for other in STORES if other != name}
            assert not others & set(type(store).__mro__[1:]), f"{name} inherits another store"


def test_a_write_through_one_store_is_seen_by_the_others(small_project: Path) -> None:
    with Project.open(small_project) as project:
        span = project.spans.add("ann", "A", "bribery", 0, 4)
        assert project.counts.spans("ann") == 1
        assert project.coders.all() == ["ann"]
        assert project.history.events(coder="ann")[0].span_id == span.id
        assert project.history.undo("ann") is not None
        assert project.counts.by_code(coder="ann") == {}


def test_a_project_is_one_threads_connection(small_project: Path) -> None:
    """A Project's connection refuses a second thread (sqlite3's own check, left on): a thread
    worker opens its own Project, so no two threads ever share one connection's transaction."""
    import threading

    failures: list[BaseException] = []
    with Project.open(small_project) as project:
        assert project.documents.ids()

        def read_elsewhere() -> None:
            try:
                project.documents.ids()
            except BaseException as error:  # the failure is what the test looks for
                failures.append(error)

        worker = threading.Thread(target=read_elsewhere)
        worker.start()
        worker.join()
    assert len(failures) == 1 and isinstance(failures[0], sqlite3.ProgrammingError)
    assert "thread" in str(failures[0])
