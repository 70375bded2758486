"""The scan: prove an output holds no registered original or variant, and no unreviewed candidate's words."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.pseudonyms import Candidate, Identifier
from annotator.pseudonyms.matching import Matcher

# A member of an archive larger than this is refused rather than read (an archive is untrusted input).
MAX_MEMBER_BYTES = 1 << 30


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
        JSON string of a JSON Lines file, or the whole text; ScanFound naming the file at the first hit."""
        path = Path(path)
        try:
            for where, text, lines in _texts_of(path, members or {}):
                self.check_text(text, where, path=path, lines=lines)
        except OSError as error:
            raise InputError(f"cannot be read ({error.strerror or error})", path=path) from None
        except zipfile.BadZipFile:
            raise InputError("is not a readable zip archive", path=path) from None


def _texts_of(path: Path, members: Mapping[str, str]) -> Iterator[tuple[str, str, bool]]:
    """(where, text, whether a line number within it means anything) pieces of a file, as its reader sees its text."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.file_size > MAX_MEMBER_BYTES:
                    raise InputError(f"member {info.filename!r} is over {MAX_MEMBER_BYTES} bytes", path=path)
                text = archive.read(info).decode("utf-8", errors="replace")
                document = members.get(info.filename)
                where = f"document {document!r} ({info.filename})" if document else f"member {info.filename!r}"
                yield where, text, True
        return
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix.lower() in {".jsonl", ".json"}:
        # Escapes hide words from a text search ("Kim\\nJong"): scan the decoded strings.
        for number, line in enumerate(text.splitlines(), start=1):
            yield f"line {number}", "\n".join(_json_strings(line)), False
        return
    yield "", text, True


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
