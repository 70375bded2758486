"""Handing a document's text to the coder's editor ($VISUAL or $EDITOR) on a private copy, and reading it back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.private_files import write_new_private_text
from annotator.domain.textfiles import read_text_file


def editor_command(environment: Mapping[str, str] = os.environ) -> list[str]:
    """The editor to run, as words: $VISUAL, else $EDITOR."""
    editor = environment.get("VISUAL") or environment.get("EDITOR")
    if not editor:
        raise InputError("set VISUAL or EDITOR to the editor to use, e.g. EDITOR=nano")
    return shlex.split(editor)


def edit_in_editor(document_id: str, text: str, editor: list[str]) -> str:
    """Write `text` to a 0600 file in a 0700 folder, run the editor on it, and return what it saved."""
    with tempfile.TemporaryDirectory(prefix="annotator-") as folder:
        path = Path(folder) / f"{document_id.replace('/', '_')}.txt"
        write_new_private_text(path, text)
        if subprocess.call([*editor, str(path)]) != 0:
            raise InputError("the editor exited with an error; the document is unchanged")
        edited = read_text_file(path)
    if edited != text and not edited.strip():
        raise InputError(f"the edited text of {document_id!r} is empty; the document is unchanged")
    return edited
