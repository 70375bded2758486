"""The line index agrees with Textual's own Document (the TextArea's rows and columns)."""

from __future__ import annotations

import pytest
from textual.widgets.text_area import Document as TextualDocument

from annotator.coding.offsets import LineOffsets

TEXTS = [
    "",
    "one line",
    "two\nlines",
    "ends with newline\n",
    "blank\n\nline\n\n",
    "windows\r\nline ends\r\n",
    "odd\u2028separators\x0bhere\x85too",
    "한국어 텍스트\n둘째 줄",
]


@pytest.mark.parametrize("text", TEXTS)
def test_line_offsets_agree_with_textuals_document(text: str) -> None:
    lines = LineOffsets(text)
    document = TextualDocument(text)
    assert lines.line_count == document.line_count
    for row in range(document.line_count):
        assert lines.lengths[row] == len(document[row])
    if "\r\n" not in text and not any(ch in text for ch in "\u2028\x0b\x85"):
        # Textual's own conversion assumes one newline style; compare where it is exact.
        for offset in range(len(text) + 1):
            assert lines.location(offset) == document.get_location_from_index(offset)
            assert lines.offset(lines.location(offset)) == offset
