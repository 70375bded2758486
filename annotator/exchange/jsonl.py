"""Coded spans as JSON Lines: one object per span with the CSV's columns, then one per memo; and memos read back."""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.domain.errors import InputError
from annotator.domain.memos import MEMO_ID, MEMO_KEYS, Memo, check_memo_text, check_target, memo_record
from annotator.domain.names import CODER_NAME, check_name
from annotator.domain.strict_json import DuplicateKey, refuse_duplicate_keys
from annotator.domain.textfiles import read_text_file
from annotator.exchange.files import private_output
from annotator.exchange.spans_csv import span_rows
from annotator.storage import Project

if TYPE_CHECKING:
    from annotator.pseudonyms.view import PseudonymisedView

# A memo's line says so (span lines have no `record` key, as before memos were exported).
RECORD_KEY, MEMO_RECORD = "record", "memo"
_TIME_LENGTH = 40  # an ISO 8601 time stamp is 29 characters; anything much longer is not one


def write_spans_jsonl(project: Project, path: str | Path, *, view: PseudonymisedView | None = None) -> int:
    """Write every span as one JSON object per line (keys in CSV column order, offsets as numbers), then
    every memo (`"record": "memo"`, MEMO_KEYS); returns the count of spans. With a `view`, the
    pseudonymised project is written (memo texts too)."""
    header, rows = span_rows(project, view, memo_columns=False)  # memos have lines of their own
    count = 0
    with private_output(path) as handle, contextlib.closing(rows):  # see write_spans_csv
        for row in rows:
            # ensure_ascii=False keeps testimony text readable in diffs; one line per span keeps them small.
            handle.write(json.dumps(dict(zip(header, row)), ensure_ascii=False) + "\n")
            count += 1
        for memo in project.memos.all():
            if view is not None:
                memo = replace(memo, text=view.text(memo.text, f"memo {memo.id}"))
            handle.write(json.dumps({RECORD_KEY: MEMO_RECORD, **memo_record(memo)}, ensure_ascii=False) + "\n")
    return count


def read_memos_jsonl(path: str | Path) -> list[Memo]:
    """The memo lines of a JSONL export (span lines are passed over), each checked; InputError naming the
    file, line and field for a line that is not JSON or a memo record that is not well formed."""
    memos = []
    for number, line in enumerate(read_text_file(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=refuse_duplicate_keys)
        except DuplicateKey as twice:  # json lets the last of two equal keys win: a forged line could hide one
            raise InputError(
                f"key {twice.key!r} appears twice in one object; keep one", path=path, line=number
            ) from None
        except ValueError:
            raise InputError("is not a JSON object", path=path, line=number) from None
        if not isinstance(record, dict):
            raise InputError("is not a JSON object", path=path, line=number)
        if record.get(RECORD_KEY) == MEMO_RECORD:
            memos.append(_memo(record, path, number))
    return memos


def _is_time(text: str) -> bool:
    """Whether `text` is an ISO 8601 date and time (as our exports write them, `Z` or an offset)."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _memo(record: dict[str, Any], path: str | Path, line: int) -> Memo:
    """One memo record as a Memo; InputError naming the field that does not fit (never its value's text)."""
    unknown = sorted(set(record) - {RECORD_KEY, *MEMO_KEYS})
    if unknown:
        raise InputError(f"a memo record has keys memos do not have ({len(unknown)})", path=path, line=line)
    for key in MEMO_KEYS:
        value = record.get(key)
        optional = key in ("document", "code")
        if not (isinstance(value, str) or (optional and value is None)):
            raise InputError("must be a string" + (" or null" if optional else ""), path=path, line=line, field=key)
    if MEMO_ID.fullmatch(record["id"]) is None:
        raise InputError("is not a memo id (32 lower-case hex digits)", path=path, line=line, field="id")
    for key in ("created_at", "updated_at"):
        if not record[key] or len(record[key]) > _TIME_LENGTH or not _is_time(record[key]):
            raise InputError("is not a time stamp", path=path, line=line, field=key)
    try:
        author = check_name(CODER_NAME, record["author"])
        kind = check_target(record["kind"], record["document"], record["code"])
        text = check_memo_text(record["text"])
    except InputError as error:
        raise InputError(error.detail, path=path, line=line) from None
    return Memo(
        record["id"],
        kind,
        record["document"],
        record["code"],
        author,
        text,
        record["created_at"],
        record["updated_at"],
    )


def import_memos_jsonl(project: Project, path: str | Path, *, coder: str) -> tuple[int, int]:
    """Add the memos of a JSONL export to the project, all or none, as one undoable action of `coder`:
    (added, present already). InputError naming the file when a memo is on a document or code the
    project lacks, or its id is a memo with other content."""
    memos = read_memos_jsonl(path)
    try:
        action, present = project.memos.insert(memos, coder=coder)
    except InputError as error:
        raise InputError(error.detail, path=path) from None
    return (len(action.others) if action is not None else 0), present
