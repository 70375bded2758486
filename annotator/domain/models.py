"""The things a project holds: documents, passages, codes, codebooks, spans and events.

Codes, codebooks and documents are pydantic models because people write them by hand (YAML,
corpus files) and they must be validated with precise messages. Spans and events are frozen
slotted dataclasses: a project holds up to millions of them, storage builds them from rows it
already checked, and pydantic validation there would cost more than the SQLite read itself.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from annotator.domain.limits import MAX_CODE_ID, MAX_DOCUMENT_ID
from annotator.domain.names import CODE_NAME, CODEBOOK_NAME, name_problem, refusal

# Matched with re.fullmatch: `$` alone would let a trailing newline through.
CODE_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
COLOUR_PATTERN = r"#[0-9A-Fa-f]{6}"
CODE_KEYS = "1234567890"


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: tells whether two projects hold the same document text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slugify(name: str) -> str:
    """A code id made from a name: lower case, words joined by hyphens (used for in-vivo codes)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "code"


def free_code_id(name: str, taken: Container[str]) -> str:
    """A code id made from `name` that is not in `taken`: its slug, else the slug with -2, -3, ...

    Names in scripts without Latin letters (Korean, Arabic) all slugify to `code`, so the suffix
    is what keeps the second and later ones apart.
    """
    base = slugify(name)[: MAX_CODE_ID - 8].strip("-") or "code"
    code_id, suffix = base, 2
    while code_id in taken:
        code_id, suffix = f"{base}-{suffix}", suffix + 1
    return code_id


def is_code_id(value: str) -> bool:
    """Whether `value` is usable as a code id as it is."""
    return len(value) <= MAX_CODE_ID and re.fullmatch(CODE_ID_PATTERN, value) is not None


class CodeExample(BaseModel):
    """A quotation that shows a code in use, with the document it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quote: str = Field(min_length=1)
    document: str | None = None


class Code(BaseModel):
    """One code of a codebook: what it means, when to use it, how it looks and which key applies it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(max_length=MAX_CODE_ID)
    name: str  # the rule of annotator.domain.names, its length limit included
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[CodeExample, ...] = ()
    parent: str | None = None
    colour: str = "#888888"
    key: str | None = None
    guid: str | None = None

    @field_validator("key", mode="before")
    @classmethod
    def _key_is_a_digit(cls, value: Any) -> Any:
        if value is None:
            return None
        value = str(value)
        if len(value) != 1 or value not in CODE_KEYS:
            raise PydanticCustomError("code_key", "a key is one digit, 0 to 9 (got {value})", {"value": repr(value)})
        return value

    @field_validator("colour")
    @classmethod
    def _colour_is_hex(cls, value: str) -> str:
        if not re.fullmatch(COLOUR_PATTERN, value):
            raise PydanticCustomError(
                "code_colour", "a colour is written #RRGGBB, e.g. '#d62728' (got {value})", {"value": repr(value)}
            )
        return value.lower()

    @field_validator("id")
    @classmethod
    def _id_is_a_slug(cls, value: str) -> str:
        if not re.fullmatch(CODE_ID_PATTERN, value):
            raise PydanticCustomError(
                "code_id",
                "an id uses letters, digits, '-', '_' and '.', starting with a letter or digit (got {value})",
                {"value": repr(value)},
            )
        return value

    @field_validator("name")
    @classmethod
    def _name_follows_the_rule(cls, value: str) -> str:
        return _follows_the_rule(CODE_NAME, value)


def _follows_the_rule(kind: str, value: str) -> str:
    """`value` when it is a usable name of `kind` (annotator.domain.names), else a pydantic error saying why."""
    problem = name_problem(kind, value)
    if problem is not None:
        raise PydanticCustomError("name_rule", "{refusal}", {"refusal": refusal(kind, value, problem)})
    return value


