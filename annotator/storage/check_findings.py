"""`annotator check` for the tables of issues 24-28: memos and their index, saved queries, the pseudonym register and
its candidates, suggestions and their rejections; each fault named by ids and offsets, never by text."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial

from annotator.domain.errors import InputError, shown
from annotator.domain.memos import MEMO_ID, MEMO_KINDS, check_memo_text
from annotator.domain.names import CODE_NAME, name_problem
from annotator.domain.pseudonyms import CANDIDATE_STATUSES, KINDS, check_form
from annotator.storage.faults import Fault
from annotator.storage.sqlite_library import sqlite_utils

# How a register entry's replacement was made (annotator/storage/pseudonyms.py).
PSEUDONYM_METHODS = ("automatic", "pseudonym", "generalisation")
# A candidate with one of these statuses names the register entry it joined.
CANDIDATE_STATUSES_WITH_ENTRY = ("accepted", "variant")


def check_findings(db: sqlite_utils.Database) -> Iterator[Fault]:
    """Every fault of the memo, saved-query, pseudonym and suggestion tables, in a fixed order."""
    lengths: dict[str, int] = dict(db.execute("SELECT id, length(text) FROM documents").fetchall())
    codes = {code_id for (code_id,) in db.execute("SELECT id FROM codes")}
    coders = {name for (name,) in db.execute("SELECT name FROM coders")}
    yield from _memos(db, coders)
    yield from _saved_queries(db, coders)
    yield from _pseudonyms(db, coders)
    yield from _candidates(db, lengths)
    yield from _suggestions(db, lengths, codes, coders)


def _refusal(check: Callable[[str], object], value: object) -> str | None:
    """What `check` says is wrong with a stored value (None when it passes): the rule the tool writes by."""
    if not isinstance(value, str):
        return "a value is not text"
    try:
        check(value)
    except InputError as error:
        return str(error).split("; ")[0]
    return None


def _memos(db: sqlite_utils.Database, coders: set[str]) -> Iterator[Fault]:
    rows = db.execute("SELECT id, kind, author, text FROM memos ORDER BY id")
    # A memo's document or code may be gone: a memo outlives what it is on (schema m007), so no fault.
    for memo_id, kind, author, text in rows:
        where = f"memo {shown(str(memo_id))}"
        if not isinstance(memo_id, str) or not MEMO_ID.fullmatch(memo_id):
            yield Fault("memos", where, "its id is not 32 lower-case hex digits")
        if kind not in MEMO_KINDS:
            yield Fault("memos", where, f"has kind {shown(str(kind))}, which is none of {', '.join(MEMO_KINDS)}")
        if author not in coders:
            yield Fault("memos", where, f"names author {shown(str(author))}, who does not exist")
        problem = _refusal(check_memo_text, text)
        if problem is not None:
            yield Fault("memos", where, f"its text is refused by the memo rule: {problem}")


def _saved_queries(db: sqlite_utils.Database, coders: set[str]) -> Iterator[Fault]:
    rows = db.execute("SELECT name, expression, options, coder FROM saved_queries ORDER BY name")
    for name, expression, options, coder in rows:
        where = f"saved query {shown(str(name))}"
        problem = name_problem(CODE_NAME, name) if isinstance(name, str) else "is not text"
        if problem is not None:
            yield Fault("saved queries", where, f"its name {problem}")
        if not isinstance(expression, str) or not expression.strip():
            yield Fault("saved queries", where, "has no expression")
        if not isinstance(_json(options), dict):
            yield Fault("saved queries", where, "its options are not a JSON object")
        if coder not in coders:
            yield Fault("saved queries", where, f"names coder {shown(str(coder))}, who does not exist")


def _json(text: object) -> object:
    """A stored JSON value, or None when the text is not JSON."""
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _pseudonyms(db: sqlite_utils.Database, coders: set[str]) -> Iterator[Fault]:
    rows = db.execute("SELECT id, kind, original, variants, replacement, method, coder FROM pseudonyms ORDER BY id")
    for entry_id, kind, original, variants, replacement, method, coder in rows:
        where = f"register entry {shown(str(entry_id))}"
        if kind not in KINDS:
            yield Fault("pseudonyms", where, f"has kind {shown(str(kind))}, which is none of {', '.join(KINDS)}")
        if method not in PSEUDONYM_METHODS:
            yield Fault(
                "pseudonyms", where, f"has method {shown(str(method))}, which is none of {', '.join(PSEUDONYM_METHODS)}"
            )
        forms = _json(variants)
        if not isinstance(forms, list) or not all(isinstance(form, str) for form in forms):
            yield Fault("pseudonyms", where, "its variants are not a JSON list of texts")
            forms = []
        named = [("its original", original), ("its replacement", replacement)]
        named += [(f"its variant {number}", form) for number, form in enumerate(forms, 1)]
        for what, value in named:
            problem = _refusal(partial(check_form, what=what), value)
            if problem is not None:
                yield Fault("pseudonyms", where, problem)
        if coder not in coders:
            yield Fault("pseudonyms", where, f"names coder {shown(str(coder))}, who does not exist")


def _inside(lengths: dict[str, int], document_id: object, start: object, end: object) -> str | None:
    """What is wrong with a stretch's document and offsets (None when it lies inside the document's text)."""
    if document_id not in lengths:
        return f"names document {shown(str(document_id))}, which does not exist"
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
        return "its offsets are not 0 <= start < end"
    if end > lengths[str(document_id)]:
        return "ends past the document's text"
    return None


def _candidates(db: sqlite_utils.Database, lengths: dict[str, int]) -> Iterator[Fault]:
    entries = {entry_id for (entry_id,) in db.execute("SELECT id FROM pseudonyms")}
    rows = db.execute(
        "SELECT id, document_id, start_offset, end_offset, status, entry, field, text FROM pseudonym_candidates"
        " ORDER BY id"
    )
    fields: dict[tuple[str, str], str | None] = {}
    for candidate_id, document_id, start, end, status, entry, field, stored in rows:
        where = f"candidate {shown(str(candidate_id))} in {shown(str(document_id))} at {start}-{end}"
        if field:
            where += f" of {shown(str(field))}"
        problem = _inside(lengths, document_id, start, end) if not field else None
        if problem is not None:
            yield Fault("pseudonym candidates", where, problem)
        else:
            source = _field_text(db, fields, document_id, str(field or ""))
            if source is None:
                yield Fault("pseudonym candidates", where, "is in a field the document does not have")
            elif source[start:end] != stored:
                yield Fault("pseudonym candidates", where, "its stored text differs from the document at its offsets")
        if status not in CANDIDATE_STATUSES:
            yield Fault(
                "pseudonym candidates",
                where,
                f"has status {shown(str(status))}, which is none of {', '.join(CANDIDATE_STATUSES)}",
            )
        if status in CANDIDATE_STATUSES_WITH_ENTRY and entry not in entries:
            yield Fault("pseudonym candidates", where, f"is {status} into register entry {entry}, which does not exist")


def _field_text(
    db: sqlite_utils.Database, cache: dict[tuple[str, str], str | None], document_id: str, field: str
) -> str | None:
    """The text a candidate was found in: the document's text (""), its title, or one attribute's value
    ("attribute:NAME"); None when the document lacks it. Each read once."""
    key = (document_id, field)
    if key not in cache:
        row = db.execute("SELECT text, title, attributes FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            cache[key] = None
        elif not field:
            cache[key] = row[0]
        elif field == "title":
            cache[key] = row[1]
        elif field.startswith("attribute:"):
            try:
                value = json.loads(row[2]).get(field.removeprefix("attribute:"))
            except (ValueError, AttributeError):
                value = None
            cache[key] = None if value is None else str(value)
        else:
            cache[key] = None
    return cache[key]


def _suggestions(
    db: sqlite_utils.Database, lengths: dict[str, int], codes: set[str], coders: set[str]
) -> Iterator[Fault]:
    stretch = "coder, document_id, start_offset, end_offset, code_id"
    suggestions = db.execute(f"SELECT id, {stretch} FROM suggestions ORDER BY id").fetchall()
    rejections = db.execute(f"SELECT coder, {stretch} FROM suggestion_rejections ORDER BY {stretch}").fetchall()
    for table, label, rows in (
        ("suggestions", "suggestion", suggestions),
        ("suggestion rejections", "rejection by", rejections),
    ):
        for key, coder, document_id, start, end, code_id in rows:
            where = f"{label} {shown(str(key))} of {shown(str(code_id))} in {shown(str(document_id))} at {start}-{end}"
            problem = _inside(lengths, document_id, start, end)
            if problem is not None:
                yield Fault(table, where, problem)
            if code_id not in codes:
                yield Fault(table, where, f"names code {shown(str(code_id))}, which does not exist")
            if coder not in coders:
                yield Fault(table, where, f"names coder {shown(str(coder))}, who does not exist")
