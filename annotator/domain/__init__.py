"""Domain models: documents, codes, codebooks, spans and events; no I/O beyond reading files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from annotator.domain.errors import AnnotatorError, InputError
    from annotator.domain.models import Code, Codebook, CodeExample, Document, Event, Passage, Span, content_hash

# Loaded when first used: the pydantic models take a tenth of a second that `--help` need not pay.
_EXPORTS = {
    "AnnotatorError": "annotator.domain.errors",
    "InputError": "annotator.domain.errors",
    **dict.fromkeys(
        ["Code", "CodeExample", "Codebook", "Document", "Event", "Passage", "Span", "content_hash"],
        "annotator.domain.models",
    ),
}
__getattr__ = lazy_exports(__name__, _EXPORTS)
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
