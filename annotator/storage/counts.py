"""Span counts: by coder, document and code, mostly read from the totals the triggers keep."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from annotator.storage.base import ProjectStore
from annotator.storage.code_changes import span_counts
from annotator.storage.spans import where_equal

GROUPABLE_SPAN_COLUMNS = ("document_id", "coder", "code_id")


class CountStore(ProjectStore):
    """How many spans there are, grouped as the screens, reports and exports ask."""

    def spans(self, coder: str | None = None) -> int:
        """Number of spans, of one coder or of all (from the totals the triggers keep)."""
        where, params = where_equal(("coder", coder))
        sql = f"SELECT coalesce(sum(spans), 0) FROM span_totals_by_code {where}"
        return int(self._db.execute(sql, params).fetchone()[0])

    def grouped(self, columns: Sequence[str], coder: str | None = None) -> Iterator[tuple[str, str, str, int]]:
        """Span counts grouped by SQLite on some of `document_id`, `coder`, `code_id`, each group as
        (document, coder, code, count) with the columns not grouped on blank: memory follows the
        groups, not the project's spans. Column names come from this fixed list, never from data."""
        chosen = [column for column in GROUPABLE_SPAN_COLUMNS if column in columns]
        if not chosen or len(chosen) != len(set(columns)):
            raise ValueError(f"span counts group by some of {GROUPABLE_SPAN_COLUMNS}, not {sorted(columns)}")
        select = ", ".join(column if column in chosen else "''" for column in GROUPABLE_SPAN_COLUMNS)
        where, params = where_equal(("coder", coder))
        yield from self._db.execute(
            f"SELECT {select}, count(*) FROM spans {where} GROUP BY {', '.join(chosen)}", params
        )

    def by_code(self, document_id: str | None = None, coder: str | None = None) -> dict[str, int]:
        """Spans per code, optionally within one document and of one coder; without a document,
        read from the totals the triggers keep (a few rows, however many spans)."""
        if document_id is None:
            where, params = where_equal(("coder", coder))
            sql = f"SELECT code_id, sum(spans) FROM span_totals_by_code {where} GROUP BY code_id"
            return dict(self._db.execute(sql, params).fetchall())
        where, params = where_equal(("document_id", document_id), ("coder", coder))
        sql = f"SELECT code_id, count(*) FROM spans {where} GROUP BY code_id"
        return dict(self._db.execute(sql, params).fetchall())

    def code_use(self) -> dict[str, int]:
        """Spans per code, every coder's."""
        return span_counts(self._db)

    def by_document(self, coder: str) -> dict[str, int]:
        """How many spans the coder has in each document (documents without spans are absent)."""
        rows = self._db.execute("SELECT document_id, spans FROM span_totals_by_document WHERE coder = ?", [coder])
        return dict(rows.fetchall())

    def by_coder(self) -> dict[str, dict[str, int]]:
        """Every coder with spans: their span count in each document (read from the span totals)."""
        counts: dict[str, dict[str, int]] = {}
        for coder, document_id, spans in self._db.execute(
            "SELECT coder, document_id, spans FROM span_totals_by_document"
        ):
            counts.setdefault(coder, {})[document_id] = spans
        return counts

    def in_document(self, document_id: str) -> dict[str, int]:
        """How many spans each coder has in one document."""
        sql = "SELECT coder, spans FROM span_totals_by_document WHERE document_id = ?"
        return dict(self._db.execute(sql, [document_id]).fetchall())
