"""Driving several annotator processes at one project in tests: a lock holder, commands started in the
background, and the test-only pause points (ANNOTATOR_TEST_PAUSE, annotator/storage/pause.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

LOCK_HOLDER = Path(__file__).parents[1] / "processes" / "lock_holder.py"
TIMEOUT = 120
# How long a test waits for a command to reach a pause point before going on without it (the code
# before the fix has no pause points: it has read what it will write long before this).
PAUSE_WAIT = 15.0
# How long a test lets commands started behind a held lock run up to it (they only read meanwhile;
# the result must be right however long they take, the wait only gives the old code its chance to err).
SETTLE = 4.0


def environment(**extra: str) -> dict[str, str]:
    """The environment a command runs in: no backups, no terminal app, the lead as default coder."""
    return {**os.environ, "ANNOTATOR_CODER": "lead", "ANNOTATOR_BACKUPS": "0", "TEXTUAL": "", **extra}


def start(*args: object, cwd: Path, **extra: str) -> subprocess.Popen[str]:
    """Start `annotator ARGS...` in the background, as a user in another shell would."""
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", *map(str, args)],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(**extra),
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Wait for a started command: its exit status, stdout and stderr."""
    out, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, out, err


class LockHolder:
    """tests/processes/lock_holder.py: holds the write lock with a change made, commits when released."""

    def __init__(self, db_path: Path, action: str, *args: object) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(LOCK_HOLDER), str(db_path), action, *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        assert self._line() == "ready", self._stderr()

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def _stderr(self) -> str:
        return self.process.stderr.read() if self.process.stderr else ""

    def release(self) -> list[str]:
        """Commit; the ids of the spans it added (each committed)."""
        out, err = self.process.communicate("go\n", timeout=TIMEOUT)
        assert self.process.returncode == 0, err
        lines = out.split()
        assert lines[0] == "committed"
        return lines[1:]


class PausePoint:
    """One pause point of one command: ANNOTATOR_TEST_PAUSE for its environment, waited for and released."""

    def __init__(self, folder: Path, name: str) -> None:
        self.release_path = folder / f"pause-{name}"
        self.env = {"ANNOTATOR_TEST_PAUSE": f"{name}={self.release_path}"}

    def wait_reached(self) -> bool:
        """Whether the command reached the point (waits PAUSE_WAIT at most)."""
        reached = Path(f"{self.release_path}.reached")
        deadline = time.monotonic() + PAUSE_WAIT
        while not reached.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return reached.exists()

    def release(self) -> None:
        """Let the command go on."""
        self.release_path.touch()
