"""Whisper and WhisperX JSON (`{"segments": [{"start", "end", "text", "speaker"?}]}`) as cues.

Read strictly: numbers are read as exact decimals (so `1e400` or a 5,000-digit number is refused
as a time rather than overflowing or failing in int()), `NaN` and `Infinity` are not times, a key
given twice in one object is refused (json would keep the last silently), and a segment's text or
speaker holding NUL or a lone surrogate (a `\\ud800` escape, which no file can store) is refused.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_JSON_NUMBER_CHARACTERS, MAX_NESTING, MAX_TRANSCRIPT_SECONDS
from annotator.transcripts.model import Cue
from annotator.transcripts.timestamps import decimal_seconds

SHAPE = 'expected Whisper JSON: {"segments": [{"start": 0.0, "end": 2.5, "text": "...", "speaker": "SPEAKER_00"}]}'
# NUL, and UTF-16 surrogates (only a JSON escape can make one; UTF-8 text never holds them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class _NotANumber:
    """A JSON number kept out of arithmetic: NaN, an infinity, or one too long to convert."""

    def __init__(self, text: str) -> None:
        self.text = text if len(text) <= MAX_JSON_NUMBER_CHARACTERS else f"a number of {len(text):,} characters"


class _RepeatedKeys(dict[str, Any]):
    """A JSON object that gave a key more than once (the first such key is kept to name it)."""

    repeated = ""


def _number(text: str) -> Decimal | _NotANumber:
    return Decimal(text) if len(text) <= MAX_JSON_NUMBER_CHARACTERS else _NotANumber(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _RepeatedKeys(found)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.repeated = key
            break
        seen.add(key)
    return marked


def _check_tree(value: Any, path: str) -> None:
    """Refuse nesting deeper than MAX_NESTING and any object that repeats a key, naming where."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, where = stack.pop()
        if not isinstance(item, (list, dict)):
            continue
        if depth > MAX_NESTING:
            raise InputError(f"nests deeper than {MAX_NESTING} levels", path=path, field=where or None)
        if isinstance(item, _RepeatedKeys):
            shown = item.repeated if len(item.repeated) <= 40 else item.repeated[:40] + "..."
            raise InputError(f"gives the key {shown!r} more than once in one object", path=path, field=where or None)
        children = item.items() if isinstance(item, dict) else enumerate(item)
        named = [(child, depth + 1, _step(where, key)) for key, child in children]
        stack.extend(reversed(named))  # depth first, in document order: the first fault is named


def _step(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _seconds(segment: dict[str, Any], key: str, path: str, where: str) -> float:
    value = segment.get(key)
    seconds = decimal_seconds(value) if isinstance(value, Decimal) else None
    if seconds is None:
        shown = f" (not {value.text})" if isinstance(value, _NotANumber) else ""
        raise InputError(
            f"{key!r} must be a number of seconds from 0 to {MAX_TRANSCRIPT_SECONDS:,}{shown}", path=path, field=where
        )
    return seconds


def _string(segment: dict[str, Any], key: str, path: str, where: str) -> str | None:
    value = segment.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{key!r} must be a string", path=path, field=where)
    if value is not None and _UNSTORABLE.search(value):
        raise InputError(f"{key!r} holds a NUL or a lone surrogate escape (\\u0000, \\ud800)", path=path, field=where)
    return value


def read_whisper(text: str, path: str) -> list[Cue]:
    """Cues of Whisper's segments; WhisperX's `speaker` names each, and a segment without one goes on
    with the speaker before it (WhisperX leaves some unassigned)."""
    try:
        data = json.loads(
            text, parse_float=_number, parse_int=_number, parse_constant=_NotANumber, object_pairs_hook=_object
        )
    except json.JSONDecodeError as error:
        raise InputError(f"is not JSON ({error.msg})", path=path, line=error.lineno) from None
    except RecursionError:
        raise InputError(f"nests deeper than {MAX_NESTING} levels", path=path, line=1) from None
    _check_tree(data, path)
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list) or not segments:
        raise InputError(SHAPE, path=path, line=1)
    cues: list[Cue] = []
    for index, segment in enumerate(segments):
        where = f"segments[{index}]"
        if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
            raise InputError(f"a segment needs a 'text' string; {SHAPE}", path=path, field=where)
        start, end = _seconds(segment, "start", path, where), _seconds(segment, "end", path, where)
        if end < start:
            raise InputError("the segment ends before it starts", path=path, field=where)
        words = _string(segment, "text", path, where) or ""
        speaker = _string(segment, "speaker", path, where)
        previous = cues[-1].speaker if cues else ""
        cues.append(Cue(speaker if speaker else previous, words, start, end))
    return cues
