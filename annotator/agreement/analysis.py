"""The agreement report as data: every figure of AGREEMENT.md sections 1–6 for spans or for a unit table.

`span_report` and `table_report` return the typed report (report_model.py) that every output
format and the agreement screen render; its `as_json()` is the shape of docs/agreement.md ("JSON
shape"). An undefined figure has no value and says why; with a bootstrap, each figure holds its
95% percentile interval.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.agreement.bootstrap import DEFAULT_SEED, Interval, bootstrap_intervals
from annotator.agreement.coefficients import (
    LEVELS,
    TABLE_STATISTICS,
    TableSummary,
    category_count,
    fleiss_variant,
    krippendorff_alpha,
    summarise,
)
from annotator.agreement.degenerate import prevalence, warning
from annotator.agreement.estimate import Estimate
from annotator.agreement.matching import SegmentCounts, Threshold, check_threshold, count_segments, segment_figures
from annotator.agreement.report_model import (
    Bootstrap,
    LeftOut,
    Path,
    RowFigures,
    SpanReport,
    TableReport,
    figures_of,
)
from annotator.agreement.spans import PreparedSpans, SpanData, prepare
from annotator.agreement.unit_table import UnitTable, merge_tables
from annotator.agreement.unitizing import (
    Disagreements,
    UnitizingPieces,
    code_disagreements,
    document_pieces,
    overall_alpha,
)
from annotator.agreement.unitizing2016 import PartitionParts, alphas, document_parts, semantic_domains
from annotator.agreement.units import UnitTables
from annotator.domain.errors import InputError

Progress = Callable[[int, int], None] | None
"""Called with (done, total) after each bootstrap replicate."""

Weights = Mapping[str, int] | None
"""How many times each document is taken (a bootstrap replicate); None = every compared document once."""


def unit_statistics(table: UnitTable, level: str = "nominal") -> dict[str, Any]:
    """The section-1 coefficients of a table as Estimates, with the facts a reader needs beside them."""
    return summary_statistics(summarise(table), level)


def code_statistics(table: UnitTable) -> dict[str, Any]:
    """`unit_statistics` of a code's table, with its prevalence (the share of coded pairable values)."""
    summary = summarise(table)
    figures = summary_statistics(summary)
    figures["prevalence"] = prevalence(summary)
    return figures


def summary_statistics(summary: TableSummary, level: str = "nominal") -> dict[str, Any]:
    """The section-1 coefficients of a summarised table, with the facts a reader needs beside them."""
    figures: dict[str, Any] = {name: _statistic(summary, name, level) for name in TABLE_STATISTICS}
    figures.update(_table_facts(summary))
    return figures


def _statistic(summary: TableSummary, name: str, level: str) -> Estimate:
    """One coefficient of a summary (Krippendorff's alpha at `level`)."""
    if name == "krippendorff_alpha":
        return krippendorff_alpha(summary, level)
    return TABLE_STATISTICS[name](summary)


def _table_facts(summary: TableSummary) -> dict[str, Any]:
    """Units, pairable units, which Fleiss' kappa, and what Brennan–Prediger's q counts."""
    return {
        "units": _number(summary.units),
        "pairable_units": _number(summary.pairable),
        "fleiss_kappa_variant": fleiss_variant(summary),
        "brennan_prediger_q": category_count(summary),
        "brennan_prediger_q_counts": summary.categories_from,
    }


