"""Read zip members (a .qdpx, a Word file) within limits, so a small file cannot unpack into gigabytes."""

from __future__ import annotations

import zipfile

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_ARCHIVE_BYTES, MAX_ARCHIVE_MEMBERS, MAX_MEMBER_BYTES

_CHUNK = 1024 * 1024


def check_archive(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse an archive whose listing already breaks the limits: too many members, or members said to be too big.

    Python's zipfile never unpacks more than a member's stated size (a lie fails the CRC check),
    so checking the listing bounds what reading can produce.
    """
    members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise InputError(f"holds {len(members):,} files; at most {MAX_ARCHIVE_MEMBERS:,} are read", path=label)
    total = 0
    for info in members:
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(
                f"unpacks to {info.file_size:,} bytes; at most {MAX_MEMBER_BYTES:,} are read from one file",
                path=f"{label}/{info.filename}",
            )
        total += info.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise InputError(f"unpacks to {total:,} bytes in all; at most {MAX_ARCHIVE_BYTES:,} are read", path=label)


class MemberReader:
    """Reads members of one archive, each capped at MAX_MEMBER_BYTES and all together at MAX_ARCHIVE_BYTES."""

    def __init__(self, archive: zipfile.ZipFile, label: str) -> None:
        check_archive(archive, label)
        self.archive = archive
        self.label = label
        self.budget = MAX_ARCHIVE_BYTES

    def read(self, member: str) -> bytes:
        """The member's bytes; InputError naming ARCHIVE/member when damaged or over a limit."""
        where = f"{self.label}/{member}"
        cap = min(MAX_MEMBER_BYTES, self.budget)
        chunks, size = [], 0
        try:
            with self.archive.open(member) as handle:
                # Streamed with a cap rather than trusting the stated size alone.
                while chunk := handle.read(min(_CHUNK, cap + 1 - size)):
                    size += len(chunk)
                    if size > cap:
                        raise InputError(f"unpacks to more than {cap:,} bytes, the most read from it", path=where)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as error:
            raise InputError(f"cannot be read from the archive ({error})", path=where) from None
        self.budget -= size
        return b"".join(chunks)
