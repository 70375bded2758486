"""Timestamps as transcripts write them (`01:02:03.500`, `00:03:40,5`, `12:04`) turned into seconds."""

from __future__ import annotations

import re

# hours optional; minutes and seconds; a fraction after '.' or ',' (SubRip writes a comma).
TIMESTAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_PARTS = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")


def parse_timestamp(value: str) -> float | None:
    """Seconds for a timestamp, or None when the value is not one (minutes and seconds below 60)."""
    match = _PARTS.match(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return round(total, 3)


def format_seconds(seconds: float) -> str:
    """Seconds as `H:MM:SS` (with milliseconds when there are any), as lists and exports show them."""
    whole = int(seconds)
    millis = round((seconds - whole) * 1000)
    text = f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    return f"{text}.{millis:03d}" if millis else text
