"""Key remapping: a TOML file mapping binding ids to keys, e.g. `next_testimony = "n"`, and what is wrong with one."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_YAML_BYTES
from annotator.domain.textfiles import read_text_file

KEYMAP_VARIABLE = "ANNOTATOR_KEYMAP"


def load_keymap(path: str | Path) -> dict[str, str]:
    """Binding id -> keys (comma-separated) from a TOML file's `[keys]` table (or its top level)."""
    path = Path(path)
    try:
        data = tomllib.loads(read_text_file(path, MAX_YAML_BYTES))  # a regular file, a few lines long
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(error), path=path) from None
    table = data.get("keys", data)
    if not isinstance(table, dict):
        raise InputError('[keys] must be a table of binding id = "key"', path=path, field="keys")
    keymap: dict[str, str] = {}
    for binding_id, keys in table.items():
        if not isinstance(keys, str) or not keys.strip():
            raise InputError('a key must be a non-empty string such as "ctrl+n"', path=path, field=binding_id)
        keymap[binding_id] = keys
    return keymap


def keymap_from_environment() -> dict[str, str]:
    """The keymap named by ANNOTATOR_KEYMAP, or none."""
    path = os.environ.get(KEYMAP_VARIABLE)
    return load_keymap(path) if path else {}


@dataclass(frozen=True)
class KeyBinding:
    """One binding as a keymap sees it: the part of the app it belongs to, its id, its keys, what it does."""

    section: str
    binding_id: str
    keys: tuple[str, ...]
    description: str


def effective_bindings(bindings: Sequence[KeyBinding], keymap: Mapping[str, str]) -> list[KeyBinding]:
    """Each binding with the keys the keymap gives it (its own where the keymap does not name it)."""
    return [
        replace(binding, keys=_keys_of(keymap[binding.binding_id])) if binding.binding_id in keymap else binding
        for binding in bindings
    ]


def keymap_problems(bindings: Sequence[KeyBinding], keymap: Mapping[str, str]) -> list[str]:
    """What is wrong with a keymap: ids no binding has, and keys it gives one action that another
    action of the same part of the app holds (Textual would silently drop that other action)."""
    known = {binding.binding_id for binding in bindings}
    problems = [f"no binding has the id {binding_id!r}" for binding_id in keymap if binding_id not in known]
    holders: dict[tuple[str, str], list[KeyBinding]] = {}
    for binding in effective_bindings(bindings, keymap):
        for key in binding.keys:
            holders.setdefault((binding.section, key), []).append(binding)
    for (section, key), sharing in holders.items():
        moved = [binding.binding_id for binding in sharing if binding.binding_id in keymap]
        ids = list(dict.fromkeys(binding.binding_id for binding in sharing))
        if moved and len(ids) > 1:  # a clash the defaults already have is the app's, not the keymap's
            others = ", ".join(repr(binding_id) for binding_id in ids if binding_id != moved[0])
            problems.append(f"{moved[0]!r} is given {key!r}, which {others} holds ({section})")
    return problems


def describe_keymap_problems(problems: Sequence[str], source: str = KEYMAP_VARIABLE) -> str:
    """The problems as one line, naming where the keymap came from (a file, else the variable) and where
    to see the ids."""
    return f"{source}: {'; '.join(problems)} (`annotator keys` lists every id and its keys)"


def _keys_of(keys: str) -> tuple[str, ...]:
    return tuple(key.strip() for key in keys.split(",") if key.strip())
