"""Benchmark: Mathet's γ (exact best alignment, 30 random continua) against pygamma-agreement.

Run from the repository root:

    .venv/bin/python benchmarks/gamma.py                                   # ours only
    .venv/bin/python benchmarks/gamma.py --pygamma-python /tmp/pygamma-env/bin/python

Timed: γ (with γ-cat and γ-k of every code) on 2 coders × 10,000 spans each with 30 samples
(aim: under 5 s), on 3 coders × 1,000 spans each, and on 2 coders × 1,000 spans each; the last
continuum is also given to pygamma-agreement when an interpreter that has it is named (it needs
cvxpy, numba and a MIP solver, so it lives in its own environment:
`python -m venv /tmp/pygamma-env && /tmp/pygamma-env/bin/pip install pygamma-agreement`), in the
same run, with the ratio and both observed disorders (which must agree: both are exact).
pygamma's time excludes its imports and numba's compilation (a warm-up run on a tiny continuum).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.agreement.gamma import compute_gamma
from annotator.agreement.gamma_dissimilarity import Continuum, GammaRow

CODES = ("alpha", "beta", "gamma", "delta", "epsilon")

PYGAMMA_RUN = """
import csv, json, logging, sys, time
logging.disable(logging.WARNING)
import numpy as np
from pyannote.core import Segment
from pygamma_agreement import CombinedCategoricalDissimilarity, Continuum

def load(rows):
    continuum = Continuum()
    for coder, code, start, end in rows:
        continuum.add(coder, Segment(float(start), float(end)), code)
    return continuum

dissimilarity = CombinedCategoricalDissimilarity()
load([("a", "x", 0, 5), ("b", "x", 1, 5)]).compute_gamma(dissimilarity, n_samples=2)  # numba compiles
with open(sys.argv[1]) as file:
    continuum = load(list(csv.reader(file)))
np.random.seed(4772)
started, cpu = time.perf_counter(), time.process_time()
result = continuum.compute_gamma(dissimilarity, n_samples=30)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "gamma": float(result.gamma),
                  "observed": float(result.observed_disorder)}))
"""


def synthetic_rows(coders: int, spans: int, seed: int = 7) -> list[GammaRow]:
    """Each coder codes most of `spans` shared passages, with shifted boundaries, some other codes and extra spans."""
    rng = random.Random(seed)
    passages = []
    position = 0.0
    for _ in range(spans):
        position += rng.randint(5, 60)
        length = rng.randint(20, 200)
        passages.append((position, position + length, rng.choice(CODES)))
        position += length
    rows: list[GammaRow] = []
    for coder in range(coders):
        name = f"coder{coder + 1}"
        for start, end, code in passages:
            if rng.random() < 0.1:  # this coder missed the passage: code somewhere else instead
                start = rng.uniform(0, position)
                end = start + rng.randint(20, 200)
            shift_start, shift_end = rng.randint(-10, 10), rng.randint(-10, 10)
            start, end = start + shift_start, max(start + shift_start + 1, end + shift_end)
            rows.append((name, code if rng.random() < 0.85 else rng.choice(CODES), start, end))
    return rows


def timed(rows: list[GammaRow], label: str) -> float:
    """Print and return the time of γ (30 samples) on these rows."""
    continuum = Continuum.from_rows(rows)
    started, cpu = time.perf_counter(), time.process_time()
    result = compute_gamma(continuum, samples=30)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    interval = result.interval or (float("nan"), float("nan"))
    print(
        f"{label}: {seconds:.2f} s ({cpu:.2f} s CPU); γ = {result.gamma:.4f} [{interval[0]:.4f}, {interval[1]:.4f}], "
        f"γ-cat = {result.gamma_cat:.4f}, observed disorder {result.observed_disorder:.6f}, "
        f"{result.unitary_alignments:,} unitary alignments"
    )
    return seconds


def pygamma(python: str, rows: list[GammaRow]) -> dict[str, float]:
    """pygamma-agreement's γ (30 samples, its default sampler) on the same rows, in its own interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "continuum.csv"
        with path.open("w", newline="") as file:
            csv.writer(file).writerows(rows)
        script = Path(folder) / "run.py"
        script.write_text(PYGAMMA_RUN)
        done = subprocess.run([python, str(script), str(path)], capture_output=True, text=True, check=True, cwd=folder)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pygamma-python", help="an interpreter with pygamma-agreement installed")
    arguments = parser.parse_args()
    timed(synthetic_rows(2, 10_000), "γ, 2 coders × 10,000 spans, 30 samples (aim < 5 s)")
    timed(synthetic_rows(3, 1_000), "γ, 3 coders × 1,000 spans, 30 samples")
    small = synthetic_rows(2, 1_000)
    ours = timed(small, "γ, 2 coders × 1,000 spans, 30 samples")
    if arguments.pygamma_python:
        peer = pygamma(arguments.pygamma_python, small)
        print(
            f"pygamma-agreement, same 2 × 1,000 spans, 30 samples: {peer['seconds']:.2f} s ({peer['cpu']:.2f} s CPU); "
            f"γ = {peer['gamma']:.4f}, observed disorder {peer['observed']:.6f}; "
            f"ours is {peer['seconds'] / ours:.0f}× faster"
        )


if __name__ == "__main__":
    main()
