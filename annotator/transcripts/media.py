"""A transcript's recording: the attribute that names it, and the file found beside a transcript at import."""

from __future__ import annotations

from pathlib import Path

# The attribute a document's recording is recorded under (`annotator documents set ID media=PATH`).
MEDIA_ATTRIBUTE = "media"
# Found beside a transcript at import when it has the transcript's name (`interview.vtt`, `interview.mp3`).
MEDIA_SUFFIXES = (".mp3", ".m4a", ".wav", ".ogg", ".opus", ".flac", ".aac", ".mp4", ".mkv", ".webm", ".mov")


def media_beside(transcript: Path) -> Path | None:
    """A recording with the transcript's name in its folder (`interview.mp3` beside `interview.vtt`), or None."""
    for suffix in MEDIA_SUFFIXES:
        for candidate in (transcript.with_suffix(suffix), transcript.with_suffix(suffix.upper())):
            if candidate.is_file():
                return candidate
    return None
