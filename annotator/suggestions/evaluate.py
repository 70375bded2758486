"""The suggester measured against one coder: document-level folds, the two baselines from the same run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.models import Code
from annotator.storage import Project
from annotator.suggestions.corpus import CorpusUnits
from annotator.suggestions.from_project import coded_documents, coder_spans, known_coder, load_units
from annotator.suggestions.metrics import Tally, summary
from annotator.suggestions.suggester import DEFAULT_MIN_SCORE, Suggester, Training

SYSTEMS = ("suggester", "codebook_rules", "most_frequent")


def folds_of(documents: Sequence[str], folds: int) -> list[list[str]]:
    """Documents dealt round-robin into `folds` groups (never more groups than documents)."""
    count = min(folds, len(documents))
    return [list(documents[index::count]) for index in range(count)]


def evaluate_units(
    units: CorpusUnits,
    codes: Sequence[Code],
    documents: Sequence[str],
    labels: dict[str, list[bool]],
    *,
    folds: int = 5,
    min_score: float = DEFAULT_MIN_SCORE,
    learned: Suggester | None = None,
) -> dict[str, Any]:
    """Train on the other folds' documents and propose for each fold's; figures of the three systems.

    `learned` stands in for the shipped suggester (benchmarks/suggest_embeddings.py measures another
    model in the same folds)."""
    if len(documents) < 2:
        raise InputError("evaluation needs at least two documents the coder has coded")
    tallies = {system: {code.id: Tally() for code in codes} for system in SYSTEMS}
    learned = learned or Suggester(codes, units.texts)
    rules = Suggester(codes, units.texts, learn=False)
    for test in folds_of(documents, folds):
        train_rows = units.rows_of(doc for doc in documents if doc not in test)
        test_rows = units.rows_of(test)
        learned.train(Training(tuple(train_rows), {code: [labels[code][row] for row in train_rows] for code in labels}))
        for system, suggester in (("suggester", learned), ("codebook_rules", rules)):
            scored = suggester.scores(test_rows, min_score)
            for code in codes:
                proposed = [scores.get(code.id, (0.0, ""))[0] >= min_score for scores in scored]
                tallies[system][code.id].add(proposed, [labels[code.id][row] for row in test_rows])
        for code in codes:
            coded = [labels[code.id][row] for row in train_rows]
            majority = sum(coded) * 2 > len(coded)  # each code's most frequent answer in the training folds
            tallies["most_frequent"][code.id].add(
                [majority] * len(test_rows), [labels[code.id][row] for row in test_rows]
            )
    return {system: summary(tallies[system]) for system in SYSTEMS}


def evaluate(
    project: Project, coder: str, *, unit: str = "paragraph", folds: int = 5, min_score: float = DEFAULT_MIN_SCORE
) -> dict[str, Any]:
    """`annotator suggest evaluate`: the coder's coded documents in `folds` document-level folds."""
    if folds < 2:
        raise InputError(f"--folds must be 2 or more (got {folds})")
    return evaluate_units(*evaluation_data(project, coder, unit), folds=folds, min_score=min_score)


def evaluation_data(
    project: Project, coder: str, unit: str
) -> tuple[CorpusUnits, list[Code], list[str], dict[str, list[bool]]]:
    """What an evaluation against the coder reads: every unit, the codes, the documents they coded, and their labels."""
    codes = project.codes.visible_to(known_coder(project, coder))
    units = load_units(project, unit)
    documents = [doc for doc in project.documents.ids() if doc in coded_documents(project, coder) and units.rows[doc]]
    labels = units.labels(coder_spans(project, coder, [code.id for code in codes]), [code.id for code in codes])
    return units, codes, documents, labels
