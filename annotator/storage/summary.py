"""What a project holds, counted by SQLite alone: `annotator status` starts without the models."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotator.storage.database import open_connection


@dataclass(frozen=True)
class CoderSummary:
    """One coder's share of a project: their spans and the documents they marked done."""

    name: str
    spans: int
    done: int


@dataclass(frozen=True)
class ProjectSummary:
    """How many documents, codes, coders and spans a project holds, and each coder's spans and done marks."""

    documents: int
    codes: int
    spans: int
    by_coder: tuple[CoderSummary, ...]

    @property
    def coders(self) -> int:
        """How many coders the project knows: exactly those `by_coder` lists."""
        return len(self.by_coder)

    @property
    def spans_by_coder(self) -> dict[str, int]:
        """Each coder's span count, by name."""
        return {coder.name: coder.spans for coder in self.by_coder}

    def counts(self) -> dict[str, int]:
        """The four totals by table name."""
        return {"documents": self.documents, "codes": self.codes, "coders": self.coders, "spans": self.spans}


def count_contents(conn: sqlite3.Connection) -> ProjectSummary:
    """The summary of the project open on `conn` (a read is one consistent snapshot)."""

    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # The totals the triggers keep (schema m004): a few rows per coder, however many spans.
    spans = dict(conn.execute("SELECT coder, sum(spans) FROM span_totals_by_code GROUP BY coder").fetchall())
    done = dict(conn.execute("SELECT coder, count(*) FROM progress WHERE done GROUP BY coder").fetchall())
    # Every coder the project knows, with spans or not: the count and the list are one set.
    names = sorted({row[0] for row in conn.execute("SELECT name FROM coders")} | set(spans) | set(done))
    by_coder = tuple(CoderSummary(name, int(spans.get(name, 0)), int(done.get(name, 0))) for name in names)
    return ProjectSummary(count("documents"), count("codes"), sum(spans.values()), by_coder)


def read_summary(path: Path) -> ProjectSummary:
    """Open the project at `path` read-only, count, close (ProjectError when it is not one)."""
    conn = open_connection(path, readonly=True)
    try:
        conn.execute("BEGIN")  # both queries read the same snapshot, even while coders write
        return count_contents(conn)
    finally:
        conn.close()
