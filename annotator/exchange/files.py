"""Where exports go by default; the private writer itself lives in `annotator.domain.private_files`."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.domain.private_files import (
    check_target,
    make_private_folder,
    private_file,
    private_output,
    write_private_text,
)
from annotator.paths import EXPORTS_DIR

__all__ = ["check_target", "default_output", "private_file", "private_output", "write_private_text"]


def default_output(name: str) -> Path:
    """`exports/NAME` in the working folder (the folder is created owner-only when missing)."""
    if EXPORTS_DIR.exists() and not EXPORTS_DIR.is_dir():
        raise AnnotatorError(
            f"{EXPORTS_DIR}: is a file, so exports cannot go in a folder of that name; move it, or give -o FILE"
        )
    try:
        make_private_folder(EXPORTS_DIR)
    except OSError as error:
        raise AnnotatorError(
            f"{EXPORTS_DIR}: the folder cannot be created ({error.strerror or error}); give -o FILE elsewhere"
        ) from None
    return EXPORTS_DIR / name
