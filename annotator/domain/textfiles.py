"""Read user text files strictly: UTF-8 only, a byte-order mark dropped, CRLF turned into LF."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.errors import InputError


def read_text_file(path: str | Path) -> str:
    """The file's text with LF line endings; InputError for a missing, binary or non-UTF-8 file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file; check the path", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=path) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from None
    return decode_text(data, path)


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes as UTF-8 text, naming the line of the first bad byte when it is not."""
    if b"\x00" in data:
        raise InputError("is a binary file, not UTF-8 text", path=path)
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


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets count one code point per line break everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
