"""Real processes for the multi-process tests: `annotator` as its own process, and a script of tests/processes driven line by line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

PROCESSES = Path(__file__).resolve().parents[1] / "processes"
HOLDER, SCREEN = PROCESSES / "holder.py", PROCESSES / "screen.py"
TIMEOUT = 120


def annotator(*args: object, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `annotator ARGS...` as its own process, as a user in another shell would."""
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "ANNOTATOR_CODER": "lead", "ANNOTATOR_BACKUPS": "0"},
    )
    if check:
        assert result.returncode == 0, f"annotator {' '.join(map(str, args))}: {result.stderr}"
    return result


class Writer:
    """A process started from one of tests/processes/ whose stdout lines are read as they come."""

    def __init__(self, script: Path, *args: object, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script), *map(str, args)],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env={**os.environ, "TEXTUAL": "", "ANNOTATOR_BACKUPS": "0"},
        )
        assert self.readline() == "ready", self.process.stderr.read() if self.process.stderr else ""

    def readline(self) -> str:
        """The next line the process printed (waits for it)."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            stderr = self.process.stderr.read() if self.process.stderr else ""
            raise AssertionError(f"the process ended early: {stderr[-2000:]}")
        return line.strip()

    def send(self, command: str) -> str:
        """Send one command line and return the line it answers with."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.readline()

    def quit(self) -> None:
        """Ask it to quit and wait until it has."""
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        assert self.process.wait(timeout=TIMEOUT) == 0, self.process.stderr.read() if self.process.stderr else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)

    def deleted_files(self) -> list[str]:
        """Files the process still has open that were deleted (a WAL taken from under it)."""
        fds = Path(f"/proc/{self.process.pid}/fd")
        if not fds.exists():
            return []
        found = []
        for fd in fds.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.endswith("(deleted)") and "annotator" in target:
                found.append(target)
        return found
