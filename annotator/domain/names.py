"""The one rule every name and id follows (codes, documents, coders, speakers, roles, attributes, codebooks).

A name is shown on screens, in terminals and in exchange files, so it may hold no character that
moves the cursor, breaks a line or column, reorders the text around it, or hides from the reader:
no control characters (C0, C1, DEL), no line or paragraph separators, no bidirectional controls
(embeddings, overrides, isolates and the invisible marks LRM, RLM, ALM), no lone surrogates, and
not the word joiner the codebook sync parks names behind. It is trimmed, not empty, and at most a
documented length long (annotator/domain/limits.py; the list is in docs/formats.md).
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.domain.errors import InputError, shown
from annotator.domain.limits import (
    MAX_ATTRIBUTE_NAME,
    MAX_CODE_ID,
    MAX_CODE_NAME,
    MAX_CODEBOOK_NAME,
    MAX_CODER_NAME,
    MAX_DOCUMENT_ID,
    MAX_ROLE_NAME,
    MAX_SPEAKER_NAME,
)

CODE_ID = "code id"
CODE_NAME = "code name"
DOCUMENT_ID = "document id"
CODER_NAME = "coder name"
SPEAKER = "speaker"
ROLE = "role"
ATTRIBUTE_NAME = "attribute name"
CODEBOOK_NAME = "codebook name"

# The longest each kind of name may be, in code points.
LIMITS = {
    CODE_ID: MAX_CODE_ID,
    CODE_NAME: MAX_CODE_NAME,
    DOCUMENT_ID: MAX_DOCUMENT_ID,
    CODER_NAME: MAX_CODER_NAME,
    SPEAKER: MAX_SPEAKER_NAME,
    ROLE: MAX_ROLE_NAME,
    ATTRIBUTE_NAME: MAX_ATTRIBUTE_NAME,
    CODEBOOK_NAME: MAX_CODEBOOK_NAME,
}

# The placeholder codebook sync gives a code whose name another code takes in the same sync
# (annotator/storage/codebook_sync.py): a name may never hold it, so it never clashes with one.
PLACEHOLDER = "\u2060"

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_FORBIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{PLACEHOLDER}\ud800-\udfff]")
# Coders are listed with commas (`--coders a,b`, the spans CSV's consensus names).
_EXTRA_FORBIDDEN = {CODER_NAME: ","}


def _what(character: str) -> str:
    """What a forbidden character is, for a message that says why the name was refused."""
    point = ord(character)
    label = f"U+{point:04X}"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return f"{label}, a control character"
    if character in "\u2028\u2029":
        return f"{label}, a line or paragraph separator"
    if character in _BIDI:
        return f"{label}, a bidirectional control"
    if character == PLACEHOLDER:
        return f"{label}, the word joiner annotator keeps for itself"
    if 0xD800 <= point <= 0xDFFF:
        return f"{label}, a lone surrogate"
    return repr(character)


def forbidden_character(value: str) -> str | None:
    """`holds U+001B, a control character` for the first character no name may hold, or None."""
    forbidden = _FORBIDDEN.search(value)
    return None if forbidden is None else f"holds {_what(forbidden.group())}"


def name_problem(kind: str, value: str, *, limit: int | None = None) -> str | None:
    """What breaks the rule in `value` as stored (untrimmed counts), or None when it is a usable `kind`."""
    limit = LIMITS[kind] if limit is None else limit
    if not value.strip():
        return "is empty"
    forbidden = forbidden_character(value)
    if forbidden is not None:
        return forbidden
    extra = next((character for character in _EXTRA_FORBIDDEN.get(kind, "") if character in value), None)
    if extra is not None:
        return f"holds {extra!r}, which a {kind} may not"
    if value != value.strip():
        return "starts or ends with spaces"
    if len(value) > limit:
        return f"has {len(value)} characters, more than the {limit} a {kind} may have"
    return None


def refusal(kind: str, value: str, problem: str) -> str:
    """The one wording of a refused name: `code name 'a\\x1b' is not usable: it holds U+001B, a control character`."""
    return f"{kind} {shown(value)} is not usable: it {problem}"


def check_name(
    kind: str,
    value: str,
    *,
    limit: int | None = None,
    path: str | Path | None = None,
    line: int | None = None,
    row: int | None = None,
    field: str | None = None,
) -> str:
    """`value` trimmed, or InputError (naming `path` and `line` or `row` when given) saying what breaks the rule."""
    trimmed = value.strip()
    problem = name_problem(kind, trimmed, limit=limit)
    if problem is None:
        return trimmed
    raise InputError(refusal(kind, value, problem), path=path, line=line, row=row, field=field)


def require_name(kind: str, value: str, *, where: str = "") -> None:
    """InputError unless `value` is, exactly as given (already trimmed), a usable name of `kind`: the
    storage's backstop behind the doors, which trim and name the file. `where` says whose name it is."""
    problem = name_problem(kind, value)
    if problem is not None:
        raise InputError(where + refusal(kind, value, problem))


def escaped(value: str) -> str:
    """A stored name as a line of text may show it: any character the rule forbids written as an escape."""
    return _FORBIDDEN.sub(lambda found: f"\\u{ord(found.group()):04x}", value)
