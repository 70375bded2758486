"""Turn database rows into domain objects at the storage boundary; nothing above sees a row."""

from __future__ import annotations

import json
from typing import Any

from annotator.domain.models import Code, CodeExample, Document, Event, Passage, Span

SPAN_COLUMNS = "id, document_id, code_id, coder, start_offset, end_offset, text, memo, created_at, updated_at"
CODE_COLUMNS = "id, name, parent_id, colour, key, definition, include, exclude, examples, guid"
DOCUMENT_COLUMNS = "id, title, text, attributes"
EVENT_COLUMNS = "id, batch, at, coder, kind, span_id, before, after, reverts, detail, entity, entity_id"


def span_from_row(row: tuple[Any, ...]) -> Span:
    """A Span from a row selected with SPAN_COLUMNS."""
    return Span(*row)


def code_from_row(row: tuple[Any, ...]) -> Code:
    """A Code from a row selected with CODE_COLUMNS."""
    code_id, name, parent, colour, key, definition, include, exclude, examples, guid = row
    return Code.model_construct(
        id=code_id,
        name=name,
        parent=parent,
        colour=colour,
        key=key,
        definition=definition,
        include=include,
        exclude=exclude,
        examples=tuple(CodeExample.model_construct(**item) for item in json.loads(examples)),
        guid=guid,
    )


def document_from_row(row: tuple[Any, ...]) -> Document:
    """A Document from a row selected with DOCUMENT_COLUMNS."""
    doc_id, title, text, attributes = row
    return Document.model_construct(id=doc_id, title=title, text=text, attributes=json.loads(attributes))


def passage_from_row(row: tuple[Any, ...]) -> Passage:
    """A Passage from (document_id, start_offset, end_offset, section, attributes)."""
    document_id, start, end, section, attributes = row
    return Passage.model_construct(
        document_id=document_id, start=start, end=end, section=section, attributes=json.loads(attributes)
    )


def event_from_row(row: tuple[Any, ...]) -> Event:
    """An Event from a row selected with EVENT_COLUMNS."""
    event_id, batch, at, coder, kind, span_id, before, after, reverts, detail, entity, entity_id = row
    return Event(
        id=event_id,
        batch=batch,
        at=at,
        coder=coder,
        kind=kind,
        span_id=span_id,
        before=json.loads(before) if before else None,
        after=json.loads(after) if after else None,
        reverts=reverts,
        detail=json.loads(detail) if detail else {},
        entity=entity,
        entity_id=entity_id,
    )
