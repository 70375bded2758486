"""Write the whole project as a REFI-QDA `.qdpx`: users, code tree, sources, selections, memos, variables, turns."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from annotator.domain.memos import Memo
from annotator.domain.models import Document, Passage, Span
from annotator.exchange.files import private_output
from annotator.exchange.refi.codebook import CODE_IDS_MEMBER, add_code_tree, code_ids_json
from annotator.exchange.refi.turns import add_speaker_cases, add_turn_selection, is_turn
from annotator.exchange.refi.xml import (
    ORIGIN,
    PROJECT_NS,
    derived_guid,
    element,
    guid_from_hex,
    serialise,
    text_element,
    xml_date_time,
    xml_text,
)
from annotator.storage import Project

# A selection's name carries the start of its text, so an importer (ours included) can check
# that offsets still point at the words that were coded.
PREVIEW_LENGTH = 60
# Fixed member times make two exports of the same project byte-identical.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class QdpxSummary:
    """What an export wrote."""

    users: int
    codes: int
    sources: int
    selections: int
    notes: int
    turns: int = 0


def preview(text: str) -> str:
    """The first PREVIEW_LENGTH code points of a span's text, with '…' when cut."""
    return text if len(text) <= PREVIEW_LENGTH else text[:PREVIEW_LENGTH] + "…"


def source_member(guid: str) -> str:
    """The zip member holding a document's text."""
    return f"sources/{guid}.txt"


def project_xml(project: Project) -> tuple[bytes, list[tuple[str, Document]], QdpxSummary]:
    """The `project.qde` bytes, the (member, document) pairs to store beside it, and a summary."""
    coder_guids = project.coders.guids()
    codes = project.codes.all()
    guids_of_codes = project.codes.guids()
    documents = project.documents.all()
    document_guids = project.documents.guids()
    spans_by_document: dict[str, list[Span]] = {}
    for span in project.spans.select():
        spans_by_document.setdefault(span.document_id, []).append(span)
    turns_by_document: dict[str, list[Passage]] = {}
    for passage in project.documents.passages():
        if is_turn(passage):
            turns_by_document.setdefault(passage.document_id, []).append(passage)

    memos = list(project.memos.all())
    memos_on: dict[tuple[str, str], list[Memo]] = {}  # ("document" | "code", id) -> the memos it refers to
    for memo in memos:
        if memo.document_id is not None:
            memos_on.setdefault(("document", memo.document_id), []).append(memo)
        if memo.code_id is not None:
            memos_on.setdefault(("code", memo.code_id), []).append(memo)

    root = element(None, PROJECT_NS, "Project", name=xml_text(project.name), origin=ORIGIN)
    if coder_guids:
        users = element(root, PROJECT_NS, "Users")
        for name in sorted(coder_guids):
            element(users, PROJECT_NS, "User", guid=coder_guids[name], name=xml_text(name))
    if codes:
        add_code_tree(element(root, PROJECT_NS, "CodeBook"), PROJECT_NS, codes, guids_of_codes)
        _add_code_note_refs(root, memos_on, guids_of_codes)
    variables = _variable_names(documents)
    if variables:
        holder = element(root, PROJECT_NS, "Variables")
        for name in variables:
            element(
                holder,
                PROJECT_NS,
                "Variable",
                guid=derived_guid("variable", name),
                name=xml_text(name),
                typeOfVariable="Text",
            )

    members: list[tuple[str, Document]] = []
    notes: list[Span] = []
    selections = 0
    speaker_turns: list[tuple[str, str]] = []  # (speaker, turn selection GUID), in text order
    if documents:
        sources = element(root, PROJECT_NS, "Sources")
        for document in documents:
            guid = document_guids[document.id]
            member = source_member(guid)
            members.append((member, document))
            source = element(
                sources,
                PROJECT_NS,
                "TextSource",
                guid=guid,
                name=xml_text(document.id),
                plainTextPath=f"internal://{guid}.txt",
            )
            if document.title and document.title != document.id:
                text_element(source, PROJECT_NS, "Description", document.title)
            for turn in turns_by_document.get(document.id, []):
                guid = add_turn_selection(source, turn, preview(document.text[turn.start : turn.end]))
                speaker_turns.append((turn.attributes.get("speaker", ""), guid))
            for span in spans_by_document.get(document.id, []):
                _add_selection(source, span, guids_of_codes[span.code_id], coder_guids[span.coder])
                selections += 1
                if span.memo:
                    notes.append(span)
            for memo in memos_on.get(("document", document.id), []):
                element(source, PROJECT_NS, "NoteRef", targetGUID=guid_from_hex(memo.id))
            for name, value in document.attributes.items():
                holder = element(source, PROJECT_NS, "VariableValue")
                element(holder, PROJECT_NS, "VariableRef", targetGUID=derived_guid("variable", name))
                text_element(holder, PROJECT_NS, "TextValue", value)
        cases = add_speaker_cases(root, speaker_turns)
        if cases is not None:
            sources.addprevious(cases)  # the schema puts <Cases> before <Sources>
    if notes or memos:
        holder = element(root, PROJECT_NS, "Notes")
        for span in notes:
            note = element(
                holder,
                PROJECT_NS,
                "Note",
                guid=derived_guid("memo", span.id),
                name="memo",
                creatingUser=coder_guids[span.coder],
                creationDateTime=xml_date_time(span.updated_at),
            )
            text_element(note, PROJECT_NS, "PlainTextContent", span.memo)
        for memo in memos:
            _add_memo_note(holder, memo, coder_guids.get(memo.author))
        for memo in memos:
            if (
                memo.kind == "project"
            ):  # the schema's NoteRef of the project: "notes that apply to the project as a whole"
                element(root, PROJECT_NS, "NoteRef", targetGUID=guid_from_hex(memo.id))
    summary = QdpxSummary(
        len(coder_guids), len(codes), len(documents), selections, len(notes) + len(memos), len(speaker_turns)
    )
    return serialise(root), members, summary


