"""A report as a Word file (.docx, python-docx): headings, quotes in the Quote style, the testimony and its attributes under each.

python-docx builds the whole document in memory before saving it, so a Word report holds its
quotes until it is written; Markdown and HTML stream. python-docx is imported here only, when a
Word report is written, so other commands start without it.
"""

from __future__ import annotations

import re
from typing import IO, Any

from annotator.reports.model import Block, Fields, Heading, Paragraph, Quote, Table, attribute_line

# What XML 1.0 cannot hold (C0 controls but tab and line feed): lxml refuses them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n\s*\n")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


class WordRenderer:
    """Collects blocks into a python-docx Document and saves it to a binary file at the end."""

    def __init__(self, out: IO[bytes]) -> None:
        import docx  # python-docx: only Word reports need it

        self.out = out
        self.document: Any = docx.Document()
        properties = self.document.core_properties
        properties.author = ""  # the template says "python-docx"; nothing about who ran the report goes in
        properties.last_modified_by = ""

    def start(self, title: str) -> None:
        """Write the title (the Title style) and name the document after it."""
        self.document.core_properties.title = _clean(" ".join(title.split()))[:255]
        self.document.add_heading(_clean(title), level=0)

    def block(self, block: Block) -> None:
        """Add one block to the document."""
        if isinstance(block, Heading):
            self.document.add_heading(_clean(" ".join(block.text.split())), level=max(1, min(block.level - 1, 9)))
        elif isinstance(block, Paragraph):
            for part in _parts(block.text):
                self.document.add_paragraph().add_run(part).italic = block.note or None
        elif isinstance(block, Fields):
            for label, value in block.items:
                paragraph = self.document.add_paragraph()
                paragraph.add_run(_clean(label) + ": ").bold = True
                paragraph.add_run(_clean(value))
        elif isinstance(block, Quote):
            for part in _parts(block.text):
                self.document.add_paragraph(part, style="Quote")
            under = [f"— {block.source}"]
            if block.attributes:
                under.append(attribute_line(block.attributes))
            self._lines(under + list(block.notes))
        elif isinstance(block, Table):
            self._table(block)
        else:
            raise AssertionError(f"not a block: {block!r}")

    def _lines(self, lines: list[str]) -> None:
        """One paragraph of lines, each after a line break."""
        paragraph = self.document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(_clean(line))
            if index < len(lines) - 1:
                run.add_break()

    def _table(self, block: Table) -> None:
        caption = self.document.add_paragraph(_clean(block.caption), style="Caption")
        caption.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1 + len(block.rows), cols=len(block.header), style="Table Grid")
        for row, cells in zip(table.rows, (block.header, *block.rows)):
            for cell, value in zip(row.cells, cells):
                cell.text = _clean(value)
        for cell in table.rows[0].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True

    def finish(self) -> None:
        """Save the document to the file."""
        self.document.save(self.out)


def _parts(text: str) -> list[str]:
    """The paragraphs of a text, split at blank lines (one empty paragraph for an empty text)."""
    return [_clean(part.strip("\n")) for part in _BLANK_LINE.split(text) if part.strip()] or [""]
