"""docs/tui.md names every key of the coding screen (it is the key table the README links to)."""

from __future__ import annotations

from pathlib import Path

from annotator.tui import AnnotatorApp

DOC = Path(__file__).resolve().parents[2] / "docs" / "tui.md"


def test_the_key_table_names_every_binding() -> None:
    text = DOC.read_text(encoding="utf-8")
    for _title, node in AnnotatorApp("unused.db", "coder").key_sections:
        for binding in node.BINDINGS:
            assert binding.description in text, binding
            stem = binding.id.rsplit(".", 1)[-1]
            assert stem in text or binding.id.startswith("apply_code_"), binding
