"""Cut a text into words, sentences and paragraphs, as sorted half-open code-point ranges.

The agreement statistics use these cuts as units; the coding screen uses them for word,
sentence and paragraph cursor steps. The rules are deliberately simple and predictable:

- **Paragraphs** are the stretches between blank lines (a line holding only whitespace). A single
  line break stays inside a paragraph, so hard-wrapped text is one paragraph per block. Leading
  and trailing whitespace is not part of a paragraph.
- **Sentences** never cross a paragraph end. Inside a paragraph a sentence ends after one or more
  of `.`, `!`, `?`, `…`, optionally followed by closing quotes or brackets, when whitespace or the
  paragraph end follows. So `Mr. Kim` is cut after `Mr.` and `3.5` is not cut. The Chinese and
  Japanese `。！？` (with their closing quotes `」』` or brackets) end a sentence with or without a
  space after them, since those scripts put none. Whitespace between sentences belongs to none.
- **Words** are runs of Unicode word characters (letters, digits and `_`, i.e. `\\w`) together with
  the combining marks (categories Mn, Mc, Me) and zero-width joiners that follow them, so a
  Devanagari vowel sign or virama and the accent of a decomposed `e` + U+0301 stay inside their
  word; an apostrophe (`'` or `’`) between two word characters is kept inside the word
  (`don't`, `Kim’s`); a trailing apostrophe is not. Punctuation and spaces belong to none.
- **Tokens** are the words and each punctuation mark outside them, one character each (`.`, `”`,
  `-`): the places a span boundary can stop at, so a closing full stop can be left out and put back.

Every range is `(start, end)` with `start < end`; the ranges are sorted and do not overlap.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’»)\]}」』）】》〉]*(?=\s|$)"  # Latin-style ends need a space (or the end) after them
    r"|[。！？]+[\"'”’»)\]}」』）】》〉]*"  # CJK ends stand without one
)
_NON_SPACE = re.compile(r"\S")
# Where combining marks live: the first two planes and the variation selectors supplement.
_MARK_SCAN = (range(0x20000), range(0xE0100, 0xE01F0))
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner sit inside Indic words


@cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The word and token patterns, built on first use (finding the marks costs a scan of Unicode).

    `re` has no `\\p{M}`, and `\\w` leaves combining marks out, so the class of marks is built from
    `unicodedata` once per process.
    """
    ranges: list[list[int]] = []
    for block in _MARK_SCAN:
        for point in block:
            if unicodedata.category(chr(point))[0] == "M":
                if ranges and ranges[-1][1] == point - 1:
                    ranges[-1][1] = point
                else:
                    ranges.append([point, point])
    marks = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges) + _JOINERS
    run = rf"\w[\w{marks}]*"
    word = re.compile(rf"{run}(?:['’]{run})*")
    return word, re.compile(word.pattern + r"|[^\w\s]")


def word_bounds(text: str) -> list[tuple[int, int]]:
    """The words of `text`: runs of `\\w` characters and the marks they carry, apostrophes inside kept."""
    return [match.span() for match in _word_patterns()[0].finditer(text)]


def token_bounds(text: str) -> list[tuple[int, int]]:
    """The words of `text` and, between them, each punctuation mark on its own."""
    return [match.span() for match in _word_patterns()[1].finditer(text)]


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
