"""Which span a span action works on, and which spans are under the cursor."""

from __future__ import annotations

from annotator.coding.span_index import SpanIndex
from annotator.domain.models import Span


def spans_under_cursor(spans: SpanIndex, offset: int) -> list[Span]:
    """The spans holding the character at the cursor, else the one before it (a cursor at a span's
    end still names that span), innermost first."""
    found = spans.at(offset)
    if not found and offset > 0:
        found = spans.at(offset - 1)
    return found


def innermost_newest(spans: list[Span]) -> Span:
    """The shortest span; among equally short ones the latest coded (what the coder just did)."""
    shortest = min(span.end - span.start for span in spans)
    return max(
        (span for span in spans if span.end - span.start == shortest), key=lambda span: (span.created_at, span.id)
    )


def own_target(spans: SpanIndex, coder: str, start: int, end: int) -> Span | None:
    """The coder's span the span actions work on: with a selection `[start, end)` the one matching
    it exactly, else one overlapping it; without, the one under the cursor at `start` (or just
    before it). The innermost of the candidates, then the newest; None when the coder has none there."""
    if end > start:
        candidates = [span for span in spans.overlapping(start, end) if span.coder == coder]
        exact = [span for span in candidates if (span.start, span.end) == (start, end)]
        candidates = exact or candidates
    else:
        candidates = [span for span in spans.at(start) if span.coder == coder]
        if not candidates and start > 0:
            candidates = [span for span in spans.at(start - 1) if span.coder == coder]
    return innermost_newest(candidates) if candidates else None


def own_covering(spans: SpanIndex, coder: str, code_id: str, start: int, end: int) -> Span | None:
    """The coder's span of `code_id` that already holds all of `[start, end)` (coding that stretch
    again would add nothing but a duplicate), the outermost if several; None when there is none."""
    holding = [
        span
        for span in spans.overlapping(start, end)
        if span.coder == coder and span.code_id == code_id and span.start <= start and end <= span.end
    ]
    return max(holding, key=lambda span: span.end - span.start) if holding else None
