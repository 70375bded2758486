"""Coded spans as JSON Lines: one object per span with the CSV's columns, for scripts and git archives."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.exchange.files import private_output
from annotator.exchange.spans_csv import span_rows
from annotator.storage import Project

if TYPE_CHECKING:
    from annotator.pseudonyms.view import PseudonymisedView


def write_spans_jsonl(project: Project, path: str | Path, *, view: PseudonymisedView | None = None) -> int:
    """Write every span as one JSON object per line (keys in CSV column order, offsets as numbers); returns the
    count. With a `view`, the pseudonymised project is written."""
    header, rows = span_rows(project, view)
    count = 0
    with private_output(path) as handle, contextlib.closing(rows):  # see write_spans_csv
        for row in rows:
            # ensure_ascii=False keeps testimony text readable in diffs; one line per span keeps them small.
            handle.write(json.dumps(dict(zip(header, row)), ensure_ascii=False) + "\n")
            count += 1
    return count
