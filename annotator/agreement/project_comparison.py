"""Coders compared on a project's spans: what `annotator agreement`, `annotator disagreements` and the
agreement screen read and compute, in one place (the front ends parse options and draw results)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from annotator.agreement.analysis import Progress, SpanOptions, prepare_selection, span_report
from annotator.agreement.disagreements import Disagreement, find_disagreements, prepared_disagreements
from annotator.agreement.from_project import project_span_data
from annotator.agreement.gamma_options import GammaOptions
from annotator.agreement.report_model import SpanReport
from annotator.agreement.spans import SpanData
from annotator.storage import Project


@dataclass(frozen=True)
class CoderComparison:
    """The span report of some coders on a project, with the data it rests on (for its disagreements)."""

    report: SpanReport
    data: SpanData
    options: SpanOptions

    def disagreements(self, codes: Sequence[str] | None = None) -> list[Disagreement]:
        """Where the compared coders differ on `codes` (default: every code of the report), in the
        documents the report compared."""
        return find_disagreements(
            self.data,
            coders=self.report.coders,
            codes=list(self.report.codes) if codes is None else codes,
            documents=self.options.documents,
            all_documents=self.options.all_documents,
        )


def compare_coders(
    project: Project, options: SpanOptions, *, quotes: bool = False, progress: Progress = None
) -> CoderComparison:
    """The span report that `options` asks for (default: every person with spans, every code and document).

    Only the compared coders' spans are read, and the documents' texts only when the unit or
    `quotes` (disagreements shown with their text) needs them.
    """
    data = project_span_data(project, with_text=quotes or options.unit != "character", coders=options.coders)
    return CoderComparison(span_report(data, options, progress), data, options)


def with_gamma(comparison: CoderComparison, gamma: GammaOptions | None = None) -> CoderComparison:
    """The comparison with Mathet's γ in its report, computed on the data it read (`annotator agreement
    --gamma`, and the agreement screen's γ key)."""
    from annotator.agreement.gamma_spans import report_gamma  # numpy and SciPy load only when γ is asked for

    figures = report_gamma(comparison.data, comparison.options, gamma or GammaOptions())
    return replace(comparison, report=replace(comparison.report, gamma=figures))


def project_disagreements(project: Project, options: SpanOptions) -> tuple[list[Disagreement], tuple[str, ...]]:
    """Every stretch where the coders of `options` differ on its codes and documents, with their text,
    and the coders compared (the report's figures are not computed)."""
    prepared = prepare_selection(project_span_data(project, with_text=True, coders=options.coders), options)
    return prepared_disagreements(prepared), prepared.coders
