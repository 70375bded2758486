"""Write a report to a file in one format: owner-only, streamed block by block, whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Protocol

from annotator.domain.errors import InputError
from annotator.domain.private_files import private_output
from annotator.reports.model import Block, Quote, Report, TextFilter, filtered, identity

FORMATS = ("md", "html", "docx")
SUFFIXES = {"md": ".md", "html": ".html", "docx": ".docx"}


class Renderer(Protocol):
    """What every format's writer does: the title, each block as it comes, then the end."""

    def start(self, title: str) -> None: ...
    def block(self, block: Block) -> None: ...
    def finish(self) -> None: ...


def renderer(fmt: str, out: IO[Any]) -> Renderer:
    """The writer of format `fmt` on the open file `out` (binary for docx, text otherwise)."""
    if fmt == "md":
        from annotator.reports.markdown import MarkdownRenderer

        return MarkdownRenderer(out)
    if fmt == "html":
        from annotator.reports.html_page import HtmlRenderer

        return HtmlRenderer(out)
    if fmt == "docx":
        from annotator.reports.word import WordRenderer

        return WordRenderer(out)
    raise InputError(f"--format: unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render(report: Report, fmt: str, out: IO[Any], *, text_filter: TextFilter = identity) -> int:
    """Render `report` to the open file `out`; the number of quotes written."""
    writer = renderer(fmt, out)
    writer.start(text_filter(report.title))
    quotes = 0
    for block in report.blocks:
        writer.block(filtered(block, text_filter))
        quotes += isinstance(block, Quote)
    writer.finish()
    return quotes


def write_report(report: Report, path: Path, fmt: str, *, text_filter: TextFilter = identity) -> int:
    """Write `report` to `path` (owner-only, replaced only when complete); the number of quotes written."""
    if fmt not in FORMATS:
        raise InputError(f"--format: unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with private_output(path, binary=fmt == "docx") as out:
        return render(report, fmt, out, text_filter=text_filter)
