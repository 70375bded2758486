"""Helpers shared by tests (the `tests.support` package; conftest.py files only hold fixtures)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from annotator.domain.models import Code

SMALL_TEXTS = {
    "A": "They took eighty percent of the wage. We paid a bribe to be chosen.\n\nThe manager watched us.",
    "B": "Nobody could leave the site.\n\nWe worked from dawn to midnight.",
}
SMALL_CODES = (
    Code(id="wage-deduction", name="Wage deduction", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
)


def database_fingerprint(path: Path) -> str:
    """A hash of every row of every table: equal before and after means nothing was written."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()
