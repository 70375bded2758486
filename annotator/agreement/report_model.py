"""The agreement report as typed values: what the analysis returns and every renderer and the screen read.

A statistic is a `Figure` under its JSON key (`labels.STATISTICS` names it): a new statistic is
one more key where the analysis computes it, one `Statistic` in labels.py, and, to show it as a
column, one line in `report_rows.span_columns`. `as_json()` gives the versioned JSON shape of
docs/agreement.md ("JSON shape").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, NamedTuple

from annotator.agreement.bootstrap import Interval
from annotator.agreement.estimate import Estimate

FORMAT = "annotator-agreement/2"
"""The JSON shape's name and version (docs/formats.md lists what each version changed)."""

Path = tuple[str, ...]
Intervals = Mapping[Path, Interval]
JSON = dict[str, Any]
NO_INTERVALS: Intervals = MappingProxyType({})


class Figure(NamedTuple):
    """One reported figure: a value or `None` with the reason, and its bootstrap interval when one was asked for.

    A named tuple, not a frozen dataclass: a large report holds hundreds of thousands of figures,
    and a frozen dataclass's `__init__` (one `object.__setattr__` per field) made building them
    the slowest part of the report."""

    value: float | None
    reason: str | None = None
    interval: tuple[float, float] | None = None
    interval_reason: str | None = None  # undefined in every bootstrap replicate
    defined_replicates: int | None = None  # set when defined in fewer replicates than were drawn

    @classmethod
    def of(cls, estimate: Estimate, interval: Interval | None = None) -> Figure:
        """An Estimate with its interval (if any)."""
        if interval is None:
            return cls(estimate.value, estimate.reason)
        if interval.low is None or interval.high is None:
            return cls(estimate.value, estimate.reason, interval_reason="undefined in every bootstrap replicate")
        partial = interval.defined if interval.defined < interval.replicates else None
        return cls(estimate.value, estimate.reason, (interval.low, interval.high), defined_replicates=partial)

    @property
    def why(self) -> str | None:
        """The reason the value or its interval is missing."""
        return self.reason or self.interval_reason

    def write_json(self, key: str, out: JSON) -> None:
        """Into `out`: `key`, `key_reason`, `key_ci`, `key_ci_reason`, `key_ci_replicates` as the JSON shape has them."""
        out[key] = self.value
        if self.reason is not None:
            out[f"{key}_reason"] = self.reason
        if self.interval is not None:
            out[f"{key}_ci"] = list(self.interval)
            if self.defined_replicates is not None:
                out[f"{key}_ci_replicates"] = self.defined_replicates
        elif self.interval_reason is not None:
            out[f"{key}_ci"] = None
            out[f"{key}_ci_reason"] = self.interval_reason


MISSING = Figure(None)
"""What a row holds for a statistic it does not have (drawn as an em dash, never banded)."""


def figures_of(estimates: Mapping[str, object], intervals: Intervals, path: Path) -> dict[str, Figure]:
    """Every Estimate of a mapping as a Figure, with its interval at `path + (key,)`."""
    if not intervals:  # the usual report, and every per-document row: no path to look up
        # `type(...) is`, not isinstance: this runs for every figure of every per-document row.
        return {key: Figure(value.value, value.reason) for key, value in estimates.items() if type(value) is Estimate}
    return {
        key: Figure.of(value, intervals.get(path + (key,)))
        for key, value in estimates.items()
        if isinstance(value, Estimate)
    }


def _figures_json(figures: Mapping[str, Figure]) -> JSON:
    """Figures under their JSON keys."""
    out: JSON = {}
    for key, item in figures.items():
        if item.reason is None and item.interval is None and item.interval_reason is None:
            out[key] = item.value  # the usual figure, written without a call (a large report has 10⁶)
        else:
            item.write_json(key, out)
    return out


@dataclass(frozen=True)
class SegmentPair:
    """Segment matching between two coders (or over every ordered pair): counts and share, precision, recall, F1."""

    matched: int
    total: int
    figures: dict[str, Figure]

    @classmethod
    def of(cls, raw: Mapping[str, Any], intervals: Intervals, path: Path) -> SegmentPair:
        """From the analysis's segment figures."""
        return cls(int(raw["matched"]), int(raw["total"]), figures_of(raw, intervals, path))

    def as_json(self) -> JSON:
        """The JSON shape of a `segments` entry (or one of its pairs)."""
        return {"matched": self.matched, "total": self.total, **_figures_json(self.figures)}


