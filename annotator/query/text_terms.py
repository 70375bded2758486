"""Where a text term occurs in a text, matched as the full-text index matches it (words folded, or trigrams)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")  # FTS5's unicode61: letters and digits; everything else separates words
# Scripts written without spaces between words: such a term is looked for as a substring (the trigram index).
_UNSPACED = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@lru_cache(maxsize=4096)
def fold(word: str) -> str:
    """A word as the index keeps it: diacritics removed, case folded (`Café` -> `cafe`)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def is_unspaced(words: str) -> bool:
    """Whether a term is in a script without spaces between words (Korean, Chinese, Japanese)."""
    return _UNSPACED.search(words) is not None


def term_words(words: str) -> list[str]:
    """The folded words of a term (empty when it holds no letter or digit)."""
    return [fold(word) for word in _WORD.findall(words)]


def occurrences(text: str, words: str, *, prefix: bool = False) -> list[tuple[int, int]]:
    """Each place `words` occurs in `text` as (start, end): the phrase word for word (the last one a
    prefix when `prefix`), or for unspaced scripts the substring, case-insensitively."""
    if is_unspaced(words):
        pattern = re.compile(re.escape(words.strip()), re.IGNORECASE)
        return [match.span() for match in pattern.finditer(text)] if words.strip() else []
    wanted = term_words(words)
    if not wanted:
        return []
    tokens = [(match.start(), match.end(), fold(match.group())) for match in _WORD.finditer(text)]
    found = []
    last = len(wanted) - 1
    for index in range(len(tokens) - last):
        if all(
            tokens[index + offset][2] == word
            or (prefix and offset == last and tokens[index + offset][2].startswith(word))
            for offset, word in enumerate(wanted)
        ):
            found.append((tokens[index][0], tokens[index + last][1]))
    return found
