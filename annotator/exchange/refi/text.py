"""Source texts inside a `.qdpx`: decode them, and turn selection positions into offsets into our text.

Our documents hold text with LF line ends and no byte-order mark, and offsets count code points
of that text. Exporters differ on both points:

- A byte-order mark (QualCoder writes one) is an encoding mark, not a character: positions
  never count it.
- With CRLF line ends, NVivo and QualCoder count the CR and the LF (positions index the file's own
  characters), while ATLAS.ti counts a line break once. `choose_counting` decides per source from
  the evidence: a position past the LF-only length can only be CRLF-as-two; selection names that
  quote their text (some tools write a preview there, annotator always does) are checked under
  both readings; an ATLAS.ti origin
  means once; a boundary that would split a CR from its LF means once; otherwise CRLF-as-two,
  the file's own characters.

A selection whose name quotes its text is checked against our text; when the words are found a
little way off (the drift line ends or a mark cause), the selection is moved onto them.
"""

from __future__ import annotations

import bisect
import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.textfiles import normalise_newlines
from annotator.exchange.archives import check_archive

CRLF_AS_TWO = "crlf-as-two"
CRLF_AS_ONE = "crlf-as-one"
NO_CRLF = "lf"
ELLIPSES = ("…", "...")
MIN_PREVIEW = 8  # shorter names are too likely to be labels ("Q1") or to match by chance


@dataclass
class SourceText:
    """A source's text as the file holds it (`raw`, mark removed) and as we store it (`text`, LF only)."""

    raw: str
    text: str
    had_bom: bool = False
    crlf: list[int] = field(default_factory=list)  # index in `raw` of the CR of each CRLF

    @classmethod
    def from_raw(cls, raw: str, had_bom: bool = False) -> SourceText:
        """Build from decoded text that may hold CRLF or lone CR line ends."""
        crlf = [match.start() for match in re.finditer("\r\n", raw)] if "\r" in raw else []
        return cls(raw=raw, text=normalise_newlines(raw), had_bom=had_bom, crlf=crlf)

    def limit(self, mode: str) -> int:
        """The largest position valid under a counting mode."""
        return len(self.raw) if mode == CRLF_AS_TWO else len(self.text)

    def offset(self, position: int, mode: str) -> int:
        """Our offset for a position counted under `mode` (a position between CR and LF falls before the break)."""
        if mode != CRLF_AS_TWO or not self.crlf:
            return position
        return position - bisect.bisect_left(self.crlf, position)

    def splits_crlf(self, position: int) -> bool:
        """Whether a CRLF-as-two position would fall between a CR and its LF."""
        index = bisect.bisect_left(self.crlf, position - 1)
        return index < len(self.crlf) and self.crlf[index] == position - 1


def decode_source(data: bytes, where: str) -> SourceText:
    """Decode a source file: UTF-8 (with or without a mark) or UTF-16 with a mark; InputError otherwise."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return SourceText.from_raw(data[3:].decode("utf-8"), had_bom=True)
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return SourceText.from_raw(data.decode("utf-16"), had_bom=True)
        if b"\x00" in data:
            raise InputError("is a binary file, not UTF-8 text", path=where)
        return SourceText.from_raw(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})", path=where, line=line
        ) from None


def docx_text(data: bytes, where: str) -> SourceText:
    """The text of a Word file held in the `.qdpx`: its paragraphs, one per line."""
    import docx  # python-docx; only rich-text-only sources need it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            check_archive(inner, where)
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InputError("is not a readable Word (.docx) file", path=where) from None
    return SourceText.from_raw("\n".join(paragraph.text for paragraph in word.paragraphs))


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Preview:
    """What a selection's name says about its text: the words, and whether the name was cut short."""

    words: str
    truncated: bool

    @classmethod
    def of(cls, name: str | None) -> Preview | None:
        """The preview a name holds, or None when it is too short to say anything."""
        name = name or ""
        truncated = name.rstrip().endswith(ELLIPSES)
        if truncated:
            name = name.rstrip()
            name = name[: -1 if name.endswith("…") else -3]
        words = _squash(name)
        return cls(words, truncated) if len(words) >= MIN_PREVIEW else None

    def matches(self, text: str, start: int, end: int) -> bool:
        """Whether the text at [start, end) reads as this preview (white space compared loosely)."""
        if self.truncated:
            return _squash(text[start : start + 2 * len(self.words) + 16]).startswith(self.words)
        return _squash(text[start:end]) == self.words or (
            # our own previews are cut without an ellipsis mark only when the span is longer
            len(text[start:end]) > len(self.words) and _squash(text[start:end]).startswith(self.words)
        )

    def find_near(self, text: str, start: int, end: int, window: int) -> tuple[int, int] | None:
        """The occurrence of the words nearest to `start` within `window`, as new (start, end)."""
        pattern = re.compile(r"\s+".join(re.escape(word) for word in self.words.split(" ")))
        low = max(0, start - window)
        high = min(len(text), end + window + 2 * len(self.words))
        best: tuple[int, int] | None = None
        for match in pattern.finditer(text, low, high):
            if best is None or abs(match.start() - start) < abs(best[0] - start):
                best = match.span()
        if best is None:
            return None
        if self.truncated or best[1] - best[0] < end - start:
            return best[0], min(len(text), best[0] + (end - start))
        return best


