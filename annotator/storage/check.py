"""`annotator check`: SQLite's integrity check and ours, each fault named without testimony text."""

from __future__ import annotations

import json
from collections.abc import Iterator

from annotator.domain.errors import shown
from annotator.domain.models import content_hash, is_code_id
from annotator.domain.names import (
    ATTRIBUTE_NAME,
    CODE_NAME,
    CODEBOOK_NAME,
    CODER_NAME,
    DOCUMENT_ID,
    ROLE,
    SPEAKER,
    name_problem,
)
from annotator.storage.check_findings import check_findings
from annotator.storage.database import write_transaction
from annotator.storage.faults import Fault
from annotator.storage.rows import SPAN_COLUMNS, span_from_row
from annotator.storage.schema import MEMO_INDEX, TEXT_INDEXES
from annotator.storage.sqlite_library import sqlite_utils

# Event kinds whose detail says how many spans they wrote without an event per span.
BULK_KINDS = ("import",)


def check_database(db: sqlite_utils.Database) -> Iterator[Fault]:
    """Every fault in a project database, SQLite's own checks first, then ours, in a fixed order."""
    yield from _sqlite_integrity(db)
    yield from _foreign_keys(db)
    yield from _codes(db)
    yield from _names(db)
    yield from _documents(db)
    yield from _spans_against_documents(db)
    yield from _spans_against_events(db)
    yield from _span_totals(db)
    yield from _text_indexes(db)
    yield from _memo_index(db)
    yield from check_findings(db)


def _sqlite_integrity(db: sqlite_utils.Database) -> Iterator[Fault]:
    for (message,) in db.execute("PRAGMA integrity_check"):
        if message != "ok":
            yield Fault("sqlite", "integrity_check", message)


def _foreign_keys(db: sqlite_utils.Database) -> Iterator[Fault]:
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
        yield Fault("references", f"{table} row {rowid}", f"points to a missing row of {parent}")


def _codes(db: sqlite_utils.Database) -> Iterator[Fault]:
    parents = dict(db.execute("SELECT id, parent_id FROM codes").fetchall())
    for code_id, parent in parents.items():
        if parent is not None and parent not in parents:
            yield Fault("codes", f"code {code_id}", f"names parent {parent!r}, which does not exist")
    for code_id in parents:
        seen = {code_id}
        parent = parents[code_id]
        while parent is not None and parent in parents:
            if parent in seen:
                yield Fault("codes", f"code {code_id}", "is its own ancestor (a cycle of parents)")
                break
            seen.add(parent)
            parent = parents[parent]


def _names(db: sqlite_utils.Database) -> Iterator[Fault]:
    """Names and ids stored against the rule for names (by hand, or before annotator enforced it)."""

    def broken(table: str, row: str, kind: str, value: object) -> Iterator[Fault]:
        problem = name_problem(kind, value) if isinstance(value, str) else "is not text"
        if problem is not None:
            yield Fault("names", f"{table} {shown(row)}", f"{kind} {shown(str(value))} {problem}")

    for code_id, name in db.execute("SELECT id, name FROM codes ORDER BY position"):
        if not isinstance(code_id, str) or not is_code_id(code_id):
            yield Fault("names", f"codes {shown(str(code_id))}", "code id: letters, digits, '-', '_' and '.' only")
        yield from broken("codes", str(code_id), CODE_NAME, name)
    for document_id, attributes in db.execute("SELECT id, attributes FROM documents ORDER BY position"):
        yield from broken("documents", str(document_id), DOCUMENT_ID, document_id)
        for key in _json_object(attributes):
            yield from broken("documents", str(document_id), ATTRIBUTE_NAME, key)
    for (name,) in db.execute("SELECT name FROM coders ORDER BY name"):
        yield from broken("coders", str(name), CODER_NAME, name)
    # Read by SQLite's JSON functions, not parsed here: a transcript project holds 100,000 turns.
    turns = db.execute(
        "SELECT id, speaker, role FROM (SELECT id, json_extract(attributes, '$.speaker') AS speaker,"
        " json_extract(attributes, '$.role') AS role FROM passages WHERE json_valid(attributes))"
        " WHERE speaker IS NOT NULL OR role IS NOT NULL ORDER BY id"
    )
    for passage_id, speaker, role in turns:
        for kind, value in ((SPEAKER, speaker), (ROLE, role)):
            if value is not None:
                yield from broken("passages", str(passage_id), kind, value)
    for (name,) in db.execute("SELECT value FROM project WHERE key = 'codebook_name'"):
        yield from broken("project", "codebook_name", CODEBOOK_NAME, name)


