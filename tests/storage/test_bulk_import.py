"""Bulk span imports check their references once, with SQLite's per-row foreign-key checks off for the insert alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import Code, Span
from annotator.exchange.spans_csv import import_spans_csv
from annotator.storage import Project
from annotator.storage.database import ProjectError
from tests.support import SMALL_TEXTS, database_fingerprint


def span(number: int, document: str = "A", code: str = "bribery", coder: str = "ann") -> Span:
    """A span over the first characters of `document`."""
    return Span(f"bulk{number:04d}", document, code, coder, 0, 4, SMALL_TEXTS.get(document, "gone")[:4], "", "t", "t")


def foreign_keys_on(project: Project) -> bool:
    return project.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_import_turns_foreign_keys_back_on(small_project: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "spans.csv"
    csv_path.write_text("document,coder,code,start,end\nA,ann,bribery,0,4\nB,bob,New code,0,6\n", encoding="utf-8")
    with Project.open(small_project) as project:
        result = import_spans_csv(csv_path, project, coder="tester", add_codes=True)
        assert foreign_keys_on(project)
        assert len(result.spans) == 2
        assert {(s.document_id, s.coder, s.code_id) for s in project.spans.select()} == {
            ("A", "ann", "bribery"),
            ("B", "bob", result.new_codes[0].id),
        }


@pytest.mark.parametrize("bad", [span(2, document="gone"), span(2, code="gone")], ids=["document", "code"])
def test_a_reference_missing_at_insert_time_writes_nothing(small_project: Path, bad: Span) -> None:
    """What the foreign keys would refuse (a document or code deleted since the file was checked),
    the insert's own check refuses: nothing written, and the keys are on again."""
    before = database_fingerprint(small_project)
    with Project.open(small_project) as project:
        with pytest.raises(ProjectError, match="no longer in the project"):
            project.spans.insert([span(1), bad], coder="ann", source="test")
        assert foreign_keys_on(project)
    assert database_fingerprint(small_project) == before


def test_inside_a_callers_transaction_the_foreign_keys_stay_on(small_project: Path) -> None:
    with Project.open(small_project) as project:
        with project.transaction():
            project.spans.insert([span(1)], coder="ann", source="test", new_codes=[Code(id="extra", name="Extra")])
            assert foreign_keys_on(project)
        assert [s.id for s in project.spans.select()] == ["bulk0001"]
        assert "extra" in {code.id for code in project.codes.all()}