_SELECTION, _CODING, _CODE_REF, _NOTE_REF = (
    f"{{{PROJECT_NS}}}{tag}" for tag in ("PlainTextSelection", "Coding", "CodeRef", "NoteRef")
)


def _add_selection(source: etree._Element, span: Span, code_guid: str, user_guid: str) -> None:
    """One span: a PlainTextSelection with one Coding (the span id is the Coding's GUID) and its memo's NoteRef."""
    # Written with SubElement directly: this runs once per span, and exports reach millions of spans.
    selection = etree.SubElement(
        source,
        _SELECTION,
        {
            "guid": derived_guid("selection", span.id),
            "name": xml_text(preview(span.text)),
            "startPosition": str(span.start),
            "endPosition": str(span.end),
            "creatingUser": user_guid,
        },
    )
    created, updated = xml_date_time(span.created_at), xml_date_time(span.updated_at)
    if created:
        selection.set("creationDateTime", created)
    selection.set("modifyingUser", user_guid)
    if updated:
        selection.set("modifiedDateTime", updated)
    coding = etree.SubElement(selection, _CODING, {"guid": guid_from_hex(span.id), "creatingUser": user_guid})
    if created:
        coding.set("creationDateTime", created)
    etree.SubElement(coding, _CODE_REF, {"targetGUID": code_guid})
    if span.memo:
        etree.SubElement(selection, _NOTE_REF, {"targetGUID": derived_guid("memo", span.id)})


def memo_note_name(memo: Memo) -> str:
    """What a memo's Note is called: `project memo`, `document memo: A`, `grid memo: A × bribery`."""
    on = " × ".join(target for target in (memo.document_id, memo.code_id) if target is not None)
    return f"{memo.kind} memo" + (f": {on}" if on else "")


def _add_memo_note(holder: etree._Element, memo: Memo, user_guid: str | None) -> None:
    """A project, document, code or grid memo as a Note (its GUID is the memo id), its text inline."""
    note = element(
        holder,
        PROJECT_NS,
        "Note",
        guid=guid_from_hex(memo.id),
        name=memo_note_name(memo),
        creatingUser=user_guid,
        creationDateTime=xml_date_time(memo.created_at),
        modifiedDateTime=xml_date_time(memo.updated_at),
    )
    text_element(note, PROJECT_NS, "PlainTextContent", memo.text)


def _add_code_note_refs(
    root: etree._Element, memos_on: dict[tuple[str, str], list[Memo]], guids_of_codes: dict[str, str]
) -> None:
    """A NoteRef in each `<Code>` to its code and grid memos, where the schema puts it: after the
    Description, before the child codes."""
    codes_by_guid = {node.get("guid"): node for node in root.iter(f"{{{PROJECT_NS}}}Code")}
    for (what, code_id), memos in memos_on.items():
        node = codes_by_guid.get(guids_of_codes.get(code_id)) if what == "code" else None
        if node is None:
            continue
        at = 1 if len(node) and etree.QName(node[0]).localname == "Description" else 0
        for offset, memo in enumerate(memos):
            ref = etree.Element(_NOTE_REF, {"targetGUID": guid_from_hex(memo.id)})
            node.insert(at + offset, ref)


def _variable_names(documents: list[Document]) -> list[str]:
    names: list[str] = []
    for document in documents:
        for name in document.attributes:
            if name not in names:
                names.append(name)
    return names


def write_qdpx(project: Project, path: str | Path) -> QdpxSummary:
    """Write the project as a `.qdpx` zip: `project.qde` and one UTF-8, LF, BOM-less text per source."""
    data, members, summary = project_xml(project)
    with private_output(path, binary=True) as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            _add_member(archive, "project.qde", data)
            # Other tools ignore a member they do not know; annotator reads the code ids back from it.
            _add_member(archive, CODE_IDS_MEMBER, code_ids_json(project))
            for member, document in members:
                _add_member(archive, member, document.text.encode("utf-8"))
    return summary


def _add_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    archive.writestr(info, data)
