"""Whisper and WhisperX JSON (`{"segments": [{"start", "end", "text", "speaker"?}]}`) as cues."""

from __future__ import annotations

import json
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_NESTING
from annotator.transcripts.model import Cue

SHAPE = 'expected Whisper JSON: {"segments": [{"start": 0.0, "end": 2.5, "text": "...", "speaker": "SPEAKER_00"}]}'


def _depth(value: Any, limit: int) -> int:
    """How deep lists and objects nest, stopping once past the limit."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _number(segment: dict[str, Any], key: str, path: str, where: str) -> float:
    value = segment.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise InputError(f"{key!r} must be a number of seconds, at least 0", path=path, field=where)
    return round(float(value), 3)


def read_whisper(text: str, path: str) -> list[Cue]:
    """Cues of Whisper's segments; WhisperX's `speaker` names each, and a segment without one goes on
    with the speaker before it (WhisperX leaves some unassigned)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"is not JSON ({error.msg})", path=path, line=error.lineno) from None
    except RecursionError:
        raise InputError(f"nests deeper than {MAX_NESTING} levels", path=path, line=1) from None
    if _depth(data, MAX_NESTING) > MAX_NESTING:
        raise InputError(f"nests deeper than {MAX_NESTING} levels", path=path)
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list) or not segments:
        raise InputError(SHAPE, path=path, line=1)
    cues: list[Cue] = []
    for index, segment in enumerate(segments):
        where = f"segments[{index}]"
        if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
            raise InputError(f"a segment needs a 'text' string; {SHAPE}", path=path, field=where)
        start, end = _number(segment, "start", path, where), _number(segment, "end", path, where)
        if end < start:
            raise InputError("the segment ends before it starts", path=path, field=where)
        speaker = segment.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise InputError("'speaker' must be a string", path=path, field=where)
        previous = cues[-1].speaker if cues else ""
        cues.append(Cue(speaker if speaker else previous, segment["text"], start, end))
    return cues
