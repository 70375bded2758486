"""Read user text files strictly: regular files within a size limit, UTF-8 only, a byte-order mark dropped, CRLF turned into LF."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_TEXT_FILE_BYTES

_CHUNK = 1024 * 1024


def read_text_file(path: str | Path, limit: int = MAX_TEXT_FILE_BYTES) -> str:
    """The file's text with LF line endings; InputError for a missing, special, oversized, binary or non-UTF-8 file."""
    return decode_text(read_file_bytes(path, limit), path)


def read_file_bytes(path: str | Path, limit: int = MAX_TEXT_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them; InputError for a FIFO, device, socket or folder.

    The file is opened without blocking (a FIFO with no writer would wait forever) and checked with
    fstat on the open descriptor, so what is checked is what is read.
    """
    path = Path(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError("no such file; check the path", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError("is a folder, not a file", path=path)
        if not stat.S_ISREG(mode):
            raise InputError("is not a regular file (a FIFO, device or socket); only files are read", path=path)
        if os.fstat(descriptor).st_size > limit:
            raise InputError(_too_large(limit), path=path)
        chunks: list[bytes] = []
        total = 0
        try:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise InputError(_too_large(limit), path=path)
                chunks.append(chunk)
        except OSError as error:
            raise InputError(f"cannot be read ({error.strerror})", path=path) from None
    return b"".join(chunks)


def require_regular_file(path: str | Path, limit: int) -> None:
    """InputError unless `path` is a regular file of at most `limit` bytes (for readers that open it themselves)."""
    path = Path(path)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file; check the path", path=path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError("is a folder, not a file", path=path)
    if not stat.S_ISREG(status.st_mode):
        raise InputError("is not a regular file (a FIFO, device or socket); only files are read", path=path)
    if status.st_size > limit:
        raise InputError(_too_large(limit), path=path)


def _too_large(limit: int) -> str:
    return f"is larger than {limit:,} bytes, the most read from such a file (docs/formats.md, Limits)"


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes as UTF-8 text, naming the line of the first bad byte when it is not."""
    if b"\x00" in data:
        raise InputError(_describe_nul_bytes(data), path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert it to UTF-8 first, e.g. with iconv",
            path=path,
            line=line,
        ) from None
    return normalise_newlines(text)


def _describe_nul_bytes(data: bytes) -> str:
    """What a file holding NUL bytes is: UTF-16 or UTF-32 text (as Windows' "Unicode" saves it), else binary."""
    for marks, name in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "UTF-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "UTF-16"),
    ):
        if data.startswith(marks):
            return f"is {name} text, not UTF-8; convert it first, e.g. with iconv -f {name} -t UTF-8"
    # Without a mark: mostly-ASCII UTF-16 has its NULs on every other byte, and only there.
    sample = data[:4096]
    for nuls, others, order in ((sample[1::2], sample[0::2], "LE"), (sample[0::2], sample[1::2], "BE")):
        if len(sample) >= 4 and nuls.count(0) >= len(nuls) // 2 and 0 not in others:
            return f"is UTF-16{order} text, not UTF-8; convert it first, e.g. with iconv -f UTF-16{order} -t UTF-8"
    return "is a binary file, not UTF-8 text"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets count one code point per line break everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
