"""A report as one self-contained HTML page: its style inline, nothing loaded from anywhere, headings and tables a screen reader can walk."""

from __future__ import annotations

import re
from html import escape
from typing import IO

from annotator.reports.model import Block, Fields, Heading, Paragraph, Quote, Table, attribute_line

# The whole style sheet: no @import, no url(), no font or image from elsewhere.
STYLE = """
body { font-family: Georgia, serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
h1, h2, h3, h4, h5, h6 { font-family: Helvetica, Arial, sans-serif; line-height: 1.25; }
blockquote { margin: 1rem 0 0 0; padding: 0.25rem 1rem; border-left: 4px solid #666; background: #f4f4f4; }
p.source { margin: 0.25rem 0 1rem 1.25rem; font-size: 0.9rem; color: #333; }
p.note { font-style: italic; color: #333; }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0 0 0.5rem 1.5rem; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.25rem; }
th, td { border: 1px solid #999; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
td.number { text-align: right; }
""".strip()
# C0 controls other than tab and line feed, and DEL: not characters an HTML page may hold.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NUMBER = re.compile(r"[0-9]+")


def text(value: str) -> str:
    """`value` as HTML text: escaped (quotes too), control characters dropped."""
    return escape(_CONTROLS.sub("", value), quote=True)


def _paragraphs(value: str, css: str = "") -> str:
    """Paragraphs split at blank lines, each line break kept as <br>."""
    parts = [part.strip("\n") for part in re.split(r"\n\s*\n", value) if part.strip()] or [""]
    opening = f'<p class="{css}">' if css else "<p>"
    return "".join(opening + text(part).replace("\n", "<br>\n") + "</p>\n" for part in parts)


class HtmlRenderer:
    """Writes blocks as HTML to a text file, each as it comes, inside one page."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def start(self, title: str) -> None:
        """Write the page's head (title and inline style) and the title as its first heading."""
        self.out.write(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{text(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{text(title)}</h1>\n"
        )

    def block(self, block: Block) -> None:
        """Write one block."""
        self.out.write(_html(block))

    def finish(self) -> None:
        """Close the page."""
        self.out.write("</main>\n</body>\n</html>\n")


def _html(block: Block) -> str:
    if isinstance(block, Heading):
        level = max(2, min(block.level, 6))
        return f"<h{level}>{text(' '.join(block.text.split()))}</h{level}>\n"
    if isinstance(block, Paragraph):
        return _paragraphs(block.text, "note" if block.note else "")
    if isinstance(block, Fields):
        items = "".join(f"<dt>{text(label)}</dt><dd>{text(value)}</dd>\n" for label, value in block.items)
        return f'<dl class="fields">\n{items}</dl>\n'
    if isinstance(block, Quote):
        under = [f"— {text(block.source)}"]
        if block.attributes:
            under.append(text(attribute_line(block.attributes)))
        under += [text(note) for note in block.notes]
        return (
            f"<blockquote>\n{_paragraphs(block.text)}</blockquote>\n"
            + '<p class="source">'
            + "<br>\n".join(under)
            + "</p>\n"
        )
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{text(cell)}</th>' for cell in block.header)
        rows = "".join(
            "<tr>" + "".join(_cell(index, cell) for index, cell in enumerate(row)) + "</tr>\n" for row in block.rows
        )
        return f"<table>\n<caption>{text(block.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    raise AssertionError(f"not a block: {block!r}")


def _cell(index: int, value: str) -> str:
    """A row's first cell heads the row (for a screen reader); counts align right."""
    if index == 0:
        return f'<th scope="row">{text(value)}</th>'
    css = ' class="number"' if _NUMBER.fullmatch(value) else ""
    return f"<td{css}>{_paragraphs(value) if chr(10) in value else text(value)}</td>"
