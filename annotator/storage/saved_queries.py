"""Saved queries ("smart codes"): a name for a query, re-evaluated each time; saving and deleting are undoable."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.names import CODE_NAME, check_name
from annotator.storage.actions import Action
from annotator.storage.base import ProjectStore
from annotator.storage.database import now
from annotator.storage.entities import Change, read_state

SAVED_QUERY = "saved_query"
SAVE_KIND = "query-save"
DELETE_KIND = "query-delete"


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its name, expression, options (unit, where, coders ...), who saved it and when."""

    name: str
    expression: str
    options: dict[str, Any]
    coder: str
    created_at: str


def _saved_query(state: dict[str, Any]) -> SavedQuery:
    return SavedQuery(
        state["name"], state["expression"], json.loads(state["options"]), state["coder"], state["created_at"]
    )


class SavedQueryStore(ProjectStore):
    """The saved_queries table."""

    def all(self) -> list[SavedQuery]:
        """Every saved query, by name."""
        cursor = self._db.execute(
            "SELECT name, expression, options, coder, created_at FROM saved_queries ORDER BY name COLLATE NOCASE"
        )
        names = [column[0] for column in cursor.description]
        return [_saved_query(dict(zip(names, row))) for row in cursor.fetchall()]

    def find(self, name: str) -> SavedQuery | None:
        """The saved query of that name, or None."""
        state = read_state(self._db, SAVED_QUERY, name)
        return _saved_query(state) if state is not None else None

    def get(self, name: str) -> SavedQuery:
        """The saved query of that name; InputError when there is none."""
        found = self.find(name)
        if found is None:
            raise InputError(f"no saved query {name!r}; `annotator queries list` lists them")
        return found

    def save(self, coder: str, name: str, expression: str, options: dict[str, Any], *, replace: bool = False) -> Action:
        """Save a query under `name` as one undoable action (refused when the name is taken, unless `replace`)."""
        name = check_name(CODE_NAME, name)
        with self._project.transaction():
            before = read_state(self._db, SAVED_QUERY, name)
            if before is not None and not replace:
                raise InputError(f"a saved query {name!r} exists already; delete it first, or save with --replace")
            self._project.coders.ensure(coder)
            after = {
                "name": name,
                "expression": expression,
                "options": json.dumps(options, ensure_ascii=False, sort_keys=True),
                "coder": coder,
                "created_at": now(),
            }
            change = Change(SAVED_QUERY, name, before, after)
            return self._project.history.record(coder, SAVE_KIND, [change], detail={"name": name})

    def delete(self, coder: str, name: str) -> Action:
        """Delete a saved query as one undoable action; InputError when there is none of that name."""
        with self._project.transaction():
            before = read_state(self._db, SAVED_QUERY, name)
            if before is None:
                raise InputError(f"no saved query {name!r}; `annotator queries list` lists them")
            self._project.coders.ensure(coder)
            change = Change(SAVED_QUERY, name, before, None)
            return self._project.history.record(coder, DELETE_KIND, [change], detail={"name": name})
