"""The suggester: codebook rules for every code, and for codes the coder has coded enough, their learned model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.models import Code
from annotator.suggestions.learner import CodeModels, Features
from annotator.suggestions.rules import CodebookRules

# The version every suggestion and every accepted suggestion's event names.
SUGGESTER_VERSION = "annotator-suggest/1 rules+tfidf-logreg"
DEFAULT_MIN_SCORE = 0.5

Scores = dict[str, tuple[float, str]]


@dataclass(frozen=True)
class Training:
    """What a coder's suggester learns from: rows of the corpus's units and, per code, whether each was coded with it."""

    rows: tuple[int, ...]
    labels: Mapping[str, Sequence[bool]]


class Suggester:
    """Scores units for codes; `learn=False` is the codebook rules alone (the cold start, and a baseline)."""

    def __init__(self, codes: Sequence[Code], texts: Sequence[str], *, learn: bool = True) -> None:
        """`texts` are every unit of the corpus, in the order Training rows and `scores` rows number them."""
        self.codes = list(codes)
        self.rules = CodebookRules(self.codes)
        self.texts = list(texts)
        self.models = CodeModels(Features(self.texts)) if learn and self.texts else None

    def train(self, training: Training) -> list[str]:
        """Refit the codes whose labels changed; the codes refitted."""
        return self.models.fit(training.rows, training.labels) if self.models is not None else []

    def scores(self, rows: Sequence[int], min_score: float = 0.0) -> list[Scores]:
        """For each of the given unit rows, (score, why) of every code scoring `min_score` or more.

        A code with a model takes the stronger of its model and its rules (measured better than the
        model alone, or their mean: docs/suggestions.md); a code without one, its rules, unless the
        coder has coded enough units without ever using it. `why` is worked out only for the scores kept."""
        models = self.models
        if models is None or not rows:
            return [self.rules.scores(self.texts[row], min_score) for row in rows]
        vectors = models.features.matrix[list(rows)]
        learned: dict[str, Any] = models.probabilities(vectors)
        found: list[Scores] = []
        for index, row in enumerate(rows):
            scores = {
                code: score
                for code, score in self.rules.scores(self.texts[row], min_score).items()
                if code not in models.unused
            }
            for code_id, probabilities in learned.items():
                probability = float(probabilities[index])
                rule = scores.get(code_id)
                if probability >= min_score and (rule is None or probability >= rule[0]):
                    scores[code_id] = (probability, models.why(code_id, vectors, index))
            found.append(scores)
        return found
