"""Find register forms in a text: case and diacritics folded, word-bounded, across line breaks and whitespace runs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from annotator.domain.pseudonyms import fold, folded_words

Owner = TypeVar("Owner")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Found(Generic[Owner]):
    """One place a form was found: offsets into the text searched, and whose form it is."""

    start: int
    end: int
    owner: Owner


def folded_with_positions(text: str) -> tuple[str, list[int] | None]:
    """The folded text, and for each of its characters the offset of the character it came from
    (None when they are the same: ASCII text folds character for character)."""
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    positions: list[int] = []
    for offset, char in enumerate(text):
        if char.isascii():
            pieces.append(char.lower())
            positions.append(offset)
            continue
        folded = fold(char)  # may be empty (a combining mark) or longer (ß -> ss)
        pieces.append(folded)
        positions.extend([offset] * len(folded))
    return "".join(pieces), positions


class Matcher(Generic[Owner]):
    """Every form of a set of terms, each naming its owner; the longest form wins where two start together.

    Words of a form match words of the text with any run of non-word characters (spaces, line
    breaks, hyphens, punctuation) between them, and never inside a longer word."""

    def __init__(self, terms: Sequence[tuple[str, Owner]]) -> None:
        self._owners: dict[tuple[str, ...], Owner] = {}
        for form, owner in terms:
            words = folded_words(form)
            if words:
                self._owners.setdefault(words, owner)  # the first owner of a form keeps it
        # One trie of the forms, as a regex: every alternative starts with a literal character, so
        # the regex engine skips ahead by the set of first characters (several times faster over a
        # large export than an alternation behind a look-behind); the word start is checked apart.
        trie = _trie(self._owners)
        self._pattern = re.compile(rf"{_trie_pattern(trie)}(?!\w)") if trie else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> Iterator[Found[Owner]]:
        """Every place a form occurs in `text`, in text order, as offsets into `text`."""
        if self._pattern is None:
            return
        folded, positions = folded_with_positions(text)
        for match in _word_starts(self._pattern, folded):
            owner = self._owners[tuple(_WORDS.findall(match.group()))]
            if positions is None:
                yield Found(match.start(), match.end(), owner)
                continue
            # The end is where the next folded character came from, so a combining mark after the
            # last letter (e + U+0301) goes with the match.
            end = positions[match.end()] if match.end() < len(positions) else len(text)
            yield Found(positions[match.start()], end, owner)

    def first(self, text: str) -> Found[Owner] | None:
        """The first place a form occurs, or None."""
        return next(self.find(text), None)


_SEPARATOR = ""  # the trie's key for "any run of non-word characters" between a form's words
_END = None  # the trie's key marking that a form ends here

Trie = dict[str | None, "Trie"]


def _trie(forms: Iterable[tuple[str, ...]]) -> Trie:
    """The forms' characters (and word separators) as a trie."""
    root: Trie = {}
    for words in forms:
        node = root
        for number, word in enumerate(words):
            if number:
                node = node.setdefault(_SEPARATOR, {})
            for char in word:
                node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _trie_pattern(node: Trie) -> str:
    """The regex of a trie node: longer continuations before a form's end, so the longest form wins."""
    branches = [
        (r"\W+" if key == _SEPARATOR else re.escape(key)) + _trie_pattern(child)
        for key, child in sorted(node.items(), key=lambda item: (item[0] is None, item[0] or ""))
        if key is not None
    ]
    if _END in node:
        branches.append("")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def _word_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The pattern's matches that start a word (not the tail of a longer one), in text order."""
    at = 0
    while (match := pattern.search(text, at)) is not None:
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            at = start + 1  # a form inside a word: look again from the next character
            continue
        yield match
        at = match.end()