@dataclass(frozen=True)
class SegmentFigures(SegmentPair):
    """Segment matching of one code (or pooled): the pair figures, each coder's segments, and each pair with 3+ coders."""

    by_coder: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, SegmentPair] | None = None

    @classmethod
    def of(cls, raw: Mapping[str, Any], intervals: Intervals, path: Path) -> SegmentFigures:
        """From the analysis's segment figures."""
        pairs = raw.get("pairs")
        return cls(
            int(raw["matched"]),
            int(raw["total"]),
            figures_of(raw, intervals, path),
            dict(raw["by_coder"]),
            None
            if pairs is None
            else {name: SegmentPair.of(p, intervals, path + ("pairs", name)) for name, p in pairs.items()},
        )

    def as_json(self) -> JSON:
        """The JSON shape of a `segments` entry."""
        out = super().as_json()
        if self.pairs is not None:
            out["pairs"] = {name: pair.as_json() for name, pair in self.pairs.items()}
        out["by_coder"] = dict(self.by_coder)
        return out


@dataclass(frozen=True)
class TableFacts:
    """What a unit table's figures rest on: its units, which Fleiss' kappa, and what q of Brennan–Prediger counts."""

    units: int | float
    pairable_units: int | float
    fleiss_kappa_variant: str
    brennan_prediger_q: int
    brennan_prediger_q_counts: str

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> TableFacts:
        """From the analysis's unit statistics."""
        return cls(
            raw["units"],
            raw["pairable_units"],
            raw["fleiss_kappa_variant"],
            raw["brennan_prediger_q"],
            raw["brennan_prediger_q_counts"],
        )

    def as_json(self, units_key: str = "units") -> JSON:
        """The facts under their JSON keys (a table report calls its units `units_with_values`)."""
        return {
            units_key: self.units,
            "pairable_units": self.pairable_units,
            "fleiss_kappa_variant": self.fleiss_kappa_variant,
            "brennan_prediger_q": self.brennan_prediger_q,
            "brennan_prediger_q_counts": self.brennan_prediger_q_counts,
        }


@dataclass(frozen=True)
class RowWarning:
    """Why a row's figures cannot be read as agreement (docs/agreement.md, "Degenerate codes")."""

    kind: str  # "unused by a coder" or "rare"
    text: str


@dataclass(frozen=True)
class RowFigures:
    """The figures of one row: a code, the pooled codes, a code in one document, or a whole unit table."""

    figures: dict[str, Figure]
    facts: TableFacts
    segments: SegmentFigures | None = None
    prevalence: float | None = None  # spans: the share of coded pairable values (degenerate.py)
    warning: RowWarning | None = None

    @classmethod
    def of(cls, raw: Mapping[str, Any], intervals: Intervals = NO_INTERVALS, path: Path = ()) -> RowFigures:
        """From the analysis's figures of a row (Estimates, facts and segment figures)."""
        segments = raw.get("segments")
        return cls(
            figures_of(raw, intervals, path),
            TableFacts.of(raw),
            None if segments is None else SegmentFigures.of(segments, intervals, path + ("segments",)),
            raw.get("prevalence"),
        )

    def figure(self, path: Path) -> Figure:
        """The figure at `path`: `("cohen_kappa",)` or `("segments", "f1")`; MISSING when the row has none."""
        if path[0] == "segments":
            return MISSING if self.segments is None else self.segments.figures.get(path[-1], MISSING)
        return self.figures.get(path[-1], MISSING)

    def as_json(self, units_key: str = "units") -> JSON:
        """The JSON shape of a code's (or the pooled) entry."""
        out = _figures_json(self.figures)
        out.update(self.facts.as_json(units_key))
        if self.segments is not None:
            out["segments"] = self.segments.as_json()
        if self.prevalence is not None:
            out["prevalence"] = self.prevalence
        if self.warning is not None:
            out["warning"] = {"kind": self.warning.kind, "text": self.warning.text}
        return out


@dataclass(frozen=True)
class Bootstrap:
    """How the intervals were made."""

    replicates: int
    seed: int
    resampled: str  # "documents" or "units"
    interval: str = "95% percentile (2.5th and 97.5th), over the replicates where the figure is defined"

    def as_json(self) -> JSON:
        """The `bootstrap` entry of the JSON shape."""
        return {
            "replicates": self.replicates,
            "seed": self.seed,
            "resampled": self.resampled,
            "interval": self.interval,
        }


@dataclass(frozen=True)
class TableReport:
    """The section-1 report of a unit table (`annotator agreement --table`)."""

    units: int | float
    coders: tuple[str, ...]
    level: str
    categories: tuple[str | int | float | bool | None, ...]
    row: RowFigures
    bootstrap: Bootstrap | None = None
    kind: str = "table"

    def as_json(self) -> JSON:
        """The versioned JSON shape."""
        out: JSON = {
            "format": FORMAT,
            "kind": self.kind,
            "units": self.units,
            "coders": list(self.coders),
            "level": self.level,
            "categories": list(self.categories),
        }
        if self.bootstrap is not None:
            out["bootstrap"] = self.bootstrap.as_json()
        out.update(self.row.as_json("units_with_values"))
        return out


