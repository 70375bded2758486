"""`suggest evaluate` on the bundled corpus: the JSON keys of the issue, and the suggester beating both baselines."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.storage import Project
from annotator.suggestions.evaluate import evaluate, folds_of
from annotator.suggestions.metrics import Tally

FIGURES = {"precision", "recall", "f1", "macro_f1", "alpha", "per_code"}


def test_the_suggester_beats_both_baselines_on_micro_f1_against_the_report(bundled: Path, run_cli) -> None:
    result = run_cli(
        "suggest", "evaluate", "--db", bundled, "--coder", "report", "--unit", "paragraph", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures) == {"suggester", "codebook_rules", "most_frequent"}
    assert all(set(system) == FIGURES for system in figures.values())
    suggester, rules, frequent = (figures[name]["f1"] for name in ("suggester", "codebook_rules", "most_frequent"))
    assert suggester > rules and suggester > frequent
    assert figures["suggester"]["alpha"] > figures["codebook_rules"]["alpha"]
    assert figures["suggester"]["per_code"]["wage-deduction"]["support"] == 17  # paragraphs the report coded so


def test_an_evaluation_is_the_same_each_run_and_reads_only_the_evaluated_coders_spans(bundled: Path) -> None:
    with Project.open(bundled) as project:
        first = evaluate(project, "report", folds=3)
        project.spans.add("someone", "A", "bribery", 0, 100)
        assert evaluate(project, "report", folds=3) == first


def test_folds_are_whole_documents_and_figures_say_undefined_rather_than_zero() -> None:
    assert folds_of(["A", "B", "C", "D", "E"], 2) == [["A", "C", "E"], ["B", "D"]]
    assert folds_of(["A", "B"], 5) == [["A"], ["B"]]
    silent = Tally()
    silent.add([False, False], [True, False])
    figures = silent.figures()
    assert figures["precision"] is None and figures["recall"] == 0.0 and figures["f1"] == 0.0
