"""Domain models: documents, codes, codebooks, spans and events; no I/O beyond reading files."""

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.models import (
    Code,
    CodeExample,
    Codebook,
    Document,
    Event,
    Passage,
    Span,
    content_hash,
)

__all__ = [
    "AnnotatorError",
    "Code",
    "CodeExample",
    "Codebook",
    "Document",
    "Event",
    "InputError",
    "Passage",
    "Span",
    "content_hash",
]
