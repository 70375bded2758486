"""A real coding screen in a real terminal (tmux) beside another process changing the project: a key
moved elsewhere applies its new code, a span removed elsewhere disappears, and while the other process
holds the write lock the screen says it is waiting, then stores the span once the lock is let go."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from annotator.domain.models import Codebook
from annotator.storage import Project
from tests.support.terminal import ENV, Terminal, as_lead, have_tmux, lock_held
from tests.support.tui import CODES, DOCUMENTS

pytestmark = [pytest.mark.tui, pytest.mark.skipif(not have_tmux(), reason="tmux is not installed")]


def codes_of(path: Path, coder: str) -> list[str]:
    """The codes of a coder's spans as another connection reads them."""
    with Project.open(path, readonly=True) as project:
        return [span.code_id for span in project.spans.select(coder=coder)]


def eventually(condition, seconds: float = 30.0) -> bool:
    """Whether `condition()` holds within `seconds` (checked five times a second)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_a_screen_in_a_terminal_follows_another_process_and_waits_for_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    with Project.create(path, name="team") as project:
        project.documents.add(DOCUMENTS)
        project.codes.add_codebook(Codebook(name="test", codes=CODES))
    terminal = Terminal([sys.executable, "-m", "annotator", "--db", str(path), "--coder", "ann"], cwd=tmp_path, env=ENV)
    try:
        terminal.wait_for(lambda screen: "Wage deduction" in screen and "They took" in screen)
        as_lead(path, "codes", "edit", "bribery", "--key", "5", "--move-key")
        terminal.wait_for(lambda screen: "5 ■ Bribery" in screen)
        terminal.press("w", "5")  # the first word, coded with the code that has key 5 now
        assert eventually(lambda: codes_of(path, "ann") == ["bribery"])
        with Project.open(path) as other:  # ann's second window removes it
            other.spans.remove("ann", other.spans.select(coder="ann")[0].id)
        terminal.wait_for(lambda screen: "No spans yet" in screen)

        with lock_held(path) as release:
            terminal.press("s", "1")  # the first sentence, coded while the lock is held elsewhere
            terminal.wait_for(lambda screen: "Waiting for the project" in screen)
            assert codes_of(path, "ann") == []
            release()
        assert eventually(lambda: codes_of(path, "ann") == ["wage-deduction"])
        # The span's row: `Wage deduction 0–37 …` in a wide panel, `0 «They took…» Wage…` in an 80-column one.
        terminal.wait_for(lambda screen: "Wage deduction 0–" in screen or "  0 «They took…» Wa" in screen)
        terminal.press("C-q")
        assert eventually(lambda: not terminal.running())
    finally:
        terminal.close()
    with Project.open(path, readonly=True) as project:
        assert [span.code_id for span in project.spans.select(coder="ann")] == ["wage-deduction"]
