"""What crosses screens: the answers modal screens dismiss with, and the messages the app hears from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.message import Message

from annotator.coding.follow import ProjectChanges


@runtime_checkable
class FollowsProject(Protocol):
    """A screen that shows what other processes change (the app hands it what changed)."""

    def follow(self, changes: ProjectChanges) -> None:
        """Show what changed elsewhere (the session has taken in its part already)."""


@dataclass(frozen=True)
class Jump:
    """Where to go: a testimony and the range to select in it (the retrieval and agreement screens' answer)."""

    document_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Adjudicate:
    """The agreement screen's answer when the user asks to adjudicate the compared pair."""

    first: str
    second: str


@dataclass
class PairCompared(Message):
    """The agreement screen compared a pair (the compare view and adjudication default to it)."""

    first: str
    second: str
