"""Checks shared by the bad-input tests: one line naming the file, no traceback, no testimony, nothing written."""

from __future__ import annotations

import contextlib
import csv
import os
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from tests.support import SMALL_TEXTS

WINDOW = 12  # any run of this many characters of a testimony in a message counts as a leak


def leaked_testimony(message: str, texts: Iterable[str] = SMALL_TEXTS.values()) -> str | None:
    """The first stretch of testimony text found in `message`, or None."""
    for text in texts:
        for start in range(max(1, len(text) - WINDOW + 1)):
            piece = text[start : start + WINDOW]
            if piece.strip() and piece in message:
                return piece
    return None


def assert_one_line_refusal(result, named: str | Path, *, texts: Iterable[str] = SMALL_TEXTS.values()) -> str:
    """The command failed with one `annotator: FILE...` line on stderr that holds no testimony; returns it."""
    assert result.exit_code != 0, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("annotator: "), line
    assert "Traceback" not in result.stderr and "Error" not in line, line  # no exception class leaks through
    assert str(named) in line, line
    leak = leaked_testimony(line, texts)
    assert leak is None, f"testimony {leak!r} in {line!r}"
    return line


def write_rows(path: Path, rows: list[list[object]]) -> Path:
    """Write rows as CSV (UTF-8, the csv module's quoting)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@contextlib.contextmanager
def full_disk(folder: Path, *, size_kib: int = 64, free_kib: int = 0) -> Iterator[None]:
    """`folder` as a tmpfs of `size_kib` filled to leave `free_kib` (0: the last byte taken),
    mounted for the block (as root; skipped where no tmpfs can be mounted)."""
    folder.mkdir()
    options = f"size={size_kib}k"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        filler = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
        try:
            left = (size_kib - free_kib) * 1024 if free_kib else None
            with contextlib.suppress(OSError):  # unbuffered: every byte that fits is written
                while left is None or left > 0:
                    os.write(filler, b"x" * 512)
                    left = None if left is None else left - 512
        finally:
            os.close(filler)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)
