"""Which spans a reader sees is decided in one place, the query layer's `SpanSelection` (issue 24: "the
ten ways become one"): agreement, exchange, coding, the CLI and the TUI never list or count spans
through the stores themselves. Writes and a store's own checks stay where they are (the allowlist)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "annotator"
READERS = ("agreement", "exchange", "coding", "cli", "tui")
# store -> the methods that list or count spans (None: every method of the store does).
LISTING = {"spans": {"select", "rows", "tuples", "stream", "contents"}, "counts": None, "corpus": {"coded"}}
# file:store.method -> why it may read the store directly.
ALLOWED = {
    "annotator/exchange/refi/importing.py:spans.contents": (
        "an import's own check: every stored span's content by id tells a re-import from a change it would write"
    ),
}


def direct_reads(source: str, name: str) -> list[str]:
    """`file:store.method` for every `x.spans.select(...)`-like call in one module's source."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        store = node.func.value
        if isinstance(store, ast.Attribute) and store.attr in LISTING:
            methods = LISTING[store.attr]
            if methods is None or node.func.attr in methods:
                found.append(f"{name}:{store.attr}.{node.func.attr}")
    return found


def test_readers_list_and_count_spans_through_the_query_layer() -> None:
    found = []
    for package in READERS:
        for path in sorted((PACKAGE / package).rglob("*.py")):
            name = str(path.relative_to(PACKAGE.parent))
            found += [place for place in direct_reads(path.read_text(encoding="utf-8"), name) if place not in ALLOWED]
    assert not found, f"list or count spans with annotator.query.selection.SpanSelection instead: {sorted(set(found))}"


def test_every_allowed_read_is_still_there() -> None:
    """An allowlist entry whose read has gone would excuse the next one silently."""
    for entry in ALLOWED:
        path = entry.split(":")[0]
        assert entry in direct_reads((PACKAGE.parent / path).read_text(encoding="utf-8"), path), entry


def test_the_scan_finds_a_direct_read() -> None:
    source = "a = project.spans.select(coder='x')\nb = self.project.counts.by_code()\nc = project.spans.add('x')\n"
    assert direct_reads(source, "m.py") == ["m.py:spans.select", "m.py:counts.by_code"]
