"""Coded spans as CSV: one row per span, read back by `import-spans` with the same columns."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.csvfiles import csv_rows, header_columns
from annotator.domain.errors import InputError, shown
from annotator.domain.memos import MemoKind
from annotator.domain.models import Code, Span, free_code_id, is_code_id
from annotator.domain.names import CODE_NAME, forbidden_character, name_problem, refusal
from annotator.domain.offsets import parse_offset
from annotator.domain.spreadsheet import BYTE_ORDER_MARK, spreadsheet_safe
from annotator.domain.textfiles import read_text_file
from annotator.exchange.files import private_output
from annotator.storage import Project, new_span_ids
from annotator.storage.base import check_coder_name
from annotator.storage.database import now

REQUIRED_COLUMNS = ("document", "code", "start", "end")
SPAN_COLUMNS = ("document", "coder", "code", "start", "end", "text", "memo")
EXTRA_COLUMNS = ("id", "code_name", "created_at", "updated_at")
# In a project with document or code memos: the memos of each span's document and code (docs/formats.md).
MEMO_COLUMNS = ("document_memo", "code_memo")
# Last, and only when the project has transcripts: the turn each span starts in (import-spans ignores them).
TURN_COLUMNS = ("turn_speaker", "turn_role", "turn_start")
# Document attributes follow as `attribute:NAME`. Older files wrote a bare NAME (document_NAME when it
# clashed with a column, which could then appear twice); import-spans ignores both kinds.
ATTRIBUTE_PREFIX = "attribute:"
PROGRESS_EVERY = 10_000


@dataclass
class SpanImport:
    """Spans read from a file and checked against a project, ready to insert in one go."""

    spans: list[Span]
    new_codes: list[Code]
    skipped: int  # rows whose span id is already in the project with the same content


def read_spans_csv(
    path: str | Path,
    project: Project,
    *,
    default_coder: str,
    add_codes: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SpanImport:
    """Read and check every row of a spans CSV; InputError names the file, line and column of the first problem.

    Columns: `document, coder, code, start, end` (coder may be absent: `default_coder` is used),
    optional `memo`, `text` (must equal the document slice when given), `id` (kept, so an export
    imports back as the same spans), `created_at`, `updated_at`. Other columns are ignored.
    `progress(lines_done, lines_total)` is called every 10,000 rows when given.
    """
    path = Path(path)
    text = read_text_file(path)
    rows = csv_rows(text, path)
    first = next(rows, None)
    if first is None:
        raise InputError("is empty; expected a header row with document, coder, code, start, end", path=path, line=1)
    columns = header_columns(_read_columns_only(first[1]), path)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; the header needs document, coder, code, start, end",
            path=path,
            line=1,
        )
    checker = _RowChecker(path, project, default_coder, add_codes, columns, len(first[1]))
    total_lines = text.count("\n") + 1
    for count, (line, row) in enumerate(rows, start=1):
        if "".join(row).strip():  # not a blank row (one join, not a test per cell)
            checker.check(row, line)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(line, total_lines)
    return SpanImport(checker.spans, checker.new_codes, checker.skipped)


def _read_columns_only(header: list[str]) -> list[str]:
    """The header with every column import-spans ignores blanked: a name repeated among those
    (attributes that differ in case only, or an old file's clashing `document_NAME`) is harmless."""
    read = {*REQUIRED_COLUMNS, *SPAN_COLUMNS, *EXTRA_COLUMNS}
    return [name if name.strip().lower() in read else "" for name in header]


class _RowChecker:
    """Checks rows one by one against the project, collecting spans and codes to create."""

    def __init__(
        self,
        path: Path,
        project: Project,
        default_coder: str,
        add_codes: bool,
        columns: dict[str, int],
        header_width: int,
    ) -> None:
        self.path = path
        self.header_width = header_width
        self.default_coder = default_coder
        self.add_codes = add_codes
        self.columns = columns
        self.texts = {document.id: document.text for document in project.documents.all()}
        codes = project.codes.all()
        self.code_ids = {code.id: code.id for code in codes}
        self.code_names = {code.name.casefold() for code in codes}
        self.existing_ids = {span.id: span for span in project.spans.select()} if "id" in columns else {}
        self.spans: list[Span] = []
        self.new_codes: list[Code] = []
        self.skipped = 0
        self.seen_ids: set[str] = set()
        self.coder_names: dict[str, str] = {}  # cell → checked name
        self.stamp = now()
        self._fresh_ids: Iterator[str] = iter(())

        # Index of each known column; an absent column points at the empty cell appended to every row.
        self.width = max(columns.values()) + 1
        self.at = {name: columns.get(name, -1) for name in (*SPAN_COLUMNS, *EXTRA_COLUMNS)}

    def _fail(self, line: int, column: str, message: str) -> InputError:
        return InputError(message, path=self.path, line=line, field=column)

    def check(self, row: list[str], line: int) -> None:
        if any(cell.strip() for cell in row[self.header_width :]):
            # More filled cells than the header names: an unquoted comma has shifted the cells after it.
            raise InputError(
                f"has {len(row)} cells but the header names {self.header_width}; quote cells that hold commas",
                path=self.path,
                line=line,
            )
        if len(row) < self.width:
            row.extend([""] * (self.width - len(row)))
        row.append("")
        at = self.at
        document = row[at["document"]].strip()
        if document not in self.texts:
            raise self._fail(line, "document", f"no document {shown(document)} in the project; import it first")
        code = self._code_id(row[at["code"]], line)
        coder = self._coder(row[at["coder"]], line)
        start, end = self._offset(row[at["start"]], "start", line), self._offset(row[at["end"]], "end", line)
        length = len(self.texts[document])
        if start >= end:
            raise self._fail(line, "start", f"start {start} must be less than end {end}")
        if end > length:
            raise self._fail(
                line, "end", f"offset {end} is past the end of document {document!r} ({length} characters)"
            )
        quoted = self.texts[document][start:end]
        given = row[at["text"]]
        if given and given.replace("\r\n", "\n") != quoted:
            # Lengths, not the texts: testimony never appears in a message.
            raise self._fail(
                line,
                "text",
                f"does not match the document at {start}-{end} (the row's text has {len(given)} characters; "
                "compare it with the document, or leave the column empty)",
            )
        memo = row[at["memo"]]
        span_id = row[at["id"]].strip()
        created = row[at["created_at"]].strip() or self.stamp
        updated = row[at["updated_at"]].strip() or created
        if span_id:
            if span_id in self.seen_ids:
                raise self._fail(line, "id", f"span id {span_id} appears twice in the file")
            self.seen_ids.add(span_id)
            existing = self.existing_ids.get(span_id)
            if existing is not None:
                if (
                    existing.document_id,
                    existing.coder,
                    existing.code_id,
                    existing.start,
                    existing.end,
                    existing.memo,
                ) != (document, coder, code, start, end, memo):
                    raise self._fail(line, "id", f"span {span_id} already exists in the project with other content")
                self.skipped += 1
                return
        else:
            span_id = self._next_id()
        self.spans.append(Span(span_id, document, code, coder, start, end, quoted, memo, created, updated))

    def _offset(self, value: str, column: str, line: int) -> int:
        try:
            return parse_offset(value)
        except ValueError as error:
            raise self._fail(line, column, str(error)) from None

    def _coder(self, raw: str, line: int) -> str:
        name = self.coder_names.get(raw)  # a file names a few coders a million times
        if name is not None:
            return name
        if not raw.strip():
            return self.default_coder
        try:
            name = self.coder_names[raw] = check_coder_name(raw)
        except InputError as error:
            raise self._fail(line, "coder", error.detail) from None
        return name

    def _code_id(self, raw: str, line: int) -> str:
        """The code id a cell names, creating the code (once) with --add-codes."""
        code = self.code_ids.get(raw)
        if code is not None:
            return code
        if not raw.strip():
            raise self._fail(line, "code", "is empty")
        # Not trimmed: stripping would hide a pasted line break or tab; the cell must name the code exactly.
        problem = forbidden_character(raw) or ("starts or ends with spaces" if raw != raw.strip() else None)
        if problem is not None:
            raise self._fail(line, "code", f"{shown(raw)} {problem}")
        if not self.add_codes:
            raise self._fail(line, "code", f"no code {shown(raw)} in the codebook; add it there, or pass --add-codes")
        problem = name_problem(CODE_NAME, raw)
        if problem is not None:
            raise self._fail(line, "code", refusal(CODE_NAME, raw, problem))
        if raw.casefold() in self.code_names:
            raise self._fail(line, "code", f"new code {shown(raw)} would clash with the name of an existing code")
        # A cell that is already a valid id keeps it; a free-text name gets an id made from it.
        taken = set(self.code_ids.values())
        code_id = raw if is_code_id(raw) and raw not in taken else free_code_id(raw, taken)
        self.new_codes.append(Code(id=code_id, name=raw))
        self.code_ids[raw] = code_id
        self.code_names.add(raw.casefold())
        return code_id

    def _next_id(self) -> str:
        try:
            return next(self._fresh_ids)
        except StopIteration:
            self._fresh_ids = iter(new_span_ids(4096))
            return next(self._fresh_ids)


def import_spans_csv(
    path: str | Path,
    project: Project,
    *,
    coder: str,
    add_codes: bool = False,
    reference: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> SpanImport:
    """Check a whole spans CSV, then add its codes and spans in one transaction (all or nothing);
    with `reference`, its coders are recorded as reference codings (never compared with by default)."""
    result = read_spans_csv(path, project, default_coder=coder, add_codes=add_codes, progress=progress)
    if not result.spans and not result.new_codes:
        return result  # every row already there: nothing to write, so no import event either
    references = {span.coder for span in result.spans} if reference else set()
    project.spans.insert(
        result.spans, coder=coder, source=Path(path).name, new_codes=result.new_codes, references=references
    )
    return result


def attribute_column(name: str) -> str:
    """The column of document attribute `name`: `attribute:NAME`, which no fixed column (and no
    other attribute) can be, so a header never names a column twice."""
    return f"{ATTRIBUTE_PREFIX}{name}"


def memo_texts(project: Project) -> dict[str, dict[str, str]] | None:
    """The texts of the document memos by document and of the code memos by code (several memos on one
    thing joined by a blank line, oldest first); None when the project has neither."""
    texts: dict[str, dict[str, str]] = {"document": {}, "code": {}}
    kinds: tuple[tuple[MemoKind, str], ...] = (("document", "document_id"), ("code", "code_id"))
    for kind, key in kinds:
        for memo in project.memos.of(kind):
            target = getattr(memo, key)
            joined = texts[kind].get(target)
            texts[kind][target] = memo.text if joined is None else f"{joined}\n\n{memo.text}"
    return texts if texts["document"] or texts["code"] else None


def span_rows(project: Project, *, memo_columns: bool = True) -> tuple[list[str], Generator[list[object], None, None]]:
    """The CSV header and rows: span columns, then id, code name, times, (with `memo_columns`, in a project
    with document or code memos) the memos of the span's document and code, document attributes, and
    (for a project with transcripts) the speaker, role and start time of the turn each span starts in."""
    from annotator.transcripts.passages import TurnLookup
    from annotator.transcripts.timestamps import format_seconds, stored_seconds

    documents = project.documents.all()
    attribute_names: list[str] = []
    for document in documents:
        for name in document.attributes:
            if name not in attribute_names:
                attribute_names.append(name)
    attribute_columns = [attribute_column(name) for name in attribute_names]
    attributes = {
        document.id: [document.attributes.get(name, "") for name in attribute_names] for document in documents
    }
    code_names = {code.id: code.name for code in project.codes.all()}
    turns = TurnLookup(project.documents.passages())
    with_turns = bool(turns.speakers())
    memos = memo_texts(project) if memo_columns else None
    header = [
        *SPAN_COLUMNS,
        *EXTRA_COLUMNS,
        *(MEMO_COLUMNS if memos else ()),
        *attribute_columns,
        *(TURN_COLUMNS if with_turns else ()),
    ]

    def turn_cells(document_id: str, start: int) -> list[object]:
        turn = turns.at(document_id, start)
        if turn is None:
            return ["", "", ""]
        seconds = stored_seconds(turn.attributes.get("start"))  # None for a time edited by hand into non-numbers
        return [
            turn.attributes.get("speaker", ""),
            turn.attributes.get("role", ""),
            format_seconds(seconds) if seconds is not None else "",
        ]

    def rows() -> Generator[list[object], None, None]:
        # Tuples straight from the cursor (storage's SPAN_COLUMNS order), never Span objects.
        for span_id, document_id, code_id, coder, start, end, text, memo, created, updated in project.spans.rows():
            yield [
                document_id,
                coder,
                code_id,
                start,
                end,
                text,
                memo,
                span_id,
                code_names[code_id],
                created,
                updated,
                *((memos["document"].get(document_id, ""), memos["code"].get(code_id, "")) if memos else ()),
                *attributes[document_id],
                *(turn_cells(document_id, start) if with_turns else ()),
            ]

    return header, rows()


def write_spans_csv(project: Project, path: str | Path, *, excel: bool = False) -> int:
    """Write every span of the project to `path` (UTF-8, header row, LF line ends); returns the row count.

    The plain file holds every cell exactly (for pandas, R, and import-spans). With `excel`, text
    cells starting with = + - @ tab or CR get a leading `'`, so Excel and LibreOffice show them
    as text instead of running them as formulas, and the file starts with a byte-order mark, without
    which Excel reads UTF-8 (Korean names, quotes) as another encoding; that file is for reading, not
    for re-import.
    """
    header, rows = span_rows(project)
    count = 0
    # closing(): the rows stop reading the cursor before the project closes, even when a full disk
    # ends the export (left to the garbage collector, they print "Exception ignored ...").
    with private_output(path) as handle, contextlib.closing(rows):
        if excel:
            handle.write(BYTE_ORDER_MARK)
        writer = csv.writer(handle, lineterminator="\n")
        # With LF line ends the csv module leaves a lone CR unquoted, and every reader then takes
        # it for a line break; a row holding one is written fully quoted instead.
        quoting_writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        plain_row, quoted_row = writer.writerow, quoting_writer.writerow
        for row in rows:
            cells = [spreadsheet_safe(cell) for cell in row] if excel else row
            # Joined once per row: a C-level scan, where a test per cell costs a third of the export.
            has_cr = "\r" in "".join(cell for cell in cells if isinstance(cell, str))
            (quoted_row if has_cr else plain_row)(cells)
            count += 1
    return count
