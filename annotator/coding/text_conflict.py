"""A text correction made in an editor is written only if the text is still the one the editor opened;
otherwise the edited copy is kept in an owner-only file and the coder told who changed the text.

Adapter: the storage branch of issue 20 adds `Project.replace_text(..., expected_text=...)` raising
`TextChangedMeanwhile` (a `ConflictError` with `.by` and `.kind`) and
`annotator.coding.editing.keep_edited_copy(project_path, document_id, text) -> Path`. Until they
are merged, `replace_unless_changed` makes the same check itself (inside one write transaction) and
`keep_edited_copy` is this module's; at the merge both become calls of theirs (`correct_or_keep` stays).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.storage import Project
from annotator.storage.changes import latest_change
from annotator.storage.document_ops import Replaced

EDITS_FOLDER = "edits"


class TextChangedMeanwhile(AnnotatorError):
    """The document's text changed between opening it in the editor and saving it."""

    def __init__(self, document_id: str, by: str | None, kind: str | None) -> None:
        self.document_id, self.by, self.kind = document_id, by, kind
        who = f"{by} changed it ({kind})" if by else "it was changed"
        super().__init__(f"the text of {document_id!r} changed while you edited it: {who}; nothing was written")


class EditKept(AnnotatorError):
    """A correction not written, with the path where the edited text is kept."""


def replace_unless_changed(project: Project, coder: str, document_id: str, text: str, expected_text: str) -> Replaced:
    """`Project.replace_text`, only if the stored text is still `expected_text` (checked inside the write)."""
    with project.transaction():
        if project.document(document_id).text != expected_text:
            change = latest_change(project, "document", document_id)
            raise TextChangedMeanwhile(document_id, change.coder if change else None, change.kind if change else None)
        return project.replace_text(coder, document_id, text)


def keep_edited_copy(project_path: Path, document_id: str, text: str) -> Path:
    """Write an edited text to a new owner-only file in `edits/` beside the project; return its path."""
    folder = project_path.absolute().parent / EDITS_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", document_id)[:80]
    path = folder / f"{project_path.stem}-{name}-{stamp}.txt"
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as copy:
        copy.write(text)
    return path


def correct_or_keep(project: Project, coder: str, document_id: str, text: str, opened: str) -> Replaced:
    """Write a correction made from `opened`; when it cannot be written (the text changed meanwhile,
    the document went), keep the edited copy and raise EditKept saying why, by whom and where."""
    try:
        return replace_unless_changed(project, coder, document_id, text, expected_text=opened)
    except AnnotatorError as error:
        kept = keep_edited_copy(project.path, document_id, text)
        raise EditKept(f"Not written: {error}. Your edited text is kept in {kept} (readable by you only).") from None
