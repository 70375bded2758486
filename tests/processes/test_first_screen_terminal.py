"""The first screen in a real 80x24 terminal (tmux), on the bundled project as `annotator init` makes
it: the coder's name and the testimony's place in the header, `f1 Keys` in the footer, and the hint
that the testimony list is behind `T` (issue 25)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.terminal import ENV, Terminal, have_tmux

pytestmark = [pytest.mark.tui, pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")]


def test_the_first_screen_at_80x24_names_the_coder_and_shows_the_help_key_and_the_list_hint(tmp_path: Path) -> None:
    created = subprocess.run(
        [sys.executable, "-m", "annotator", "init", "--db", "study.db", "--coder", "mira"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **ENV},
    )
    assert created.returncode == 0, created.stderr
    command = [sys.executable, "-m", "annotator", "--db", "study.db", "--coder", "mira"]
    terminal = Terminal(command, cwd=tmp_path, env=ENV, width=80, height=24)
    try:
        screen = terminal.wait_for(lambda shown: "behind T" in shown)
        lines = screen.splitlines()
        assert "mira · A · 1/18" in lines[0]  # the project's long title gave way, not the coder or the place
        assert lines[-1].lstrip().startswith("f1 Keys")
        terminal.press("C-q")
        deadline = time.monotonic() + 30
        while terminal.running() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not terminal.running()
    finally:
        terminal.close()
