"""Write output files owner-only and atomically, so an interrupted export leaves no half file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import AnnotatorError
from annotator.paths import EXPORTS_DIR

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def default_output(name: str) -> Path:
    """`exports/NAME` in the working folder (the folder is created owner-only when missing)."""
    if EXPORTS_DIR.exists() and not EXPORTS_DIR.is_dir():
        raise AnnotatorError(
            f"{EXPORTS_DIR}: is a file, so exports cannot go in a folder of that name; move it, or give -o FILE"
        )
    try:
        EXPORTS_DIR.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise AnnotatorError(
            f"{EXPORTS_DIR}: the folder cannot be created ({error.strerror or error}); give -o FILE elsewhere"
        ) from None
    return EXPORTS_DIR / name


def _writable_by_mode(path: Path) -> bool:
    # The mode bits, not os.access: marked read-only means "do not write here", for root too.
    return bool(path.stat().st_mode & _WRITE_BITS)


@contextlib.contextmanager
def private_output(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Open a temporary owner-only file beside `path`; it replaces `path` only if the block succeeds."""
    path = Path(path)
    folder = path.parent
    if not folder.exists():
        raise AnnotatorError(f"{path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise AnnotatorError(f"{path}: {folder} is a file, not a folder")
    if path.is_dir():
        raise AnnotatorError(f"{path}: is a folder; give a file name with -o")
    if path.exists() and not _writable_by_mode(path):
        raise AnnotatorError(f"{path}: is read-only; it is left as it is (give another -o FILE, or make it writable)")
    if not _writable_by_mode(folder):
        raise AnnotatorError(f"{path}: the folder {folder} is read-only; give -o FILE elsewhere")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)  # mkstemp is 0600
    except OSError as error:
        raise AnnotatorError(f"{path}: cannot be written ({error.strerror or error}); give -o FILE elsewhere") from None
    try:
        handle_of: IO[Any] = (
            os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        )
        with handle_of as handle:
            yield handle
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise AnnotatorError(f"{path}: cannot be written ({error.strerror or error}); nothing was written") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
