"""Propose candidates offline: patterns (e-mail, URL, phone, id numbers, dates), proper nouns, and
spellings close to a register form (rapidfuzz). Nothing is applied: each is reviewed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.models import Document
from annotator.domain.pseudonyms import Candidate, Identifier, fold
from annotator.pseudonyms.replace import register_matcher

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Every quantifier is bounded and no group repeats a group of its own: the time of each is linear
# in the text (no catastrophic backtracking), whatever a testimony holds.
PATTERNS = {
    "email": re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"),
    "url": re.compile(r"(?<!\w)(?:https?://|www\.)[^\s<>\"”]{1,300}"),
    "phone": re.compile(
        r"(?<![\w+])\+?\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}[ .-]\d{3,4}(?:[ .-]\d{2,4})?(?![\w-])"
    ),
    "id-number": re.compile(r"(?<![\w,.])(?:[A-Z]{1,3}\d{6,10}|\d{7,12})(?!\w|[,.]\d)"),
    "date": re.compile(
        rf"(?<!\w)(?:\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{_MONTHS})(?:,? \d{{4}})?"
        rf"|(?:{_MONTHS})(?: \d{{1,2}}(?:st|nd|rd|th)?,?)? \d{{4}}"
        r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})(?!\w)"
    ),
}
# A run of up to six capitalised words of two letters or more (hyphens and apostrophes inside a word;
# a single capital is an initial or an abbreviation's letter: "T.V").
_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-Z][a-z'’-]?[\w'’-]{0,40}(?: [A-Z][\w'’-]{1,40}){0,5}(?!\w|\.\w)")
# A run's words need a small letter ("TV", "US" and "M1234567" are not names).
_SMALL = re.compile(r"[a-z]")
_YEAR_RANGE = re.compile(r"\d{4}[-–]\d{4}")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_END = ".!?:;…\n"
_OPENING = " \t\"'“‘(["
# Capitalised for grammar, not because they name someone: "I", "I'm", "OK".
_NOT_NAMES = frozenset({"i", "i'm", "i’m", "i'd", "i’d", "i've", "i’ve", "i'll", "i’ll", "ok"})
FUZZY_SCORE = 85  # rapidfuzz ratio (0-100) from which a spelling counts as close to a register form


def _at_sentence_start(text: str, start: int) -> bool:
    at = start
    while at > 0 and text[at - 1] in _OPENING:
        at -= 1
    return at == 0 or text[at - 1] in _SENTENCE_END


def proper_nouns(document_id: str, text: str) -> list[Candidate]:
    """Capitalised words and runs not at a sentence's start (a run that starts one loses its first word)."""
    found = []
    for match in _CAPITALISED.finditer(text):
        start, run = match.start(), match.group()
        if _at_sentence_start(text, start):
            first, _, rest = run.partition(" ")
            if not rest:
                continue
            start, run = start + len(first) + 1, rest
        run = _POSSESSIVE.sub("", run)
        if run.casefold() in _NOT_NAMES or not all(_SMALL.search(word) for word in run.split()):
            continue
        found.append(Candidate(document_id, start, start + len(run), run, "proper-noun"))
    return found


def patterns(document_id: str, text: str) -> list[Candidate]:
    """E-mail addresses, URLs, phone numbers (seven digits or more: not a range like 150-200),
    passport and id numbers, and dates."""
    return [
        Candidate(document_id, match.start(), match.end(), match.group(), source)
        for source, pattern in PATTERNS.items()
        for match in pattern.finditer(text)
        if source != "phone"
        or (sum(char.isdigit() for char in match.group()) >= 7 and not _YEAR_RANGE.fullmatch(match.group()))
    ]


def close_spellings(candidates: Sequence[Candidate], register: Sequence[Identifier]) -> list[Candidate]:
    """The proper nouns that are spelled close to (not the same as) a register form: `fuzzy:ENTRY`."""
    if not register or not candidates:
        return []
    from rapidfuzz import fuzz, process  # imported here: only detection needs it

    forms = {fold(form): entry.id for entry in register for form in entry.forms}
    choices = list(forms)
    close = []
    for candidate in candidates:
        folded = fold(candidate.text)
        if folded in forms:
            continue
        best = process.extractOne(folded, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
        if best is not None:
            close.append(
                Candidate(
                    candidate.document_id, candidate.start, candidate.end, candidate.text, f"fuzzy:{forms[best[0]]}"
                )
            )
    return close


def detect(document_id: str, text: str, register: Sequence[Identifier]) -> list[Candidate]:
    """Every candidate of one document in text order: patterns first, then proper nouns that overlap
    no pattern and no register form (those are replaced already), a close spelling marked as such."""
    found = patterns(document_id, text)
    taken = sorted((candidate.start, candidate.end) for candidate in found)
    replaced = [(place.start, place.end) for place in register_matcher(register).find(text)]

    def overlaps(candidate: Candidate, spans: list[tuple[int, int]]) -> bool:
        return any(start < candidate.end and candidate.start < end for start, end in spans)

    nouns = [noun for noun in proper_nouns(document_id, text) if not overlaps(noun, taken + replaced)]
    fuzzy = {(candidate.start, candidate.end): candidate for candidate in close_spellings(nouns, register)}
    found += [fuzzy.get((noun.start, noun.end), noun) for noun in nouns]
    return sorted(found, key=lambda candidate: (candidate.start, candidate.end, candidate.source))


def document_fields(document: Document) -> dict[str, str]:
    """Every text of a document detection reads, by field: "" the text, "title", "attribute:NAME"."""
    fields = {"": document.text, "title": document.title}
    fields.update((f"attribute:{name}", value) for name, value in document.attributes.items())
    return fields


def detect_document(document: Document, register: Sequence[Identifier]) -> list[Candidate]:
    """Every candidate of a document's text, then of its title and attribute values (a name may be
    said only there: "Abu Dhabi" is a value of the bundled corpus's `country`), each marked with its field."""
    return [
        replace(candidate, field=field)
        for field, text in document_fields(document).items()
        for candidate in detect(document.id, text, register)
    ]