def choose_counting(source: SourceText, selections: list[tuple[int, int, str | None]], origin: str) -> str:
    """How a source's positions count CRLF line ends (see the module docstring for the evidence used)."""
    if not source.crlf:
        return NO_CRLF
    if any(end > len(source.text) for _, end, _ in selections):
        return CRLF_AS_TWO
    votes = {CRLF_AS_TWO: 0, CRLF_AS_ONE: 0}
    for start, end, name in selections:
        preview = Preview.of(name)
        if preview is None:
            continue
        for mode in votes:
            if preview.matches(source.text, source.offset(start, mode), source.offset(end, mode)):
                votes[mode] += 1
    if votes[CRLF_AS_TWO] != votes[CRLF_AS_ONE]:
        return max(votes, key=votes.__getitem__)
    if "atlas" in origin.lower():
        return CRLF_AS_ONE
    if any(source.splits_crlf(start) or source.splits_crlf(end) for start, end, _ in selections):
        return CRLF_AS_ONE
    return CRLF_AS_TWO


@dataclass(frozen=True)
class Anchor:
    """Where a selection lands in our text, and how sure we are: 'checked', 're-anchored' or 'as-is'."""

    start: int
    end: int
    status: str


def anchor(source: SourceText, start: int, end: int, name: str | None, mode: str, *, names_quote: bool) -> Anchor | str:
    """Our offsets for a selection, or a message saying why its text cannot be found.

    `names_quote` says the exporter always writes the selection's text as its name (annotator
    does), so a name that matches nowhere near means the source changed: that is an error. For
    other exporters a name that matches nowhere may just be a label, and the offsets stand.
    """
    first, last = source.offset(start, mode), source.offset(end, mode)
    preview = Preview.of(name)
    if preview is None:
        return Anchor(first, last, "as-is")
    if preview.matches(source.text, first, last):
        return Anchor(first, last, "checked")
    # Line ends and marks shift a position by at most one per line break before it, plus the mark.
    window = source.text.count("\n", 0, min(last, len(source.text))) + 2
    found = preview.find_near(source.text, first, last, window)
    if found is not None and found[0] < found[1]:
        return Anchor(found[0], found[1], "re-anchored")
    if names_quote:
        # The words themselves stay out of the message: they are testimony.
        return f"the text its name quotes ({len(preview.words)} characters) is not at {first}-{last} of the source nor nearby"
    return Anchor(first, last, "as-is")


def source_member(archive: zipfile.ZipFile, path: str) -> str | None:
    """The zip member a source path names: `internal://X` and bare `X` live in `sources/` (any case)."""
    name = path[len("internal://") :] if path.startswith("internal://") else path
    name = name.lstrip("/")
    members = {member.lower(): member for member in archive.namelist()}
    for candidate in (f"sources/{name}", name):
        found = members.get(candidate.lower())
        if found is not None:
            return found
    return None


def is_external(path: str) -> bool:
    """Whether a source path points outside the `.qdpx` (relative://, absolute://, file:, a drive)."""
    return bool(re.match(r"^(relative|absolute|file|https?)://|^[A-Za-z]:[\\/]|^/", path))


def member_label(archive_path: str | Path, member: str) -> str:
    """How messages name a member: ARCHIVE/member."""
    return f"{archive_path}/{member}"
