"""A register as a JSON file (`annotator pseudonyms export` and `import`): read and checked whole, line by entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.pseudonyms import Identifier
from annotator.domain.strict_json import load_strict_json
from annotator.domain.textfiles import read_text_file

# A register file nests four deep: the object, its "register" list, an entry, the entry's variants.
REGISTER_NESTING = 4
# Far more identifiers than a study's testimonies name; each entry is checked against every other,
# so a hostile file of millions would hold the project's write lock for hours (5,000 took minutes).
MAX_REGISTER_ENTRIES = 2_000
_KEYS = {"id", "kind", "original", "variants", "replacement", "method", "as", "generalise_to"}


def register_json(register: list[Identifier]) -> str:
    """The register as the JSON `import` reads back (each entry's replacement kept as its pseudonym)."""
    entries = []
    for entry in register:
        row: dict[str, Any] = {"id": entry.id, "kind": entry.kind, "original": entry.original}
        row["variants"] = list(entry.variants)
        row["generalise_to" if entry.method == "generalisation" else "as"] = entry.replacement
        entries.append(row)
    return json.dumps({"register": entries}, ensure_ascii=False, indent=2) + "\n"


def read_register_file(path: Path) -> list[dict[str, Any]]:
    """The entries of a register file as keyword arguments of `project.pseudonyms.add`; InputError
    naming the file and the entry (never its words) for anything else."""
    data = load_strict_json(read_text_file(path), path, max_depth=REGISTER_NESTING, needs=REGISTER_NESTING)
    entries = data.get("register") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError('expected an object with a "register" list', path=path)
    if len(entries) > MAX_REGISTER_ENTRIES:
        raise InputError(f"holds {len(entries):,} entries, over the limit of {MAX_REGISTER_ENTRIES:,}", path=path)
    result = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("original"), str):
            raise InputError("an entry needs an original (text)", path=path, row=number)
        unknown = sorted(set(entry) - _KEYS)
        if unknown:
            raise InputError(f"unknown field(s) {', '.join(unknown)}", path=path, row=number)
        variants = entry.get("variants", [])
        texts = [entry.get("kind", "other"), entry.get("as"), entry.get("generalise_to")]
        if not isinstance(variants, list) or not all(isinstance(value, str) for value in variants):
            raise InputError("variants must be a list of texts", path=path, row=number)
        if not all(value is None or isinstance(value, str) for value in texts):
            raise InputError("kind, as and generalise_to must be texts", path=path, row=number)
        result.append(
            {
                "original": entry["original"],
                "variants": tuple(variants),
                "kind": entry.get("kind", "other"),
                "pseudonym": entry.get("as"),
                "generalisation": entry.get("generalise_to"),
            }
        )
    return result
