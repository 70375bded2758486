"""Corpus-wide search: each place a word, prefix or phrase occurs, with its context (keyword in context)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.query.errors import QueryError
from annotator.query.filters import documents_in_scope
from annotator.query.syntax import MAX_QUERY_LENGTH
from annotator.query.text_terms import is_unspaced, occurrences, term_words

if TYPE_CHECKING:
    from annotator.storage import Project

CONTEXT = 40  # characters shown on each side of a hit


@dataclass(frozen=True)
class TextHit:
    """One occurrence: its document and offsets, and the text before, of and after it (one line each)."""

    document_id: str
    start: int
    end: int
    before: str
    match: str
    after: str


def search_text(
    project: Project,
    text: str,
    *,
    where: Sequence[str] = (),
    documents: Sequence[str] = (),
    context: int = CONTEXT,
) -> list[TextHit]:
    """Every occurrence of `text` (words; a trailing `*` makes the last a prefix) in the documents in
    scope, in project order, found through the full-text index."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"search: the text is {len(text):,} characters long; at most {MAX_QUERY_LENGTH:,}")
    words = text.strip()
    prefix = words.endswith("*")
    words = words.rstrip("*").strip()
    unspaced = is_unspaced(words)
    if not words or not (unspaced or term_words(words)):
        raise QueryError("search: give a word, a prefix* or a phrase (letters or digits)")
    if where or documents:
        attributes = {summary.id: summary.attributes for summary in project.documents.summaries()}
        scope = documents_in_scope(attributes, where, documents)
    else:  # no attribute is read: parsing 10,000 documents' attributes cost more than the search
        scope = project.documents.ids()
    matching = project.corpus.documents_matching(words, prefix=prefix, trigram=unspaced)
    wanted = [document_id for document_id in scope if document_id in matching]
    texts = project.corpus.texts(wanted)
    hits = []
    for document_id in wanted:
        body = texts[document_id]
        for start, end in occurrences(body, words, prefix=prefix):
            hits.append(
                TextHit(
                    document_id,
                    start,
                    end,
                    _one_line(body[max(0, start - context) : start]),
                    _one_line(body[start:end]),
                    _one_line(body[end : end + context]),
                )
            )
    return hits


def _one_line(text: str) -> str:
    return " ".join(text.split("\n")).replace("\r", " ").replace("\t", " ")
