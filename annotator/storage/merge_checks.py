"""What a packet must satisfy before anything of it is merged: its own texts, and every incoming span.

A packet is a project file that travelled: anyone could have edited it with an SQLite browser.
So nothing it says about itself is trusted. Document texts are compared by hashes recomputed
from the texts (its `content_hash` column may lie), and every span it would write here is
checked as `import-spans` checks a row: a known document and code, offsets inside the text, the
span's text equal to the document's slice, a usable coder name. Messages name ids only, never
testimony text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.models import Event, Span, content_hash
from annotator.storage.base import check_coder_name
from annotator.storage.project import Project


class MergeRefused(AnnotatorError):
    """A packet that cannot be merged: other document texts, an incompatible codebook or an invalid span."""


def recomputed_hashes(project: Project) -> dict[str, str]:
    """The content hash of every document, computed from its text rather than read from the hash column."""
    return {doc_id: content_hash(text) for doc_id, text in project.db.execute("SELECT id, text FROM documents")}


def differing_documents(project: Project, packet: Project) -> list[str]:
    """Each packet document missing here or holding another text, as `id (why)`, sorted; ids only."""
    ours, theirs = recomputed_hashes(project), recomputed_hashes(packet)
    stored = packet.document_hashes()
    found = []
    for doc_id, digest in theirs.items():
        if doc_id not in ours:
            found.append(f"{doc_id} (not in this project)")
        elif ours[doc_id] != digest:
            lie = "; its stored hash says otherwise" if stored.get(doc_id) == ours[doc_id] else ""
            found.append(f"{doc_id} (text differs{lie})")
    return sorted(found)


def check_incoming_spans(project: Project, packet: Project, spans: Iterable[Span], code_ids: set[str]) -> None:
    """Refuse the packet (naming it and the span id) at the first span that would not be a valid span here."""
    texts: dict[str, str | None] = {}
    for span in spans:
        problem = _span_problem(project, span, code_ids, texts)
        if problem:
            raise MergeRefused(f"{packet.path}: span {span.id}: {problem}; nothing was merged")


def check_incoming_events(project: Project, packet: Project, events: Iterable[Event]) -> None:
    """Refuse the packet at the first copied event whose span state (what an undo would write) is not a valid span here.

    The code is not checked: a state may name an in-vivo code the coder later deleted, which an
    undo of that deletion brings back.
    """
    texts: dict[str, str | None] = {}
    for event in events:
        if event.entity != "span":
            continue
        for state in (event.before, event.after):
            if state is None:
                continue
            span = _span_of_state(state)
            problem = "holds a malformed span state" if span is None else _span_problem(project, span, None, texts)
            if problem:
                raise MergeRefused(
                    f"{packet.path}: event {event.id} (span {event.span_id}): {problem}; nothing was merged"
                )


def _span_of_state(state: dict[str, Any]) -> Span | None:
    """The span an event state describes, or None when it lacks a field."""
    try:
        return Span.from_state(state)
    except (KeyError, TypeError):
        return None


def check_incoming_progress(
    project: Project, packet: Project, keys: Iterable[tuple[str, str]], coders: set[str]
) -> None:
    """Refuse the packet when a done mark it brings names a document or coder this project will not have."""
    documents = {doc_id for (doc_id,) in project.db.execute("SELECT id FROM documents")}
    for coder, document in keys:
        if document not in documents:
            raise MergeRefused(
                f"{packet.path}: a done mark of {coder!r} names document {document!r}, which is not "
                "in this project; nothing was merged"
            )
        if coder not in coders:
            raise MergeRefused(
                f"{packet.path}: a done mark names coder {coder!r}, whom the packet does not list; nothing was merged"
            )


def check_incoming_coders(packet: Project, names: Iterable[str]) -> None:
    """Refuse the packet when a coder it would add here has an unusable name."""
    for name in names:
        if _bad_coder(name):
            raise MergeRefused(f"{packet.path}: coder {name!r} is not usable: {_bad_coder(name)}; nothing was merged")


def _span_problem(project: Project, span: Span, code_ids: set[str] | None, texts: dict[str, str | None]) -> str | None:
    """Why `span` cannot be written here, or None (`code_ids` None: any code)."""
    if not isinstance(span.document_id, str):
        return "names no document"
    if span.document_id not in texts:
        row = project.db.execute("SELECT text FROM documents WHERE id = ?", [span.document_id]).fetchone()
        texts[span.document_id] = row[0] if row else None
    text = texts[span.document_id]
    if text is None:
        return f"names document {span.document_id!r}, which is not in this project"
    if code_ids is not None and span.code_id not in code_ids:
        return f"names code {span.code_id!r}, which is neither in this project's codebook nor in the packet's"
    if not isinstance(span.start, int) or not isinstance(span.end, int) or not 0 <= span.start < span.end <= len(text):
        return (
            f"offsets {span.start}-{span.end} are not a span of document {span.document_id!r} "
            f"(need 0 <= start < end <= {len(text)})"
        )
    if span.text != text[span.start : span.end]:
        return f"its text does not match document {span.document_id!r} at {span.start}-{span.end}"
    coder = _bad_coder(span.coder)
    if coder:
        return f"coder name is not usable: {coder}"
    return None


def _bad_coder(name: object) -> str | None:
    """Why a coder name from a packet is unusable, or None (it must already be in its checked form)."""
    if not isinstance(name, str):
        return "not text"
    try:
        if check_coder_name(name) != name:
            return "spaces around it"
    except InputError:
        return "1 to 100 characters, no commas or control characters"
    return None
