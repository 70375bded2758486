"""Which documents a query looks at: `--where` on attributes (=, !=, ~ contains) and document ids."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.query.errors import QueryError

_CONDITION = re.compile(r"^\s*(?P<key>[^=!~]+?)\s*(?P<op>!=|=|~)\s*(?P<value>.*?)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Condition:
    """One `--where`: an attribute, `=`, `!=` or `~`, and the values it accepts (`a|b` is a or b)."""

    key: str
    operator: str
    values: tuple[str, ...]
    written: str = ""

    def accepts(self, attributes: Mapping[str, object]) -> bool:
        """Whether a document with these attributes passes (case-insensitive; a missing attribute is '')."""
        value = str(attributes.get(self.key, "")).casefold()
        wanted = [item.casefold() for item in self.values]
        if self.operator == "=":
            return value in wanted
        if self.operator == "!=":
            return value not in wanted
        # `~` contains; so "Russia" finds "Russia", "Russia, Yemen" and "Czech Republic, Russia".
        return any(item in value for item in wanted)


def parse_condition(text: str) -> Condition:
    """A condition from `key=value`, `key!=value` or `key~value` (values joined by | are alternatives)."""
    match = _CONDITION.match(text)
    if match is None or not match.group("key").strip():
        raise QueryError(f"--where {text!r}: write attribute=value, attribute!=value or attribute~value")
    values = tuple(value.strip() for value in match.group("value").split("|"))
    return Condition(match.group("key").strip(), match.group("op"), values, text)


def documents_in_scope(
    attributes: Mapping[str, Mapping[str, object]], where: Sequence[str], documents: Sequence[str] = ()
) -> list[str]:
    """The documents (in project order) that pass every `--where` and, when named, are among `documents`;
    QueryError for an attribute no document has, or a document the project does not hold."""
    conditions = [parse_condition(text) for text in where]
    known = {key for attrs in attributes.values() for key in attrs}
    for condition in conditions:
        if condition.key not in known:
            names = ", ".join(sorted(known)) or "none"
            raise QueryError(
                f"--where: unknown attribute {condition.key!r}; the documents have: {names}", condition.written, 1
            )
    for document_id in documents:
        if document_id not in attributes:
            raise QueryError(f"--document: no document {document_id!r} in the project")
    named = set(documents)
    return [
        document_id
        for document_id, attrs in attributes.items()
        if (not named or document_id in named) and all(condition.accepts(attrs) for condition in conditions)
    ]
