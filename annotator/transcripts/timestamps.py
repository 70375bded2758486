"""Timestamps as transcripts write them (`01:02:03.500`, `00:03:40,5`, `12:04`) turned into seconds, exact to the millisecond.

Digits are ASCII only (`[0-9]`, never `\\d`, which also matches Arabic-Indic and other digits that
int() accepts). A time is kept as whole milliseconds and stored as exact decimal text
(`10800.123`), so no digit is lost on the way to the database.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from annotator.domain.limits import MAX_TRANSCRIPT_SECONDS

# hours optional; minutes and seconds; a fraction after '.' or ',' (SubRip writes a comma).
TIMESTAMP = r"(?:[0-9]{1,3}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,3})?"
_PARTS = re.compile(r"(?:([0-9]{1,3}):)?([0-9]{1,2}):([0-9]{2})(?:[.,]([0-9]{1,3}))?")
# A stored time: a plain decimal, ASCII digits only (old projects hold `4`, `220.5`, `10800.1`).
_STORED = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,9})?")


def parse_timestamp(value: str) -> float | None:
    """Seconds for a timestamp, or None when the value is not one (minutes and seconds below 60)."""
    match = _PARTS.fullmatch(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    whole = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    millis = int((fraction or "").ljust(3, "0"))
    return (whole * 1000 + millis) / 1000


def milliseconds(seconds: float) -> int:
    """Seconds (a float read from a file) as whole milliseconds, rounded to the nearest."""
    return round(seconds * 1000)


def seconds_text(seconds: float) -> str:
    """Seconds as exact decimal text to the millisecond, without trailing zeros: `4`, `220.5`, `10800.123`."""
    whole, millis = divmod(milliseconds(seconds), 1000)
    return f"{whole}.{millis:03d}".rstrip("0").rstrip(".") if millis else str(whole)


def decimal_seconds(value: Decimal) -> float | None:
    """A JSON number (read as a Decimal, so nothing is lost or overflows) as seconds rounded to the
    millisecond; None when it is not finite, negative or above MAX_TRANSCRIPT_SECONDS."""
    if not value.is_finite() or value < 0 or value > MAX_TRANSCRIPT_SECONDS:
        return None
    try:
        millis = int((value * 1000).to_integral_value())
    except InvalidOperation:  # pragma: no cover - bounded above, so the product always fits
        return None
    return millis / 1000


def stored_seconds(text: str | None) -> float | None:
    """A time as a passage's attributes store it, or None when there is none or it is not a plain
    decimal (a project edited by hand, or written before times were checked, may hold `nan`)."""
    if not text or _STORED.fullmatch(text) is None:
        return None
    seconds = float(text)
    return seconds if seconds <= MAX_TRANSCRIPT_SECONDS else None


def format_seconds(seconds: float) -> str:
    """Seconds as `H:MM:SS` (with milliseconds when there are any), as lists and exports show them;
    '' for a time that is not finite or is negative (never stored by a reader, but a file edited by hand may hold one)."""
    if not math.isfinite(seconds) or seconds < 0:
        return ""
    whole, millis = divmod(milliseconds(seconds), 1000)
    text = f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    return f"{text}.{millis:03d}" if millis else text