def _json_object(text: object) -> dict[str, object]:
    """A stored JSON object ({} when the text is not one: other checks are not about its shape)."""
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _documents(db: sqlite_utils.Database) -> Iterator[Fault]:
    for document_id, text, stored in db.execute("SELECT id, text, content_hash FROM documents ORDER BY position"):
        if content_hash(text) != stored:
            yield Fault(
                "documents", f"document {document_id}", "its text does not match its content hash (edited by hand?)"
            )
    # Each document's length once: length() walks the UTF-8 text, so calling it per passage made
    # this check quadratic in a transcript's turns (35 s at 30,000).
    lengths = dict(db.execute("SELECT id, length(text) FROM documents").fetchall())
    rows = db.execute("SELECT id, document_id, start_offset, end_offset FROM passages ORDER BY id")
    for passage_id, document_id, start, end in rows:
        if document_id in lengths and end > lengths[document_id]:
            yield Fault(
                "passages", f"passage {passage_id} of {document_id} at {start}-{end}", "ends past the document's text"
            )


def _spans_against_documents(db: sqlite_utils.Database) -> Iterator[Fault]:
    missing = db.execute(
        "SELECT s.id, s.document_id, s.code_id, s.coder,"
        " d.id IS NULL, c.id IS NULL, k.name IS NULL FROM spans s"
        " LEFT JOIN documents d ON d.id = s.document_id LEFT JOIN codes c ON c.id = s.code_id"
        " LEFT JOIN coders k ON k.name = s.coder"
        " WHERE d.id IS NULL OR c.id IS NULL OR k.name IS NULL ORDER BY s.id"
    )
    for span_id, document_id, code_id, coder, no_document, no_code, no_coder in missing:
        if no_document:
            yield Fault("spans", f"span {span_id}", f"names document {document_id!r}, which does not exist")
        if no_code:
            yield Fault("spans", f"span {span_id}", f"names code {code_id!r}, which does not exist")
        if no_coder:
            yield Fault("spans", f"span {span_id}", f"names coder {coder!r}, who does not exist")
    # Each document's text is read once and sliced in Python: SQLite's substr() and length() walk a
    # UTF-8 text from its start for every span, which made a 300,000-character testimony with
    # 20,000 spans take 8 s (quadratic in spans per document).
    wrong: list[tuple[str, str, int, int, bool]] = []
    spans_of = "SELECT id, start_offset, end_offset, text FROM spans WHERE document_id = ?"
    for (document_id,) in db.execute("SELECT id FROM documents").fetchall():
        text = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]  # one at a time
        for span_id, start, end, stored in db.execute(spans_of, [document_id]):
            if end > len(text):
                wrong.append((span_id, document_id, start, end, True))
            elif text[start:end] != stored:
                wrong.append((span_id, document_id, start, end, False))
    for span_id, document_id, start, end, past_end in sorted(wrong):
        where = f"span {span_id} in {document_id} at {start}-{end}"
        if past_end:
            yield Fault("spans", where, "ends past the document's text")
        else:
            yield Fault("spans", where, "its stored text differs from the document at its offsets")


def _spans_against_events(db: sqlite_utils.Database) -> Iterator[Fault]:
    """The event log replays to the spans: each span's last event leaves it as it is now.

    Spans written in bulk (imports) have no event each; there may be at most as many spans
    without any event as the bulk events say they wrote.
    """
    latest = db.execute(
        "SELECT e.span_id, e.after, e.kind FROM events e JOIN"
        " (SELECT span_id, max(id) AS last FROM events WHERE span_id IS NOT NULL GROUP BY span_id) m"
        " ON e.id = m.last ORDER BY e.span_id"
    )
    columns = ", ".join(f"s.{name.strip()}" for name in SPAN_COLUMNS.split(","))
    for span_id, after, kind in latest:
        row = db.execute(f"SELECT {columns} FROM spans s WHERE s.id = ?", [span_id]).fetchone()
        expected = json.loads(after) if after is not None else None
        if row is None and expected is not None:
            yield Fault("history", f"span {span_id}", f"is missing, but its last event ({kind}) left it in place")
        elif row is not None and expected is None:
            yield Fault("history", f"span {span_id}", f"is present, but its last event ({kind}) removed it")
        elif row is not None and expected is not None:
            differing = sorted(key for key, value in span_from_row(row).state().items() if expected.get(key) != value)
            if differing:
                yield Fault(
                    "history", f"span {span_id}", f"differs from its last event ({kind}) in {', '.join(differing)}"
                )
    unlogged = int(
        db.execute(
            "SELECT count(*) FROM spans s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.span_id = s.id)"
        ).fetchone()[0]
    )
    if unlogged:
        written = 0
        placeholders = ", ".join("?" for _ in BULK_KINDS)
        for (detail,) in db.execute(f"SELECT detail FROM events WHERE kind IN ({placeholders})", list(BULK_KINDS)):
            spans = json.loads(detail).get("spans", 0)
            written += spans if isinstance(spans, int) else 0
        if unlogged > written:
            yield Fault(
                "history",
                "spans",
                f"{unlogged} span(s) have no event, but imports account for only {written}: added by hand?",
            )


