"""The Word report: written block by block to a file (python-docx never holds the body), and a package Word and python-docx open."""

from __future__ import annotations

import io
import zipfile

import docx

from annotator.reports.model import Fields, Heading, Paragraph, Quote, Report, Table
from annotator.reports.word import WordRenderer
from annotator.reports.writing import render


def _quote(number: int) -> Quote:
    return Quote(f"Quote {number} <b>&amp; \x1b", f"A, characters {number}–{number + 9}", (("region", "North"),), ())


def test_the_body_is_streamed_not_held_while_blocks_are_written() -> None:
    out = io.BytesIO()
    writer = WordRenderer(out)
    writer.start("Codebook")
    held = [len(writer.document.element.body)]  # python-docx's body: only its section properties
    for number in range(500):
        writer.block(_quote(number))
    held.append(len(writer.document.element.body))
    writer.finish()
    assert held == [1, 1]
    quotes = [p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs if p.style.name == "Quote"]
    assert quotes == [f"Quote {number} <b>&amp; " for number in range(500)]  # in order, as text, no control char


def test_every_kind_of_block_opens_in_order_and_passes_the_filter() -> None:
    blocks = [
        Heading(2, "Bribery by Kim"),
        Paragraph("Kim paid.\n\nTwice.", note=True),
        Fields((("Definition", "Money to Kim"),)),
        Quote("Kim said so\nand left", "A, characters 0–11", (("name", "Kim"),), ("memo: Kim",)),
        Table("Kim's table", ("who", "count"), (("Kim", "2"),)),
    ]
    out = io.BytesIO()
    render(Report("Kim's report", iter(blocks)), "docx", out, text_filter=lambda text: text.replace("Kim", "P1"))
    document = docx.Document(io.BytesIO(out.getvalue()))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "P1's report"),
        ("Heading 1", "Bribery by P1"),
        ("Normal", "P1 paid."),
        ("Normal", "Twice."),
        ("Normal", "Definition: Money to P1"),
        ("Quote", "Kim said so\nand left".replace("Kim", "P1")),
        ("Normal", "— A, characters 0–11\nname: P1\nmemo: P1"),
        ("Caption", "P1's table"),
    ]
    assert [[cell.text for cell in row.cells] for row in document.tables[0].rows] == [["who", "count"], ["P1", "2"]]
    assert document.core_properties.title == "P1's report" and document.core_properties.author == ""
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        assert package.testzip() is None
        body = package.read("word/document.xml")
        assert body.index(b"</w:tbl>") < body.index(b"<w:sectPr")  # the section properties stay last
        assert b"Kim" not in body
