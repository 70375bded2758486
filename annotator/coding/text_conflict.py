"""A text correction made in an editor is written only if the text is still the one the editor opened;
otherwise the edited copy is kept in an owner-only file and the coder told who changed the text
(the screen's `E`; the command line's `documents edit` makes the same two calls)."""

from __future__ import annotations

from annotator.coding.editing import keep_edited_copy
from annotator.domain.errors import AnnotatorError
from annotator.storage import Project
from annotator.storage.corrections import Replaced


class EditKept(AnnotatorError):
    """A correction not written, with the path where the edited text is kept."""


def correct_or_keep(project: Project, coder: str, document_id: str, text: str, opened: str) -> Replaced:
    """Write a correction made from `opened`; when it cannot be written (the text changed meanwhile,
    the document went), keep the edited copy and raise EditKept saying why, by whom and where."""
    try:
        return project.documents.replace_text(coder, document_id, text, expected_text=opened)
    except AnnotatorError as error:
        kept = keep_edited_copy(project.path, document_id, text)
        raise EditKept(f"Not written: {error}; readable by you only, your edited text is kept in {kept}") from None
