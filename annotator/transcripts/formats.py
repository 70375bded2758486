"""The transcript formats by name, and the suffixes that name one: their one home, light enough for `--help`."""

from __future__ import annotations

FORMATS = ("vtt", "srt", "whisper", "text", "docx", "otter")
SUFFIX_FORMATS = {".vtt": "vtt", ".srt": "srt", ".json": "whisper"}
