"""Mathet's γ on a project's spans: the compared coders' spans as one continuum (`annotator agreement --gamma`).

γ reads the spans as coded, overlaps and all (no merging: γ aligns overlapping units itself).
The documents that count for every compared coder (as for α_U and u-α) are laid end to end, each
after a gap wide enough that no unit can be aligned with one in another document.
"""

from __future__ import annotations

from math import comb, sqrt

from annotator.agreement.analysis import SpanOptions, prepare_selection
from annotator.agreement.gamma import DEFAULT_SAMPLES, DEFAULT_SEED, GammaResult, compute_gamma
from annotator.agreement.gamma_dissimilarity import Continuum, GammaParameters, GammaRow
from annotator.agreement.gamma_options import GammaOptions
from annotator.agreement.report_model import GammaFigures
from annotator.agreement.spans import SpanData
from annotator.domain.errors import AnnotatorError


def span_gamma(
    data: SpanData,
    options: SpanOptions,
    parameters: GammaParameters | None = None,
    *,
    samples: int = DEFAULT_SAMPLES,
    sampler: str = "statistical",
    seed: int = DEFAULT_SEED,
) -> GammaResult:
    """γ, γ-cat and γ-k per code of the coders, codes and documents `options` select."""
    parameters = parameters or GammaParameters()
    prepared = prepare_selection(data, options)
    coders, codes = set(prepared.coders), set(prepared.codes)
    documents = prepared.continuum
    spans = [span for span in data.spans if span[1] in coders and span[2] in codes]
    if not any(span[0] in documents for span in spans):
        raise AnnotatorError("γ: no span in the documents every compared coder coded")
    # Two units further apart than (C + n − 1)·Δ∅ are never aligned (gamma_alignment._candidates):
    # with r = √(that / (α·Δ∅)), a gap of r·2·(longest span) keeps documents apart.
    bound = (comb(len(coders), 2) + len(coders) - 1) * parameters.delta_empty
    reach = sqrt(bound / (parameters.alpha * parameters.delta_empty)) if parameters.alpha > 0 else 0.0
    longest = max(end - start for _, _, _, start, end in spans)
    offsets: dict[str, float] = {}
    position = 0.0
    for document in documents:
        offsets[document] = position
        position += data.length(document) + reach * 2 * longest + 1
    rows: list[GammaRow] = [
        (coder, code, offsets[document] + start, offsets[document] + end)
        for document, coder, code, start, end in spans
        if document in offsets
    ]
    continuum = Continuum.from_rows(rows, coders=prepared.coders)
    return compute_gamma(continuum, parameters, samples=samples, sampler=sampler, seed=seed)


def report_gamma(data: SpanData, options: SpanOptions, gamma: GammaOptions) -> GammaFigures:
    """γ of what `options` compares, asked for as `gamma` says, as the agreement report holds it."""
    parameters = GammaParameters(gamma.alpha, gamma.beta, gamma.delta_empty)
    found = span_gamma(data, options, parameters, samples=gamma.samples, sampler=gamma.sampler, seed=gamma.seed)
    return found.figures()
