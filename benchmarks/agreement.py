"""Benchmark: the full agreement report on a synthetic project, against the `krippendorff` package.

Run from the repository root:

    .venv/bin/python benchmarks/agreement.py                 # 1,000 documents, ~100,000 spans
    .venv/bin/python benchmarks/agreement.py --scale 10 --peer-codes 2   # 10,000 documents, ~1,000,000 spans
    .venv/bin/python benchmarks/agreement.py --peer-codes 1 --longer 10  # also: same spans, 10× the text

Each document has ~5,000 characters; 3 coders code it with 20 codes (each coder's spans never
overlap, so u-α is computed too). Printed: the time of the full JSON report end to end (every
per-code, pooled, per-document, α_U and u-α figure, serialised), the time of per-code character
Krippendorff's alpha alone, and the same alpha by `krippendorff.alpha` on the digitised
coders × characters matrix (the peer; digitising is timed apart and not charged to it), with
the ratio and a check that both give the same values to 1e-9. With `--peer-codes N` the peer
runs on the first N codes only (the 10× matrix is 3 × 50 million cells per code).
α_U alone is also timed on 3 coders × 5,000 spans. `numpy` and `krippendorff` are test-only
dependencies: this script needs them, the package does not.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import krippendorff
import numpy as np

from annotator.agreement.analysis import SpanAgreement, SpanOptions, cyclic_gc_paused, span_report
from annotator.agreement.coefficients import krippendorff_alpha, summarise
from annotator.agreement.render_text import render_json
from annotator.agreement.spans import SpanData, prepare

CODERS = ("coder1", "coder2", "coder3")


def synthetic_project(documents: int, codes: int = 20, slots: int = 35, seed: int = 7, stretch: int = 1) -> SpanData:
    """Documents of ~5,000 × `stretch` characters; per document `slots` passages, each coded by most coders."""
    rng = random.Random(seed)
    code_ids = [f"code{number:02d}" for number in range(codes)]
    lengths: dict[str, int] = {}
    spans: list[tuple[str, str, str, int, int]] = []
    for number in range(documents):
        doc = f"doc{number:05d}"
        length = rng.randint(4500, 5500) * stretch
        lengths[doc] = length
        slot = length // slots
        for index in range(slots):
            low = index * slot
            start = low + rng.randint(5, slot // 3)
            end = min(start + rng.randint(20, slot // 2), low + slot - 5)
            code = rng.choice(code_ids)
            for coder in CODERS:
                chance = rng.random()
                if chance < 0.05:
                    continue  # this coder missed the passage
                chosen = rng.choice(code_ids) if chance > 0.93 else code
                jitter_start = max(low, start + rng.randint(-4, 4))
                jitter_end = min(low + slot, max(jitter_start + 1, end + rng.randint(-4, 4)))
                spans.append((doc, coder, chosen, jitter_start, jitter_end))
    return SpanData(lengths, spans, codes=code_ids)


def digitise(data: SpanData, code: str, coders: tuple[str, ...]) -> np.ndarray:
    """The coders × characters matrix of one code (1 = covered, 0 = not), every document coded by all."""
    documents = sorted(data.documents)
    offsets = {}
    total = 0
    for doc in documents:
        offsets[doc] = total
        total += data.length(doc)
    matrix = np.zeros((len(coders), total), dtype=np.float64)
    row = {coder: index for index, coder in enumerate(coders)}
    for doc, coder, span_code, start, end in data.spans:
        if span_code == code:
            matrix[row[coder], offsets[doc] + start : offsets[doc] + end] = 1.0
    return matrix


def alpha_u_spans(count: int, seed: int = 3) -> SpanData:
    """One long document, 3 coders × `count` spans of one code."""
    rng = random.Random(seed)
    length = count * 100
    spans = []
    for coder in CODERS:
        for index in range(count):
            start = index * 100 + rng.randint(0, 30)
            spans.append(("long", coder, "k", start, start + rng.randint(10, 60)))
    return SpanData({"long": length}, spans)


def seconds(action) -> tuple[float, object]:
    """Wall time of one call and its result."""
    began = time.perf_counter()
    result = action()
    return time.perf_counter() - began, result


def main() -> None:
    """Build the project, time the report and the peer, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="documents = 1,000 × scale (default 1)")
    parser.add_argument("--peer-codes", type=int, default=None, help="run the peer on this many codes only")
    parser.add_argument(
        "--longer",
        type=int,
        default=0,
        metavar="K",
        help="also time the report with the same spans in documents K times longer",
    )
    arguments = parser.parse_args()

    documents = 1000 * arguments.scale
    build_time, data = seconds(lambda: synthetic_project(documents))
    characters = sum(data.length(doc) for doc in data.documents)
    print(
        f"project: {documents:,} documents, {characters:,} characters, {len(data.spans):,} spans,"
        f" {len(CODERS)} coders, {len(data.codes or ())} codes (built in {build_time:.1f} s)"
    )

    report_time, text = seconds(lambda: render_json(span_report(data, SpanOptions())))
    print(
        f"full JSON report (per code, pooled, per document, α_U, u-α, |u-α): {report_time:.2f} s,"
        f" {len(text) / 1e6:.1f} MB"
    )

    def our_alphas() -> dict[str, float]:
        """Per-code character alpha from the spans, as the report computes it."""
        with cyclic_gc_paused():  # as span_report does
            engine = SpanAgreement(prepare(data), "character")
            return {
                code: krippendorff_alpha(summarise(engine.tables.table(engine.tables.code_rows(code)))).value
                for code in engine.prepared.codes
            }

    ours_time, ours = seconds(our_alphas)
    codes = sorted(ours)[: arguments.peer_codes] if arguments.peer_codes else sorted(ours)
    digitise_time = peer_time = 0.0
    worst = 0.0
    for code in codes:
        spent, matrix = seconds(lambda: digitise(data, code, CODERS))
        digitise_time += spent
        spent, value = seconds(
            lambda matrix=matrix: krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        )
        peer_time += spent
        worst = max(worst, abs(float(value) - ours[code]))
        del matrix
    share = len(codes) / len(ours)
    ours_share = ours_time * share
    print(f"per-code character Krippendorff's alpha, {len(ours)} codes, from spans: {ours_time:.2f} s")
    print(
        f"peer krippendorff.alpha on {len(codes)} digitised {len(CODERS)} × {characters:,} matrices:"
        f" {peer_time:.2f} s (digitising apart: {digitise_time:.2f} s)"
    )
    basis = "" if len(codes) == len(ours) else f", the peer's time extrapolated from {len(codes)} code(s)"
    print(
        f"speed-up on alpha, same {len(codes)} code(s): {peer_time / ours_share:.0f}×;"
        f" full report vs peer alpha on all {len(ours)} codes{basis}: {peer_time / share / report_time:.1f}×"
    )
    print(f"largest difference from the peer: {worst:.2e} ({'equal to 1e-9' if worst <= 1e-9 else 'NOT EQUAL'})")

    if arguments.longer:
        longer = synthetic_project(documents, stretch=arguments.longer)
        longer_characters = sum(longer.length(doc) for doc in longer.documents)
        longer_time, _ = seconds(lambda: render_json(span_report(longer, SpanOptions())))
        print(
            f"same number of spans ({len(longer.spans):,}) in documents {arguments.longer}× longer"
            f" ({longer_characters:,} characters): full JSON report {longer_time:.2f} s"
        )

    alpha_u_data = alpha_u_spans(5000)
    alpha_u_time, _ = seconds(lambda: SpanAgreement(prepare(alpha_u_data), "character").unitizing("k").alpha())
    print(f"α_U, 3 coders × 5,000 spans: {alpha_u_time:.3f} s")


if __name__ == "__main__":
    main()
