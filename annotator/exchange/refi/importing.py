"""Import a REFI-QDA `.qdc` or `.qdpx` into a project, all or nothing, keyed by GUIDs.

Codes match the project's by GUID, then by name; sources match documents by GUID, then by id,
and must then hold the same text; users match coders by GUID, then by name. Anything new is
added with the file's GUIDs, so exporting again writes the same ones. Every problem is found
before the first write, and the writes are one transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_CODE_NAME
from annotator.domain.memos import Memo, MemoKind, check_memo_text
from annotator.domain.models import Document, Passage, Span, content_hash
from annotator.domain.names import CODEBOOK_NAME, name_problem
from annotator.exchange.refi.code_plan import CodePlan
from annotator.exchange.refi.codebook import RefiCode, read_qdc
from annotator.exchange.refi.read import RefiProject, RefiSelection, RefiSource, read_qdpx
from annotator.exchange.refi.text import Anchor, anchor, choose_counting
from annotator.exchange.refi.turns import is_turn, turn_attributes
from annotator.exchange.refi.xml import hex_from_guid
from annotator.storage import Project, new_span_ids
from annotator.storage.database import now, remove_database

_LONGEST_STAMP = 40  # an xsd:dateTime with fractions and a zone is about 30 characters
MAX_NAME = MAX_CODE_NAME  # names made here (codes, documents) are cut to what the models accept


@dataclass
class ImportReport:
    """What an import added, what it found already there, and what it could not use."""

    path: Path
    codes_added: int = 0
    codes_present: int = 0
    documents_added: int = 0
    documents_present: int = 0
    coders_added: int = 0
    spans_added: int = 0
    spans_present: int = 0
    reanchored: int = 0
    turns_added: int = 0
    memos_added: int = 0
    memos_present: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line saying what was imported."""
        parts = [f"{self.codes_added} code(s)"]
        if self.documents_added or self.documents_present or self.spans_added or self.spans_present:
            parts += [
                f"{self.documents_added} document(s)",
                f"{self.spans_added} span(s)",
                f"{self.coders_added} new coder(s)",
            ]
        if self.turns_added:
            parts.append(f"{self.turns_added} speaker turn(s)")
        if self.memos_added:
            parts.append(f"{self.memos_added} memo(s)")
        present = [
            f"{n} {what}"
            for n, what in (
                (self.codes_present, "code(s)"),
                (self.documents_present, "document(s)"),
                (self.spans_present, "span(s)"),
                (self.memos_present, "memo(s)"),
            )
            if n
        ]
        line = f"imported {', '.join(parts)} from {self.path}"
        if present:
            line += f"; already present: {', '.join(present)}"
        return line


def _turn_key(passage: Passage) -> tuple[int, int, list[tuple[str, str]]]:
    return passage.start, passage.end, sorted(passage.attributes.items())


def _memo_kind(documents: list[str], codes: list[str]) -> MemoKind | None:
    """The kind of memo a Note is, by the one source and/or the one code referring to it (None: neither)."""
    if documents and codes:
        return "grid"
    if documents:
        return "document"
    return "code" if codes else None


def _stamp(value: str | None) -> str | None:
    """A time stamp from the file when it looks like one (an xsd:dateTime), else None."""
    return value if value and len(value) <= _LONGEST_STAMP and value[:4].isdigit() else None


def _sanitise_coder(name: str, guid: str) -> str:
    name = " ".join(re.sub(r"[\x00-\x1f\x7f,]", " ", name).split())[:100].strip()
    return name or f"user-{guid[:8].lower()}"


