"""JSON from outside read strictly: no key twice in one object, no NaN or Infinity, no deep nesting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError


class DuplicateKey(ValueError):
    """A key that appears twice in one JSON object."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity: Python's json reads them, JSON has no such values."""


def refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: the standard module lets the last of two equal keys win silently."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


def _refuse_constant(name: str) -> Any:
    raise _NotANumber(name)


def depth(value: Any) -> int:
    """How deep lists and objects nest in parsed JSON, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((sub, level + 1) for sub in item)
    return deepest


def load_strict_json(text: str, path: str | Path, *, max_depth: int, needs: int | None = None) -> Any:
    """The parsed JSON; InputError naming the file (and line) for invalid JSON, a key twice in one
    object, NaN or Infinity, or lists and objects nested more than `max_depth` deep (`needs`: how deep
    the format itself nests, for the message)."""
    try:
        data = json.loads(text, object_pairs_hook=refuse_duplicate_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"is not valid JSON: {error.msg}", path=path, line=error.lineno) from None
    except DuplicateKey as error:
        raise InputError(f"key {error.key!r} appears twice in one object; keep one", path=path) from None
    except _NotANumber as error:
        raise InputError(f"holds {error}, which is not a JSON value", path=path) from None
    except RecursionError:
        raise InputError(f"is nested too deeply (more than {max_depth} levels)", path=path) from None
    if depth(data) > max_depth:
        hint = f"; {Path(path).name} needs {needs}" if needs is not None else ""
        raise InputError(f"is nested more than {max_depth} levels deep{hint}", path=path)
    return data
