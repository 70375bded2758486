"""The scan: prove an output holds no registered original or variant, and no unreviewed candidate's words."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import IO

from annotator.domain.errors import InputError
from annotator.domain.pseudonyms import Candidate, Identifier
from annotator.pseudonyms.matching import Matcher

# A member of an archive larger than this is refused rather than read (an archive is untrusted input).
MAX_MEMBER_BYTES = 1 << 34
# Files are scanned in blocks of this many characters; each block repeats the last OVERLAP
# characters of the one before, more than any form with the whitespace between its words.
BLOCK = 1 << 20
OVERLAP = 4_096
_WORD_START = re.compile(r"(?<!\w)\w")
# Markup whose character references hide a form from a text search ("P&#x27;yŏngyang", "Kim &amp; Sons"):
# scanned with them decoded.
MARKUP_SUFFIXES = (".html", ".htm", ".xml", ".qde", ".qdc", ".rels")


class ScanFound(InputError):
    """The scan found a register form or an unreviewed candidate; the message names the entry and
    where (a document, a line, an archive member), never the words around it."""


@dataclass(frozen=True)
class Term:
    """What a form found belongs to, as a message names it."""

    label: str


def _candidate_term(candidate: Candidate) -> Term:
    return Term(f"unreviewed pseudonym candidate {candidate.id} (decide it with `annotator pseudonyms review`)")


class Scanner:
    """Every original and variant of the register, and the text of every unreviewed candidate."""

    def __init__(self, register: Sequence[Identifier], unreviewed: Sequence[Candidate] = ()) -> None:
        terms = [(form, Term(entry.label)) for entry in register for form in entry.forms]
        terms += [(candidate.text, _candidate_term(candidate)) for candidate in unreviewed]
        self.matcher = Matcher(terms)

    def check_text(self, text: str, where: str, *, path: str | Path | None = None, lines: bool = True) -> None:
        """ScanFound naming the term and `where` (with the line within `text`, when `lines`) when `text` holds one."""
        found = self.matcher.first(text)
        if found is not None:
            line = f"line {text.count(chr(10), 0, found.start) + 1}" if lines else ""
            at = ", ".join(part for part in (where, line) if part)
            raise ScanFound(f"{found.owner.label} found in {at}", path=path)

    def check_file(self, path: str | Path, *, members: Mapping[str, str] | None = None) -> None:
        """Scan a file: each member of a zip (.qdpx; `members` names the document a member holds), each
        JSON string of a JSON Lines file, or the whole text; ScanFound naming the file at the first hit.
        Read in blocks, so a file of any size is scanned in the same memory."""
        path = Path(path)
        try:
            if zipfile.is_zipfile(path):
                self._check_archive(path, members or {})
            elif path.suffix.lower() in {".jsonl", ".json"}:
                self._check_json_lines(path)
            else:
                with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                    self._check_stream(handle, "", path, markup=path.suffix.lower() in MARKUP_SUFFIXES)
        except OSError as error:
            raise InputError(f"cannot be read ({error.strerror or error})", path=path) from None
        except zipfile.BadZipFile:
            raise InputError("is not a readable zip archive", path=path) from None

    def _check_archive(self, path: Path, members: Mapping[str, str]) -> None:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.file_size > MAX_MEMBER_BYTES:
                    raise InputError(f"member {info.filename!r} is over {MAX_MEMBER_BYTES} bytes", path=path)
                document = members.get(info.filename)
                where = f"document {document!r} ({info.filename})" if document else f"member {info.filename!r}"
                with archive.open(info) as raw, io.TextIOWrapper(raw, encoding="utf-8", errors="replace") as handle:
                    self._check_stream(handle, where, path, markup=info.filename.lower().endswith(MARKUP_SUFFIXES))

    def _check_json_lines(self, path: Path) -> None:
        # Escapes hide words from a text search ("Kim\\nJong"): scan the decoded strings.
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                self.check_text("\n".join(_json_strings(line)), f"line {number}", path=path, lines=False)

    def _check_stream(self, handle: IO[str], where: str, path: Path, *, markup: bool = False) -> None:
        """Scan a text stream block by block; each block starts with the end of the one before (from a
        word's start), so a name cut by a block boundary is still whole in one of them. `markup`: each
        block is also scanned with its character references decoded."""
        carry, line = "", 1
        while True:
            block = handle.read(BLOCK)
            text = carry + block
            searched = text
            found = self.matcher.first(text)
            if found is None and markup:
                searched = unescape(text)
                found = self.matcher.first(searched)
            if found is not None:
                number = line + searched.count("\n", 0, found.start)
                at = ", ".join(part for part in (where, f"line {number}") if part)
                raise ScanFound(f"{found.owner.label} found in {at}", path=path)
            if not block:
                return
            cut = _word_start(text, max(0, len(text) - OVERLAP))
            line += text.count("\n", 0, cut)
            carry = text[cut:]


def _word_start(text: str, at: int) -> int:
    """The first offset at or after `at` where a word starts (or the end of the text)."""
    match = _WORD_START.search(text, at)
    return match.start() if match else len(text)


def _json_strings(line: str) -> Iterator[str]:
    try:
        value = json.loads(line)
    except ValueError:
        yield line
        return
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