class _QdpxPlan:
    """Checks a whole `.qdpx` against a project and collects what to write."""

    def __init__(self, project: Project, refi: RefiProject, coder: str, report: ImportReport) -> None:
        self.project = project
        self.refi = refi
        self.coder = coder
        self.report = report
        self.qde = f"{refi.path}/project.qde"
        self.names_quote = refi.origin.startswith("annotator")
        self.new_coders: dict[str, str] = {}
        self.new_documents: list[Document] = []
        self.turns: dict[str, list[Passage]] = {}  # the turn passages the file gives each document
        self.document_guids: dict[str, str] = {}
        self.spans: list[Span] = []
        self.used_notes: set[str] = set()
        self.source_documents: dict[str, str] = {}  # source GUID -> the document it is (or becomes)
        self.memos: list[Memo] = []
        self.passage_notes: list[tuple[str, str]] = []  # (note, document) of notes on uncoded selections
        self.stamp = now()
        self.coders = set(project.coders.all())

    def build(self) -> None:
        self.codes = CodePlan(self.project, self.qde, self.report)
        self.code_ids = self.codes.add(self.refi.codes)
        self.users = self._users()
        self.existing_spans = self.project.spans.contents()
        self.seen_ids: set[str] = set()
        hashes = self.project.documents.hashes()
        by_guid = {guid.upper(): doc for doc, guid in self.project.documents.guids().items()}
        taken = set(hashes)
        for source in self.refi.sources:
            document_id = self._document(source, hashes, by_guid, taken)
            self.source_documents[source.guid] = document_id
            self._selections(source, document_id)
        self._check_turns()
        self._memos()
        unused = [guid for guid in self.refi.notes if guid not in self.used_notes]
        if unused:
            self.report.notes.append(
                f"{len(unused)} note(s) not tied to a coded selection, the project, one source or one code "
                "(journals, annotations) were not imported"
            )
        self.report.notes.extend(self.refi.skipped)

    def _users(self) -> dict[str, str]:
        by_guid = {guid.upper(): name for name, guid in self.project.coders.guids().items()}
        names: dict[str, str] = {}
        for user in self.refi.users:
            name = by_guid.get(user.guid) or _sanitise_coder(user.name, user.guid)
            names[user.guid] = name
            self._need_coder(name, user.guid)
        return names

    def _need_coder(self, name: str, guid: str | None) -> None:
        if name not in self.coders and name not in self.new_coders:
            self.new_coders[name] = guid or ""

    def _coder(self, guid: str | None) -> str:
        if guid is None:
            self._need_coder(self.coder, None)
            return self.coder
        name = self.users.get(guid)
        if name is None:
            name = self.users[guid] = f"user-{guid[:8].lower()}"
            self._need_coder(name, guid)
            self.report.notes.append(f"user {guid} is not listed under <Users>; its codings are by {name!r}")
        return name

    def _document(self, source: RefiSource, hashes: dict[str, str], by_guid: dict[str, str], taken: set[str]) -> str:
        text = source.text.text
        found = by_guid.get(source.guid) or (source.name if source.name in hashes else None)
        if found is not None:
            if hashes[found] != content_hash(text):
                raise InputError(
                    f"source {source.name!r} matches document {found!r} of the project, but its text differs; "
                    "import it into a new project (--db NEW.db) or rename the document",
                    path=self.qde,
                    line=source.line,
                )
            self.report.documents_present += 1
            return found
        document_id, suffix = source.name[:MAX_NAME] or source.guid, 2
        while document_id in taken:
            document_id, suffix = f"{source.name[: MAX_NAME - 10]} ({suffix})", suffix + 1
        taken.add(document_id)
        title = source.description.strip().split("\n", 1)[0][:MAX_NAME] if source.description.strip() else document_id
        attributes = {self.refi.variables[guid]: value for guid, value in source.values.items()}
        self.new_documents.append(Document(id=document_id, title=title, text=text, attributes=attributes))
        self.document_guids[document_id] = source.guid
        self.report.documents_added += 1
        if source.origin == "Word file":
            self.report.notes.append(
                f"source {source.name!r} has no plain text in the file; its text was read from the Word file "
                "(paragraph per line), so check its spans"
            )
        return document_id

    def _selections(self, source: RefiSource, document_id: str) -> None:
        text = source.text
        positioned = [(s.start, s.end, s.name) for s in source.selections if not s.whole_source]
        mode = choose_counting(text, positioned, self.refi.origin)
        empty = uncoded = 0
        for selection in source.selections:
            turn_of = self.refi.turn_speakers.get(selection.guid or "")
            if selection.whole_source:
                where: Anchor | str = Anchor(0, len(text.text), "as-is")
            else:
                limit = text.limit(mode)
                if selection.start < 0 or selection.end < selection.start or selection.end > limit:
                    raise InputError(
                        f"{'turn ' if turn_of else ''}selection {selection.guid or ''} points outside its source "
                        f"{source.name!r}: positions "
                        f"{selection.start}-{selection.end}, but the source has {limit} characters",
                        path=self.qde,
                        line=selection.line,
                    )
                where = anchor(text, selection.start, selection.end, selection.name, mode, names_quote=self.names_quote)
            if isinstance(where, str):
                raise InputError(
                    f"selection {selection.guid or ''} of source {source.name!r}: {where}",
                    path=self.qde,
                    line=selection.line,
                )
            if where.start >= where.end:
                empty += 1
                continue
            if turn_of is not None:
                attributes = turn_attributes(turn_of[0], selection.description, where=self.qde, line=selection.line)
                turn = Passage(document_id=document_id, start=where.start, end=where.end, attributes=attributes)
                self.turns.setdefault(document_id, []).append(turn)
            elif not selection.codings:
                uncoded += 1
                # A memo on an uncoded passage (MAXQDA's in-document memo, an ATLAS.ti quotation's
                # memo) becomes a memo on its document: annotator's memos are not on passages.
                self.passage_notes.extend((guid, document_id) for guid in selection.notes)
                continue
            self.report.reanchored += where.status == "re-anchored"
            self._spans(selection, document_id, text.text, where)
        if empty:
            self.report.notes.append(f"{empty} empty selection(s) of source {source.name!r} were not imported")
        if uncoded:
            self.report.notes.append(
                f"{uncoded} selection(s) of source {source.name!r} carry no code (annotations); not imported"
            )

    def _check_turns(self) -> None:
        """Every turn a speaker case names is in a source; a document already in the project keeps its turns."""
        found = {selection.guid for source in self.refi.sources for selection in source.selections}
        for guid, (speaker, line) in self.refi.turn_speakers.items():
            if guid not in found:
                raise InputError(
                    f"speaker case {speaker!r} refers to selection {guid}, which no imported text source holds",
                    path=self.qde,
                    line=line,
                )
        new = {document.id for document in self.new_documents}
        for document_id in [document_id for document_id in self.turns if document_id not in new]:
            present = [passage for passage in self.project.documents.passages(document_id) if is_turn(passage)]
            if sorted(present, key=_turn_key) != sorted(self.turns.pop(document_id), key=_turn_key):
                self.report.notes.append(
                    f"the speaker turns the file gives document {document_id!r} differ from the project's; "
                    "the project's were kept"
                )

    def _spans(self, selection: RefiSelection, document_id: str, text: str, where: Anchor) -> None:
        quoted = text[where.start : where.end]
        for coding in selection.codings:
            code_id = self.code_ids.get(coding.code)
            if code_id is None:
                raise InputError(
                    f"Coding refers to code {coding.code}, which the codebook does not hold",
                    path=self.qde,
                    line=coding.line,
                )
            coder = self._coder(coding.user or selection.user)
            memo = self._memo(selection.notes + coding.notes, selection.description)
            span_id = hex_from_guid(coding.guid) if coding.guid else ""
            if not span_id or span_id in self.seen_ids:
                span_id = new_span_ids(1)[0]
            self.seen_ids.add(span_id)
            created = coding.created or selection.created or self.stamp
            span = Span(
                span_id,
                document_id,
                code_id,
                coder,
                where.start,
                where.end,
                quoted,
                memo,
                created,
                selection.modified or created,
            )
            present = self.existing_spans.get(span_id)
            if present is not None:
                if present != (document_id, code_id, coder, where.start, where.end, memo):
                    raise InputError(
                        f"coding {coding.guid} is span {span_id} of the project, which has other content "
                        "(changed since the export?); nothing was imported",
                        path=self.qde,
                        line=coding.line,
                    )
                self.report.spans_present += 1
                continue
            self.spans.append(span)

    def _memo(self, note_guids: list[str], description: str) -> str:
        texts = []
        for guid in dict.fromkeys(note_guids):
            if guid in self.refi.notes:
                self.used_notes.add(guid)
                texts.append(self.refi.notes[guid].text)
        return "\n\n".join(text for text in texts if text) or description

    def _memos(self) -> None:
        """The Notes the project, a source or a code refers to, as memos: the project's NoteRef makes a
        project memo, one source's a document memo, one code's a code memo, one source's and one
        code's together a grid memo (how annotator writes them); a Note on an uncoded selection is on its
        source. A memo the project holds is counted."""
        places: dict[str, tuple[list[str], list[str], list[str]]] = {}  # note -> (project, documents, codes)
        for guid in self.refi.project_notes:
            places.setdefault(guid, ([], [], []))[0].append("project")
        for source in self.refi.sources:
            for guid in source.notes:
                if source.guid in self.source_documents:
                    places.setdefault(guid, ([], [], []))[1].append(self.source_documents[source.guid])
        for guid, document_id in self.passage_notes:
            places.setdefault(guid, ([], [], []))[1].append(document_id)
        for code in self.refi.codes:
            for guid in code.notes:
                if code.guid in self.code_ids:
                    places.setdefault(guid, ([], [], []))[2].append(self.code_ids[code.guid])
        for guid, (on_project, documents, codes) in places.items():
            note = self.refi.notes.get(guid)
            documents, codes = list(dict.fromkeys(documents)), list(dict.fromkeys(codes))
            if note is None or guid in self.used_notes or len(documents) > 1 or len(codes) > 1:
                continue  # a span's memo, a note the file lacks, or one on several things: reported as unused
            kind = "project" if on_project and not documents and not codes else _memo_kind(documents, codes)
            if kind is None or not note.text.strip():
                continue
            try:
                text = check_memo_text(note.text)
            except InputError as error:
                raise InputError(f"note {guid}: {error.detail}", path=self.qde, line=note.line) from None
            created = _stamp(note.created) or self.stamp
            memo = Memo(
                hex_from_guid(guid),
                kind,
                documents[0] if documents else None,
                codes[0] if codes else None,
                self._coder(note.user),
                text,
                created,
                _stamp(note.modified) or created,
            )
            self.used_notes.add(guid)
            present = self.project.memos.find(memo.id)
            if present is None:
                self.memos.append(memo)
            elif (present.kind, present.document_id, present.code_id, present.text) == (
                memo.kind,
                memo.document_id,
                memo.code_id,
                memo.text,
            ):
                self.report.memos_present += 1
            else:
                raise InputError(
                    f"note {guid} is memo {memo.id} of the project, which has other content (changed since the "
                    "export?); nothing was imported",
                    path=self.qde,
                    line=note.line,
                )

    def write(self, source_name: str) -> None:
        if not (self.new_coders or self.codes.new or self.new_documents or self.spans or self.memos):
            return  # all of it is in the project already: nothing to write, no import event
        with self.project.transaction():
            self.report.coders_added = len(self.project.coders.add(self._coder_guids()))
            if self.codes.new:
                self.project.codes.add(self.codes.new, origin="import")
            if self.new_documents:
                turns = [turn for document_turns in self.turns.values() for turn in document_turns]
                self.project.documents.add(self.new_documents, turns)
                self.report.turns_added = len(turns)
                self.project.documents.set_guids(self.document_guids)
            self.project.spans.write(self.spans)
            self.report.spans_added = len(self.spans)
            if self.memos:
                # One undoable action (memo-import), each memo checked by the store as `memos add` is.
                self.project.memos.insert(self.memos, coder=self.coder)
                self.report.memos_added = len(self.memos)
            self.project.history.log(
                "import",
                coder=self.coder,
                detail={
                    "source": source_name,
                    "format": "qdpx",
                    "documents": self.report.documents_added,
                    "codes": self.report.codes_added,
                    "spans": len(self.spans),
                },
            )

    def _coder_guids(self) -> dict[str, str]:
        return {name: guid or str(uuid.uuid4()).upper() for name, guid in self.new_coders.items()}


