"""Write output files owner-only and atomically, so an interrupted export leaves no half file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from annotator.domain.errors import AnnotatorError
from annotator.paths import EXPORTS_DIR


def default_output(name: str) -> Path:
    """`exports/NAME` in the working folder (the folder is created owner-only when missing)."""
    EXPORTS_DIR.mkdir(mode=0o700, exist_ok=True)
    return EXPORTS_DIR / name


@contextlib.contextmanager
def private_output(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Open a temporary owner-only file beside `path`; it replaces `path` only if the block succeeds."""
    path = Path(path)
    if not path.parent.exists():
        raise AnnotatorError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise AnnotatorError(f"{path}: is a folder; give a file name with -o")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mkstemp is 0600
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(descriptor, mode, **options) as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
