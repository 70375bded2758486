"""Agreement reads only the compared coders' spans, and the report is the same as from all of them."""

from __future__ import annotations

from pathlib import Path

from annotator.agreement import SpanOptions, span_report
from annotator.agreement.from_project import project_span_data
from annotator.storage import NewSpan, Project


def test_reading_only_the_compared_coders_changes_no_figure(small_project: Path) -> None:
    with Project.open(small_project) as project:
        for coder, spans in {
            "ann": [("A", "bribery", 40, 60), ("A", "wage-deduction", 0, 30), ("B", "surveillance", 0, 20)],
            "bob": [("A", "bribery", 45, 60), ("B", "surveillance", 5, 25)],
            "cho": [("A", "wage-deduction", 3, 33), ("B", "informants", 0, 10)],
        }.items():
            project.spans.add_many(coder, [NewSpan(*span) for span in spans])
        project.coders.set_done("cho", "B")
        options = SpanOptions(coders=["ann", "bob"])
        every = project_span_data(project, with_text=False)
        compared = project_span_data(project, with_text=False, coders=["ann", "bob"])
    assert {span[1] for span in compared.spans} == {"ann", "bob"} and len(every.spans) == 7
    assert span_report(compared, options).as_json() == span_report(every, options).as_json()
