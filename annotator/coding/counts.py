"""The coder's span counts (per testimony, per code) kept in step with committed actions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from annotator.domain.models import Span

SpanChange = tuple[Span | None, Span | None]


def by_document(span: Span) -> str:
    """Count spans per testimony."""
    return span.document_id


def by_code(span: Span) -> str:
    """Count spans per code."""
    return span.code_id


def tally(counts: Counter[str], changes: Iterable[SpanChange], coder: str, key: Callable[[Span], str]) -> None:
    """Apply span changes (before -> after) to `counts` of the coder's spans, keyed by `key`.

    The one place counts follow changes, so the testimony list and the codebook panel cannot
    drift apart from each other (or from storage) after an add, a removal, an undo or a redo.
    """
    for before, after in changes:
        if before is not None and before.coder == coder:
            counts[key(before)] -= 1
        if after is not None and after.coder == coder:
            counts[key(after)] += 1
