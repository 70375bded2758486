"""How a message names a row of the event log, and who changed it last (ids only, never testimony text)."""

from __future__ import annotations

import json
from typing import Any

from annotator.storage.entities import read_state

# What a message calls a row of each entity of the event log (ids only, never testimony text).
ROW_NAMES = {
    "span": "span",
    "code": "code",
    "document": "document",
    "passage": "passage",
    "coder": "coder",
    "pseudonym": "register entry",
    "pseudonym_candidate": "pseudonym candidate",
}


def row_label(db: Any, entity: str, key: str) -> str:
    """A row as a message names it: its kind and key (a speaker turn, a done mark, a review list ...)."""
    if entity == "progress":
        coder, document_id = json.loads(key)
        return f"the done mark of {coder!r} on document {document_id!r}"
    if entity == "meta":
        if key.startswith("review:"):
            return f"the review list of document {key.removeprefix('review:')!r}"
        return "the to-recode list" if key == "to_recode" else f"the project setting {key!r}"
    if entity == "passage":
        state = read_state(db, entity, key)
        if state is not None and json.loads(state["attributes"]).get("kind") == "turn":
            return f"speaker turn {key} of document {state['document_id']!r}"
        return f"passage {key}"
    if entity == "span":
        return f"span {key}"
    return f"{ROW_NAMES.get(entity, entity)} {key!r}"


def last_change(db: Any, entity: str, key: str) -> tuple[str, str] | None:
    """(coder, action kind) of the newest logged event on a row, or None when no event names it."""
    row = db.execute(
        "SELECT coder, kind FROM events WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1", [entity, key]
    ).fetchone()
    return (row[0], row[1]) if row else None


def changed_by(db: Any, entity: str, key: str) -> str:
    """'<row> was changed by <coder> (<kind>)', from the newest event on the row, for a conflict message."""
    found = last_change(db, entity, key)
    who = f"by {found[0]} ({found[1]})" if found else "outside the action log (an import, a merge or a hand edit)"
    return f"{row_label(db, entity, key)} was changed {who}"
