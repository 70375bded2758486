"""What a packet must satisfy before anything of it is merged: its own texts, its codes, its log and every incoming span.

A packet is a project file that travelled: anyone could have edited it with an SQLite browser.
So nothing it says about itself is trusted. Document texts are compared by hashes recomputed
from the texts (its `content_hash` column may lie); its new codes are validated as a codebook
file is; every span it would write here is checked as `import-spans` checks a row (a known
document and code, offsets inside the text, the span's text equal to the document's slice, the
packet's coder); and every row of its event log must be an action the packet's coder may take
(`read_packet_log`). Messages name the packet's table and row by id, never testimony text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.models import Code, Codebook, Event, Span, content_hash
from annotator.domain.names import CODE_ID, CODE_NAME, CODER_NAME, name_problem
from annotator.storage.entities import SPAN, SUGGESTION_REJECTION, StateRefused, table
from annotator.storage.history import REDO, UNDO
from annotator.storage.project import Project
from annotator.storage.rows import EVENT_COLUMNS, event_from_row

# What a coder does in a packet, by the row it changes: span actions, done marks, and the
# creation and editing of their own in-vivo codes (never replayed: new codes come from the
# packet's codes table, checked as a codebook file is).
SPAN_KINDS = frozenset({"add", "remove", "resize", "recode", "memo", UNDO, REDO})
DONE_KINDS = frozenset({"done", "undone", UNDO, REDO})
CODE_KINDS = frozenset({"code-add", "code-edit", "code-move", UNDO, REDO})
# Their memos (on the project, documents, codes, grid cells), written in the packet and checked as the memo store checks a row.
MEMO_KINDS = frozenset({"memo-add", "memo-edit", "memo-remove", "memo-import", UNDO, REDO})
# Logged without a row: spans imported into the packet come in as rows without events.
ROWLESS_KINDS = frozenset({"import"})
PROGRESS_FIELDS = frozenset({"coder", "document_id", "done", "updated_at"})
# Characters of an event's detail: room for the longest a coder's action writes (an accepted suggestion
# names the suggester, the suggestion and two code ids of up to 80 characters), still bounded.
MAX_DETAIL = 1_000


class MergeRefused(AnnotatorError):
    """A packet that cannot be merged: other document texts, an incompatible codebook or an invalid span."""


def recomputed_hashes(project: Project) -> dict[str, str]:
    """The content hash of every document, computed from its text rather than read from the hash column."""
    return {document.id: content_hash(document.text) for document in project.documents.all()}


def differing_documents(project: Project, packet: Project) -> list[str]:
    """Each packet document missing here or holding another text, as `id (why)`, sorted; ids only."""
    ours, theirs = recomputed_hashes(project), recomputed_hashes(packet)
    stored = packet.documents.hashes()
    found = []
    for doc_id, digest in theirs.items():
        if doc_id not in ours:
            found.append(f"{doc_id} (not in this project)")
        elif ours[doc_id] != digest:
            lie = "; its stored hash says otherwise" if stored.get(doc_id) == ours[doc_id] else ""
            found.append(f"{doc_id} (text differs{lie})")
    return sorted(found)


def refused(packet: Project, where: str, why: str) -> MergeRefused:
    """The one line that refuses a packet, naming the packet file, its table and row."""
    return MergeRefused(f"{packet.path}: {where}: {why}; nothing was merged")


def packet_coder(packet: Project) -> str:
    """The coder a packet was made for (its `packet_coder` setting), checked; MergeRefused when it has none."""
    name = packet.meta("packet_coder")
    if name is None:
        raise refused(
            packet, "project row 'packet_coder'", "is missing: the file is not a packet made by `annotator packet`"
        )
    problem = _bad_coder(name)
    if problem:
        raise refused(packet, "project row 'packet_coder'", f"coder name is not usable: {problem}")
    return name


def check_incoming_spans(
    project: Project, packet: Project, spans: Iterable[Span], code_ids: set[str], coder: str
) -> None:
    """Refuse the packet (naming it and the span id) at the first span that would not be a valid span
    here, or is not the packet coder's."""
    texts: dict[str, str | None] = {}
    for span in spans:
        problem = _span_problem(project, span, code_ids, texts) or _other_coder(span.coder, coder)
        if problem:
            raise MergeRefused(f"{packet.path}: span {span.id}: {problem}; nothing was merged")


