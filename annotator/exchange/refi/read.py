"""Read a `.qdpx` into plain records (users, codes, sources, selections, notes, variables), checking its shape.

Nothing here knows about projects: `refi.importing` matches these records against one. What the
file holds that annotator cannot use (pictures, audio, external files) is listed in `skipped`,
never dropped without a word.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_ARCHIVE_BYTES
from annotator.domain.names import ATTRIBUTE_NAME, CODER_NAME, DOCUMENT_ID, SPEAKER
from annotator.domain.offsets import parse_offset
from annotator.domain.textfiles import require_regular_file
from annotator.exchange.archives import MemberReader
from annotator.exchange.refi.codebook import CODE_IDS_MEMBER, RefiCode, read_code_ids, read_code_tree
from annotator.exchange.refi.text import SourceText, decode_source, docx_text, is_external, member_label, source_member
from annotator.exchange.refi.turns import SPEAKER_CASE
from annotator.exchange.refi.xml import (
    canonical_guid,
    child,
    child_text,
    children,
    local,
    name_attribute,
    parse_xml,
)

VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
MEDIA_SOURCES = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


@dataclass
class RefiUser:
    """A REFI-QDA user: a coder."""

    guid: str
    name: str


@dataclass
class RefiCoding:
    """One code applied to a selection, by a user."""

    guid: str | None
    code: str
    user: str | None
    created: str | None
    notes: list[str]
    line: int | None


@dataclass
class RefiSelection:
    """A PlainTextSelection: positions as the file counts them, its name, its codings and notes."""

    guid: str | None
    start: int
    end: int
    name: str | None
    user: str | None
    created: str | None
    modified: str | None
    description: str
    codings: list[RefiCoding]
    notes: list[str]
    line: int | None
    whole_source: bool = False  # a Coding placed on the source itself covers all of it


@dataclass
class RefiNote:
    """A Note: its text, who wrote it and when (as the file says), and its line in project.qde."""

    text: str
    user: str | None
    created: str | None
    modified: str | None
    line: int | None


@dataclass
class RefiSource:
    """A text source and where its text came from (`member` inside the zip, or inline)."""

    guid: str
    name: str
    description: str
    text: SourceText
    origin: str  # 'plain text', 'inline text' or 'Word file'
    member: str
    selections: list[RefiSelection]
    values: dict[str, str]
    line: int | None
    notes: list[str] = field(default_factory=list)  # the Notes its NoteRefs name (source memos)


@dataclass
class RefiProject:
    """Everything a `.qdpx` holds that annotator can use, plus a list of what it cannot."""

    path: Path
    name: str
    origin: str
    users: list[RefiUser] = field(default_factory=list)
    codes: list[RefiCode] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    sources: list[RefiSource] = field(default_factory=list)
    notes: dict[str, RefiNote] = field(default_factory=dict)
    project_notes: list[str] = field(default_factory=list)  # the Notes the project's own NoteRefs name
    skipped: list[str] = field(default_factory=list)
    # Transcript turns (see refi.turns): each turn selection's GUID -> its speaker and the line naming it.
    turn_speakers: dict[str, tuple[str, int | None]] = field(default_factory=dict)


def read_qdpx(path: str | Path) -> RefiProject:
    """Open and check a `.qdpx`; InputError (file, member, line) for anything damaged."""
    path = Path(path)
    require_regular_file(path, MAX_ARCHIVE_BYTES)  # opening a FIFO or device would wait or never end
    try:
        with zipfile.ZipFile(path) as archive:
            return _Reader(path, archive).read()
    except zipfile.BadZipFile as error:
        raise InputError(f"is not a readable .qdpx (zip) file ({error})", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a .qdpx file", path=path) from None


class _Reader:
    """Walks one opened `.qdpx`, turning elements into records; errors name the member and line."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.members = MemberReader(archive, str(path))
        self.source_guids: set[str] = set()

    def member_bytes(self, member: str) -> bytes:
        return self.members.read(member)

    def read(self) -> RefiProject:
        names = {name.lower(): name for name in self.archive.namelist()}
        member = names.get("project.qde")
        if member is None:
            raise InputError("holds no project.qde; it is not a REFI-QDA project (.qdpx) file", path=self.path)
        self.qde = member_label(self.path, member)
        root = parse_xml(self.member_bytes(member), self.qde)
        if local(root.tag) != "Project":
            raise InputError(
                f"is not a REFI-QDA project (root element <{local(root.tag)}>)", path=self.qde, line=root.sourceline
            )
        project = RefiProject(
            path=self.path,
            name=(root.get("name") or self.path.stem).strip() or self.path.stem,
            origin=root.get("origin") or "",
        )
        self.project = project
        users = child(root, "Users")
        for node in children(users, "User") if users is not None else ():
            guid = self.guid(node, "guid")
            name = name_attribute(node, "name", CODER_NAME, self.qde) or name_attribute(
                node, "id", CODER_NAME, self.qde
            )
            project.users.append(RefiUser(guid, name))
        codebook = child(root, "CodeBook")
        codes = child(codebook, "Codes") if codebook is not None else None
        if codes is not None:
            project.codes = read_code_tree(codes, self.qde)
            ids_member = names.get(CODE_IDS_MEMBER)
            if ids_member is not None:
                ids = read_code_ids(self.member_bytes(ids_member))
                for code in project.codes:
                    code.code_id = ids.get(code.guid.upper())
        variables = child(root, "Variables")
        for node in children(variables, "Variable") if variables is not None else ():
            project.variables[self.guid(node, "guid")] = name_attribute(node, "name", ATTRIBUTE_NAME, self.qde)
        notes = child(root, "Notes")
        for node in children(notes, "Note") if notes is not None else ():
            project.notes[self.guid(node, "guid")] = RefiNote(
                self.note_text(node),
                self.optional_guid(node, "creatingUser") or self.optional_guid(node, "modifyingUser"),
                node.get("creationDateTime"),
                node.get("modifiedDateTime"),
                node.sourceline,
            )
        project.project_notes = [self.guid(ref, "targetGUID") for ref in children(root, "NoteRef")]
        case_values = self.case_values(root)
        project.turn_speakers = self.speaker_cases(root)
        sources = child(root, "Sources")
        for node in sources if sources is not None else ():
            self.source(node, case_values)
        links = child(root, "Links")
        if links is not None:
            self.note_links(links)
        for tag, what in (("Sets", "sets"), ("Graphs", "graphs")):
            if child(root, tag) is not None:
                project.skipped.append(f"{what} are not imported (annotator has no such thing)")
        return project

    def note_links(self, links: etree._Element) -> None:
        """A <Link> between a Note and a code, source, selection or coding counts as that thing's NoteRef
        (ATLAS.ti ties its memos to codes, documents and quotations with Links); other links are reported."""
        project = self.project
        holders: dict[str, list[str]] = {code.guid: code.notes for code in project.codes}
        for source in project.sources:
            holders[source.guid] = source.notes
            for selection in source.selections:
                if selection.guid is not None:
                    holders[selection.guid] = selection.notes
                holders.update((coding.guid, coding.notes) for coding in selection.codings if coding.guid is not None)
        other = 0
        for link in children(links, "Link"):
            ends = [self.optional_guid(link, "originGUID"), self.optional_guid(link, "targetGUID")]
            note = next((end for end in ends if end in project.notes), None)
            held = next((end for end in ends if end is not None and end != note and end in holders), None)
            if note is None or held is None:
                other += 1
            elif note not in holders[held]:
                holders[held].append(note)
        if other:
            project.skipped.append(
                f"{other} link(s) other than a note's to a code, source or selection are not imported "
                "(annotator has no such thing)"
            )

    def guid(self, node: etree._Element, attribute: str) -> str:
        guid = canonical_guid(node.get(attribute))
        if guid is None:
            raise InputError(
                f"<{local(node.tag)}> has no valid {attribute} ({node.get(attribute)!r})",
                path=self.qde,
                line=node.sourceline,
                field=attribute,
            )
        return guid

    def optional_guid(self, node: etree._Element, attribute: str) -> str | None:
        return self.guid(node, attribute) if node.get(attribute) is not None else None

    def position(self, node: etree._Element, attribute: str) -> int:
        value = node.get(attribute)
        try:
            return parse_offset(value or "")
        except ValueError as error:
            raise InputError(str(error), path=self.qde, line=node.sourceline, field=attribute) from None

    def note_text(self, node: etree._Element) -> str:
        inline = child(node, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        path = node.get("plainTextPath")
        if path and not is_external(path):
            member = source_member(self.archive, path)
            if member is not None:
                return decode_source(self.member_bytes(member), member_label(self.path, member)).text
        return child_text(node, "Description")

    def case_values(self, root: etree._Element) -> dict[str, dict[str, str]]:
        """Variable values that Cases give their sources (MAXQDA and Quirkos put them there)."""
        values: dict[str, dict[str, str]] = {}
        cases = child(root, "Cases")
        for case in children(cases, "Case") if cases is not None else ():
            case_values = self.values(case)
            for ref in children(case, "SourceRef"):
                values.setdefault(self.guid(ref, "targetGUID"), {}).update(case_values)
        return values

    def speaker_cases(self, root: etree._Element) -> dict[str, tuple[str, int | None]]:
        """The turn selections annotator's speaker cases refer to, with each one's speaker."""
        speakers: dict[str, tuple[str, int | None]] = {}
        cases = child(root, "Cases")
        for case in children(cases, "Case") if cases is not None else ():
            if child_text(case, "Description").strip() != SPEAKER_CASE:
                continue
            for ref in children(case, "SelectionRef"):
                guid = self.guid(ref, "targetGUID")
                if guid in speakers:
                    raise InputError(
                        f"selection {guid} is the turn of two speaker cases", path=self.qde, line=ref.sourceline
                    )
                speakers[guid] = (name_attribute(case, "name", SPEAKER, self.qde), ref.sourceline)
        return speakers

    def values(self, node: etree._Element) -> dict[str, str]:
        found = {}
        for holder in children(node, "VariableValue"):
            ref = child(holder, "VariableRef")
            if ref is None:
                raise InputError("VariableValue has no VariableRef", path=self.qde, line=holder.sourceline)
            variable = self.guid(ref, "targetGUID")
            if variable not in self.project.variables:
                raise InputError(
                    f"VariableRef names variable {variable}, which <Variables> does not declare",
                    path=self.qde,
                    line=ref.sourceline,
                )
            value = next((v for v in holder if local(v.tag) in VALUE_TAGS), None)
            found[variable] = (value.text or "").strip() if value is not None else ""
        return found

    def source(self, node: etree._Element, case_values: dict[str, dict[str, str]]) -> None:
        kind = local(node.tag)
        name = name_attribute(node, "name", DOCUMENT_ID, self.qde)
        if kind in MEDIA_SOURCES:
            selections = sum(1 for sub in node.iter() if local(sub.tag).endswith("Selection"))
            self.project.skipped.append(
                f"{MEDIA_SOURCES[kind]} source {name or node.get('guid')!r} is not imported (annotator codes text)"
                + (f", nor its {selections} selection(s)" if selections else "")
            )
            return
        if kind == "PDFSource":
            representation = child(node, "Representation")
            if representation is None:
                self.project.skipped.append(
                    f"PDF source {name or node.get('guid')!r} has no text representation; not imported"
                )
                return
            self.text_source(
                representation,
                case_values,
                name or name_attribute(representation, "name", DOCUMENT_ID, self.qde),
                self.values(node),
            )
            return
        if kind != "TextSource":
            self.project.skipped.append(
                f"<{kind}> on line {node.sourceline} is not a source annotator knows; not imported"
            )
            return
        self.text_source(node, case_values, name, {})

    def text_source(
        self, node: etree._Element, case_values: dict[str, dict[str, str]], name: str, extra: dict[str, str]
    ) -> None:
        guid = self.guid(node, "guid")
        if guid in self.source_guids:
            raise InputError(f"source GUID {guid} is used by two sources", path=self.qde, line=node.sourceline)
        self.source_guids.add(guid)
        plain = node.get("plainTextPath")
        rich = node.get("richTextPath")
        inline = child(node, "PlainTextContent")
        label = name or (Path(plain or rich or "").stem if (plain or rich) else guid)
        if inline is not None:
            text, origin, member = SourceText.from_raw(inline.text or ""), "inline text", ""
        elif plain or rich:
            path = plain or rich or ""
            if is_external(path):
                self.project.skipped.append(
                    f"source {label!r} lies outside the .qdpx ({path}); not imported, nor its selections"
                )
                return
            found = source_member(self.archive, path)
            if found is None:
                raise InputError(
                    f"source {label!r} names {path}, which the .qdpx does not hold", path=self.qde, line=node.sourceline
                )
            member = found
            where = member_label(self.path, member)
            if plain:
                text, origin = decode_source(self.member_bytes(member), where), "plain text"
            elif member.lower().endswith(".docx"):
                text, origin = docx_text(self.member_bytes(member), where), "Word file"
            else:
                self.project.skipped.append(
                    f"source {label!r} exists only as {Path(member).suffix or 'rich text'}, which annotator cannot read; not imported"
                )
                return
        else:
            raise InputError(
                f"source {label!r} has neither plainTextPath, richTextPath nor PlainTextContent",
                path=self.qde,
                line=node.sourceline,
            )
        selections = [self.selection(sub) for sub in children(node, "PlainTextSelection")]
        for coding in children(node, "Coding"):
            whole = self.coding(coding)
            selections.append(
                RefiSelection(
                    None,
                    0,
                    len(text.text),
                    None,
                    whole.user,
                    whole.created,
                    None,
                    "",
                    [whole],
                    [],
                    coding.sourceline,
                    whole_source=True,
                )
            )
        values = {**case_values.get(guid, {}), **extra, **self.values(node)}
        self.project.sources.append(
            RefiSource(
                guid,
                label,
                child_text(node, "Description"),
                text,
                origin,
                member,
                selections,
                values,
                node.sourceline,
                [self.guid(ref, "targetGUID") for ref in children(node, "NoteRef")],
            )
        )

    def selection(self, node: etree._Element) -> RefiSelection:
        description, codings, notes = "", [], []
        for sub in node:  # one pass over the children: this runs once per selection
            tag = local(sub.tag)
            if tag == "Coding":
                codings.append(self.coding(sub))
            elif tag == "NoteRef":
                notes.append(self.guid(sub, "targetGUID"))
            elif tag == "Description":
                description = sub.text or ""
        return RefiSelection(
            guid=self.optional_guid(node, "guid"),
            start=self.position(node, "startPosition"),
            end=self.position(node, "endPosition"),
            name=node.get("name"),
            user=self.optional_guid(node, "creatingUser") or self.optional_guid(node, "modifyingUser"),
            created=node.get("creationDateTime"),
            modified=node.get("modifiedDateTime"),
            description=description,
            codings=codings,
            notes=notes,
            line=node.sourceline,
        )

    def coding(self, node: etree._Element) -> RefiCoding:
        code, notes = None, []
        for sub in node:
            tag = local(sub.tag)
            if tag == "CodeRef" and code is None:
                code = self.guid(sub, "targetGUID")
            elif tag == "NoteRef":
                notes.append(self.guid(sub, "targetGUID"))
        if code is None:
            raise InputError("Coding has no CodeRef", path=self.qde, line=node.sourceline)
        return RefiCoding(
            guid=canonical_guid(node.get("guid")),
            code=code,
            user=self.optional_guid(node, "creatingUser"),
            created=node.get("creationDateTime"),
            notes=notes,
            line=node.sourceline,
        )
