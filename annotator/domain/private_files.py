"""The one way the tool writes a file: owner-only, beside the target under a temporary name, renamed at the end.

Every output (exports, matrices, reports, attribute files, backups, packets, editor copies)
goes through here, so every command refuses the same targets with the same line: a read-only
file or folder (by its mode bits, so for root too, for whom `os.access` always says yes), a
symbolic link (never written through, never replaced), a missing folder. A failure -- a full
disk above all -- removes the temporary file and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.domain.errors import AnnotatorError

_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
# A temporary file is created with O_EXCL, which never follows a symbolic link (it fails on one),
# and O_NOFOLLOW besides, for systems where O_EXCL alone would not say so.
_CREATE_FLAGS = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# Files SQLite keeps beside a database while it is open; a failed database write leaves them too.
_SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


def writable_by_mode(path: Path) -> bool:
    """Whether `path`'s mode bits allow writing (not os.access: marked read-only means "do not write", for root too)."""
    return bool(path.stat().st_mode & _WRITE_BITS)


def make_private_folder(folder: Path) -> None:
    """Create `folder` owner-only (0700) if missing; OSError as the system raises it."""
    folder.mkdir(mode=0o700, exist_ok=True)


def check_target(path: Path, *, replace: bool = True, kind: str = "file") -> None:
    """AnnotatorError in one line naming `path` when the tool must not write it.

    `replace=False` (backups, packets) also refuses an existing file; a `kind` names what is
    written in that message ("a backup never overwrites a file").
    """
    folder = path.parent
    if not folder.exists():
        raise AnnotatorError(f"{path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise AnnotatorError(f"{path}: {folder} is a file, not a folder")
    if path.is_symlink():
        raise AnnotatorError(
            f"{path}: is a symbolic link; it is left as it is (give the file it points to, or another -o FILE)"
        )
    if path.is_dir():
        raise AnnotatorError(f"{path}: is a folder; give a file name with -o")
    if path.exists():
        if not replace:
            raise AnnotatorError(f"{path}: already exists; a {kind} never overwrites a file (choose another -o)")
        if not stat.S_ISREG(path.stat().st_mode):
            raise AnnotatorError(f"{path}: is not a regular file (a device or a pipe); give -o FILE elsewhere")
        if not writable_by_mode(path):
            raise AnnotatorError(
                f"{path}: is read-only; it is left as it is (give another -o FILE, or make it writable)"
            )
    if not writable_by_mode(folder):
        raise AnnotatorError(f"{path}: the folder {folder} is read-only; give -o FILE elsewhere")


def _temporary_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}.partial")


def _cannot_write(path: Path, error: OSError, what_then: str) -> AnnotatorError:
    return AnnotatorError(f"{path}: cannot be written ({error.strerror or error}); {what_then}")


def _remove(temporary: Path) -> None:
    for leftover in (temporary, *(Path(f"{temporary}{suffix}") for suffix in _SQLITE_COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(leftover)


def _put_in_place(temporary: Path, path: Path, replace: bool, kind: str) -> None:
    """Rename the finished file to `path`; without `replace`, never over a file that appeared meanwhile."""
    if replace:
        os.replace(temporary, path)  # replaces a link planted meanwhile; never writes through it
        return
    try:
        os.link(temporary, path)  # fails if `path` exists, with no window between the test and the act
    except FileExistsError:
        raise AnnotatorError(f"{path}: appeared while the {kind} was written; it was left alone") from None
    except OSError as error:
        if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}:
            raise
        # A file system without hard links (FAT, some network shares): test, then rename.
        if os.path.lexists(path):
            raise AnnotatorError(f"{path}: appeared while the {kind} was written; it was left alone") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


@contextlib.contextmanager
def private_file(path: str | Path, *, replace: bool = True, kind: str = "file") -> Iterator[Path]:
    """A fresh temporary name beside `path` for a writer that creates the file itself (SQLite).

    The caller must create it owner-only with O_EXCL (which never follows a symbolic link), e.g.
    `create_private_file`; when the block succeeds the file is renamed to `path` (without
    `replace`, never over an existing file). On any failure the file and the journal files SQLite
    keeps beside it are removed; an OSError becomes one AnnotatorError naming `path`.
    """
    path = Path(path)
    check_target(path, replace=replace, kind=kind)
    temporary = _temporary_name(path)
    try:
        yield temporary
        _put_in_place(temporary, path, replace, kind)
    except OSError as error:
        _remove(temporary)
        raise _cannot_write(path, error, "nothing was written") from None
    except BaseException:
        _remove(temporary)
        raise


@contextlib.contextmanager
def private_output(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open an owner-only temporary file beside `path`; it replaces `path` only if the block succeeds.

    Text mode writes UTF-8 with newlines as given. An OSError in the block or while finishing (a
    full disk) becomes one AnnotatorError naming `path`, and nothing is left behind.
    """
    with private_file(path) as temporary:
        try:
            descriptor = os.open(temporary, _CREATE_FLAGS, 0o600)
        except OSError as error:
            raise _cannot_write(Path(path), error, "give -o FILE elsewhere") from None
        handle = os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        # Closing the file closes its descriptor even when the last flush fails (a full disk), so
        # no half-closed file is left for the garbage collector to complain about.
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())  # a file system may report a full disk only here


def write_new_private_text(path: Path, text: str) -> None:
    """Create `path` owner-only holding `text` (UTF-8); refused if anything, a link too, is there already.

    For a file in a folder of our own (the copy handed to an editor); a failure removes what was
    written and becomes one AnnotatorError naming `path`.
    """
    try:
        with os.fdopen(os.open(path, _CREATE_FLAGS, 0o600), "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        if not isinstance(error, FileExistsError):
            _remove(path)
        raise _cannot_write(path, error, "nothing was changed") from None


def write_private_text(path: str | Path, text: str) -> None:
    """Write `text` to `path` through `private_output`."""
    with private_output(path) as handle:
        handle.write(text)
