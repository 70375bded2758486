"""Handing a text to the editor: a private copy, what the editor saved comes back, failures refused."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotator.coding.editing import EditorChoice, choose_editor, edit_in_editor
from annotator.domain.errors import InputError
from tests.support.programs import fake_programs

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
    found = fake_programs(tmp_path, "code", "nano")  # the programs must exist on PATH (a missing one is refused)
    assert choose_editor({"VISUAL": "code --wait", "EDITOR": "nano", "PATH": found}).command == ["code", "--wait"]
    assert choose_editor({"EDITOR": "nano", "PATH": found}) == EditorChoice(["nano"], "EDITOR")
    assert choose_editor({"EDITOR": "nano", "PATH": found}).notice == ""
    with pytest.raises(InputError, match="set VISUAL or EDITOR"):
        choose_editor({"PATH": str(tmp_path / "empty")})


def test_without_visual_or_editor_the_first_of_editor_nano_vi_on_path_is_used_and_named(tmp_path: Path) -> None:
    vi_only = fake_programs(tmp_path / "a", "vi")
    nano_and_vi = fake_programs(tmp_path / "b", "nano")
    everything = fake_programs(tmp_path / "c", "editor")
    assert choose_editor({"PATH": vi_only}).command == [f"{vi_only}/vi"]
    assert choose_editor({"PATH": f"{nano_and_vi}:{vi_only}"}).command == [f"{nano_and_vi}/nano"]
    chosen = choose_editor({"EDITOR": "", "PATH": f"{vi_only}:{nano_and_vi}:{everything}"})
    assert chosen.command == [f"{everything}/editor"]
    assert chosen.notice == (
        "Editing in editor: neither VISUAL nor EDITOR is set, and editor is the first of editor, nano, vi on PATH."
    )
