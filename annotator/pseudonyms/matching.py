"""Find register forms in a text: case and diacritics folded, word-bounded, across line breaks and whitespace runs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
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
        patterns = sorted(self._owners, key=lambda words: (-len(" ".join(words)), words))
        alternatives = "|".join(r"\W+".join(re.escape(word) for word in words) for words in patterns)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> Iterator[Found[Owner]]:
        """Every place a form occurs in `text`, in text order, as offsets into `text`."""
        if self._pattern is None:
            return
        folded, positions = folded_with_positions(text)
        for match in self._pattern.finditer(folded):
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