def _number(value: float) -> int | float:
    """Whole numbers as int (unit counts), others unchanged."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class SpanOptions:
    """What to compare and how: the CLI options of `annotator agreement` on spans."""

    coders: Sequence[str] | None = None
    codes: Sequence[str] | None = None
    documents: Sequence[str] | None = None
    all_documents: bool = False
    unit: str = "character"
    threshold: Threshold = 0.9  # compared exactly: "0.55" (or 0.55) means 55/100
    bootstrap: int = 0
    seed: int | None = None
    per_document: bool = True


class SpanAgreement:
    """Every span figure of one prepared project, from per-(code, document) parts computed once.

    All parts add up over documents except the gaps of α_U, which are re-joined along the
    continuum; so the whole project, one document and a bootstrap replicate share one code path.
    """

    def __init__(
        self, prepared: PreparedSpans, unit: str = "character", threshold: Threshold = 0.9, *, reuse: bool = True
    ) -> None:
        self.prepared = prepared
        self.threshold = check_threshold(threshold)
        self.tables = UnitTables(prepared, unit)
        # With `reuse` (bootstrap replicates, per-document figures) each part is kept once computed;
        # a report computing each part once keeps none, so its memory is not a copy of every part.
        self.reuse = reuse
        self._segments: dict[tuple[str, str], SegmentCounts] = {}
        self._pieces: dict[tuple[str, str], UnitizingPieces] = {}
        self._partitions: dict[str, PartitionParts] = {}

    @property
    def coders(self) -> tuple[str, ...]:
        """The compared coders."""
        return self.prepared.coders

    def segment_counts(self, code: str, document: str) -> SegmentCounts:
        """Segment matching counts of `code` in `document` (kept with `reuse`)."""
        key = (code, document)
        found = self._segments.get(key)
        if found is None:
            found = count_segments(
                self.prepared.coder_segments(code, document), self.prepared.present[document], self.threshold
            )
            if self.reuse:
                self._segments[key] = found
        return found

    def code_segments(self, code: str, weights: Weights = None) -> SegmentCounts:
        """Segment matching counts of `code` over the documents (taken `weights` times)."""
        total = SegmentCounts(len(self.coders))
        for doc in self.prepared.segments.get(code, {}):
            times = 1 if weights is None else weights.get(doc, 0)
            if times:
                total.add(self.segment_counts(code, doc), times)
        return total

    def unitizing(self, code: str, weights: Weights = None) -> Disagreements:
        """D_O and D_E of α_U for `code` over the continuum (documents taken `weights` times, in id order)."""
        coded = self.prepared.segments.get(code, {})
        sequence = []
        for doc in self.prepared.continuum:
            times = 1 if weights is None else weights.get(doc, 0)
            length = self.prepared.lengths[doc]
            pieces = None
            if doc in coded:
                pieces = self._pieces.get((code, doc))
                if pieces is None:
                    pieces = document_pieces(coded[doc], length)
                    if self.reuse:
                        self._pieces[(code, doc)] = pieces
            sequence.extend([(pieces, length)] * times)
        return code_disagreements(sequence, len(self.coders))

    def partition(self, document: str) -> PartitionParts:
        """u-α parts of one document of the continuum (kept with `reuse`)."""
        found = self._partitions.get(document)
        if found is None:
            per_coder: list[list[tuple[int, int, str]]] = [[] for _ in self.coders]
            for code in self.prepared.codes:
                for index, segments in enumerate(self.prepared.segments.get(code, {}).get(document, ())):
                    per_coder[index].extend((start, end, code) for start, end in segments)
            found = document_parts(per_coder, self.prepared.lengths[document], self.coders, document)
            if self.reuse:
                self._partitions[document] = found
        return found

    def figures(self, weights: Weights = None) -> dict[str, Any]:
        """Every bootstrap-able figure (per code, pooled, α_U, u-α, |u-α) with documents taken `weights` times."""
        per_code: dict[str, Any] = {}
        tables = []
        disagreements = []
        all_segments = SegmentCounts(len(self.coders))
        for code in self.prepared.codes:
            table = self.tables.table(self.tables.code_rows(code, weights))
            tables.append(table)
            figures = code_statistics(table)
            unitizing = self.unitizing(code, weights)
            disagreements.append(unitizing)
            figures["alpha_u"] = unitizing.alpha()
            counts = self.code_segments(code, weights)
            all_segments.add(counts)
            figures["segments"] = segment_figures(counts, self.coders, len(self.prepared.codes))
            per_code[code] = figures
        pooled: dict[str, Any] = {}
        if tables:
            pooled = unit_statistics(merge_tables(tables))
            pooled["segments"] = segment_figures(all_segments, self.coders, len(self.prepared.codes))
        partition = PartitionParts()
        for doc in self.prepared.continuum:
            times = 1 if weights is None else weights.get(doc, 0)
            if times:
                partition.add(self.partition(doc), times)
        domains = semantic_domains(self.prepared.data.code_parents or {})
        unitizing_2016 = alphas(partition, len(self.coders), domains)
        return {
            "codes": per_code,
            "pooled": pooled,
            "alpha_u": overall_alpha(disagreements),
            "u_alpha": unitizing_2016.u_alpha,
            "binary_u_alpha": unitizing_2016.binary_u_alpha,
            "cu_alpha": unitizing_2016.cu_alpha,
            "domain_cu_alpha": unitizing_2016.domain_cu_alpha,
        }

    def document_figures(self, document: str) -> dict[str, Any]:
        """Unit statistics and segment matching per code in one document, for the codes someone used there."""
        result: dict[str, Any] = {}
        for code in self.prepared.codes:
            if document in self.prepared.segments.get(code, {}):
                figures = code_statistics(self.tables.table(self.tables.document_rows(code, document)))
                figures["segments"] = segment_figures(
                    self.segment_counts(code, document), self.coders, len(self.prepared.codes)
                )
                result[code] = figures
        return result


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk computation, restoring its state after.

    Why: a large report builds millions of small, long-lived objects (segments, counters, figures)
    none of which form reference cycles; with the collector on, its full passes rescan that growing
    heap again and again and made a 1,000,000-span report 1.7× slower. Reference counting still
    frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def span_report(data: SpanData, options: SpanOptions = SpanOptions(), progress: Progress = None) -> SpanReport:
    """The full agreement report on spans (its `as_json()` is the shape documented in docs/agreement.md)."""
    with cyclic_gc_paused():
        return _span_report(data, options, progress)


def prepare_selection(data: SpanData, options: SpanOptions) -> PreparedSpans:
    """`data` checked and cut to the coders, codes and documents that `options` name."""
    return prepare(
        data,
        coders=options.coders,
        codes=options.codes,
        documents=options.documents,
        all_documents=options.all_documents,
    )


def _span_report(data: SpanData, options: SpanOptions, progress: Progress) -> SpanReport:
    """`span_report` itself."""
    prepared = prepare_selection(data, options)
    engine = SpanAgreement(
        prepared, options.unit, options.threshold, reuse=bool(options.bootstrap) or options.per_document
    )
    figures = engine.figures()
    intervals: dict[Path, Interval] = {}
    bootstrap = None
    if options.bootstrap:
        documents = [doc for doc in prepared.documents if prepared.present[doc]]
        intervals = bootstrap_intervals(engine.figures, documents, options.bootstrap, options.seed, progress)
        bootstrap = _bootstrap_facts(options.bootstrap, options.seed, "documents")
    per_document = None
    if options.per_document:
        per_document = {
            doc: {code: _flagged(prepared, code, (doc,), RowFigures.of(raw)) for code, raw in rows.items()}
            for doc in prepared.counted  # a document counting for one coder compares nothing
            if (rows := engine.document_figures(doc))
        }
    codes = {
        code: _flagged(prepared, code, prepared.counted, RowFigures.of(raw, intervals, ("codes", code)))
        for code, raw in figures["codes"].items()
    }
    names = data.code_names or {}
    return SpanReport(
        coders=prepared.coders,
        documents=tuple(prepared.documents),
        continuum_documents=tuple(prepared.continuum),
        unit=options.unit,
        unit_count=sum(engine.tables.unit_count(doc) for doc in prepared.documents if prepared.present[doc]),
        all_documents=options.all_documents,
        threshold=float(engine.threshold),
        unused_codes=tuple(prepared.unused_codes),
        documents_by_coder={
            coder: tuple(doc for doc in prepared.documents if prepared.present[doc] >> index & 1)
            for index, coder in enumerate(prepared.coders)
        },
        codes=codes,
        pooled=RowFigures.of(figures["pooled"], intervals, ("pooled",)) if figures["pooled"] else None,
        overall=figures_of(figures, intervals, ()),
        bootstrap=bootstrap,
        per_document=per_document,
        counted_documents=prepared.counted,
        code_names={code: names.get(code, code) for code in prepared.codes},
        left_out=tuple(LeftOut(coder, why) for coder, why in prepared.left_out),
    )


def _flagged(prepared: PreparedSpans, code: str, documents: Sequence[str], row: RowFigures) -> RowFigures:
    """The row with its warning, when its figures over `documents` cannot be read as agreement."""
    found = warning(prepared, code, documents, row.prevalence)
    return row if found is None else replace(row, warning=found)


def table_report(
    table: UnitTable,
    level: str = "nominal",
    bootstrap: int = 0,
    seed: int | None = None,
    units: int | None = None,
    progress: Progress = None,
) -> TableReport:
    """The section-1 report of a unit table (`annotator agreement --table`)."""
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    figures = unit_statistics(table, level)
    intervals: dict[Path, Interval] = {}
    facts = None
    if bootstrap:

        def replicate(weights: Mapping[Any, int]) -> dict[str, Any]:
            """The statistics of the table with each distinct row taken `weights[row]` times."""
            return unit_statistics(UnitTable(table.coders, dict(weights), table.categories, _check=False), level)

        units_list = [row for row in table.rows for _ in range(int(table.rows[row]))]
        intervals = bootstrap_intervals(replicate, units_list, bootstrap, seed, progress)
        facts = _bootstrap_facts(bootstrap, seed, "units")
    return TableReport(
        units=units if units is not None else _number(sum(table.rows.values())),
        coders=tuple(table.coders),
        level=level,
        categories=tuple(_plain(value) for value in (table.categories or table.observed_categories)),
        row=RowFigures.of(figures, intervals),
        bootstrap=facts,
    )


def _bootstrap_facts(replicates: int, seed: int | None, resampled: str) -> Bootstrap:
    """How the intervals were made."""
    return Bootstrap(replicates, DEFAULT_SEED if seed is None else seed, resampled)


def _plain(value: Any) -> str | int | float | bool | None:
    """A JSON-friendly category value."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def to_json(
    figures: Mapping[str, Any],
    intervals: Mapping[tuple[str, ...], Interval] | None = None,
    prefix: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Estimates → value plus `<name>_reason` when undefined, and `<name>_ci` when an interval exists."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        path = prefix + (key,)
        if isinstance(value, Estimate):
            out[key] = value.value
            if value.reason is not None:
                out[f"{key}_reason"] = value.reason
            interval = intervals.get(path) if intervals else None
            if interval is not None:
                if interval.low is None:
                    out[f"{key}_ci"] = None
                    out[f"{key}_ci_reason"] = "undefined in every bootstrap replicate"
                else:
                    out[f"{key}_ci"] = [interval.low, interval.high]
                    if interval.defined < interval.replicates:
                        out[f"{key}_ci_replicates"] = interval.defined
        elif isinstance(value, Mapping):
            out[key] = to_json(value, intervals, path)
        else:
            out[key] = value
    return out
