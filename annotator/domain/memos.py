"""Memos: the researcher's writing on the project, a document, a code or a (document, code) cell of the summary grid."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal, get_args

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_MEMO_CHARS

MemoKind = Literal["project", "document", "code", "grid"]
MEMO_KINDS: tuple[MemoKind, ...] = get_args(MemoKind)
# The listing shows span memos beside the others (read-only there: a span memo is written on its span).
SPAN_MEMO = "span"
# A memo's id: 32 lower-case hex digits, as span ids (and the GUIDs of exchange files, dashes taken out).
MEMO_ID = re.compile(r"[0-9a-f]{32}")
# Unicode's control characters (C0, DEL, C1) but the line break and the tab, which Markdown needs.
_REFUSED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Memo:
    """One memo: what it is on (`kind` with its document and/or code), who wrote it, when, and its Markdown text.

    A "project" memo names neither a document nor a code, a "document" memo its document, a "code"
    memo its code, and a "grid" memo both (the summary of that cell of the summary grid).
    """

    id: str
    kind: MemoKind
    document_id: str | None
    code_id: str | None
    author: str
    text: str
    created_at: str
    updated_at: str


def check_target(kind: str, document_id: str | None, code_id: str | None) -> MemoKind:
    """The kind, when it names what that kind of memo is on (and nothing else); InputError otherwise."""
    if kind not in MEMO_KINDS:
        raise InputError(f"no memo kind {kind!r}; a memo is on one of: {', '.join(MEMO_KINDS)}")
    wants_document = kind in ("document", "grid")
    wants_code = kind in ("code", "grid")
    if wants_document != (document_id is not None) or wants_code != (code_id is not None):
        needs = {"project": "neither a document nor a code", "document": "a document", "code": "a code"}
        raise InputError(f"a {kind} memo is on {needs.get(kind, 'a document and a code')}")
    return kind  # checked against MEMO_KINDS above (a Literal narrows by `in`)


def check_memo_text(text: str) -> str:
    """The memo's text with line ends made LF; InputError (naming no text) when empty, too long, or holding a
    control character other than a line break or a tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("a memo needs some text; to take a memo away, remove it (`annotator memos remove ID`)")
    if len(text) > MAX_MEMO_CHARS:
        raise InputError(f"a memo of {len(text):,} characters is over the limit of {MAX_MEMO_CHARS:,}")
    refused = _REFUSED_CONTROL.search(text)
    if refused is not None:
        raise InputError(
            "a memo may hold no control character but line breaks and tabs; "
            f"U+{ord(refused.group()):04X} at character {refused.start() + 1}"
        )
    return text


@dataclass(frozen=True, slots=True)
class SpanMemo:
    """A span's memo as the memo listing shows it beside the others (kind "span"; written on its span, not here)."""

    span_id: str
    document_id: str
    code_id: str
    author: str
    text: str
    created_at: str
    updated_at: str
    kind: str = SPAN_MEMO


def folded(text: str) -> str:
    """Text with case and diacritics folded (é = e, ü = u), as the memo index matches words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


# The keys of a memo as the listing's JSON lines and the JSONL export write it, in order (docs/memos.md).
MEMO_KEYS = ("id", "kind", "document", "code", "author", "created_at", "updated_at", "text")


def memo_record(memo: Memo | SpanMemo) -> dict[str, Any]:
    """A memo as a record of MEMO_KEYS (a span memo's id is its span's)."""
    return {
        "id": memo.span_id if isinstance(memo, SpanMemo) else memo.id,
        "kind": memo.kind,
        "document": memo.document_id,
        "code": memo.code_id,
        "author": memo.author,
        "created_at": memo.created_at,
        "updated_at": memo.updated_at,
        "text": memo.text,
    }
