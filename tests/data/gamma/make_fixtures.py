"""Make the γ reference fixtures with pygamma-agreement itself (not run by the suite).

Made with pygamma-agreement 0.5.9 (MIT, bootphon/pygamma-agreement) in a throw-away environment:

    python -m venv /tmp/pygamma-env && /tmp/pygamma-env/bin/pip install pygamma-agreement==0.5.9
    cd tests/data/gamma && /tmp/pygamma-env/bin/python make_fixtures.py   # writes pygamma_reference.json

AlexPaulSuzan.csv, 3by100.csv and 2by1000.csv are copied from pygamma-agreement's tests/data
(MIT licence, Copyright (c) 2020-2021 CoML); the random_* continua are drawn here with a fixed seed.
The best-alignment disorder is exact (pygamma's integer program); γ is given as pygamma's value
with its own sampler and seed, which our samplers cannot reproduce draw for draw.
"""

import csv
import json
import random
import sys

import numpy as np
from pyannote.core import Segment
from pygamma_agreement import CombinedCategoricalDissimilarity, Continuum
from pygamma_agreement.sampler import ShuffleContinuumSampler

PARAMETERS = [(1.0, 1.0, 1.0), (3.0, 1.0, 1.0), (1.0, 2.0, 0.5)]


def random_rows(seed, coders, units, codes):
    """Rows (coder, code, start, end) of a small random continuum with overlaps and misses."""
    draw = random.Random(seed)
    rows = []
    for coder in range(coders):
        for _ in range(units + draw.randint(-2, 2)):
            start = draw.randint(0, 60)
            rows.append((f"c{coder}", f"k{draw.randint(1, codes)}", start, start + draw.randint(1, 12)))
    return rows


def continuum_of(rows):
    continuum = Continuum()
    for coder, code, start, end in rows:
        continuum.add(coder, Segment(start, end), code)
    return continuum


def main():
    sources = {}
    for name in ("AlexPaulSuzan", "3by100", "2by1000"):
        with open(f"{name}.csv") as file:
            sources[name] = [(r[0], r[1], float(r[2]), float(r[3])) for r in csv.reader(file)]
    for seed, coders in ((1, 2), (2, 2), (3, 3), (4, 3), (5, 4)):
        sources[f"random_{seed}"] = random_rows(seed, coders, 8, 3)
    cases = []
    for name, rows in sources.items():
        for alpha, beta, delta in PARAMETERS:
            if name == "2by1000" and (alpha, beta, delta) != (3.0, 1.0, 1.0):
                continue
            dissimilarity = CombinedCategoricalDissimilarity(alpha=alpha, beta=beta, delta_empty=delta)
            continuum = continuum_of(rows)
            disorder = float(continuum.get_best_alignment(dissimilarity).disorder)
            np.random.seed(4772)
            result = continuum.compute_gamma(dissimilarity, sampler=ShuffleContinuumSampler())
            cases.append(
                {
                    "continuum": name,
                    "rows": None if name in ("AlexPaulSuzan", "3by100", "2by1000") else rows,
                    "alpha": alpha,
                    "beta": beta,
                    "delta_empty": delta,
                    "best_alignment_disorder": disorder,
                    "shuffle_gamma": float(result.gamma),
                    "shuffle_expected_disorder": float(result.expected_disorder),
                }
            )
            print(name, alpha, beta, delta, disorder, file=sys.stderr)
    with open("pygamma_reference.json", "w") as file:  # not stdout: GLPK prints its log there
        json.dump({"made_with": "pygamma-agreement 0.5.9", "cases": cases}, file, indent=1)


if __name__ == "__main__":
    main()
