"""Read text, Markdown, Word and transcript files as documents named by their file stem."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from annotator.domain.corpus import document_id_of
from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_DOCUMENT_BYTES, MAX_MEMBER_BYTES
from annotator.domain.models import Document, Passage
from annotator.domain.textfiles import read_text_file, require_regular_file
from annotator.exchange.archives import check_archive

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
WORD_SUFFIXES = (".docx",)


def read_document_file(
    path: str | Path, format: str | None = None, speaker_pattern: str | None = None
) -> tuple[Document, list[Passage]]:
    """A Document and its turn passages from a .txt, .md, .docx or transcript file (.vtt, .srt,
    Whisper .json), the format detected or forced; InputError for anything else or unreadable."""
    from annotator.exchange.transcripts import TRANSCRIPT_SUFFIXES, read_transcript, transcript_document

    path = Path(path)
    document_id = document_id_of(path)
    suffix = path.suffix.lower()
    if format is not None or suffix in TRANSCRIPT_SUFFIXES + TEXT_SUFFIXES + WORD_SUFFIXES:
        transcript = read_transcript(path, format, speaker_pattern)
        if transcript is not None:
            return transcript_document(path, transcript)
    if suffix in TEXT_SUFFIXES:
        text = read_text_file(path, MAX_DOCUMENT_BYTES)
    elif suffix in WORD_SUFFIXES:
        text = read_word_text(path)
    else:
        raise InputError(
            "is not a document type annotator reads (.txt, .md, .docx, .vtt, .srt, .json; .qdpx / .qdc for REFI-QDA)",
            path=path,
        )
    if not text.strip():
        # Nothing to code, and correcting the text later refuses an empty text too.
        raise InputError("holds no text (empty or only whitespace); a document needs text", path=path)
    return Document(id=document_id, title=document_id, text=text), []


def read_document_files(
    paths: Iterable[Path], format: str | None = None, speaker_pattern: str | None = None
) -> list[tuple[Document, list[Passage]]]:
    """`read_document_file` of each path; two files that would be one document (`same.txt` and
    `same.vtt`: a document is named by its file's stem) are refused first, naming both."""
    paths = list(paths)
    first: dict[str, Path] = {}
    for path in paths:
        document_id = document_id_of(path)
        if first.get(document_id) == path:
            raise InputError("is given twice; give each file once", path=path)
        if document_id in first:
            raise InputError(
                f"would be document {document_id!r}, as {first[document_id]} would (a document is named by its "
                "file name without the extension); rename one of them",
                path=path,
            )
        first.setdefault(document_id, path)
    return [read_document_file(path, format, speaker_pattern) for path in paths]


def read_word_text(path: Path) -> str:
    """The paragraphs of a Word document, separated by blank lines."""
    require_regular_file(path, MAX_MEMBER_BYTES)
    import docx  # python-docx; imported here because only Word imports need it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, str(path))
        word = docx.Document(str(path))
        paragraphs = [paragraph.text for paragraph in word.paragraphs]
    # A file cut short or damaged fails deep inside zipfile, zlib or lxml, in any of these ways.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, zlib.error, LxmlError):
        raise InputError("is not a readable Word (.docx) file", path=path) from None
    return "\n\n".join(text for text in paragraphs if text.strip())
