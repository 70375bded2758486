"""Cut a text into words, sentences and paragraphs, as sorted half-open code-point ranges.

The agreement statistics use these cuts as units; the coding screen uses them for word,
sentence and paragraph cursor steps. The rules are deliberately simple and predictable:

- **Paragraphs** are the stretches between blank lines (a line holding only whitespace). A single
  line break stays inside a paragraph, so hard-wrapped text is one paragraph per block. Leading
  and trailing whitespace is not part of a paragraph.
- **Sentences** never cross a paragraph end. Inside a paragraph a sentence ends after one or more
  of `.`, `!`, `?`, `…` (and the full-width `。！？`), optionally followed by closing quotes or
  brackets, when whitespace or the paragraph end follows. So `Mr. Kim` is cut after `Mr.` and
  `3.5` is not cut. Whitespace between sentences belongs to none.
- **Words** are runs of Unicode word characters (letters, digits, marks and `_`, i.e. `\\w`);
  an apostrophe (`'` or `’`) between two word characters is kept inside the word
  (`don't`, `Kim’s`); a trailing apostrophe is not. Punctuation and spaces belong to none.
- **Tokens** are the words and each punctuation mark outside them, one character each (`.`, `”`,
  `-`): the places a span boundary can stop at, so a closing full stop can be left out and put back.

Every range is `(start, end)` with `start < end`; the ranges are sorted and do not overlap.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TOKEN = re.compile(_WORD.pattern + r"|[^\w\s]")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’»)\]}]*(?=\s|$)")
_NON_SPACE = re.compile(r"\S")


def word_bounds(text: str) -> list[tuple[int, int]]:
    """The words of `text`: runs of `\\w` characters, apostrophes between word characters kept."""
    return [match.span() for match in _WORD.finditer(text)]


def token_bounds(text: str) -> list[tuple[int, int]]:
    """The words of `text` and, between them, each punctuation mark on its own."""
    return [match.span() for match in _TOKEN.finditer(text)]


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """The paragraphs of `text`: stretches between blank lines, without surrounding whitespace."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for separator in _BLANK_LINES.finditer(text):
        _append_stripped(text, start, separator.start(), bounds)
        start = separator.end()
    _append_stripped(text, start, len(text), bounds)
    return bounds


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """The sentences of `text`: cut after . ! ? … (and closing quotes) before whitespace, and at paragraph ends."""
    bounds: list[tuple[int, int]] = []
    for paragraph_start, paragraph_end in paragraph_bounds(text):
        start = paragraph_start
        for end_mark in _SENTENCE_END.finditer(text, paragraph_start, paragraph_end):
            _append_stripped(text, start, end_mark.end(), bounds)
            start = end_mark.end()
        _append_stripped(text, start, paragraph_end, bounds)
    return bounds


def _append_stripped(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    """Append `[start, end)` without its leading and trailing whitespace, unless nothing is left."""
    first = _NON_SPACE.search(text, start, end)
    if first is None:
        return
    start = first.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    bounds.append((start, end))
