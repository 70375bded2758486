"""Codebook rules (the cold start): each code's name, include text and examples as phrases and words; its exclude text as evidence against."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain.models import Code
from annotator.suggestions.words import content_words, normalised

# A phrase of the codebook found in the unit: as strong as the rules get.
PHRASE_SCORE = 0.9
# Weighted words needed for a score of one half (about four distinctive codebook words): chosen as the
# best micro F1 of the rules alone on the bundled corpus (docs/benchmarks.md), to make their baseline fair.
HALF_SCORE_WEIGHT = 16.0
_QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
_SHORTEST_PHRASE = 3  # characters of a normalised phrase, not counting its padding


@dataclass(frozen=True)
class CodeRule:
    """What the codebook says of one code, as phrases and weighted word stems."""

    code_id: str
    name: str
    phrases: tuple[tuple[str, str], ...]  # (normalised phrase, what `why` calls it)
    words: dict[str, float]
    against: frozenset[str]


def _phrases(code: Code) -> tuple[tuple[str, str], ...]:
    found = [(normalised(code.name), f"the code's name {code.name!r}")]
    found += [(normalised(example.quote.rstrip(". …")), "a codebook example") for example in code.examples]
    found += [
        (normalised(quoted.rstrip(". …")), "a phrase of its include text") for quoted in _QUOTED.findall(code.include)
    ]
    return tuple((phrase, label) for phrase, label in found if len(phrase.strip()) >= _SHORTEST_PHRASE)


def _weights(code: Code) -> dict[str, float]:
    weights: dict[str, float] = {}
    for text, weight in ((code.name, 2.0), (code.definition, 1.0), (code.include, 1.0)):
        for word in set(content_words(text)):
            weights[word] = max(weights.get(word, 0.0), weight)
    for example in code.examples:
        for word in set(content_words(example.quote)):
            weights[word] = max(weights.get(word, 0.0), 0.5)
    return weights


class CodebookRules:
    """Scores from the codebook alone, before anything is coded; `why` names the rule that fired."""

    def __init__(self, codes: Sequence[Code]) -> None:
        weights = {code.id: _weights(code) for code in codes}
        # A word many codes mention tells little about any one of them (inverse frequency over codes).
        spread = Counter(word for code_weights in weights.values() for word in code_weights)
        count = max(len(codes), 1)
        self.rules = [
            CodeRule(
                code.id,
                code.name,
                _phrases(code),
                {word: weight * math.log(1 + count / spread[word]) for word, weight in weights[code.id].items()},
                frozenset(content_words(code.exclude)) - set(weights[code.id]),
            )
            for code in codes
        ]

    def scores(self, text: str, min_score: float = 0.0) -> dict[str, tuple[float, str]]:
        """(score in 0..1, why) for each code whose evidence in `text` scores `min_score` or more (and above 0)."""
        phrased = normalised(text)
        stems = set(content_words(text))
        found: dict[str, tuple[float, str]] = {}
        for rule in self.rules:
            phrase = next((label for phrase, label in rule.phrases if phrase in phrased), None)
            if phrase is not None:
                if min_score <= PHRASE_SCORE:
                    found[rule.code_id] = (PHRASE_SCORE, f"codebook: {phrase}")
                continue
            matched = stems & rule.words.keys()
            if not matched:
                continue
            weight = sum(rule.words[word] for word in matched) - 0.5 * len(stems & rule.against)
            score = weight / (weight + HALF_SCORE_WEIGHT) if weight > 0 else 0.0
            if score > 0 and score >= min_score:
                strongest = sorted(matched, key=lambda word: (-rule.words[word], word))[:4]
                found[rule.code_id] = (score, "codebook words: " + ", ".join(strongest))
        return found
