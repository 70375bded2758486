"""A real terminal for a screen under test: a tmux session of its own (private server socket),
keys sent to it and what it shows read back, as a coder at a terminal would see it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

LOCK_HOLDER = Path(__file__).parents[1] / "processes" / "bare_lock.py"
# What every process these tests start runs with: no backups, this checkout's code, a plain terminal.
ENV = {"ANNOTATOR_BACKUPS": "0", "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "TEXTUAL": ""}


def as_lead(db_path: Path, *args: str) -> None:
    """Run `annotator ARGS --db DB --coder lead` as its own process (the lead in another shell)."""
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args, "--db", str(db_path), "--coder", "lead"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **ENV},
    )
    assert result.returncode == 0, result.stderr


@contextmanager
def lock_held(db_path: Path) -> Iterator[Callable[[], None]]:
    """Another process holds the project's write lock until the function given is called."""
    holder = subprocess.Popen(
        [sys.executable, str(LOCK_HOLDER), str(db_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )

    def release() -> None:
        holder.communicate("go\n", timeout=60)

    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield release
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def have_tmux() -> bool:
    """Whether tmux is installed (the terminal tests are skipped without it)."""
    return shutil.which("tmux") is not None


class Terminal:
    """One tmux session running one command, on a server of its own (no other session is touched)."""

    def __init__(
        self, command: list[str], *, cwd: Path, env: Mapping[str, str], width: int = 100, height: int = 30
    ) -> None:
        self.socket = f"annotator-test-{uuid.uuid4().hex[:12]}"
        self.env = {**os.environ, **env}
        line = " ".join(_quoted(word) for word in command)
        self._tmux(
            "new-session",
            "-d",
            "-s",
            "screen",
            "-x",
            str(width),
            "-y",
            str(height),
            f"cd {_quoted(str(cwd))} && {line}",
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.env, timeout=30
        )
        return result.stdout

    def press(self, *keys: str) -> None:
        """Send keys as tmux names them (`j`, `C-q`, `Enter`)."""
        self._tmux("send-keys", "-t", "screen", *keys)

    def shows(self) -> str:
        """The screen as it is now, as text."""
        return self._tmux("capture-pane", "-p", "-t", "screen")

    def wait_for(self, condition: Callable[[str], bool], seconds: float = 30.0) -> str:
        """What the screen shows once `condition` holds for it; AssertionError with the screen after `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            screen = self.shows()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never showed what was expected:\n{screen}")
            time.sleep(0.2)

    def running(self) -> bool:
        """Whether the session (the command in it) is still running."""
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session", "-t", "screen"], capture_output=True, env=self.env
            ).returncode
            == 0
        )

    def close(self) -> None:
        """End the session and its server."""
        self._tmux("kill-server")


def _quoted(word: str) -> str:
    return shlex.quote(word)
