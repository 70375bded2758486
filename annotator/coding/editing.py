"""Handing a document's text to the coder's editor ($VISUAL or $EDITOR) on a private copy, and reading it back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.textfiles import read_text_file


def editor_command(environment: Mapping[str, str] = os.environ) -> list[str]:
    """The editor to run, as words: $VISUAL, else $EDITOR."""
    name = "VISUAL" if environment.get("VISUAL") else "EDITOR"
    editor = environment.get(name)
    if not editor:
        raise InputError("set VISUAL or EDITOR to the editor to use, e.g. EDITOR=nano")
    try:
        words = shlex.split(editor)
    except ValueError as error:  # an unclosed quote
        raise InputError(f"${name} cannot be read as a command ({error}); fix its quoting") from None
    # Checked here, so a missing program is one line rather than a traceback from subprocess.
    if not words or shutil.which(words[0], path=environment.get("PATH")) is None:
        shown = words[0][:40] if words else ""
        raise InputError(f"${name} names {shown!r}, which is not a program found on PATH; set it to your editor")
    return words


def edit_in_editor(document_id: str, text: str, editor: list[str]) -> str:
    """Write `text` to a 0600 file in a 0700 folder, run the editor on it, and return what it saved."""
    with tempfile.TemporaryDirectory(prefix="annotator-") as folder:
        path = Path(folder) / f"{document_id.replace('/', '_')}.txt"
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as copy:
            copy.write(text)
        if subprocess.call([*editor, str(path)]) != 0:
            raise InputError("the editor exited with an error; the document is unchanged")
        edited = read_text_file(path)
    if edited != text and not edited.strip():
        raise InputError(f"the edited text of {document_id!r} is empty; the document is unchanged")
    return edited