class Codebook(BaseModel):
    """A named list of codes, checked as a whole: unique ids, names and keys, known parents, no cycles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "codebook"
    version: int | str = 1
    description: str = ""
    codes: tuple[Code, ...] = ()

    @field_validator("name")
    @classmethod
    def _name_follows_the_rule(cls, value: str) -> str:
        return _follows_the_rule(CODEBOOK_NAME, value)

    @model_validator(mode="after")
    def _check_whole(self) -> Codebook:
        problems = self.problems()
        if problems:
            raise PydanticCustomError(
                "codebook_rules",
                "{summary}",
                {"summary": "; ".join(message for _, message in problems), "problems": problems},
            )
        return self

    def problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every rule the codes break together, each with the location of the code at fault."""
        found: list[tuple[tuple[str | int, ...], str]] = []
        first_by: dict[str, dict[str, int]] = {"id": {}, "name": {}, "key": {}}
        for index, code in enumerate(self.codes):
            for attribute in ("id", "name", "key"):
                value = getattr(code, attribute)
                if value is None:
                    continue
                seen = first_by[attribute]
                label = value.casefold() if attribute == "name" else value
                if label in seen:
                    found.append(
                        (("codes", index, attribute), f"{attribute} {value!r} is also used by code #{seen[label] + 1}")
                    )
                else:
                    seen[label] = index
        ids = first_by["id"]
        for index, code in enumerate(self.codes):
            if code.parent is not None and code.parent not in ids:
                found.append((("codes", index, "parent"), f"parent {code.parent!r} is not a code id in this codebook"))
        parents = {code.id: code.parent for code in self.codes}
        for index, code in enumerate(self.codes):
            seen_ids = {code.id}
            current = code.parent
            while current is not None and current in parents:
                if current in seen_ids:
                    found.append((("codes", index, "parent"), f"code {code.id!r} is its own ancestor (a cycle)"))
                    break
                seen_ids.add(current)
                current = parents[current]
        return found

    def by_id(self) -> dict[str, Code]:
        """The codes keyed by id."""
        return {code.id: code for code in self.codes}


class Document(BaseModel):
    """A testimony: its id, title, text and attributes (gender, country, ...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=MAX_DOCUMENT_ID)
    title: str = ""
    text: str
    attributes: dict[str, str] = Field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text."""
        return content_hash(self.text)


class Passage(BaseModel):
    """A stretch of a document with metadata of its own (the report section a quote came from)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    document_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    section: str = ""
    attributes: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Span:
    """A coded stretch `[start, end)` of a document, in Unicode code points, by one coder with one code."""

    id: str
    document_id: str
    code_id: str
    coder: str
    start: int
    end: int
    text: str
    memo: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def length(self) -> int:
        """Number of code points covered."""
        return self.end - self.start

    def state(self) -> dict[str, Any]:
        """The fields an event records to restore this span (all but the update time)."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "code_id": self.code_id,
            "coder": self.coder,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "memo": self.memo,
            "created_at": self.created_at,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], stamp: str = "") -> Span:
        """The span an event state records (the inverse of `state`); KeyError when a field is
        missing. `stamp` is the update time, and the creation time when the state has none."""
        return cls(
            id=str(state["id"]),
            document_id=state["document_id"],
            code_id=state["code_id"],
            coder=state["coder"],
            start=state["start"],
            end=state["end"],
            text=state["text"],
            memo=state.get("memo", ""),
            created_at=state.get("created_at") or stamp,
            updated_at=stamp,
        )


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the append-only log: one row (a span, or a code, document, passage, done mark,
    setting: `entity`, keyed by `entity_id`) moved from `before` to `after` (None = absent).

    Events that belong to one user action share a `batch`; an undo or redo is itself a batch of
    events whose `reverts` names the batch it undoes or redoes.
    """

    id: int
    batch: str
    at: str
    coder: str
    kind: str
    span_id: str | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reverts: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    entity: str = "span"
    entity_id: str | None = None
