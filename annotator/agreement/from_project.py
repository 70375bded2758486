"""Read a project into the plain values agreement works on (for the CLI and the TUI alike)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.agreement.spans import SpanData
from annotator.query.selection import SpanSelection
from annotator.storage import Project


def project_span_data(project: Project, with_text: bool, coders: Sequence[str] | None = None) -> SpanData:
    """Everything agreement reads from a project, as plain values (texts only when needed).

    With `coders`, only their spans are read (through an index): the memory and time of a
    comparison follow the compared coders' spans, not the whole project's.
    """
    if with_text:
        documents: dict[str, int | str] = {document.id: document.text for document in project.documents.all()}
    else:
        documents = dict(project.documents.lengths())
    every_coder = project.coders.all()
    codes = project.codes.all()
    read = every_coder if coders is None else [coder for coder in dict.fromkeys(coders) if coder in every_coder]
    return SpanData(
        documents=documents,
        spans=SpanSelection(coders=None if coders is None else read).tuples(project),
        coded_documents={coder: project.coders.done_documents(coder) for coder in read},
        codes=[code.id for code in codes],
        coders=every_coder,
        turns=project_turns(project),
        code_parents={code.id: code.parent for code in codes},
        reference_coders=frozenset(project.coders.references()),
        code_names={code.id: code.name for code in codes},
    )


def project_turns(project: Project) -> dict[str, list[tuple[int, int]]]:
    """The offset ranges of every transcript's speaker turns, by document."""
    turns: dict[str, list[tuple[int, int]]] = {}
    for passage in project.documents.passages():
        if passage.attributes.get("kind") == "turn":
            turns.setdefault(passage.document_id, []).append((passage.start, passage.end))
    return turns
