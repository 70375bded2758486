"""The colours codes show in: a child code's colour kept measurably apart from its parent's and its siblings'."""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

from annotator.domain.models import Code

# The least CIE76 colour difference (ΔE*ab) between a child and its parent or a sibling: about
# where two swatches side by side stop looking like one colour (2.3 is the just-noticeable step).
MIN_DISTANCE = 20.0
# Hue turns tried, in order, for a child too close to its relatives (fractions of the colour wheel).
HUE_TURNS = (1 / 12, -1 / 12, 2 / 12, -2 / 12, 3 / 12, -3 / 12, 4 / 12, -4 / 12, 6 / 12)
# Lightness shifts tried with each turn (none first, so the hue changes before the shade does).
LIGHTNESS_SHIFTS = (0.0, -0.15, 0.15, -0.3)
# A turned colour also keeps this far from every other code's, when some turn can.
OTHERS_DISTANCE = 12.0


def display_colours(codes: Sequence[Code]) -> dict[str, str]:
    """Each code's colour on screen (`#rrggbb`): its own, except a child code whose colour is within
    MIN_DISTANCE of its parent's or of an earlier sibling's turns its hue (then shade) until it is not.

    Top-level codes keep their colours (the codebook chose them); children are taken in codebook
    order, so the first child keeps its colour whenever it can.
    """
    shown: dict[str, str] = {}
    by_id = {code.id: code for code in codes}
    children: dict[str | None, list[str]] = {}
    for code in _parents_first(codes, by_id):
        relatives = children.setdefault(code.parent, [])
        if code.parent is None or code.parent not in shown:
            shown[code.id] = code.colour
        else:
            avoid = [shown[code.parent], *(shown[sibling] for sibling in relatives)]
            # The other codes as shown so far, and as the codebook colours those not reached yet.
            others = [shown.get(other.id, other.colour) for other in codes if other.id != code.id]
            shown[code.id] = _apart(code.colour, avoid, others)
        relatives.append(code.id)
    return shown


def colour_distance(first: str, second: str) -> float:
    """The CIE76 difference ΔE*ab between two `#rrggbb` colours (0: the same; about 100: black and white)."""
    lab_first, lab_second = _lab(first), _lab(second)
    return sum((a - b) ** 2 for a, b in zip(lab_first, lab_second, strict=True)) ** 0.5


def _apart(colour: str, relatives: Sequence[str], others: Sequence[str]) -> str:
    """`colour`, or the first turn of it at least MIN_DISTANCE from each of `relatives` (and, when one
    can be, OTHERS_DISTANCE from the `others`); with none far enough, the farthest from the relatives."""
    if _least_distance(colour, relatives) >= MIN_DISTANCE:
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    # A grey has no hue to turn: give it some saturation so the turns can tell it apart.
    saturation = max(saturation, 0.5)
    candidates = [
        _hex(colorsys.hls_to_rgb((hue + turn) % 1.0, min(max(lightness + shift, 0.2), 0.85), saturation))
        for shift in LIGHTNESS_SHIFTS
        for turn in HUE_TURNS
    ]
    apart = [candidate for candidate in candidates if _least_distance(candidate, relatives) >= MIN_DISTANCE]
    clear = [candidate for candidate in apart if _least_distance(candidate, others) >= OTHERS_DISTANCE]
    if clear or apart:
        return (clear or apart)[0]
    return max(candidates, key=lambda candidate: _least_distance(candidate, relatives))


def _least_distance(colour: str, others: Sequence[str]) -> float:
    return min((colour_distance(colour, other) for other in others), default=float("inf"))


def _parents_first(codes: Sequence[Code], by_id: dict[str, Code]) -> list[Code]:
    """The codes in codebook order, each after its parent (a parent listed later comes first)."""
    placed: dict[str, Code] = {}

    def place(code: Code, seen: frozenset[str]) -> None:
        if code.id in placed or code.id in seen:
            return
        parent = by_id.get(code.parent) if code.parent else None
        if parent is not None:
            place(parent, seen | {code.id})
        placed[code.id] = code

    for code in codes:
        place(code, frozenset())
    return list(placed.values())


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[index : index + 2], 16) / 255 for index in (0, 2, 4))
    return red, green, blue


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(channel, 0.0), 1.0) * 255):02x}" for channel in rgb)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    red, green, blue = linear
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)
