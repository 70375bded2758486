"""The colours codes show in: a child code's colour kept measurably apart from its parent's and its siblings'."""

from __future__ import annotations

import colorsys
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

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
    order, so the first child keeps its colour whenever it can. The colours to keep away from are
    kept in grids of L*a*b* cells, so each test looks at the few colours nearby rather than at every
    code: a 10,000-code codebook takes a fraction of a second where comparing each child with every
    code (and each of its 36 candidate turns with every code again) took minutes.
    """
    shown: dict[str, str] = {}
    by_id = {code.id: code for code in codes}
    labs = _Labs()
    others = _LabGrid(OTHERS_DISTANCE, labs)  # every code as shown so far, or as the codebook colours it
    for code in codes:
        others.add(code.colour)
    relatives: dict[str, _LabGrid] = {}  # per parent: the parent's colour and its children's so far
    for code in _parents_first(codes, by_id):
        if code.parent is None or code.parent not in shown:
            shown[code.id] = code.colour
            continue
        family = relatives.get(code.parent)
        if family is None:
            family = relatives[code.parent] = _LabGrid(MIN_DISTANCE, labs)
            family.add(shown[code.parent])
        if family.any_within(code.colour, MIN_DISTANCE):  # too close: turn it
            others.remove(code.colour)  # the others, not the code itself
            shown[code.id] = _turned(code.colour, family, others)
            others.add(shown[code.id])
        else:
            shown[code.id] = code.colour
        family.add(shown[code.id])
    return shown


def colour_distance(first: str, second: str) -> float:
    """The CIE76 difference ΔE*ab between two `#rrggbb` colours (0: the same; about 100: black and white)."""
    return _distance(_lab(first), _lab(second))


def _distance(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    return float(((first[0] - second[0]) ** 2 + (first[1] - second[1]) ** 2 + (first[2] - second[2]) ** 2) ** 0.5)


class _Labs(dict[str, tuple[float, float, float]]):
    """L*a*b* of each colour, computed once."""

    def __missing__(self, colour: str) -> tuple[float, float, float]:
        self[colour] = lab = _lab(colour)
        return lab


class _LabGrid:
    """A multiset of colours that answers "is any within d of this colour?" and "how far is the nearest?".

    Few distinct colours (a family of codes) are simply compared one by one. Past SMALL_SET, they
    are also kept in cubes of L*a*b* space `side` wide: every colour closer than `side` to a point
    lies in the point's cube or one of its 26 neighbours, and each cube keeps that neighbourhood's
    colours, so a question looks at the few colours nearby, not at every code's.
    """

    SMALL_SET = 48

    def __init__(self, side: float, labs: _Labs) -> None:
        self.side = side
        self.labs = labs
        self.counts: Counter[str] = Counter()
        self.indexed = False
        self.cubes: defaultdict[tuple[int, int, int], set[str]] = defaultdict(set)
        self.near: defaultdict[tuple[int, int, int], set[str]] = defaultdict(set)  # a cube's and its neighbours'
        self.low = [math.inf] * 3  # the least and greatest cube index along each axis ever held
        self.high = [-math.inf] * 3
        # Answers so far, kept while the set of distinct colours held stays the same: most codes of a
        # large codebook share a few colours and their turns, so the same questions come back.
        self.answers: dict[tuple[str, float], bool | float] = {}

    def _cube(self, lab: tuple[float, float, float]) -> tuple[int, int, int]:
        return (math.floor(lab[0] / self.side), math.floor(lab[1] / self.side), math.floor(lab[2] / self.side))

    def add(self, colour: str) -> None:
        self.counts[colour] += 1
        if self.counts[colour] > 1:
            return
        self.answers.clear()
        if self.indexed:
            self._index(colour)
        elif len(self.counts) > self.SMALL_SET:
            self.indexed = True
            for held in self.counts:
                self._index(held)

    def remove(self, colour: str) -> None:
        self.counts[colour] -= 1
        if self.counts[colour]:
            return
        del self.counts[colour]
        self.answers.clear()
        if self.indexed:
            cube = self._cube(self.labs[colour])
            self.cubes[cube].discard(colour)
            for dl, da, db in _NEIGHBOURS:
                self.near[cube[0] + dl, cube[1] + da, cube[2] + db].discard(colour)

    def _index(self, colour: str) -> None:
        cube = self._cube(self.labs[colour])
        self.cubes[cube].add(colour)
        for dl, da, db in _NEIGHBOURS:
            self.near[cube[0] + dl, cube[1] + da, cube[2] + db].add(colour)
        for axis in range(3):
            self.low[axis] = min(self.low[axis], cube[axis])
            self.high[axis] = max(self.high[axis], cube[axis])

    def any_within(self, colour: str, distance: float) -> bool:
        """Whether some colour lies closer than `distance` (at most `side`) to `colour`."""
        known = self.answers.get((colour, distance))
        if known is None:
            lab = self.labs[colour]
            nearby = self.near.get(self._cube(lab), ()) if self.indexed else self.counts
            known = self.answers[colour, distance] = self._any_closer(lab, nearby, distance)
        return bool(known)

    def _any_closer(self, lab: tuple[float, float, float], colours: Iterable[str], distance: float) -> bool:
        # The hot loop of a large codebook: squared distances, no call per colour (the same test as
        # colour_distance(...) < distance but at a tie within rounding).
        light, green_red, blue_yellow = lab
        limit = distance * distance
        labs = self.labs
        for other in colours:
            other_light, other_green_red, other_blue_yellow = labs[other]
            dl, da, db = light - other_light, green_red - other_green_red, blue_yellow - other_blue_yellow
            if dl * dl + da * da + db * db < limit:
                return True
        return False

    def least_distance(self, colour: str) -> float:
        """The distance from `colour` to the nearest colour held (inf when none)."""
        known = self.answers.get((colour, -1.0))
        if known is None:
            lab = self.labs[colour]
            if self.indexed:
                known = self._nearest(lab)
            else:
                known = min((_distance(lab, self.labs[other]) for other in self.counts), default=math.inf)
            self.answers[colour, -1.0] = known
        return float(known)

    def _nearest(self, lab: tuple[float, float, float]) -> float:
        """The nearest distance, searching cubes ring by ring outwards from the point's own."""
        centre = self._cube(lab)
        reach = max(max(centre[axis] - self.low[axis], self.high[axis] - centre[axis]) for axis in range(3))
        best = math.inf
        for ring in range(int(reach) + 1):
            for dl, da, db in _ring_offsets(ring):
                for other in self.cubes.get((centre[0] + dl, centre[1] + da, centre[2] + db), ()):
                    best = min(best, _distance(lab, self.labs[other]))
            if best <= ring * self.side:  # every colour in a farther ring is at least this far
                break
        return best


