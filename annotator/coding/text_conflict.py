"""A text correction (or a memo) made in an editor is written only if the text is still the one the editor
opened; otherwise the edited copy is kept in an owner-only file and the coder told who changed the text
(the screen's `E`; the command line's `documents edit` and `memos edit` make the same calls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from annotator.coding.editing import keep_edited_copy
from annotator.domain.errors import AnnotatorError
from annotator.storage import Project
from annotator.storage.corrections import Replaced

T = TypeVar("T")


class EditKept(AnnotatorError):
    """A correction not written, with the path where the edited text is kept."""


def correct_or_keep(project: Project, coder: str, document_id: str, text: str, opened: str) -> Replaced:
    """Write a correction made from `opened`; when it cannot be written (the text changed meanwhile,
    the document went), keep the edited copy and raise EditKept saying why, by whom and where."""
    return write_or_keep(
        project,
        document_id,
        text,
        lambda: project.documents.replace_text(coder, document_id, text, expected_text=opened),
    )


def write_or_keep(project: Project, name: str, text: str, write: Callable[[], T]) -> T:
    """`write()` an edited text (a document's, a memo's); when the project refuses it, keep the text in an
    owner-only file named after `name` and raise EditKept saying why and where."""
    try:
        return write()
    except AnnotatorError as error:
        kept = keep_edited_copy(project.path, name, text)
        raise EditKept(f"Not written: {error}; readable by you only, your edited text is kept in {kept}") from None