@dataclass(frozen=True)
class GammaFigures:
    """Mathet's γ on the compared spans (gamma.py computes it): γ with its sampling interval, γ-cat,
    γ-k per code, and what it was computed with (α, β, Δ∅, the sampler, its samples and seed)."""

    gamma: Figure
    gamma_cat: Figure
    gamma_k: dict[str, Figure]
    observed_disorder: float
    expected_disorder: float
    samples: int
    sampler: str
    seed: int
    alpha: float
    beta: float
    delta_empty: float
    unitary_alignments: int
    coders: tuple[str, ...]

    def as_json(self) -> JSON:
        """The report's `gamma` entry (docs/agreement.md, "Mathet's γ")."""
        out: JSON = {"gamma": self.gamma.value, "interval": list(self.gamma.interval) if self.gamma.interval else None}
        if self.gamma.interval_reason is not None:
            out["interval_reason"] = self.gamma.interval_reason
        out["gamma_cat"] = self.gamma_cat.value
        if self.gamma_cat.reason is not None:
            out["gamma_cat_reason"] = self.gamma_cat.reason
        out["gamma_k"] = {code: item.value for code, item in self.gamma_k.items()}
        reasons = {code: item.reason for code, item in self.gamma_k.items() if item.reason is not None}
        if reasons:
            out["gamma_k_reasons"] = reasons
        out.update(
            observed_disorder=self.observed_disorder,
            expected_disorder=self.expected_disorder,
            samples=self.samples,
            sampler=self.sampler,
            seed=self.seed,
            parameters={"alpha": self.alpha, "beta": self.beta, "delta_empty": self.delta_empty},
            unitary_alignments=self.unitary_alignments,
            coders=list(self.coders),
        )
        return out


@dataclass(frozen=True)
class LeftOut:
    """A coder with spans the report did not compare, and why."""

    coder: str
    why: str


@dataclass(frozen=True)
class SpanReport:
    """The agreement report on a project's spans: what was compared, and every figure per code, pooled and overall."""

    coders: tuple[str, ...]
    documents: tuple[str, ...]
    continuum_documents: tuple[str, ...]
    unit: str
    unit_count: int
    all_documents: bool
    threshold: float
    unused_codes: tuple[str, ...]
    documents_by_coder: dict[str, tuple[str, ...]]
    codes: dict[str, RowFigures]
    pooled: RowFigures | None
    overall: dict[str, Figure]  # α_U, u-α, |u-α over the continuum (and any other whole-project figure)
    counted_documents: tuple[str, ...] = ()  # documents counting for at least two compared coders
    code_names: dict[str, str] = field(default_factory=dict)
    left_out: tuple[LeftOut, ...] = ()
    bootstrap: Bootstrap | None = None
    per_document: dict[str, dict[str, RowFigures]] | None = None
    gamma: GammaFigures | None = None  # with --gamma (it samples random continua: asked for, not default)
    level: str = "nominal"
    kind: str = "spans"

    def name(self, code: str) -> str:
        """A code's name as the codebook has it (its id when the codebook has none)."""
        return self.code_names.get(code, code)

    def pooled_row(self) -> RowFigures | None:
        """The pooled row, its α_U the overall α_U."""
        if self.pooled is None:
            return None
        overall = self.overall.get("alpha_u")
        if overall is None:
            return self.pooled
        return replace(self.pooled, figures={**self.pooled.figures, "alpha_u": overall})

    def as_json(self) -> JSON:
        """The versioned JSON shape."""
        out: JSON = {
            "format": FORMAT,
            "kind": self.kind,
            "coders": list(self.coders),
            "left_out_coders": {item.coder: item.why for item in self.left_out},
            "documents": list(self.documents),
            "counted_documents": list(self.counted_documents),
            "continuum_documents": list(self.continuum_documents),
            "unit": self.unit,
            "unit_count": self.unit_count,
            "level": self.level,
            "all_documents": self.all_documents,
            "threshold": self.threshold,
            "unused_codes": list(self.unused_codes),
            "code_names": dict(self.code_names),
            "documents_by_coder": {coder: list(docs) for coder, docs in self.documents_by_coder.items()},
        }
        if self.bootstrap is not None:
            out["bootstrap"] = self.bootstrap.as_json()
        out["codes"] = {code: row.as_json() for code, row in self.codes.items()}
        out["pooled"] = {} if self.pooled is None else self.pooled.as_json()
        out.update(_figures_json(self.overall))
        if self.gamma is not None:
            out["gamma"] = self.gamma.as_json()
        if self.per_document is not None:
            out["per_document"] = {
                doc: {code: row.as_json() for code, row in rows.items()} for doc, rows in self.per_document.items()
            }
        return out


AgreementReport = SpanReport | TableReport
"""Either report; renderers branch on `kind`."""
