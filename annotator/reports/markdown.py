"""A report as Markdown: plain text a screen reader reads as it is, with testimony and names escaped."""

from __future__ import annotations

import re
from typing import IO

from annotator.reports.model import Block, Fields, Heading, Paragraph, Quote, Table, attribute_line

# Characters Markdown would read as formatting or HTML anywhere in a line (CommonMark lets any ASCII
# punctuation be escaped with a backslash), and what starts a list or heading at a line's start.
_INLINE = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_START = re.compile(r"^(\s*|\s*\d+)([-+=]|(?<=\d)[.)])", flags=re.MULTILINE)


def escape(text: str) -> str:
    """`text` as Markdown shows it literally: no emphasis, link, HTML, list or heading comes from data."""
    return _LINE_START.sub(lambda match: match.group(1) + "\\" + match.group(2), _INLINE.sub(r"\\\1", text))


def one_line(text: str) -> str:
    """`text` escaped, its white space (line breaks too) folded to single spaces: for headings and table cells."""
    return escape(" ".join(text.split()))


class MarkdownRenderer:
    """Writes blocks as Markdown to a text file, each as it comes."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def start(self, title: str) -> None:
        """Write the report's title."""
        self.out.write(f"# {one_line(title)}\n")

    def block(self, block: Block) -> None:
        """Write one block, after a blank line."""
        self.out.write("\n" + _markdown(block))

    def finish(self) -> None:
        """Nothing to close: every block is written."""


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (split at blank lines), each escaped, lines kept."""
    return [escape(part.strip("\n")) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _markdown(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * max(2, min(block.level, 6))} {one_line(block.text)}\n"
    if isinstance(block, Paragraph):
        # Hard line breaks (two spaces) keep the writer's lines; an empty text is still a line.
        body = "\n\n".join(part.replace("\n", "  \n") for part in _paragraphs(block.text)) or " "
        return f"*{body}*\n" if block.note else body + "\n"
    if isinstance(block, Fields):
        return "".join(f"**{one_line(label)}:** {one_line(text)}  \n" for label, text in block.items)
    if isinstance(block, Quote):
        lines = [line.rstrip() for part in _paragraphs(block.text) for line in [*part.split("\n"), ""]][:-1]
        quoted = "\n".join(f"> {line}" if line else ">" for line in lines) or ">"
        under = [f"— {one_line(block.source)}"]
        if block.attributes:
            under.append(one_line(attribute_line(block.attributes)))
        under += [one_line(note) for note in block.notes]
        return quoted + "\n\n" + "  \n".join(under) + "\n"
    if isinstance(block, Table):
        head = "| " + " | ".join(one_line(cell) for cell in block.header) + " |\n"
        rule = "|" + " --- |" * len(block.header) + "\n"
        rows = "".join("| " + " | ".join(one_line(cell) for cell in row) + " |\n" for row in block.rows)
        return f"{one_line(block.caption)}\n\n{head}{rule}{rows}"
    raise AssertionError(f"not a block: {block!r}")