def import_qdpx(path: str | Path, project: Project, *, coder: str) -> ImportReport:
    """Import a `.qdpx` into an open project: check everything, then write it in one transaction."""
    return _import_refi(read_qdpx(path), project, coder)


def import_qdc(path: str | Path, project: Project, *, coder: str) -> ImportReport:
    """Import a `.qdc` codebook into an open project: new codes are added, known ones (GUID or name) kept."""
    return _import_codes(read_qdc(path), Path(path), project, coder)


def create_from_qdpx(path: str | Path, db_path: str | Path, *, coder: str) -> ImportReport:
    """Create `db_path` holding exactly what a `.qdpx` holds (named as its project); nothing is left if it fails."""
    refi = read_qdpx(path)
    return _in_new_project(db_path, refi.name, lambda project: _import_refi(refi, project, coder))


def create_from_qdc(path: str | Path, db_path: str | Path, *, coder: str) -> ImportReport:
    """Create `db_path` holding exactly the codes of a `.qdc`; nothing is left if it fails."""
    path = Path(path)
    codes = read_qdc(path)
    return _in_new_project(db_path, path.stem, lambda project: _import_codes(codes, path, project, coder))


def _import_refi(refi: RefiProject, project: Project, coder: str) -> ImportReport:
    report = ImportReport(refi.path)
    plan = _QdpxPlan(project, refi, coder, report)
    plan.build()
    plan.write(refi.path.name)
    if report.reanchored:
        report.notes.append(
            f"{report.reanchored} selection(s) were moved onto their text (line ends or marks had shifted them)"
        )
    return report


def _import_codes(codes: list[RefiCode], path: Path, project: Project, coder: str) -> ImportReport:
    report = ImportReport(path)
    plan = CodePlan(project, path, report)
    plan.add(codes)
    if not plan.new and project.meta("codebook_name") is not None:
        return report  # every code is there already: nothing to write, no import event
    with project.transaction():
        if plan.new:
            project.codes.add(plan.new, origin="import")
        if project.meta("codebook_name") is None:
            # Named after the file, unless its name could not be a codebook's (see domain/names.py).
            usable = name_problem(CODEBOOK_NAME, path.stem) is None
            project.set_meta("codebook_name", path.stem if usable else "codebook")
        project.history.log(
            "import", coder=coder, detail={"source": path.name, "format": "qdc", "codes": len(plan.new)}
        )
    return report


def _in_new_project(db_path: str | Path, name: str, work: Callable[[Project], ImportReport]) -> ImportReport:
    db_path = Path(db_path)
    project = Project.create(db_path, name=name)
    try:
        with project:
            return work(project)
    except BaseException:
        remove_database(db_path)
        raise