def _other_coder(name: object, coder: str) -> str | None:
    """Why a row attributed to `name` is not the packet coder's, or None."""
    return None if name == coder else f"is attributed to another coder than the packet's ({coder!r})"


def check_incoming_codes(project: Project, packet: Project, codes: list[Code]) -> None:
    """Refuse the packet at the first new code that a codebook file could not hold: validated by the
    code model (id, name, colour, key), no control or separator characters in its id, name or key,
    and, with this project's codes, known parents and no cycle."""
    for code in codes:
        where = f"codes row {code.id!r}" if isinstance(code.id, str) and len(code.id) <= 80 else "codes row"
        try:
            Code.model_validate(code.model_dump())
        except ValidationError as error:
            first = error.errors()[0]
            field_name = ".".join(str(part) for part in first["loc"])
            raise refused(packet, where, f"{field_name}: {first['msg'][:200]}") from None
        for name, kind in (("id", CODE_ID), ("name", CODE_NAME), ("parent", CODE_ID)):
            value = getattr(code, name)
            problem = name_problem(kind, value) if isinstance(value, str) else None
            if problem is not None:  # the one rule for names (docs/formats.md), as a codebook file meets it
                raise refused(packet, where, f"{name}: {problem}")
    whole = Codebook.model_construct(codes=(*project.codes.all(), *codes))
    new = {code.id for code in codes}
    for location, message in whole.problems():
        index = location[1]
        if isinstance(index, int) and whole.codes[index].id in new:
            raise refused(packet, f"codes row {whole.codes[index].id!r}", message)


@dataclass
class PacketLog:
    """A packet's event log, every row checked: the events, and for each span the batch that created it there."""

    events: list[Event] = field(default_factory=list)
    created: dict[str, str] = field(default_factory=dict)
    memos: set[str] = field(default_factory=set)  # the memos the packet's coder wrote in this packet


def read_packet_log(
    project: Project, packet: Project, coder: str, code_ids: set[str], packet_codes: Mapping[str, str]
) -> PacketLog:
    """Read and check every row of the packet's event log; MergeRefused naming the first row that is
    not an action the packet's coder may take here.

    Allowed: the coder's own span actions (add, remove, resize, recode, memo, and undo and redo of
    them) on spans created in this packet, on documents here and codes here or new; their done
    marks; the creation of their own in-vivo codes (`packet_codes`: the packet's codes by id with
    their origin); imports, which change no row. Every state must be JSON of the row's exact shape.
    """
    log = PacketLog()
    checker = _LogChecker(project, packet, coder, code_ids, packet_codes, log)
    for row in packet.db.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY id"):
        log.events.append(checker.check(row))
    return log


