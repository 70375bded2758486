"""Offsets written in files: ASCII digits only, so `1_0`, `+5`, ` 5` or `١٠` never pass as numbers."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]+")
# A cell is only echoed in the message when it looks like an attempt at a number: a misplaced
# column could put testimony text into an offset cell, and that must never reach a message.
_NUMBERISH = re.compile(r"[\d\s_+\-.,]{1,20}")


def parse_offset(value: str) -> int:
    """The whole number `value` spells with ASCII digits 0-9 and nothing else; ValueError otherwise.

    Python's int() also takes underscores, signs, surrounding spaces and any script's digits, so
    a cell that is not plainly a number would be read as one.
    """
    if value.isascii() and value.isdigit():  # the common case, without the regular expression
        return int(value)
    if not _DIGITS.fullmatch(value):
        if value.startswith("-") and _DIGITS.fullmatch(value[1:]):
            raise ValueError(f"offset {value} is negative")
        shown = repr(value) if _NUMBERISH.fullmatch(value) else f"a {len(value)}-character value"
        raise ValueError(f"{shown} is not a whole number written with the digits 0-9 only")
    return int(value)
