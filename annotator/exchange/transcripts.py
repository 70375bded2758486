"""Read transcript files (text or Word, within the size limit) into a document and its turn passages."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.corpus import DOCUMENT_SUFFIXES, METADATA_FILE, Corpus, document_id_of
from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_TRANSCRIPT_BYTES
from annotator.domain.models import Document, Passage
from annotator.domain.names import SPEAKER, name_problem, refusal
from annotator.domain.textfiles import read_text_file
from annotator.transcripts.media import MEDIA_ATTRIBUTE, media_beside
from annotator.transcripts.model import Transcript
from annotator.transcripts.passages import turn_passages
from annotator.transcripts.reading import parse_transcript


def read_transcript(
    path: str | Path, format: str | None = None, speaker_pattern: str | None = None
) -> Transcript | None:
    """The transcript a file holds; None when, undetected and unforced, it reads as a plain document."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        from annotator.exchange.documents import read_word_text

        lines = read_word_text(path).split("\n")
    else:
        lines = read_text_file(path, MAX_TRANSCRIPT_BYTES).split("\n")
    return checked_speakers(path, lines, parse_transcript(path, lines, format, speaker_pattern))


def checked_speakers(path: Path, lines: list[str], transcript: Transcript | None) -> Transcript | None:
    """The transcript when every speaker follows the rule for names; InputError naming the file and
    the first line that names a speaker who breaks it (else the turn, when the file escapes the name)."""
    if transcript is None:
        return None
    checked: set[str] = set()
    for number, turn in enumerate(transcript.turns, start=1):
        if not turn.speaker or turn.speaker in checked:
            continue
        problem = name_problem(SPEAKER, turn.speaker)
        if problem is not None:
            line = next((index for index, text in enumerate(lines, start=1) if turn.speaker in text), None)
            where = {"line": line} if line is not None else {"field": f"turn {number}"}
            raise InputError(refusal(SPEAKER, turn.speaker, problem), path=path, **where)
        checked.add(turn.speaker)
    return transcript


def transcript_document(path: Path, transcript: Transcript) -> tuple[Document, list[Passage]]:
    """The document (named by the file's stem) and one turn passage per turn; a recording with the
    transcript's name beside it (`interview.mp3`) is recorded as its `media` attribute."""
    document_id = document_id_of(path)
    media = media_beside(path)
    attributes = {MEDIA_ATTRIBUTE: str(media.absolute())} if media is not None else {}
    document = Document(id=document_id, title=document_id, text=transcript.text, attributes=attributes)
    return document, turn_passages(document_id, transcript)


CORPUS_TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".json", ".docx")
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".json")


def transcript_files(folder: Path, metadata_file: str) -> list[Path]:
    """A corpus folder's subtitle, Whisper and Word files (not its corpus.json), sorted by name."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in CORPUS_TRANSCRIPT_SUFFIXES and path.is_file() and path.name != metadata_file
    )


def with_transcripts(corpus: Corpus) -> Corpus:
    """The corpus with its transcripts as documents with turns.

    A .txt / .md document that reads as a transcript becomes one, unless corpus.json gives it
    passages (their offsets are those of the file as written); .vtt, .srt, Whisper .json and .docx
    files join as documents (a Word file that is not a transcript as plain paragraphs).
    """
    from annotator.exchange.documents import read_document_file

    described = {passage.document_id for passage in corpus.passages}
    documents: list[Document] = []
    passages = list(corpus.passages)
    for document in corpus.documents:
        source, lines = _source_of(corpus.folder, document.id), document.text.split("\n")
        transcript = None if document.id in described else parse_transcript(source, lines)
        transcript = checked_speakers(source, lines, transcript)
        if transcript is None:
            documents.append(document)
            continue
        documents.append(document.model_copy(update={"text": transcript.text}))
        passages.extend(turn_passages(document.id, transcript))
    taken = {document.id: document.id for document in documents}
    for path in transcript_files(corpus.folder, METADATA_FILE):
        document, turns = read_document_file(path)
        if document.id in taken:
            raise InputError(f"two files would both be document {document.id!r}; rename one", path=path)
        taken[document.id] = document.id
        documents.append(document)
        passages.extend(turns)
    if not documents:
        raise InputError("holds no documents or transcripts (.txt, .md, .vtt, .srt, .json, .docx)", path=corpus.folder)
    return Corpus(corpus.folder, corpus.title, documents, passages, corpus.codings)


def _source_of(folder: Path, document_id: str) -> Path:
    for suffix in DOCUMENT_SUFFIXES:
        if (folder / f"{document_id}{suffix}").exists():
            return folder / f"{document_id}{suffix}"
    return folder / document_id
