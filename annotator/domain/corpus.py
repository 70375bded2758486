"""Read a corpus folder: one document per .txt / .md file, plus optional metadata in corpus.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_ID, MAX_NESTING, MAX_YAML_BYTES
from annotator.domain.models import Document, Passage
from annotator.domain.names import ATTRIBUTE_NAME, DOCUMENT_ID, forbidden_character, name_problem, refusal
from annotator.domain.strict_json import load_strict_json
from annotator.domain.textfiles import read_text_file

DOCUMENT_SUFFIXES = (".txt", ".md")
METADATA_FILE = "corpus.json"


class _PassageEntry(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    # strict: a JSON number only; pydantic would otherwise read "1_0", " 5" or true as offsets.
    start: int = Field(ge=0, strict=True)
    end: int = Field(ge=0, strict=True)
    section: str = ""


class _DocumentEntry(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    title: str = ""
    attributes: dict[str, str] = Field(default_factory=dict)
    passages: list[_PassageEntry] = Field(default_factory=list)

    @field_validator("attributes")
    @classmethod
    def _names_follow_the_rule(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            problem = name_problem(ATTRIBUTE_NAME, name)
            if problem is not None:
                raise PydanticCustomError("name_rule", "{refusal}", {"refusal": refusal(ATTRIBUTE_NAME, name, problem)})
        return value


class _CorpusMetadata(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    title: str = ""
    documents: dict[str, _DocumentEntry] = Field(default_factory=dict)
    codings: list[str] = Field(default_factory=list)


@dataclass
class Corpus:
    """What a corpus folder holds: documents, their passages, and coding files to import."""

    folder: Path
    title: str
    documents: list[Document]
    passages: list[Passage] = field(default_factory=list)
    codings: list[Path] = field(default_factory=list)


def read_corpus(folder: str | Path, *, require_documents: bool = True) -> Corpus:
    """Read every .txt / .md file of `folder` as a document named by its stem (sorted by name).

    A README.md (or README.txt) describes the corpus and is not a document.

    When the folder has a `corpus.json`, its titles, attributes and passages are applied and the
    coding files it lists are returned for import. `require_documents=False` lets a folder of
    transcripts alone through (annotator.exchange.transcripts adds those).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("is not a folder; --corpus takes a folder of .txt / .md files", path=folder)
    files = sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in DOCUMENT_SUFFIXES and path.is_file() and path.stem.upper() != "README"
    )
    if not files and require_documents:
        raise InputError("holds no .txt or .md files to load as documents", path=folder)
    stems: dict[str, Path] = {}
    for path in files:
        document_id_of(path)
        if path.stem in stems:
            raise InputError(
                f"two files would both be document {path.stem!r} ({stems[path.stem].name}, {path.name})", path=folder
            )
        stems[path.stem] = path
    metadata = _read_metadata(folder)
    documents, passages = [], []
    for stem, path in stems.items():
        entry = metadata.documents.get(stem, _DocumentEntry())
        text = read_text_file(path, MAX_DOCUMENT_BYTES)
        documents.append(Document(id=stem, title=entry.title or stem, text=text, attributes=entry.attributes))
        for index, passage in enumerate(entry.passages):
            if not passage.start <= passage.end <= len(text):
                raise InputError(
                    f"passage {passage.start}-{passage.end} lies outside document {stem!r} ({len(text)} characters)",
                    path=folder / METADATA_FILE,
                    field=f"documents.{stem}.passages[{index}]",
                )
            extra = {key: str(value) for key, value in (passage.model_extra or {}).items()}
            passages.append(
                Passage(
                    document_id=stem, start=passage.start, end=passage.end, section=passage.section, attributes=extra
                )
            )
    unknown = sorted(set(metadata.documents) - set(stems))
    if unknown:
        raise InputError(f"describes documents with no file: {', '.join(unknown)}", path=folder / METADATA_FILE)
    codings = [folder / name for name in metadata.codings]
    return Corpus(folder, metadata.title or folder.name, documents, passages, codings)


def document_id_of(path: Path) -> str:
    """The document id a file gives (its stem); InputError naming the file when it breaks the rule for names."""
    problem = forbidden_character(path.stem) or (
        "starts or ends with spaces" if path.stem != path.stem.strip() else None
    )
    if problem is not None:
        raise InputError(f"{refusal(DOCUMENT_ID, path.stem, problem)}; rename the file", path=path)
    if len(path.stem) > MAX_DOCUMENT_ID:
        raise InputError(
            f"a document's file name may have at most {MAX_DOCUMENT_ID} characters before {path.suffix} "
            f"(this one has {len(path.stem)}); rename the file",
            path=path,
        )
    return path.stem


def _read_metadata(folder: Path) -> _CorpusMetadata:
    path = folder / METADATA_FILE
    if not path.exists():
        return _CorpusMetadata()
    text = read_text_file(path, MAX_YAML_BYTES)
    data = load_strict_json(text, path, max_depth=MAX_NESTING, needs=4)
    try:
        return _CorpusMetadata.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise InputError(first["msg"], path=path, field=location) from None
