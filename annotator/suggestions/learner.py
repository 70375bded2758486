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
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
        self.word_count = 0
        self.matrix = self._fit(texts)

    def _fit(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import hstack

        words = self.words.fit_transform(texts)
        self.word_count = words.shape[1]
        self.names = self.words.get_feature_names_out()
        return hstack([words, self.chars.fit_transform(texts)]).tocsr()

    def transform(self, texts: Sequence[str]) -> Any:
        """Vectors of new texts in the fitted vocabulary."""
        from scipy.sparse import hstack

        return hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()


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
            model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
            model.fit(matrix, list(key[1]))
            self.models[code_id] = model
            refitted.append(code_id)
        for code_id in set(self.models) - set(labels):
            del self.models[code_id]
        return refitted

    def predict(self, vectors: Any) -> dict[str, list[tuple[float, str]]]:
        """(probability, why) per code with a model, one per row of `vectors`; why = the strongest words."""
        found: dict[str, list[tuple[float, str]]] = {}
        words = vectors[:, : self.features.word_count].tocsr()
        for code_id, model in self.models.items():
            probabilities = model.predict_proba(vectors)[:, 1]
            weights = model.coef_[0][: self.features.word_count]
            found[code_id] = [
                (float(probability), self._why(words.getrow(row), weights))
                for row, probability in enumerate(probabilities)
            ]
        return found

    def _why(self, row: Any, weights: Any) -> str:
        pulls = sorted(
            ((value * weights[column], column) for column, value in zip(row.indices, row.data)), reverse=True
        )
        strongest = [str(self.features.names[column]) for pull, column in pulls[:WHY_WORDS] if pull > 0]
        return "learned words: " + ", ".join(strongest) if strongest else "learned from your coding"
