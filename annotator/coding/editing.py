"""Handing a document's text to the coder's editor ($VISUAL, $EDITOR, else editor, nano or vi) on a private copy, reading it back,
and keeping an edited copy the project refused (its text changed meanwhile) in an owner-only file."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.private_files import write_new_private_text
from annotator.domain.textfiles import read_text_file

# What git and Debian's sensible-editor fall back on when neither variable is set, in that order.
FALLBACK_EDITORS = ("editor", "nano", "vi")


@dataclass(frozen=True)
class EditorChoice:
    """The editor to run, as words, and where it came from: `VISUAL`, `EDITOR`, or "" for the fallback."""

    command: list[str]
    source: str

    @property
    def notice(self) -> str:
        """What to tell the coder when no variable chose the editor (else "")."""
        if self.source:
            return ""
        name = Path(self.command[0]).name
        return f"Editing in {name}: neither VISUAL nor EDITOR is set, and {name} is the first of {', '.join(FALLBACK_EDITORS)} on PATH."


def choose_editor(environment: Mapping[str, str] = os.environ) -> EditorChoice:
    """$VISUAL, else $EDITOR, else the first of `editor`, `nano`, `vi` found on PATH."""
    name = "VISUAL" if environment.get("VISUAL") else "EDITOR"
    editor = environment.get(name)
    if not editor:
        for fallback in FALLBACK_EDITORS:
            found = shutil.which(fallback, path=environment.get("PATH"))
            if found is not None:
                return EditorChoice([found], "")
        raise InputError(
            f"set VISUAL or EDITOR to the editor to use, e.g. EDITOR=nano (none of {', '.join(FALLBACK_EDITORS)} is on PATH)"
        )
    try:
        words = shlex.split(editor)
    except ValueError as error:  # an unclosed quote
        raise InputError(f"${name} cannot be read as a command ({error}); fix its quoting") from None
    # Checked here, so a missing program is one line rather than a traceback from subprocess.
    if not words or shutil.which(words[0], path=environment.get("PATH")) is None:
        shown = words[0][:40] if words else ""
        raise InputError(f"${name} names {shown!r}, which is not a program found on PATH; set it to your editor")
    return EditorChoice(words, name)


def edit_in_editor(
    document_id: str, text: str, editor: list[str], *, what: str = "the document", suffix: str = ".txt"
) -> str:
    """Write `text` to a 0600 file in a 0700 folder, run the editor on it, and return what it saved
    (`what` names the thing edited in refusals: the document, the memo; `suffix` the file's ending)."""
    with tempfile.TemporaryDirectory(prefix="annotator-") as folder:
        path = Path(folder) / f"{document_id.replace('/', '_')}{suffix}"
        write_new_private_text(path, text)
        if subprocess.call([*editor, str(path)]) != 0:
            raise InputError(f"the editor exited with an error; {what} is unchanged")
        edited = read_text_file(path)
    if edited != text and not edited.strip():
        raise InputError(f"the edited text of {document_id!r} is empty; {what} is unchanged")
    return edited


def edits_folder(project_path: Path) -> Path:
    """Where refused edits are kept: `<project stem>-edits/` beside the project file."""
    return project_path.parent / f"{project_path.stem}-edits"


def keep_edited_copy(project_path: Path, document_id: str, text: str) -> Path:
    """Write an edited text the project did not take to a new owner-only file (0600, in a 0700
    folder beside the project; never following a link, never overwriting); its absolute path."""
    folder = edits_folder(Path(os.path.abspath(project_path)))  # the message gives a path usable from anywhere
    folder.mkdir(mode=0o700, exist_ok=True)
    if not stat.S_ISDIR(os.lstat(folder).st_mode):
        raise InputError(f"{folder}: is not a folder (a link?); the edited text was not kept")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", document_id)[:80] or "document"
    for attempt in range(1, 1000):
        path = folder / (f"{stem}-{stamp}.txt" if attempt == 1 else f"{stem}-{stamp}-{attempt}.txt")
        if os.path.lexists(path):
            continue
        write_new_private_text(path, text)  # the one private writer: O_EXCL, no link followed, one line on failure
        return path
    raise InputError(f"{folder}: too many kept edits of {document_id!r} this second; the edited text was not kept")