class _LogChecker:
    """Checks the rows of one packet's event log in order (what an earlier row created, a later may change)."""

    def __init__(
        self,
        project: Project,
        packet: Project,
        coder: str,
        code_ids: set[str],
        packet_codes: Mapping[str, str],
        log: PacketLog,
    ) -> None:
        self.project, self.packet, self.coder, self.code_ids = project, packet, coder, code_ids
        self.packet_codes, self.log = packet_codes, log
        self.texts: dict[str, str | None] = {}
        self.documents = set(project.documents.ids())
        self.batch_kinds: dict[str, str] = {}

    def check(self, row: tuple[Any, ...]) -> Event:
        """The event of one row, or MergeRefused naming the row."""
        event_id = row[0]
        try:
            event = self._event(row)
            self._check_event(event)
        except _RowFault as fault:
            raise refused(self.packet, f"events row {event_id}", str(fault)) from None
        return event

    def _event(self, row: tuple[Any, ...]) -> Event:
        _, batch, at, coder, kind, span_id, before, after, reverts, detail, entity, entity_id = row
        texts = {"batch": batch, "at": at, "coder": coder, "kind": kind, "entity": entity, "detail": detail}
        for name, value in texts.items():
            if not isinstance(value, str) or not value or len(value) > (MAX_DETAIL if name == "detail" else 200):
                raise _RowFault(f"its {name} is not a short text")
        for name, value in (("span_id", span_id), ("entity_id", entity_id), ("reverts", reverts)):
            if value is not None and (not isinstance(value, str) or len(value) > 200):
                raise _RowFault(f"its {name} is not a short text")
        if coder != self.coder:
            raise _RowFault(f"is attributed to another coder than the packet's ({self.coder!r})")
        for name, value in (("detail", detail), ("before", before), ("after", after)):
            parsed = _json(value, name)
            if not isinstance(parsed, dict) and (parsed is not None or name == "detail"):
                raise _RowFault(f"its {name} is not a JSON object")
        return event_from_row(row)

    def _check_event(self, event: Event) -> None:
        if self.batch_kinds.setdefault(event.batch, event.kind) != event.kind:
            raise _RowFault("its batch holds actions of two kinds")
        if event.kind in (UNDO, REDO) and (event.reverts is None or event.reverts not in self.batch_kinds):
            raise _RowFault(f"an {event.kind} that names no earlier action of the packet")
        if event.entity_id is None:
            if event.kind not in ROWLESS_KINDS or event.before is not None or event.after is not None:
                raise _RowFault(f"a {event.kind!r} that names no row, which a coder's packet may not carry")
            return
        if event.entity == SPAN:
            self._check_span_event(event)
        elif event.entity == "progress":
            self._check_done_mark(event)
        elif event.entity == "code":
            self._check_code_event(event)
        elif event.entity == "memo":
            self._check_memo_event(event)
        elif event.entity == SUGGESTION_REJECTION:
            return  # a coder's own answer to their suggestions: kept in the packet, never merged
        else:
            raise _RowFault(f"changes a {event.entity!r} row, which a coder's packet may not carry")

    def _check_span_event(self, event: Event) -> None:
        span_id = event.entity_id
        assert span_id is not None
        if event.kind not in SPAN_KINDS:
            raise _RowFault(f"a {event.kind!r} of a span, which a coder's packet may not carry")
        if event.span_id != span_id or (event.before is None and event.after is None):
            raise _RowFault("names its span inconsistently")
        for state in (event.before, event.after):
            if state is not None:
                self._check_span_state(span_id, state)
        if event.before is None:
            self.log.created.setdefault(span_id, event.batch)
        elif span_id not in self.log.created:
            raise _RowFault(f"changes span {span_id}, which the packet's coder did not create in this packet")

    def _check_span_state(self, span_id: str, state: dict[str, Any]) -> None:
        try:
            table(SPAN).check_state(span_id, state)
        except StateRefused:
            raise _RowFault(f"holds a malformed state of span {span_id}") from None
        span = Span.from_state(state)
        if span.id != span_id:
            raise _RowFault(f"holds a state of another span than {span_id}")
        problem = _span_problem(self.project, span, self.code_ids, self.texts) or _other_coder(span.coder, self.coder)
        if problem:
            raise _RowFault(f"span {span_id}: {problem}")

    def _check_done_mark(self, event: Event) -> None:
        _check_kind(event, DONE_KINDS, "done mark")
        for state in (event.before, event.after):
            if state is None:
                continue
            if set(state) != PROGRESS_FIELDS or state["done"] not in (0, 1) or not isinstance(state["updated_at"], str):
                raise _RowFault("holds a malformed done mark")
            if state["coder"] != self.coder:
                raise _RowFault(f"is a done mark of another coder than the packet's ({self.coder!r})")
            if state["document_id"] not in self.documents:
                raise _RowFault("is a done mark on a document that is not in this project")
            if event.entity_id != json.dumps([state["coder"], state["document_id"]], ensure_ascii=False):
                raise _RowFault("names its done mark inconsistently")

    def _check_code_event(self, event: Event) -> None:
        if event.kind not in CODE_KINDS:
            raise _RowFault(f"a {event.kind!r} of a code, which a coder's packet may not carry")
        code_id = str(event.entity_id)
        if self.packet_codes.get(code_id, "in-vivo") != "in-vivo":
            raise _RowFault(f"changes code {code_id!r}, which is not an in-vivo code of the packet's coder")
        for state in (event.before, event.after):
            if state is None:
                continue
            try:
                table("code").check_state(code_id, state)
            except StateRefused:
                raise _RowFault(f"holds a malformed state of code {code_id!r}") from None

    def _check_memo_event(self, event: Event) -> None:
        memo_id = str(event.entity_id)
        _check_kind(event, MEMO_KINDS, "memo")
        for state in (event.before, event.after):
            if state is None:
                continue
            try:  # the memo store's own check of a row from outside: columns, target, text, author, references
                memo = self.project.memos.check_row(memo_id, state, code_ids=self.code_ids)
            except InputError as error:
                raise _RowFault(f"memo {memo_id}: {error}") from None
            if memo.author != self.coder:
                raise _RowFault(f"is a memo of another author than the packet's coder ({self.coder!r})")
        if event.before is None:
            self.log.memos.add(memo_id)
        elif memo_id not in self.log.memos:
            raise _RowFault(f"changes memo {memo_id}, which the packet's coder did not write in this packet")


