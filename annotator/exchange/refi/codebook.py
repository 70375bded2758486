"""The code tree in REFI-QDA: one writer and one reader shared by `.qdc` codebooks and `.qdpx` projects."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_XML_BYTES
from annotator.domain.models import Code, CodeExample, is_code_id
from annotator.domain.names import CODE_NAME
from annotator.domain.textfiles import read_file_bytes
from annotator.exchange.files import private_output
from annotator.exchange.refi.xml import (
    CODEBOOK_NS,
    ORIGIN,
    canonical_guid,
    child_text,
    children,
    element,
    local,
    name_attribute,
    parse_xml,
    serialise,
    text_element,
)
from annotator.storage import Project

# A code's definition, guidance and examples share REFI's single Description, as labelled
# paragraphs that read naturally in NVivo or MAXQDA and split back apart on import.
USE_WHEN = "Use when: "
DO_NOT_USE_WHEN = "Do not use when: "
_EXAMPLE = re.compile(r"^Example(?: \(from (?P<document>[^)\n]*)\))?: (?P<quote>.*)$", re.S)
_SECTION = re.compile(r"(?:^|\n\n)(?=Use when: |Do not use when: |Example(?: \(from [^)\n]*\))?: )")
_SHORT_COLOUR = re.compile(r"^#([0-9A-Fa-f])([0-9A-Fa-f])([0-9A-Fa-f])$")
_LONG_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# A `.qdpx` member beside project.qde mapping each code's GUID to its annotator id, so a project
# imported from our own export keeps its code ids (REFI-QDA itself names codes only by GUID).
CODE_IDS_MEMBER = "annotator/code-ids.json"


def describe(code: Code) -> str:
    """The REFI Description of a code: definition, then 'Use when:', 'Do not use when:', 'Example:' paragraphs."""
    parts = [code.definition] if code.definition else []
    if code.include:
        parts.append(USE_WHEN + code.include)
    if code.exclude:
        parts.append(DO_NOT_USE_WHEN + code.exclude)
    for example in code.examples:
        label = f"Example (from {example.document}): " if example.document else "Example: "
        parts.append(label + example.quote)
    return "\n\n".join(parts)


def parse_description(text: str) -> dict[str, object]:
    """Split a Description back into definition, include, exclude and examples (a foreign one is all definition)."""
    text = text.strip("\n")
    pieces = _SECTION.split(text)
    definition, include, exclude, examples = pieces[0], [], [], []
    for piece in pieces[1:]:
        if piece.startswith(USE_WHEN):
            include.append(piece[len(USE_WHEN) :])
        elif piece.startswith(DO_NOT_USE_WHEN):
            exclude.append(piece[len(DO_NOT_USE_WHEN) :])
        else:
            match = _EXAMPLE.match(piece)
            if match and match["quote"]:
                examples.append(CodeExample(quote=match["quote"], document=match["document"] or None))
            else:
                definition = "\n\n".join(p for p in (definition, piece) if p)
    return {
        "definition": definition,
        "include": "\n\n".join(include),
        "exclude": "\n\n".join(exclude),
        "examples": tuple(examples),
    }


def add_code_tree(parent: etree._Element, namespace: str, codes: Sequence[Code], guids: dict[str, str]) -> None:
    """Write `<Codes>` under `parent`: each code nested in its parent's element, with colour and Description."""
    by_parent: dict[str | None, list[Code]] = {}
    known = {code.id for code in codes}
    for code in codes:
        by_parent.setdefault(code.parent if code.parent in known else None, []).append(code)

    def write(container: etree._Element, code: Code) -> etree._Element:
        node = element(
            container, namespace, "Code", guid=guids[code.id], name=code.name, isCodable="true", color=code.colour
        )
        description = describe(code)
        if description:
            text_element(node, namespace, "Description", description)
        return node

    codes_element = element(parent, namespace, "Codes")
    # An explicit stack, not recursion: a codebook may chain parents hundreds deep. Each entry is
    # the element to write into, the code, and the ids on its path (a cycle cannot be nested; the
    # codebook check keeps them out anyway).
    stack = [(codes_element, code, frozenset({code.id})) for code in reversed(by_parent.get(None, []))]
    while stack:
        container, code, path = stack.pop()
        node = write(container, code)
        stack.extend((node, sub, path | {sub.id}) for sub in reversed(by_parent.get(code.id, [])) if sub.id not in path)


def code_ids_json(project: Project) -> bytes:
    """The CODE_IDS_MEMBER of a project: {GUID: code id}, sorted, UTF-8 JSON."""
    guids = project.codes.guids()
    return json.dumps({guid.upper(): code_id for code_id, guid in sorted(guids.items())}, sort_keys=True).encode(
        "utf-8"
    )


