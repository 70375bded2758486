"""What a project holds, counted by SQLite alone: `annotator status` starts without the models."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.storage.database import open_connection


@dataclass(frozen=True)
class ProjectSummary:
    """How many documents, codes, coders and spans a project holds, and each coder's spans."""

    documents: int
    codes: int
    coders: int
    spans: int
    spans_by_coder: dict[str, int]

    def counts(self) -> dict[str, int]:
        """The four totals by table name."""
        return {"documents": self.documents, "codes": self.codes, "coders": self.coders, "spans": self.spans}


def count_contents(conn: sqlite3.Connection) -> ProjectSummary:
    """The summary of the project open on `conn` (a read is one consistent snapshot)."""

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # The totals the triggers keep (schema m004): a few rows per coder, however many spans.
    by_coder = dict(
        conn.execute("SELECT coder, sum(spans) FROM span_totals_by_code GROUP BY coder ORDER BY coder").fetchall()
    )
    return ProjectSummary(count("documents"), count("codes"), count("coders"), sum(by_coder.values()), by_coder)


def read_summary(path: Path) -> ProjectSummary:
    """Open the project at `path` read-only, count, close (ProjectError when it is not one)."""
    conn = open_connection(path, readonly=True)
    try:
        conn.execute("BEGIN")  # both queries read the same snapshot, even while coders write
        return count_contents(conn)
    finally:
        conn.close()
