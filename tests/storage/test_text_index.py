"""The full-text indexes stay in step with every action that changes a text; saved queries are undoable actions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.domain.models import Document
from annotator.storage import Project
from annotator.storage.database import APPLICATION_ID
from annotator.storage.schema import migrations
from annotator.storage.sqlite_library import sqlite_utils


def _matching(project: Project, words: str) -> list[str]:
    return sorted(project.corpus.documents_matching(words))


def test_the_index_follows_corrections_their_undo_and_redo_renames_and_removals(small_project: Path) -> None:
    with Project.open(small_project) as project:
        assert _matching(project, "bribe") == ["A"]
        text = project.documents.get("A").text
        project.documents.replace_text("lead", "A", text.replace("bribe", "gift"))
        assert _matching(project, "bribe") == [] and _matching(project, "gift") == ["A"]
        project.history.undo("lead")
        assert _matching(project, "bribe") == ["A"] and _matching(project, "gift") == []
        project.history.redo("lead")
        assert _matching(project, "gift") == ["A"]
        project.documents.rename("lead", "A", "A1")
        assert _matching(project, "gift") == ["A1"]
        project.documents.remove("lead", "A1")
        assert _matching(project, "gift") == []
        project.history.undo("lead")
        assert _matching(project, "gift") == ["A1"]
        assert project.corpus.index_sizes() == {"document_words": 2, "document_trigrams": 2}


def test_words_fold_case_and_diacritics_and_prefixes_match(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.documents.add([Document(id="C", title="C", text="Le CAFÉ était fermé; the cafés too.")])
        assert _matching(project, "cafe") == ["C"]
        assert _matching(project, "ferme") == ["C"]
        assert sorted(project.corpus.documents_matching("caf", prefix=True)) == ["C"]
        # FTS5 syntax in a term is text (the quote a separator), never an operator or an error.
        assert _matching(project, 'the "cafés') == ["C"]
        assert _matching(project, "NEAR(le OR *") == []


def test_korean_and_chinese_are_found_by_trigram(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.documents.add([Document(id="K", title="K", text="우리는 여권을 빼앗겼다. 护照被没收了。")])
        assert sorted(project.corpus.documents_matching("여권을", trigram=True)) == ["K"]
        assert sorted(project.corpus.documents_matching("护照", trigram=True)) == ["K"]  # shorter than a trigram
        assert sorted(project.corpus.documents_matching("여권", trigram=True)) == ["K"]


def test_a_project_of_schema_5_gets_its_index_filled_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db, stop_before="m006_text_index_and_saved_queries")
    db.execute("PRAGMA user_version = 5")
    conn.execute(
        "INSERT INTO documents (id, title, text, content_hash, position, guid, created_at)"
        " VALUES ('A', 'A', 'The passport was taken.', 'x', 0, 'g', 'now')"
    )
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert _matching(project, "passport") == ["A"]


def test_saving_and_deleting_a_query_are_undoable(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.queries.save("lead", "bribes", "bribery AND text:chosen", {"unit": "sentence"})
        assert project.queries.get("bribes").options == {"unit": "sentence"}
        with pytest.raises(InputError, match="exists already"):
            project.queries.save("lead", "bribes", "bribery", {})
        project.queries.delete("lead", "bribes")
        assert project.queries.find("bribes") is None
        project.history.undo("lead")
        assert project.queries.get("bribes").expression == "bribery AND text:chosen"
        project.history.undo("lead")
        assert project.queries.all() == []
        project.history.redo("lead")
        assert [query.name for query in project.queries.all()] == ["bribes"]


def test_check_finds_an_index_edited_by_hand_and_repair_rebuilds_it(small_project: Path) -> None:
    from annotator.storage.check import check_database, rebuild_span_totals

    conn = sqlite3.connect(small_project)
    with conn:
        conn.execute("DROP TRIGGER document_words_update")  # a hand edit with the trigger off
        conn.execute("UPDATE documents SET text = 'Changed by hand.', content_hash = ? WHERE id = 'A'", ["x"])
    conn.close()
    with Project.open(small_project) as project:
        faults = [str(fault) for fault in check_database(project.db) if fault.check == "text index"]
        assert faults == [
            "text index: document_words document A: differs from the documents table; rebuild with "
            "`annotator check --repair-totals`"
        ]
        rebuild_span_totals(project.db)
        assert [fault for fault in check_database(project.db) if fault.check == "text index"] == []
        assert _matching(project, "hand") == ["A"]
