"""Coders compared on a project (the one path of `annotator agreement`, `disagreements` and the agreement screen)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.agreement import SpanOptions, find_disagreements, span_report
from annotator.agreement.from_project import project_span_data
from annotator.agreement.project_comparison import compare_coders, project_disagreements
from annotator.storage import NewSpan, Project

SPANS = {
    "ann": [("A", "bribery", 40, 60), ("A", "wage-deduction", 0, 30), ("B", "surveillance", 0, 20)],
    "bob": [("A", "bribery", 45, 60), ("B", "surveillance", 5, 25), ("B", "informants", 30, 40)],
    "cho": [("A", "wage-deduction", 3, 33), ("B", "informants", 0, 10)],
}


@pytest.fixture
def coded(small_project: Path) -> Path:
    """The small project coded by ann, bob and cho (cho marked B done)."""
    with Project.open(small_project) as project:
        for coder, spans in SPANS.items():
            project.spans.add_many(coder, [NewSpan(*span) for span in spans])
        project.coders.set_done("cho", "B")
    return small_project


OPTIONS = [
    SpanOptions(coders=["ann", "bob"]),
    SpanOptions(coders=["bob", "cho"], documents=["B"], per_document=False),
    SpanOptions(codes=["bribery", "informants"], all_documents=True, unit="word"),
    SpanOptions(bootstrap=5, seed=3),
]


@pytest.mark.parametrize("options", OPTIONS)
def test_the_report_is_span_report_on_everything_the_project_holds(coded: Path, options: SpanOptions) -> None:
    with Project.open(coded, readonly=True) as project:
        comparison = compare_coders(project, options)
        every = project_span_data(project, with_text=True)
    assert comparison.report == span_report(every, options)


@pytest.mark.parametrize("options", OPTIONS)
def test_the_disagreements_are_those_of_the_compared_selection(coded: Path, options: SpanOptions) -> None:
    with Project.open(coded, readonly=True) as project:
        comparison = compare_coders(project, options, quotes=True)
        every = project_span_data(project, with_text=True)
    selection = {
        "coders": comparison.report.coders,
        "documents": options.documents,
        "all_documents": options.all_documents,
    }
    assert comparison.disagreements() == find_disagreements(every, codes=list(comparison.report.codes), **selection)
    assert comparison.disagreements(["bribery"]) == find_disagreements(every, codes=["bribery"], **selection)
    assert all(item.text for item in comparison.disagreements())  # quoted


def test_only_the_compared_coders_spans_and_texts_only_when_needed_are_read(coded: Path) -> None:
    with Project.open(coded, readonly=True) as project:
        figures_only = compare_coders(project, SpanOptions(coders=["ann", "bob"]))
        quoted = compare_coders(project, SpanOptions(coders=["ann", "bob"]), quotes=True)
        by_word = compare_coders(project, SpanOptions(coders=["ann", "bob"], unit="word"))
    assert {span[1] for span in figures_only.data.spans} == {"ann", "bob"}
    assert all(isinstance(length, int) for length in figures_only.data.documents.values())
    assert all(isinstance(text, str) for text in quoted.data.documents.values())
    assert all(isinstance(text, str) for text in by_word.data.documents.values())


def test_progress_is_told_of_each_bootstrap_replicate(coded: Path) -> None:
    calls: list[tuple[int, int]] = []
    with Project.open(coded, readonly=True) as project:
        compare_coders(project, SpanOptions(bootstrap=4), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4)


@pytest.mark.parametrize(
    "options",
    [SpanOptions(), SpanOptions(coders=["cho", "bob"], codes=["informants"]), SpanOptions(documents=["A"])],
)
def test_project_disagreements_are_find_disagreements_on_the_project(coded: Path, options: SpanOptions) -> None:
    with Project.open(coded, readonly=True) as project:
        items, coders = project_disagreements(project, options)
        every = project_span_data(project, with_text=True)
    selection = {name: getattr(options, name) for name in ("coders", "codes", "documents", "all_documents")}
    assert items == find_disagreements(every, **selection) and items
    assert list(coders) == (list(options.coders) if options.coders else ["ann", "bob", "cho"])