def _span_totals(db: sqlite_utils.Database) -> Iterator[Fault]:
    """The totals the triggers keep equal a count of the spans (they drift only if edited by hand)."""
    for table, column in TOTALS:
        counted = {(c, k): n for c, k, n in db.execute(f"SELECT coder, {column}, count(*) FROM spans GROUP BY 1, 2")}
        kept = {(c, k): n for c, k, n in db.execute(f"SELECT coder, {column}, spans FROM {table}")}
        for key in sorted(counted.keys() | kept.keys()):
            if counted.get(key, 0) != kept.get(key, 0):
                yield Fault(
                    "totals",
                    f"{table} {key[0]} / {key[1]}",
                    f"says {kept.get(key, 0)} span(s), the spans table holds {counted.get(key, 0)}; "
                    "rebuild with `annotator check --repair-totals`",
                )


TOTALS = (("span_totals_by_document", "document_id"), ("span_totals_by_code", "code_id"))


def _text_indexes(db: sqlite_utils.Database) -> Iterator[Fault]:
    """Each full-text index holds every document's text as it is (the triggers keep it so; a hand edit
    with triggers off does not). Compared by hash, one index row at a time."""
    hashes = {document_id: content_hash(text) for document_id, text in db.execute("SELECT id, text FROM documents")}
    for index in TEXT_INDEXES:
        yield from _index_against(db, index, "document", "document_id", hashes)


def _memo_index(db: sqlite_utils.Database) -> Iterator[Fault]:
    """The memo word index holds every memo's text as it is (memo search reads only the index)."""
    hashes = {memo_id: content_hash(text) for memo_id, text in db.execute("SELECT id, text FROM memos")}
    yield from _index_against(db, MEMO_INDEX, "memo", "memo_id", hashes)


def _index_against(
    db: sqlite_utils.Database, index: str, kind: str, key: str, hashes: dict[str, str]
) -> Iterator[Fault]:
    """Faults of one full-text index against the hashes of the texts it should hold, keyed by `key`."""
    seen: set[str] = set()
    for row_id, text in db.execute(f"SELECT {key}, text FROM {index}"):
        if row_id in seen or hashes.get(row_id) != content_hash(text):
            yield Fault(
                "text index",
                f"{index} {kind} {row_id}",
                f"differs from the {kind}s table; rebuild with `annotator check --repair-totals`",
            )
        seen.add(row_id)
    for row_id in sorted(hashes.keys() - seen):
        yield Fault(
            "text index", f"{index} {kind} {row_id}", "is missing; rebuild with `annotator check --repair-totals`"
        )


def rebuild_span_totals(db: sqlite_utils.Database) -> None:
    """Recount the totals tables from the spans and refill the full-text indexes from the texts and
    memos (derived data: nothing the coders wrote changes)."""
    with write_transaction(db):
        for table, column in TOTALS:
            db.execute(f"DELETE FROM {table}")
            db.execute(f"INSERT INTO {table} SELECT coder, {column}, count(*) FROM spans GROUP BY coder, {column}")
        for index in TEXT_INDEXES:
            db.execute(f"DELETE FROM {index}")
            db.execute(f"INSERT INTO {index} (document_id, text) SELECT id, text FROM documents")
        db.execute(f"DELETE FROM {MEMO_INDEX}")
        db.execute(f"INSERT INTO {MEMO_INDEX} (memo_id, text) SELECT id, text FROM memos")
