"""Read a project into the plain values agreement works on (for the CLI and the TUI alike)."""

from __future__ import annotations

from annotator.agreement.spans import SpanData
from annotator.storage import Project


def project_span_data(project: Project, with_text: bool) -> SpanData:
    """Everything agreement reads from a project, as plain values (texts only when needed)."""
    if with_text:
        documents: dict[str, int | str] = {document.id: document.text for document in project.documents()}
    else:
        documents = dict(project.document_lengths())
    coders = project.coders()
    return SpanData(
        documents=documents,
        spans=[tuple(row) for row in project.span_tuples()],  # type: ignore[misc]
        coded_documents={coder: project.done_documents(coder) for coder in coders},
        codes=[code.id for code in project.codes()],
        coders=coders,
    )
