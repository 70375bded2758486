"""Handing a text to the editor: a private copy, what the editor saved comes back, failures refused."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.coding.editing import edit_in_editor, editor_command
from annotator.domain.errors import InputError

EDITOR_SCRIPT = """
import os, stat, sys
path = sys.argv[1]
mode = stat.S_IMODE(os.stat(path).st_mode)
folder = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("wage", "salary") + f" [{mode:o} {folder:o}]")
"""


def _editor(tmp_path: Path, script: str) -> list[str]:
    path = tmp_path / "editor.py"
    path.write_text(script, encoding="utf-8")
    return [sys.executable, str(path)]


def test_the_editor_edits_a_private_copy(tmp_path: Path) -> None:
    edited = edit_in_editor("A/1", "the wage", _editor(tmp_path, EDITOR_SCRIPT))
    assert edited == "the salary [600 700]"


def test_an_editor_failing_or_emptying_the_text_changes_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="exited with an error"):
        edit_in_editor("A", "text", _editor(tmp_path, "raise SystemExit(1)"))
    with pytest.raises(InputError, match="is empty"):
        edit_in_editor("A", "text", _editor(tmp_path, "import sys; open(sys.argv[1], 'w').write('  ')"))


def test_visual_comes_before_editor_and_one_is_needed(tmp_path: Path) -> None:
    for name in ("code", "nano"):  # the programs must exist on PATH (a missing one is refused)
        (tmp_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (tmp_path / name).chmod(0o700)
    found = str(tmp_path)
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano", "PATH": found}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "nano", "PATH": found}) == ["nano"]
    with pytest.raises(InputError, match="set VISUAL or EDITOR"):
        editor_command({})
