"""Read transcript files (text or Word, within the size limit) into a document and its turn passages."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.corpus import document_id_of
from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_TRANSCRIPT_BYTES
from annotator.domain.models import Document, Passage
from annotator.domain.textfiles import read_text_file
from annotator.transcripts.model import Transcript
from annotator.transcripts.passages import turn_passages
from annotator.transcripts.reading import parse_transcript


def read_transcript(path: str | Path, format: str | None = None, speaker_pattern: str | None = None) -> Transcript | None:
    """The transcript a file holds; None when, undetected and unforced, it reads as a plain document."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file; check the path", path=path) from None
    if size > MAX_TRANSCRIPT_BYTES:
        raise InputError(f"is larger than the {MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB a transcript may be", path=path)
    if path.suffix.lower() == ".docx":
        from annotator.exchange.documents import read_word_text

        lines = read_word_text(path).split("\n")
    else:
        lines = read_text_file(path).split("\n")
    return parse_transcript(path, lines, format, speaker_pattern)


def transcript_document(path: Path, transcript: Transcript) -> tuple[Document, list[Passage]]:
    """The document (named by the file's stem) and one turn passage per turn."""
    document_id = document_id_of(path)
    return Document(id=document_id, title=document_id, text=transcript.text), turn_passages(document_id, transcript)
