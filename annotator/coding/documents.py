"""A testimony's metadata on the coding screen: the attributes and section shown, typed KEY=VALUE
assignments, the review list stepped through, and what a text correction reports."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.coding.ownership import visible_review
from annotator.domain.errors import InputError, shown
from annotator.domain.models import Document, Passage
from annotator.storage import Action, Project
from annotator.storage.corrections import REVIEW_KEY, Replaced


def section_at(passages: Sequence[Passage], offset: int) -> str:
    """The section of the innermost passage holding `offset` (a cursor at a passage's end is still in it)."""
    holding = [p for p in passages if p.start <= offset <= p.end and p.section]
    return min(holding, key=lambda p: p.end - p.start).section if holding else ""


def facts_line(attributes: dict[str, str], section: str) -> str:
    """`§ Recruitment · gender=Male · country=China`: the section first, as it changes with the cursor."""
    parts = ([f"§ {section}"] if section else []) + [f"{name}={value}" for name, value in attributes.items()]
    return " · ".join(parts)


def assignments_text(attributes: dict[str, str]) -> str:
    """The attributes as the prompt shows them to be edited: `gender=Male "country=Arab Emirates"`."""
    return " ".join(shlex.quote(f"{name}={value}") for name, value in attributes.items())


def parse_assignments(typed: str, current: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The values to set and the names to unset so that the attributes become what was typed.

    Shell-style words `KEY=VALUE` (quote a value with spaces); an attribute left out is unset.
    """
    try:
        words = shlex.split(typed)
    except ValueError as error:
        raise InputError(f"the attributes typed are not KEY=VALUE words: {error}") from None
    values: dict[str, str] = {}
    for word in words:
        name, equals, value = word.partition("=")
        if not equals:
            raise InputError(f"{shown(word)} is not KEY=VALUE")
        if name in values:
            raise InputError(f"attribute {shown(name)} is given twice")
        values[name] = value
    changed = {name: value for name, value in values.items() if current.get(name) != value}
    return changed, [name for name in current if name not in values]


@dataclass(frozen=True)
class ReviewItem:
    """One span or passage a text correction left for review, where it is now."""

    entity: str
    id: str
    start: int
    end: int
    label: str
    coder: str = ""  # whose span it is (a passage has none)

    @classmethod
    def from_stored(cls, item: dict[str, Any]) -> ReviewItem:
        """From an item of `project.reviews.list`."""
        label = item.get("code") or item.get("section") or ""
        coder = str(item.get("coder") or "") if item["entity"] == "span" else ""
        return cls(item["entity"], str(item["id"]), item["start"], item["end"], str(label), coder)

    @property
    def key(self) -> tuple[str, str]:
        """What `project.reviews.resolve` takes."""
        return (self.entity, self.id)

    def describe(self) -> str:
        """`span bribery 38–87 by alice` (whose span it is; never the quote)."""
        owner = f" by {self.coder}" if self.coder else ""
        return f"{self.entity} {self.label} {self.start}–{self.end}{owner}".replace("  ", " ")


class ReviewSteps:
    """The review list of the testimony on screen, stepped through like search hits (wrapping around)."""

    def __init__(self, items: Sequence[dict[str, Any]] = ()) -> None:
        self.items = [ReviewItem.from_stored(item) for item in items]
        # The item stepped to last: two coders' spans can share a range, so the selection alone
        # cannot say which of them is current.
        self.current: int | None = None

    def next_item(self, selection: tuple[int, int], direction: int) -> ReviewItem | None:
        """The item after (1) or before (-1) the one selected, else the first one at or after (the last
        one before) the selection in text order, so an item at the cursor is never skipped; wrapping
        around at the ends."""
        if not self.items:
            return None
        count = len(self.items)
        if (
            self.current is not None
            and self.current < count
            and (self.items[self.current].start, self.items[self.current].end) == selection
        ):
            self.current = (self.current + direction) % count
        elif direction > 0:
            # An item selected already (by hand) is passed; an empty selection (the cursor) takes an item there.
            self.current = next((n for n, item in enumerate(self.items) if (item.start, item.end) > selection), 0)
        else:
            self.current = next(
                (n for n in reversed(range(count)) if (self.items[n].start, self.items[n].end) < selection), count - 1
            )
        return self.items[self.current]

    def at(self, start: int, end: int) -> ReviewItem | None:
        """The item selected (the one stepped to, else any with that range), else the first one holding
        the cursor `start`."""
        if self.current is not None and self.current < len(self.items):
            if (self.items[self.current].start, self.items[self.current].end) == (start, end):
                return self.items[self.current]
        exact = [item for item in self.items if (item.start, item.end) == (start, end)]
        holding = [item for item in self.items if item.start <= start <= item.end]
        found = exact or holding
        return found[0] if found else None


def replaced_report(replaced: Replaced, coder: str | None = None, sees_others: bool = True) -> str:
    """What a text correction did, in counts: kept, moved, re-anchored, passages moved, left for review
    (with `coder` coding blind, only the items they may see are counted: `visible_review`)."""
    review = len(replaced.review if coder is None else visible_review(replaced.review, coder, sees_others))
    hidden = len(replaced.review) - review
    return (
        f"Text of {replaced.document_id} corrected: {replaced.kept} span(s) kept, {replaced.moved} moved, "
        f"{replaced.reanchored} re-anchored, {replaced.passages_moved} passage(s) moved; "
        f"{review} item(s) to review"
        + (" (f / F step through them, R resolves)" if review else "")
        + (" and items on other coders' spans (o shows them)" if hidden else "")
        + "."
    )


class TestimonyMetadata:
    """What the coding screen shows of one testimony besides its text and spans, read in one go; the
    review items are those `coder` may see (`visible_review`: blind, only theirs and passages')."""

    def __init__(self, project: Project, document: Document, coder: str, sees_others: bool) -> None:
        self.document_id = document.id
        self.attributes = document.attributes
        self.passages = project.documents.passages(document.id)
        self.coder = coder
        self.sees_others = sees_others
        self.review = ReviewSteps()
        self.reread_review(project)

    def reread_review(self, project: Project) -> None:
        """Read the review list again (after an item was resolved, or that undone)."""
        items = visible_review(project.reviews.list(self.document_id), self.coder, self.sees_others)
        self.review = ReviewSteps(items)

    def facts(self, offset: int) -> str:
        """The line under the text: section at `offset`, the attributes, and how much is left for review."""
        line = facts_line(self.attributes, section_at(self.passages, offset))
        left = len(self.review.items)
        return line + (f" · {left} to review" if left else "")


def describe_document_action(action: Action) -> str | None:
    """What an undone or redone document action was (None: not one), by document id, never its text."""
    document = action.detail.get("document")
    if document is None:
        return None
    if action.touches("document"):
        if "spans_moved" in action.detail:
            return f"the text correction of {document}"
        if "to" in action.detail:
            return f"renaming {document} to {action.detail['to']}"
        if "spans" in action.detail:
            return f"removing {document}"
        return f"the attribute change of {document}"
    if any(change.entity == "meta" and change.key.startswith(REVIEW_KEY) for change in action.others):
        return f"a review item resolved in {document}"
    return None