class _RowFault(Exception):
    """Why one row of a packet's event log is refused (the checker adds the row's name)."""


def _check_kind(event: Event, kinds: frozenset[str], what: str) -> None:
    """_RowFault unless the event is of a kind a coder takes on such a row, and changes the row."""
    if event.kind not in kinds:
        raise _RowFault(f"a {event.kind!r} of a {what}, which a coder's packet may not carry")
    if event.before is None and event.after is None:
        raise _RowFault(f"names its {what} inconsistently")


def _json(value: str | None, name: str) -> Any:
    """A JSON column's value; _RowFault when it is not JSON."""
    if value is None:
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        raise _RowFault(f"its {name} is not JSON") from None


def check_log_matches_spans(packet: Project, log: PacketLog, spans: Mapping[str, Span]) -> None:
    """Refuse a packet whose span rows are not what its own events leave them (the file was edited by hand)."""
    last: dict[str, dict[str, Any] | None] = {}
    for event in log.events:
        if event.entity == SPAN and event.entity_id is not None:
            last[event.entity_id] = event.after
    for span_id, state in last.items():
        span = spans.get(span_id)
        if (span.state() if span is not None else None) != state:
            raise refused(packet, f"spans row {span_id}", "is not what the packet's own events leave it")


def packet_progress(project: Project, packet: Project, coder: str) -> dict[tuple[str, str], tuple[int, str]]:
    """The packet's done marks by (coder, document), each checked: the packet coder's, on a document
    here, done 0 or 1, with a time; MergeRefused naming the first progress row that is not."""
    documents = set(project.documents.ids())
    marks: dict[tuple[str, str], tuple[int, str]] = {}
    rows = packet.db.execute("SELECT rowid, coder, document_id, done, updated_at FROM progress ORDER BY rowid")
    for rowid, name, document, done, stamp in rows:
        where = f"progress row {rowid}"
        if name != coder:
            raise refused(packet, where, f"a done mark of another coder than the packet's ({coder!r})")
        if document not in documents:
            raise refused(packet, where, f"a done mark on document {document!r}, which is not in this project")
        if done not in (0, 1) or isinstance(done, bool) or not isinstance(stamp, str):
            raise refused(packet, where, "a malformed done mark")
        marks[(name, document)] = (done, stamp)
    return marks


def check_incoming_coders(packet: Project, names: Iterable[str]) -> None:
    """Refuse the packet when a coder it would add here has an unusable name."""
    for name in names:
        if _bad_coder(name):
            raise MergeRefused(f"{packet.path}: coder {name!r} is not usable: {_bad_coder(name)}; nothing was merged")


def _span_problem(project: Project, span: Span, code_ids: set[str] | None, texts: dict[str, str | None]) -> str | None:
    """Why `span` cannot be written here, or None (`code_ids` None: any code)."""
    if not isinstance(span.document_id, str):
        return "names no document"
    if span.document_id not in texts:
        try:
            texts[span.document_id] = project.documents.get(span.document_id).text
        except InputError:  # not a document of this project
            texts[span.document_id] = None
    text = texts[span.document_id]
    if text is None:
        return f"names document {span.document_id!r}, which is not in this project"
    if code_ids is not None and span.code_id not in code_ids:
        return f"names code {span.code_id!r}, which is neither in this project's codebook nor in the packet's"
    if not isinstance(span.start, int) or not isinstance(span.end, int) or not 0 <= span.start < span.end <= len(text):
        return (
            f"offsets {span.start}-{span.end} are not a span of document {span.document_id!r} "
            f"(need 0 <= start < end <= {len(text)})"
        )
    if span.text != text[span.start : span.end]:
        return f"its text does not match document {span.document_id!r} at {span.start}-{span.end}"
    coder = _bad_coder(span.coder)
    if coder:
        return f"coder name is not usable: {coder}"
    return None


def _bad_coder(name: object) -> str | None:
    """Why a coder name from a packet is unusable, or None (it must already be in its checked form)."""
    if not isinstance(name, str):
        return "not text"
    return name_problem(CODER_NAME, name)
