"""What a query reads of the corpus: the full-text indexes, texts, coded spans and speaker turns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from annotator.storage.base import ProjectStore
from annotator.storage.schema import TRIGRAM_INDEX, WORD_INDEX

# The trigram index holds no entry for a term shorter than three characters: those are looked for in the texts.
_SHORTEST_TRIGRAM = 3
# SQLite's default limit on bound parameters is 32,766; ids are read in chunks well under it.
_CHUNK = 500
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CodedSpan:
    """A span as a query sees it: its row, where it is, whose and of which code (memos are read for hits only)."""

    row: int
    document_id: str
    coder: str
    code_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Turn:
    """A transcript's speaker turn: its offsets, speaker and role ('' when none)."""

    start: int
    end: int
    speaker: str
    role: str


def fts_phrase(words: str, *, prefix: bool = False) -> str:
    """An FTS5 query for `words` as one phrase (a prefix when `prefix`): quoted, so no FTS5 syntax gets through."""
    return '"' + words.replace('"', '""') + '"' + ("*" if prefix else "")


class CorpusReadStore(ProjectStore):
    """The reads a query makes: documents whose text matches, texts, spans of chosen coders and codes, turns."""

    def documents_matching(self, words: str, *, prefix: bool = False, trigram: bool = False) -> set[str]:
        """Ids of documents whose text holds `words` as a phrase (word index, diacritics folded), or
        with `trigram` as a substring (for text without spaces between words: Korean, Chinese)."""
        if trigram and len(words) < _SHORTEST_TRIGRAM:
            rows = self._db.execute("SELECT id FROM documents WHERE instr(lower(text), lower(?)) > 0", [words])
        else:
            index = TRIGRAM_INDEX if trigram else WORD_INDEX
            rows = self._db.execute(
                f"SELECT document_id FROM {index} WHERE {index} MATCH ?", [fts_phrase(words, prefix=prefix)]
            )
        return {row[0] for row in rows}

    def texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        """The texts of the given documents, by id."""
        return dict(self._column_by_id("text", document_ids))

    def attributes(self, document_ids: Iterable[str]) -> dict[str, dict[str, object]]:
        """The attributes of the given documents, by id."""
        return {doc_id: json.loads(value) for doc_id, value in self._column_by_id("attributes", document_ids)}

    def attributes_in_order(self) -> dict[str, dict[str, object]]:
        """Every document's attributes, by id in project order (no text read: what `--where` looks at)."""
        rows = self._db.execute("SELECT id, attributes FROM documents ORDER BY position")
        # Most documents have no attributes: no JSON parse for those.
        return {doc_id: json.loads(value) if value != "{}" else {} for doc_id, value in rows}

    def _column_by_id(self, column: str, document_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(id, value of `column`) of the given documents; `column` is one of ours, never from data."""
        assert column in ("text", "attributes")
        rows: list[tuple[str, str]] = []
        for chunk in _chunks(list(document_ids)):
            marks = ", ".join("?" for _ in chunk)
            rows += self._db.execute(f"SELECT id, {column} FROM documents WHERE id IN ({marks})", chunk).fetchall()
        return rows

    def coded(
        self, coders: Sequence[str], code_ids: Iterable[str], document_ids: Iterable[str] | None = None
    ) -> list[CodedSpan]:
        """The spans of the given coders and codes (in the given documents, or all), by document and start."""
        codes = list(dict.fromkeys(code_ids))
        wanted = None if document_ids is None else set(document_ids)
        spans: list[CodedSpan] = []
        for coder in dict.fromkeys(coders):
            for chunk in _chunks(codes):
                marks = ", ".join("?" for _ in chunk)
                # Answered from the spans_coder index alone (coder, document, code, offsets, and the
                # rowid every index holds): reading id or memo would visit each span's row, three
                # times the time on a 10-million-span project. The unary + keeps SQLite off spans_code,
                # which it picks for one code, reading every coder's spans of it (10 times slower with
                # 50 coders).
                rows = self._db.execute(
                    "SELECT rowid, document_id, coder, code_id, start_offset, end_offset FROM spans"
                    f" WHERE coder = ? AND +code_id IN ({marks})",
                    [coder, *chunk],
                )
                spans.extend(CodedSpan(*row) for row in rows if wanted is None or row[1] in wanted)
        spans.sort(key=lambda span: (span.document_id, span.start, span.end, span.row))
        return spans

    def memos(self, rows: Iterable[int]) -> dict[int, str]:
        """The memos of the spans in the given rows (of `coded`), by row; spans without a memo are absent."""
        found: dict[int, str] = {}
        for chunk in _chunks(list(rows)):
            marks = ", ".join("?" for _ in chunk)
            found.update(
                self._db.execute(f"SELECT rowid, memo FROM spans WHERE rowid IN ({marks}) AND memo != ''", chunk)
            )
        return found

    def turns(self) -> dict[str, list[Turn]]:
        """Every transcript's speaker turns in text order, by document id (documents without turns are absent)."""
        found: dict[str, list[Turn]] = {}
        rows = self._db.execute(
            "SELECT document_id, start_offset, end_offset, attributes FROM passages"
            " WHERE json_extract(attributes, '$.kind') = 'turn' ORDER BY document_id, start_offset"
        )
        for document_id, start, end, attributes in rows:
            attrs = json.loads(attributes)
            found.setdefault(document_id, []).append(
                Turn(start, end, str(attrs.get("speaker", "")), str(attrs.get("role", "")))
            )
        return found

    def index_sizes(self) -> dict[str, int]:
        """Rows in each full-text index (one per document when in step)."""
        return {
            index: self._db.execute(f"SELECT count(*) FROM {index}").fetchone()[0]
            for index in (WORD_INDEX, TRIGRAM_INDEX)
        }


def _chunks(values: list[T]) -> Iterable[list[T]]:
    for first in range(0, len(values), _CHUNK):
        yield values[first : first + _CHUNK]
