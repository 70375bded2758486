"""A project file edited behind the tool's back, and what `annotator check` says of it: the check tests' helpers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.storage import Project
from annotator.storage.check import check_database


def damage(path: Path, *statements: str) -> None:
    """Edit the file behind the tool's back, as someone with the sqlite3 shell might (foreign keys and CHECK
    constraints off, as a careless shell might leave them)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def faults(path: Path) -> list[str]:
    """Every fault `annotator check` finds in the project at `path`, as its lines."""
    with Project.open(path, readonly=True) as project:
        return [str(fault) for fault in check_database(project.db)]
