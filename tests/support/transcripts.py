"""The invented interview kept in every transcript format under tests/data/transcripts, as each reads."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
SAMPLE = DATA / "interview.vtt"

TEXT = (
    "Thank you for coming. Where did you work?\n\n"
    "I worked on a building site near the harbour. We started at six in the morning.\n\n"
    "Were you paid every month?\n\n"
    "Only twice in the whole year."
)
ANSWER = "I worked on a building site near the harbour. We started at six in the morning."
LAST_ANSWER = "Only twice in the whole year."
SPEAKERS = ["Interviewer", "Mira Lee", "Interviewer", "Mira Lee"]
STARTS = [0.0, 4.0, 18.0, 21.0]
