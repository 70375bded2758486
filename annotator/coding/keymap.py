"""Key remapping: a TOML file mapping binding ids to keys, e.g. `next_testimony = "n"`."""

from __future__ import annotations

import os
import tomllib
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
