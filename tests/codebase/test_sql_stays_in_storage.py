"""SQL stays in annotator/storage: no other module runs a statement (issue 22's rule, checked on the source)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"
RUNS_SQL = {"execute", "executemany", "executescript"}


def sql_calls(path: Path) -> list[str]:
    """`file:line` of every `x.execute(...)`-like call in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL
    ]


def test_no_module_outside_storage_runs_sql() -> None:
    outside = [path for path in PACKAGE.rglob("*.py") if PACKAGE / "storage" not in path.parents]
    found = [place for path in sorted(outside) for place in sql_calls(path)]
    assert not found, f"SQL outside annotator/storage (give the store a method instead): {found}"


def test_the_scan_finds_sql_where_there_is_some() -> None:
    assert len(sql_calls(PACKAGE / "storage" / "spans.py")) > 5  # the check cannot pass by finding nothing
