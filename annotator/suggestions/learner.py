"""The per-code classifier learned from one coder's units: TF-IDF over words and character n-grams, logistic regression.

scikit-learn is imported inside the functions that need it, so the command line starts without it.
Nothing learned is ever written anywhere: a model lives in memory and is rebuilt from the spans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Below this many positive units a code's model is not trusted: its rules speak for it.
MIN_POSITIVES = 2
WHY_WORDS = 3
# Inverse regularisation strength: the texts are few and short, so the model may lean on single words.
C = 10.0
# Coded units after which a code the coder never used is taken as one they do not use here.
UNUSED_AFTER = 20


class Features:
    """Texts as TF-IDF vectors: words and word pairs (for `why`) beside character n-grams (spelling
    variants, transliterated names: Pyongyang, Pyoungyang). Fitted once on every unit of the corpus
    (no labels: fitting it on the texts to be suggested for leaks no coding), so retraining after
    a coding action only refits the models of the codes whose labels changed."""

    def __init__(self, texts: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, stop_words="english")
        # An n-gram in two units at least; a one-unit project (a first paragraph) keeps its own, or fitting refuses.
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2 if len(texts) > 1 else 1
        )
        self.word_count = 0
        self.matrix = self._fit(texts)

    def _fit(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import hstack

        words = self.words.fit_transform(texts)
        self.word_count = words.shape[1]
        self.names = self.words.get_feature_names_out()
        return hstack([words, self.chars.fit_transform(texts)]).tocsr()


@dataclass
class CodeModels:
    """One logistic regression per code, each refitted only when its labels change."""

    features: Features
    models: dict[str, Any] = field(default_factory=dict)
    # Codes the coder never used in UNUSED_AFTER or more training units: their rules are silenced.
    unused: frozenset[str] = frozenset()
    _labels: dict[str, tuple[tuple[int, ...], tuple[bool, ...]]] = field(default_factory=dict)

    def fit(self, rows: Sequence[int], labels: Mapping[str, Sequence[bool]]) -> list[str]:
        """Fit each code whose labels (one per training row of the features) changed since the last
        fit; the codes refitted.

        Logistic regression is fitted by log loss, so its probabilities are calibrated as they come;
        a separate calibration (CalibratedClassifierCV) needs several positives per fold, more than
        a coder has early on. `balanced` weights keep a rare code from being drowned by the rest."""
        from sklearn.linear_model import LogisticRegression

        refitted = []
        chosen = tuple(rows)
        self.unused = frozenset(
            code for code, values in labels.items() if len(chosen) >= UNUSED_AFTER and not any(values)
        )
        matrix = None
        for code_id, values in labels.items():
            key = (chosen, tuple(values))
            if self._labels.get(code_id) == key:
                continue
            self._labels[code_id] = key
            positives = sum(key[1])
            if positives < MIN_POSITIVES or positives == len(chosen):
                self.models.pop(code_id, None)
                continue
            if matrix is None:
                matrix = self.features.matrix[list(chosen)]
            # Warm-started from the code's last fit: one changed label moves the optimum a little, so
            # a refit takes a few L-BFGS steps instead of dozens (benchmarks/suggest.py).
            model = self.models.get(code_id) or LogisticRegression(
                C=C, class_weight="balanced", solver="lbfgs", warm_start=True, max_iter=500
            )
            model.fit(matrix, list(key[1]))
            self.models[code_id] = model
            refitted.append(code_id)
        for code_id in set(self.models) - set(labels):
            del self.models[code_id]
        return refitted

    def probabilities(self, vectors: Any) -> dict[str, Any]:
        """The probability of each code with a model, one per row of `vectors` (a numpy array per code)."""
        return {code_id: model.predict_proba(vectors)[:, 1] for code_id, model in self.models.items()}

    def why(self, code_id: str, vectors: Any, row: int) -> str:
        """The words of one row of `vectors` that pull most towards the code: what `why` shows."""
        import numpy

        weights = self.models[code_id].coef_[0]
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        columns, values = vectors.indices[start:end], vectors.data[start:end]
        words = columns < self.features.word_count
        columns, pulls = columns[words], values[words] * weights[columns[words]]
        # In numpy, not a Python loop over the row's features: this ran for every score kept, and on a long
        # testimony took seconds of the screen's worker. Strongest pull first, ties by the later column.
        order = numpy.lexsort((-columns, -pulls))[:WHY_WORDS]
        strongest = [str(self.features.names[columns[i]]) for i in order if pulls[i] > 0]
        return "learned words: " + ", ".join(strongest) if strongest else "learned from your coding"