@lru_cache(maxsize=64)
def _ring_offsets(ring: int) -> tuple[tuple[int, int, int], ...]:
    span = range(-ring, ring + 1)
    return tuple((dl, da, db) for dl in span for da in span for db in span if max(abs(dl), abs(da), abs(db)) == ring)


_NEIGHBOURS = _ring_offsets(0) + _ring_offsets(1)


@lru_cache(maxsize=4096)
def _turns(colour: str) -> tuple[str, ...]:
    """The candidate colours for a code too close to its relatives, in the order they are tried."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    # A grey has no hue to turn: give it some saturation so the turns can tell it apart.
    saturation = max(saturation, 0.5)
    return tuple(
        _hex(colorsys.hls_to_rgb((hue + turn) % 1.0, min(max(lightness + shift, 0.2), 0.85), saturation))
        for shift in LIGHTNESS_SHIFTS
        for turn in HUE_TURNS
    )


def _turned(colour: str, relatives: _LabGrid, others: _LabGrid) -> str:
    """The first turn of `colour` at least MIN_DISTANCE from each of `relatives` (and, when one can be,
    OTHERS_DISTANCE from the `others`); with none far enough, the farthest from the relatives."""
    candidates = _turns(colour)
    first_apart = None
    for candidate in candidates:  # the first turn apart from the relatives and clear of the others wins
        if not relatives.any_within(candidate, MIN_DISTANCE):
            if not others.any_within(candidate, OTHERS_DISTANCE):
                return candidate
            first_apart = first_apart or candidate
    if first_apart:
        return first_apart
    return max(candidates, key=relatives.least_distance)


def _parents_first(codes: Sequence[Code], by_id: dict[str, Code]) -> list[Code]:
    """The codes in codebook order, each after its parent (a parent listed later comes first).

    Iterative: a chain of parents thousands deep would exhaust Python's stack if recursive."""
    placed: dict[str, Code] = {}
    for code in codes:
        chain: list[Code] = []
        in_chain: set[str] = set()
        current: Code | None = code
        while current is not None and current.id not in placed and current.id not in in_chain:
            chain.append(current)
            in_chain.add(current.id)
            current = by_id.get(current.parent) if current.parent else None
        for member in reversed(chain):
            placed[member.id] = member
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