def read_code_ids(data: bytes) -> dict[str, str]:
    """The {GUID: code id} of a CODE_IDS_MEMBER; entries that are not usable ids are left out (ids are then made from names)."""
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        str(guid).upper(): code_id
        for guid, code_id in found.items()
        if isinstance(code_id, str) and is_code_id(code_id)
    }


@dataclass
class RefiCode:
    """A code as a REFI-QDA file has it: GUID, name, colour, Description and its parent's GUID."""

    guid: str
    name: str
    colour: str | None
    description: str
    parent: str | None
    codable: bool
    line: int | None = None
    children: list[str] = field(default_factory=list)
    # The annotator id the code had when exported by annotator (CODE_IDS_MEMBER), if known.
    code_id: str | None = None
    notes: list[str] = field(default_factory=list)  # the Notes its NoteRefs name (code memos)


def read_code_tree(codes_element: etree._Element, path: str | Path) -> list[RefiCode]:
    """Every `<Code>` under `<Codes>`, parents before children, checked for GUIDs and names."""
    found: list[RefiCode] = []
    seen: dict[str, int | None] = {}
    # Depth first with an explicit stack (parents before children, in file order): no recursion.
    stack: list[tuple[etree._Element, str | None]] = [
        (node, None) for node in reversed(list(children(codes_element, "Code")))
    ]
    while stack:
        node, parent = stack.pop()
        guid = canonical_guid(node.get("guid"))
        if guid is None:
            raise InputError(
                f"Code has no valid guid ({node.get('guid')!r})", path=path, line=node.sourceline, field="guid"
            )
        if guid in seen:
            raise InputError(
                f"code GUID {guid} is used twice (first on line {seen[guid]})", path=path, line=node.sourceline
            )
        seen[guid] = node.sourceline
        name = name_attribute(node, "name", CODE_NAME, path)
        if not name:
            raise InputError(
                f"<Code> {guid} has no name; every code needs one", path=path, line=node.sourceline, field="name"
            )
        found.append(
            RefiCode(
                guid=guid,
                name=name,
                colour=refi_colour(node.get("color")),
                description=child_text(node, "Description"),
                parent=parent,
                codable=(node.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                line=node.sourceline,
                notes=_note_refs(node, path),
            )
        )
        stack.extend((sub, guid) for sub in reversed(list(children(node, "Code"))))
    return found


def _note_refs(node: etree._Element, path: str | Path) -> list[str]:
    """The targetGUIDs of a Code's own NoteRefs (a child code's are its own); InputError for one that is no GUID."""
    guids = []
    for ref in children(node, "NoteRef"):
        guid = canonical_guid(ref.get("targetGUID"))
        if guid is None:
            raise InputError("<NoteRef> has no valid targetGUID", path=path, line=ref.sourceline, field="targetGUID")
        guids.append(guid)
    return guids


def refi_colour(value: str | None) -> str | None:
    """A REFI colour (#RGB or #RRGGBB) as our lower-case #rrggbb, or None when absent or unusable."""
    value = (value or "").strip()
    short = _SHORT_COLOUR.match(value)
    if short:
        return "#" + "".join(digit * 2 for digit in short.groups()).lower()
    return value.lower() if _LONG_COLOUR.match(value) else None


def codebook_xml(codes: Sequence[Code], guids: dict[str, str]) -> bytes:
    """A `.qdc` document: `<CodeBook origin=...>` in the codebook namespace holding the code tree."""
    root = element(None, CODEBOOK_NS, "CodeBook", origin=ORIGIN)
    add_code_tree(root, CODEBOOK_NS, codes, guids)
    return serialise(root)


def write_qdc(project: Project, path: str | Path) -> int:
    """Write the project's codebook as a REFI-QDA `.qdc` file (atomic, owner-only); returns the code count."""
    codes = project.codes.all()
    if not codes:
        raise InputError("the project has no codes; a REFI-QDA codebook needs at least one")
    data = codebook_xml(codes, project.codes.guids())
    with private_output(path, binary=True) as handle:
        handle.write(data)
    return len(codes)


def read_qdc(path: str | Path) -> list[RefiCode]:
    """The codes of a `.qdc` file; InputError for anything that is not a REFI-QDA codebook."""
    path = Path(path)
    data = read_file_bytes(path, MAX_XML_BYTES)  # a regular file within the limit (never a FIFO or device)
    root = parse_xml(data, path)
    if local(root.tag) != "CodeBook":
        raise InputError(
            f"is not a REFI-QDA codebook (its root element is <{local(root.tag)}>, not <CodeBook>)", path=path
        )
    codes_element = next(children(root, "Codes"), None)
    if codes_element is None:
        raise InputError("has no <Codes> element; a REFI-QDA codebook needs one", path=path, line=root.sourceline)
    return read_code_tree(codes_element, path)
