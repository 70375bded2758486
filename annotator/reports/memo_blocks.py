"""Memos as report blocks: a code's memos under its heading, a grid cell's summary in its cell."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from annotator.reports.model import Block

if TYPE_CHECKING:
    from annotator.storage import Project


def code_memo_blocks(project: Project, code_id: str) -> Iterator[Block]:
    """The code's memos (none until the memo store is there)."""
    return iter(())


def grid_summaries(project: Project) -> dict[tuple[str, str], list[str]]:
    """Each (document, code) cell's summaries, as `author: text` (none until the memo store is there)."""
    return {}
