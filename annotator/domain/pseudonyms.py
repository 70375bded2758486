"""The pseudonym register's rules: identifier kinds, folded matching keys, and what a register may not hold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.errors import InputError

# What an identifier is, and the word its automatic pseudonym uses ("[Town 3]").
KIND_LABELS = {
    "person": "Person",
    "place": "Town",
    "organisation": "Organisation",
    "date": "Date",
    "id": "ID",
    "other": "Name",
}
KINDS = tuple(KIND_LABELS)
# A person or an id number has no larger class a reader could be told instead: it is replaced.
GENERALISABLE = ("place", "organisation", "date", "other")
MAX_IDENTIFIER = 200  # characters of an original, variant or replacement

_WORDS = re.compile(r"\w+")
# Control characters (C0, DEL, C1) and bidirectional overrides: no name holds one, and a terminal
# showing `pseudonyms list` would obey it (an override can make one form look like another).
_REFUSED_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Identifier:
    """One register entry: an original with its variants, and what replaces them in an output."""

    id: int
    kind: str
    original: str
    variants: tuple[str, ...]
    replacement: str
    method: str  # "automatic" ("[Town 3]"), "pseudonym" (written by the researcher) or "generalisation"
    coder: str = ""
    created_at: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The original and every variant."""
        return (self.original, *self.variants)

    @property
    def label(self) -> str:
        """How a message names the entry, without its testimony words: `register entry 3 (place)`."""
        return f"register entry {self.id} ({self.kind})"


def fold(text: str) -> str:
    """Case and diacritics folded (Pyŏngyang = pyongyang), as matching compares text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def folded_words(text: str) -> tuple[str, ...]:
    """The folded words of a form: whitespace and line breaks between them do not count."""
    return tuple(_WORDS.findall(fold(text)))


def automatic_pseudonym(kind: str, number: int) -> str:
    """The stable automatic replacement of the `number`th identifier of a kind: `[Person 7]`."""
    return f"[{KIND_LABELS[kind]} {number}]"


def check_kind(kind: str) -> str:
    """The kind, or InputError naming the kinds there are."""
    if kind not in KIND_LABELS:
        raise InputError(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}; nothing was written")
    return kind


def check_form(form: str, what: str) -> str:
    """A stripped original or variant; InputError when it is empty, has no word, is too long, or holds
    a control character."""
    form = " ".join(form.split())
    if not form:
        raise InputError(f"{what} is empty; nothing was written")
    refused = _REFUSED_CHARACTER.search(form)
    if refused is not None:
        raise InputError(
            f"{what} holds the control character U+{ord(refused.group()):04X}, which no name holds; nothing was written"
        )
    if len(form) > MAX_IDENTIFIER:
        raise InputError(f"{what} is over {MAX_IDENTIFIER} characters; nothing was written")
    if not folded_words(form):
        raise InputError(f"{what} holds no letter or digit, so it cannot be found in a text; nothing was written")
    return form


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether the words `shorter` occur as a run inside `longer` (word-bounded, as matching is)."""
    size = len(shorter)
    return any(longer[at : at + size] == shorter for at in range(len(longer) - size + 1))


def check_entry(candidate: Identifier, others: Sequence[Identifier]) -> None:
    """InputError, in one line naming the entries (not the words), when `candidate` cannot join the
    register beside `others`: a form that overlaps another entry's form, or a replacement that is
    itself (or holds) an original or variant, which the scan would then find in every output."""
    forms = [folded_words(form) for form in candidate.forms]
    if len(set(forms)) < len(forms):
        raise InputError(
            "the same form is given twice (case and diacritics do not count: matching folds them); nothing was written"
        )
    for other in others:
        for form in forms:
            for known in (folded_words(form) for form in other.forms):
                if form == known:
                    raise InputError(f"this form is already in {other.label}; nothing was written")
                if _contains(form, known) or _contains(known, form):
                    raise InputError(
                        f"this form overlaps a form of {other.label} (one holds the other's words); "
                        f"register the longer name as a variant of {other.label}, or remove the shorter one first; "
                        "nothing was written"
                    )
    for other in others:
        held = folded_words(other.replacement)
        if any(_contains(held, form) for form in forms):
            raise InputError(
                f"this form is part of the replacement of {other.label}; the scan would find it in every output; "
                "nothing was written"
            )
    replacement = folded_words(candidate.replacement)
    for entry in (candidate, *others):
        for known in (folded_words(form) for form in entry.forms):
            if _contains(replacement, known):
                which = "this entry" if entry is candidate else entry.label
                raise InputError(
                    f"the replacement holds an original or variant of {which}; the scan would find it in every "
                    "output; nothing was written"
                )


CANDIDATE_STATUSES = ("unreviewed", "accepted", "variant", "rejected")


@dataclass(frozen=True)
class Candidate:
    """A stretch of a document detection proposes as an identifier, and what a reviewer decided."""

    document_id: str
    start: int
    end: int
    text: str
    source: str  # "register", "fuzzy", "email", "phone", "id-number", "date", "url", "proper-noun"
    id: int = 0
    status: str = "unreviewed"
    entry: int | None = None  # the register entry it was accepted into
    # Where in the document: "" its text, "title", or "attribute:NAME" (offsets are within that value).
    field: str = ""
