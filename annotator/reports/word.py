"""A report as a Word file (.docx, python-docx): headings, quotes in the Quote style, the testimony and its attributes under each.

python-docx gives the template (styles, properties) and saves the package with an empty body; the
body is written here as WordprocessingML, block by block, to an anonymous owner-only temporary file,
and spliced into `word/document.xml` while the package is zipped to the output: memory stays flat
in the number of quotes (python-docx held the whole document: 184 MiB for 20,000 quotes), and
python-docx's own `add_paragraph`, which looks the style up and walks the body on every call
(quadratic: 2,000 quotes took 90 s), is never called. python-docx is imported here only, when a
Word report is written, so other commands start without it.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from typing import IO, Any

from annotator.reports.model import Block, Fields, Heading, Paragraph, Quote, Table, attribute_line

# What XML 1.0 cannot hold (C0 controls but tab and line feed): lxml refuses them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n\s*\n")
_STYLES = ("Title", *(f"Heading {level}" for level in range(1, 10)), "Quote", "Caption", "Table Grid")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Each body element is serialised alone, declaring the namespace the document's root declares already.
_W_DECLARATION = f' xmlns:w="{_W}"'.encode()
_DOCUMENT_PART = "word/document.xml"
_BODY_START = b"<w:body>"
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's own limit for a part written without Zip64


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


class WordRenderer:
    """Builds the document's body block by block and saves the .docx to a binary file at the end."""

    def __init__(self, out: IO[bytes]) -> None:
        import docx  # python-docx: only Word reports need it
        from docx.oxml.ns import qn
        from lxml import etree

        self.out = out
        self.qn = qn
        self.etree: Any = etree
        self.names: dict[str, str] = {}  # tags and attributes with their namespace, made once each
        self.document: Any = docx.Document()
        properties = self.document.core_properties
        properties.author = ""  # the template says "python-docx"; nothing about who ran the report goes in
        properties.last_modified_by = ""
        # Style names to ids, once (the ids differ from the names: "Heading 1" is "Heading1").
        self.styles = {name: self.document.styles[name].style_id for name in _STYLES}
        body = self.document.element.body
        for child in list(body):  # the body keeps only its section properties; blocks go to the file
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        # Unlinked at once and owner-only; an OSError here (a full disk) is the output's one-line error.
        self.body_xml: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by finish()

    def _element(self, tag: str, parent: Any = None, **attributes: str) -> Any:
        name = self.names.get(tag) or self.names.setdefault(tag, self.qn(tag))
        if parent is None:
            element = self.etree.Element(name, nsmap={"w": _W})
        else:
            element = self.etree.SubElement(parent, name)
        for attribute, value in attributes.items():
            element.set(self.names.get(attribute) or self.names.setdefault(attribute, self.qn(f"w:{attribute}")), value)
        return element

    def _write(self, element: Any) -> None:
        """Append one finished body element to the body file (without the namespace the root declares)."""
        self.body_xml.write(
            self.etree.tostring(element, encoding="UTF-8", xml_declaration=False).replace(_W_DECLARATION, b"", 1)
        )

    def _paragraph(self, runs: list[tuple[str, str]], style: str | None = None, parent: Any = None) -> Any:
        """A w:p of runs (text, "b" bold | "i" italic | "" plain; a "\\n" in a text is a line break)."""
        p = self._element("w:p", parent)
        if style is not None:
            self._element("w:pStyle", self._element("w:pPr", p), val=self.styles[style])
        for text, look in runs:
            run = self._element("w:r", p)
            if look:
                self._element(f"w:{look}", self._element("w:rPr", run))
            for index, line in enumerate(_clean(text).split("\n")):
                if index:
                    self._element("w:br", run)
                t = self._element("w:t", run)
                t.text = line
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if parent is None:
            self._write(p)
        return p

    def start(self, title: str) -> None:
        """Write the title (the Title style) and name the document after it."""
        self.document.core_properties.title = _clean(" ".join(title.split()))[:255]
        self._paragraph([(title, "")], "Title")

    def block(self, block: Block) -> None:
        """Add one block to the document."""
        if isinstance(block, Heading):
            self._paragraph([(" ".join(block.text.split()), "")], f"Heading {max(1, min(block.level - 1, 9))}")
        elif isinstance(block, Paragraph):
            for part in _parts(block.text):
                self._paragraph([(part, "i" if block.note else "")])
        elif isinstance(block, Fields):
            for label, value in block.items:
                self._paragraph([(label + ": ", "b"), (value, "")])
        elif isinstance(block, Quote):
            for part in _parts(block.text):
                self._paragraph([(part, "")], "Quote")
            under = [f"— {block.source}"]
            if block.attributes:
                under.append(attribute_line(block.attributes))
            self._paragraph([("\n".join(under + list(block.notes)), "")])
        elif isinstance(block, Table):
            self._table(block)
        else:
            raise AssertionError(f"not a block: {block!r}")

    def _table(self, block: Table) -> None:
        """A captioned table in the Table Grid style; its header row bold and repeated on each page."""
        self._paragraph([(block.caption, "")], "Caption")
        table = self._element("w:tbl")
        properties = self._element("w:tblPr", table)
        self._element("w:tblStyle", properties, val=self.styles["Table Grid"])
        self._element("w:tblW", properties, w="0", type="auto")
        grid = self._element("w:tblGrid", table)
        for _ in block.header:
            self._element("w:gridCol", grid)
        for index, cells in enumerate((block.header, *block.rows)):
            row = self._element("w:tr", table)
            if index == 0:
                self._element("w:tblHeader", self._element("w:trPr", row))
            for value in cells:
                cell = self._element("w:tc", row)
                self._paragraph([(value, "b" if index == 0 else "")], parent=cell)
        self._write(table)

    def finish(self) -> None:
        """Zip the package to the file, the body streamed from its temporary file into word/document.xml."""
        package = io.BytesIO()  # the template's parts with an empty body: some 40 KiB
        self.document.save(package)
        with zipfile.ZipFile(package) as source, zipfile.ZipFile(self.out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != _DOCUMENT_PART:
                    target.writestr(info, source.read(info))
                    continue
                document = source.read(info)
                split = document.index(_BODY_START) + len(_BODY_START)  # the body holds only w:sectPr
                streamed = zipfile.ZipInfo(_DOCUMENT_PART, info.date_time)
                streamed.compress_type = zipfile.ZIP_DEFLATED
                # Zip64 only when a part is too large without it (some readers of Word files dislike it).
                large = self.body_xml.tell() + len(document) >= _ZIP64_LIMIT
                with target.open(streamed, "w", force_zip64=large) as part:
                    part.write(document[:split])
                    self.body_xml.seek(0)
                    shutil.copyfileobj(self.body_xml, part)
                    part.write(document[split:])
        self.body_xml.close()


def _parts(text: str) -> list[str]:
    """The paragraphs of a text, split at blank lines (one empty paragraph for an empty text)."""
    return [part.strip("\n") for part in _BLANK_LINE.split(text) if part.strip()] or [""]
