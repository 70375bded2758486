"""Fake programs on PATH for tests of what the tool starts (an editor, a media player)."""

from __future__ import annotations

import sys
from pathlib import Path


def fake_programs(folder: Path, *names: str) -> str:
    """Empty executable scripts `names` in `folder` (made if missing); returns the folder, for PATH."""
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (folder / name).chmod(0o700)
    return str(folder)


def argument_recorder(folder: Path, name: str) -> Path:
    """A program `name` in `folder/bin` that writes its arguments, one a line, to the returned file."""
    programs = folder / "bin"
    programs.mkdir(exist_ok=True)
    record = folder / f"{name}.args"
    player = programs / name
    player.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n",
        encoding="utf-8",
    )
    player.chmod(0o700)
    return record


def recorded_arguments(record: Path, wait_seconds: float = 10.0) -> list[str]:
    """The arguments an `argument_recorder` program was started with, waiting for it (it runs apart)."""
    import time

    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if record.exists() and record.read_text(encoding="utf-8"):
            return record.read_text(encoding="utf-8").split("\n")
        time.sleep(0.05)
    raise AssertionError(f"{record.name}: the program was not started")
