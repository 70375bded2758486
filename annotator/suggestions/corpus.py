"""A corpus cut into units with numbered rows, and a coder's coding of them as one yes/no per unit and code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.suggestions.units import Bounds, covered, units_of

# (document, start, end, code): a unit and code, as rejections are kept.
UnitCode = tuple[str, int, int, str]


@dataclass(frozen=True)
class CorpusUnits:
    """Every unit of the corpus in document order: `texts[row]`, `where[row]` = (document, start, end)."""

    unit: str
    texts: tuple[str, ...]
    where: tuple[tuple[str, int, int], ...]
    rows: Mapping[str, range]

    @classmethod
    def cut(cls, texts: Mapping[str, str], unit: str, turns: Mapping[str, Sequence[Bounds]]) -> CorpusUnits:
        """Cut each text into units (sentences, paragraphs or turns)."""
        bounds = units_of(texts, unit, turns)
        unit_texts: list[str] = []
        where: list[tuple[str, int, int]] = []
        rows: dict[str, range] = {}
        for doc, doc_bounds in bounds.items():
            rows[doc] = range(len(where), len(where) + len(doc_bounds))
            where += [(doc, start, end) for start, end in doc_bounds]
            unit_texts += [texts[doc][start:end] for start, end in doc_bounds]
        return cls(unit, tuple(unit_texts), tuple(where), rows)

    def rows_of(self, documents: Iterable[str]) -> list[int]:
        """The rows of the given documents' units, in order."""
        return [row for doc in documents for row in self.rows.get(doc, ())]

    def labels(
        self, spans: Mapping[str, Mapping[str, Sequence[Bounds]]], code_ids: Sequence[str]
    ) -> dict[str, list[bool]]:
        """Per code, one value per row: whether a span of that code (`spans[document][code]`) overlaps the unit."""
        found = {code_id: [False] * len(self.texts) for code_id in code_ids}
        for doc, rows in self.rows.items():
            by_code = spans.get(doc, {})
            bounds = [self.where[row][1:] for row in rows]
            for code_id in code_ids:
                if by_code.get(code_id):
                    found[code_id][rows.start : rows.stop] = covered(bounds, by_code[code_id])
        return found
