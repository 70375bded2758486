"""The project schema as a list of migrations (their number is SCHEMA_VERSION, in database.py)."""

from __future__ import annotations

from annotator.storage.sqlite_library import sqlite_utils

migrations = sqlite_utils.Migrations("annotator")

_INITIAL_SCHEMA = [
    """
    CREATE TABLE project (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        position INTEGER NOT NULL,
        guid TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
        end_offset INTEGER NOT NULL CHECK (end_offset >= start_offset),
        section TEXT NOT NULL DEFAULT '',
        attributes TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE INDEX passages_document ON passages(document_id, start_offset)
    """,
    """
    CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES codes(id),
        colour TEXT NOT NULL,
        key TEXT,
        definition TEXT NOT NULL DEFAULT '',
        include TEXT NOT NULL DEFAULT '',
        exclude TEXT NOT NULL DEFAULT '',
        examples TEXT NOT NULL DEFAULT '[]',
        guid TEXT NOT NULL UNIQUE,
        position INTEGER NOT NULL,
        origin TEXT NOT NULL DEFAULT 'codebook',
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE UNIQUE INDEX codes_key ON codes(key) WHERE key IS NOT NULL
    """,
    """
    CREATE UNIQUE INDEX codes_name ON codes(name COLLATE NOCASE)
    """,
    """
    CREATE TABLE coders (
        name TEXT PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        current_document TEXT REFERENCES documents(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE spans (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        code_id TEXT NOT NULL REFERENCES codes(id),
        coder TEXT NOT NULL REFERENCES coders(name),
        start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
        end_offset INTEGER NOT NULL,
        text TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_offset > start_offset)
    )
    """,
    """
    CREATE INDEX spans_document ON spans(document_id, coder, start_offset)
    """,
    """
    CREATE INDEX spans_code ON spans(code_id)
    """,
    """
    CREATE TABLE progress (
        coder TEXT NOT NULL REFERENCES coders(name),
        document_id TEXT NOT NULL REFERENCES documents(id),
        done INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (coder, document_id)
    )
    """,
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch TEXT NOT NULL,
        at TEXT NOT NULL,
        coder TEXT NOT NULL,
        kind TEXT NOT NULL,
        span_id TEXT,
        before TEXT,
        after TEXT,
        reverts TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE INDEX events_coder ON events(coder, id)
    """,
    """
    CREATE INDEX events_batch ON events(batch)
    """,
    """
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
    """,
    """
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
    """,
]


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """Documents, passages, codes, coders, spans, progress and the append-only event log."""
    for statement in _INITIAL_SCHEMA:
        # One statement at a time: executescript() would COMMIT the migration's transaction.
        db.execute(statement)


@migrations()
def m002_events_by_span(db: sqlite_utils.Database) -> None:
    """An index of the event log by span, so `annotator check` replays the log in one pass."""
    db.execute("CREATE INDEX IF NOT EXISTS events_span ON events(span_id) WHERE span_id IS NOT NULL")


_APPEND_ONLY_UPDATE = """
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
    """


@migrations()
def m003_events_of_any_row(db: sqlite_utils.Database) -> None:
    """Events name the row they changed in any table (`entity`, `entity_id`), not only spans."""
    db.execute("ALTER TABLE events ADD COLUMN entity TEXT NOT NULL DEFAULT 'span'")
    db.execute("ALTER TABLE events ADD COLUMN entity_id TEXT")
    # The log is append-only; this one-time fill of the new column is the only update it ever gets.
    db.execute("DROP TRIGGER events_append_only_update")
    db.execute("UPDATE events SET entity_id = span_id WHERE span_id IS NOT NULL")
    db.execute(_APPEND_ONLY_UPDATE)
    db.execute("CREATE INDEX events_entity ON events(entity, entity_id) WHERE entity_id IS NOT NULL")


def _totals_triggers(table: str, column: str) -> list[str]:
    """Triggers keeping `table` (coder, `column`, spans) equal to the spans table's counts."""
    add = (
        f"INSERT INTO {table} (coder, {column}, spans) VALUES (NEW.coder, NEW.{column}, 1)"
        f" ON CONFLICT (coder, {column}) DO UPDATE SET spans = spans + 1;"
    )
    remove = (
        f"UPDATE {table} SET spans = spans - 1 WHERE coder = OLD.coder AND {column} = OLD.{column};"
        f" DELETE FROM {table} WHERE coder = OLD.coder AND {column} = OLD.{column} AND spans = 0;"
    )
    return [
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON spans BEGIN {add} END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON spans BEGIN {remove} END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF coder, {column} ON spans"
        f" WHEN OLD.coder IS NOT NEW.coder OR OLD.{column} IS NOT NEW.{column} BEGIN {remove} {add} END",
    ]


@migrations()
def m004_span_totals(db: sqlite_utils.Database) -> None:
    """Span counts per coder and document and per coder and code, kept by triggers in the same
    transaction as the span, so status, the testimony list and the codebook panel read a few rows
    instead of counting millions; and an index of spans by coder, so agreement reads only the
    compared coders' spans."""
    for table, column in (("span_totals_by_document", "document_id"), ("span_totals_by_code", "code_id")):
        db.execute(
            f"CREATE TABLE {table} (coder TEXT NOT NULL, {column} TEXT NOT NULL, spans INTEGER NOT NULL,"
            f" PRIMARY KEY (coder, {column})) WITHOUT ROWID"
        )
        db.execute(f"INSERT INTO {table} SELECT coder, {column}, count(*) FROM spans GROUP BY coder, {column}")
        for trigger in _totals_triggers(table, column):
            db.execute(trigger)
    # Covering what agreement reads (document, code, offsets): no lookup into the table per span.
    db.execute("CREATE INDEX spans_coder ON spans(coder, document_id, code_id, start_offset, end_offset)")


@migrations()
def m005_decisions(db: sqlite_utils.Database) -> None:
    """A small index of the adjudication decisions in the event log, so a text correction finds
    the decisions it must carry across without scanning the whole log (storage/decision_keys.py)."""
    db.execute("CREATE INDEX events_decide ON events(batch) WHERE kind = 'decide'")


# FTS5 indexes of document texts. Each keeps its own copy of the text (`document_id` unindexed):
# an external-content index would key on the documents' implicit rowid, which VACUUM may renumber.
WORD_INDEX = "document_words"
TRIGRAM_INDEX = "document_trigrams"
TEXT_INDEXES = {
    # Words of any script, case and diacritics folded (é = e, ü = u).
    WORD_INDEX: "unicode61 remove_diacritics 2",
    # Every three characters: Korean, Chinese and Japanese text has no spaces between words.
    TRIGRAM_INDEX: "trigram",
}


def _text_index_triggers(index: str) -> list[str]:
    """Triggers keeping `index` equal to the documents' texts in the transaction that changes them:
    imports, corrections and their undo and redo, renames and removals all write `documents`."""
    add = f"INSERT INTO {index} (document_id, text) VALUES (NEW.id, NEW.text);"
    remove = f"DELETE FROM {index} WHERE document_id = OLD.id;"
    return [
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON documents BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON documents BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF id, text ON documents"
        f" WHEN OLD.id IS NOT NEW.id OR OLD.text IS NOT NEW.text BEGIN {remove} {add} END",
    ]


@migrations()
def m006_text_index_and_saved_queries(db: sqlite_utils.Database) -> None:
    """Full-text indexes of the document texts (words, and trigrams for Korean and Chinese), kept in
    step by triggers, filled from the documents already there; and saved queries ("smart codes")."""
    for index, tokenizer in TEXT_INDEXES.items():
        db.execute(f"CREATE VIRTUAL TABLE {index} USING fts5(document_id UNINDEXED, text, tokenize = '{tokenizer}')")
        db.execute(f"INSERT INTO {index} (document_id, text) SELECT id, text FROM documents")
        for trigger in _text_index_triggers(index):
            db.execute(trigger)
    db.execute(
        """
        CREATE TABLE saved_queries (
            name TEXT PRIMARY KEY,
            expression TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '{}',
            coder TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )


# The FTS5 index of memo texts: words with case and diacritics folded, as the document word index.
MEMO_INDEX = "memo_words"


@migrations()
def m007_memos(db: sqlite_utils.Database) -> None:
    """Memos on the project, a document, a code or a (document, code) cell of the summary grid, and a
    full-text index of their texts kept in step by triggers (span memos stay on their spans)."""
    # No foreign keys to documents and codes: a memo outlives the removal of what it is on (the
    # store checks the target when a memo is written), and renames and merges never fail on one.
    db.execute(
        """
        CREATE TABLE memos (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('project', 'document', 'code', 'grid')),
            document_id TEXT,
            code_id TEXT,
            author TEXT NOT NULL REFERENCES coders(name),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK ((kind IN ('document', 'grid')) = (document_id IS NOT NULL)),
            CHECK ((kind IN ('code', 'grid')) = (code_id IS NOT NULL))
        )
        """
    )
    db.execute("CREATE INDEX memos_target ON memos(kind, document_id, code_id)")
    db.execute(
        f"CREATE VIRTUAL TABLE {MEMO_INDEX} USING fts5(memo_id UNINDEXED, text,"
        f" tokenize = '{TEXT_INDEXES[WORD_INDEX]}')"
    )
    add = f"INSERT INTO {MEMO_INDEX} (memo_id, text) VALUES (NEW.id, NEW.text);"
    remove = f"DELETE FROM {MEMO_INDEX} WHERE memo_id = OLD.id;"
    db.execute(f"CREATE TRIGGER {MEMO_INDEX}_insert AFTER INSERT ON memos BEGIN {add} END")
    db.execute(f"CREATE TRIGGER {MEMO_INDEX}_delete AFTER DELETE ON memos BEGIN {remove} END")
    db.execute(
        f"CREATE TRIGGER {MEMO_INDEX}_update AFTER UPDATE OF id, text ON memos"
        f" WHEN OLD.id IS NOT NEW.id OR OLD.text IS NOT NEW.text BEGIN {remove} {add} END"
    )


@migrations()
def m008_pseudonyms(db: sqlite_utils.Database) -> None:
    """The pseudonym register (identifiers, each original with its variants and what replaces them in
    a pseudonymised output) and the candidates detection proposes for review; neither table leaves
    the project with an export, a packet or a .qdpx (docs/pseudonyms.md)."""
    db.execute(
        """
        CREATE TABLE pseudonyms (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            original TEXT NOT NULL,
            variants TEXT NOT NULL DEFAULT '[]',
            replacement TEXT NOT NULL,
            method TEXT NOT NULL,
            coder TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE pseudonym_candidates (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'unreviewed',
            entry INTEGER,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX pseudonym_candidates_status ON pseudonym_candidates(status, document_id, start_offset)")


@migrations()
def m009_suggestions(db: sqlite_utils.Database) -> None:
    """Code suggestions (derived, per coder, remade at will: not coding, so no events) and the
    coders' rejections of them (undoable actions: a rejected unit and code is never proposed again)."""
    db.execute(
        """
        CREATE TABLE suggestions (
            id TEXT PRIMARY KEY,
            coder TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
            end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
            code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            why TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL,
            suggester TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX suggestions_coder ON suggestions(coder, document_id, start_offset)")
    db.execute(
        """
        CREATE TABLE suggestion_rejections (
            coder TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            code_id TEXT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            suggester TEXT NOT NULL DEFAULT '',
            score REAL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (coder, document_id, start_offset, end_offset, code_id)
        ) WITHOUT ROWID
        """
    )


@migrations()
def m010_pseudonym_candidate_field(db: sqlite_utils.Database) -> None:
    """Detection reads titles and attribute values too: where a candidate was found ('' the text,
    'title', 'attribute:NAME'; its offsets are within that value)."""
    db.execute("ALTER TABLE pseudonym_candidates ADD COLUMN field TEXT NOT NULL DEFAULT ''")


@migrations()
def m011_document_attributes_index(db: sqlite_utils.Database) -> None:
    """A covering index of every document's attributes in project order: `--where` reads 10,000
    documents' attributes from it instead of walking past each text to the column after it
    (37 ms -> 5 ms on 10,000 documents of 5,000 characters)."""
    db.execute("CREATE INDEX documents_attributes ON documents(position, id, attributes)")
