"""A report as a title and a stream of blocks (headings, paragraphs, fields, quotes, tables), rendered to any format.

A report is built once, as a generator of blocks, and each renderer (Markdown, HTML, Word) writes
the blocks as they come: a report of a million quotes never holds them all. Every text a block
carries (a quote, a title, an attribute, a code's name) passes through one `text_filter` before it
is rendered (`filtered`), the place where pseudonyms will replace identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

TextFilter = Callable[[str], str]


def identity(text: str) -> str:
    """The text as it is: the default `text_filter`."""
    return text


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is the report's title, 2 to 6 its sections."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running text; `note` marks a line that says what the report holds or leaves out (shown in italics)."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Fields:
    """Labelled texts, each its own line: `Definition: ...`, `Include: ...`."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Quote:
    """A passage of a testimony, where it comes from (`source`), the testimony's attributes, and notes (memos, coders)."""

    text: str
    source: str
    attributes: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table with a caption (what it counts), a header row and rows of text cells."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Fields | Quote | Table


@dataclass(frozen=True)
class Report:
    """A report: its title, and its blocks in order (a generator: built as it is written)."""

    title: str
    blocks: Iterable[Block]


def filtered(block: Block, text_filter: TextFilter) -> Block:
    """The block with every text in it passed through `text_filter` (the one place report text is produced)."""
    if text_filter is identity:
        return block
    changes: dict[str, Any] = {
        field.name: _filter_value(getattr(block, field.name), text_filter) for field in fields(block)
    }
    return replace(block, **changes)


def _filter_value(value: object, text_filter: TextFilter) -> object:
    if isinstance(value, str):
        return text_filter(value)
    if isinstance(value, tuple):
        return tuple(_filter_value(item, text_filter) for item in value)
    return value


def attribute_line(attributes: Iterable[tuple[str, str]]) -> str:
    """`gender: Male · country: China`: a testimony's attributes on one line."""
    return " · ".join(f"{name}: {value}" for name, value in attributes)
