"""REFI-QDA XML basics shared by the writers and the reader: namespaces, GUIDs, safe parsing."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from annotator import __version__
from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_XML_DEPTH
from annotator.domain.names import forbidden_character, refusal

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"annotator {__version__}"

# Derived GUIDs (selections, notes, variables) come from this namespace, so every export of the
# same project writes the same GUIDs without storing them.
_GUID_NAMESPACE = uuid.UUID("6c1f7d0e-3b1a-4f43-9d51-5a0c2f8e7b11")
_GUID = re.compile(r"^\{?([0-9A-Fa-f]{8})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{4})-?([0-9A-Fa-f]{12})\}?$")
# XML 1.0 forbids most control characters and lone surrogates, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_DATE_TIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def derived_guid(kind: str, key: str) -> str:
    """A GUID that is always the same for the same kind and key (e.g. the selection of a span): a UUID 5."""
    # uuid.uuid5 spelled out: the same value, without building UUID objects once per span.
    digest = bytearray(hashlib.sha1(_GUID_NAMESPACE.bytes + f"{kind}:{key}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    text = digest.hex().upper()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def canonical_guid(value: str | None) -> str | None:
    """The GUID in upper case with hyphens and without braces, or None when it is not a GUID."""
    match = _GUID.match((value or "").strip())
    if match is None:
        return None
    return "-".join(match.groups()).upper()


def guid_from_hex(value: str) -> str:
    """A 32-hex-digit id (a span id) written as a GUID; other ids get a derived GUID."""
    if _HEX32.match(value):
        value = value.upper()
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return derived_guid("span", value)


def hex_from_guid(guid: str) -> str:
    """A GUID as the 32 lower-case hex digits span ids use."""
    return guid.replace("-", "").strip("{}").lower()


def xml_text(value: str) -> str:
    """`value` with the characters XML cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def xml_date_time(value: str) -> str | None:
    """`value` when it is an xsd:dateTime (our ISO stamps are), else None so the attribute is left out."""
    return value if value and _DATE_TIME.match(value) else None


def element(parent: etree._Element | None, namespace: str, tag: str, **attributes: str | None) -> etree._Element:
    """A child element (or a root when parent is None) with the attributes that are not None."""
    # Made XML-safe here, once for every writer: a name stored before the rule for names (or
    # edited in by hand) may hold a control character, which lxml refuses with a traceback.
    values = {key: xml_text(value) for key, value in attributes.items() if value is not None}
    if parent is None:
        return etree.Element(f"{{{namespace}}}{tag}", values, nsmap={None: namespace})
    return etree.SubElement(parent, f"{{{namespace}}}{tag}", values)


def text_element(parent: etree._Element, namespace: str, tag: str, text: str) -> etree._Element:
    """A child element holding text."""
    child = element(parent, namespace, tag)
    child.text = xml_text(text)
    return child


def serialise(root: etree._Element) -> bytes:
    """The document as UTF-8 bytes with an XML declaration."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def parse_xml(data: bytes, path: str | Path) -> etree._Element:
    """Parse XML bytes without DTDs, entities or network; InputError naming file, line and column otherwise."""
    # huge_tree off keeps libxml2's own limits: elements nested at most MAX_XML_DEPTH deep, text nodes
    # at most 10 MB; entities are never expanded and a DOCTYPE is refused below.
    if _declares_doctype(data):
        raise InputError(_DOCTYPE_REFUSED, path=path, line=data[: data.find(b"<!")].count(b"\n") + 1)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (None, None)
        if "Excessive depth" in (error.msg or ""):
            raise InputError(
                f"nests elements more than {MAX_XML_DEPTH} levels deep, more than REFI-QDA files need; it is refused",
                path=path,
                line=line,
            ) from None
        message = re.sub(r", line \d+, column \d+$", "", error.msg or "malformed")
        raise InputError(
            f"is not well-formed XML ({message}); the file is damaged or cut short",
            path=path,
            line=line,
            field=f"column {column}" if column is not None else None,
        ) from None
    if root is None:
        raise InputError("is empty; expected REFI-QDA XML", path=path)
    if root.getroottree().docinfo.doctype:
        # A DTD could declare entities (billion laughs, external files); REFI-QDA files never need one.
        raise InputError(_DOCTYPE_REFUSED, path=path, line=1)
    return root


_DOCTYPE_REFUSED = "declares a DOCTYPE; REFI-QDA files have none, so it is refused for safety"
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*", re.S)


def _declares_doctype(data: bytes) -> bool:
    """Whether a DOCTYPE comes before the root element: looked for before parsing, so that entity
    bombs and external entities meet this message rather than a parser error about damage."""
    prolog = _PROLOG.match(data)
    assert prolog is not None  # the pattern matches the empty string
    start = prolog.end()
    return data[start : start + 9].upper() == b"<!DOCTYPE"


def local(tag: object) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Child elements with this local name, whatever their namespace (tools differ in versions)."""
    # lxml filters in C; "{*}" matches any namespace, and none.
    found: Iterator[etree._Element] = parent.iterchildren(f"{{*}}{tag}")
    return found


def child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The first child element with this local name, or None."""
    return next(children(parent, tag), None)


def name_attribute(node: etree._Element, attribute: str, kind: str, path: str | Path) -> str:
    """An element's name-like attribute, trimmed ('' when absent); InputError naming the file, line, element
    and attribute when it holds a character no name may (annotator.domain.names)."""
    value = (node.get(attribute) or "").strip()
    problem = forbidden_character(value)
    if problem is not None:
        raise InputError(
            refusal(kind, value, problem),
            path=path,
            line=node.sourceline,
            field=f"<{local(node.tag)}> {attribute}",
        )
    return value


def child_text(parent: etree._Element, tag: str) -> str:
    """The text of the first child with this local name ('' when absent or empty)."""
    found = child(parent, tag)
    return (found.text or "") if found is not None else ""
