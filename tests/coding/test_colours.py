"""Code colours on screen: a child's colour stays measurably apart from its parent's and siblings'."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.coding.colours import (
    MIN_DISTANCE,
    OTHERS_DISTANCE,
    _parents_first,
    _turns,
    colour_distance,
    display_colours,
)
from annotator.domain.codebook import load_codebook
from annotator.domain.models import Code
from tests.support.hypothesis_profiles import examples

BUNDLED = Path(__file__).parents[2] / "codebooks" / "nk-overseas-labour.yaml"


def _family(parent_colour: str, child_colours: list[str]) -> list[Code]:
    parent = Code(id="parent", name="Parent", colour=parent_colour)
    children = [
        Code(id=f"child-{index}", name=f"Child {index}", parent="parent", colour=colour)
        for index, colour in enumerate(child_colours)
    ]
    return [parent, *children]


def _check_apart(codes: list[Code], shown: dict[str, str]) -> None:
    by_parent: dict[str, list[str]] = {}
    for code in codes:
        if code.parent is None:
            continue
        assert colour_distance(shown[code.id], shown[code.parent]) >= MIN_DISTANCE, code.id
        for sibling in by_parent.setdefault(code.parent, []):
            assert colour_distance(shown[code.id], shown[sibling]) >= MIN_DISTANCE, (code.id, sibling)
        by_parent[code.parent].append(code.id)


def test_distance_is_zero_for_one_colour_and_about_100_from_black_to_white() -> None:
    assert colour_distance("#5fafff", "#5fafff") == 0
    assert colour_distance("#000000", "#ffffff") == pytest.approx(100, abs=0.1)
    assert colour_distance("#ff0000", "#00ff00") > colour_distance("#ff0000", "#ff2000")


@pytest.mark.parametrize(
    "parent, children",
    [
        ("#1f77b4", ["#1f77b4", "#1f77b4", "#1f77b4", "#1f77b4"]),  # children copied the parent's colour
        ("#5fd7d7", ["#87ffff", "#5fd7d7"]),  # a lighter shade, as the bundled codebook has
        ("#888888", ["#888888", "#888888"]),  # the default grey: no hue to turn
        ("#ffffff", ["#ffffff"]),
        ("#000000", ["#000000"]),
    ],
)
def test_children_are_turned_apart_from_parent_and_siblings(parent: str, children: list[str]) -> None:
    codes = _family(parent, children)
    shown = display_colours(codes)
    assert shown["parent"] == parent
    _check_apart(codes, shown)


def test_the_bundled_codebooks_children_are_apart_and_its_top_codes_keep_their_colours() -> None:
    codes = load_codebook(BUNDLED).codes
    shown = display_colours(codes)
    # The bundled codebook has children within a few units of their parents (informants, housing).
    assert any(
        code.parent and colour_distance(code.colour, next(c.colour for c in codes if c.id == code.parent)) < 15
        for code in codes
    )
    _check_apart(codes, shown)
    assert all(shown[code.id] == code.colour for code in codes if code.parent is None)


def test_a_child_already_apart_keeps_its_colour() -> None:
    codes = _family("#d62728", ["#1f77b4", "#2ca02c"])
    assert display_colours(codes) == {code.id: code.colour for code in codes}


def test_a_parent_listed_after_its_child_is_coloured_first() -> None:
    parent, child = _family("#1f77b4", ["#1f77b4"])
    shown = display_colours([child, parent])
    assert shown["parent"] == "#1f77b4" and colour_distance(shown["child-0"], "#1f77b4") >= MIN_DISTANCE


def test_grandchildren_are_apart_from_their_own_parent() -> None:
    codes = [
        *_family("#2ca02c", ["#2ca02c"]),
        Code(id="grandchild", name="Grandchild", parent="child-0", colour="#2ca02c"),
    ]
    shown = display_colours(codes)
    _check_apart(codes, shown)


def _compared_with_every_code(codes: list[Code]) -> dict[str, str]:
    """The definition, computed the slow way (each child against every relative and every other code)."""
    shown: dict[str, str] = {}
    siblings: dict[str | None, list[str]] = {}
    for code in _parents_first(codes, {code.id: code for code in codes}):
        family = siblings.setdefault(code.parent, [])
        if code.parent is None or code.parent not in shown:
            shown[code.id] = code.colour
        else:
            relatives = [shown[code.parent], *(shown[sibling] for sibling in family)]
            others = [shown.get(other.id, other.colour) for other in codes if other.id != code.id]

            def least(colour: str, among: list[str]) -> float:
                return min((colour_distance(colour, other) for other in among), default=float("inf"))

            if least(code.colour, relatives) >= MIN_DISTANCE:
                shown[code.id] = code.colour
            else:
                candidates = _turns(code.colour)
                apart = [c for c in candidates if least(c, relatives) >= MIN_DISTANCE]
                clear = [c for c in apart if least(c, others) >= OTHERS_DISTANCE]
                shown[code.id] = (clear or apart or [max(candidates, key=lambda c: least(c, relatives))])[0]
        family.append(code.id)
    return shown


PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#888888", "#ffffff", "#000000", "#5fd7d7", "#87ffff"]


@settings(max_examples=examples(40))
@given(st.data())
def test_the_grids_give_the_colours_the_definition_gives(data: st.DataObject) -> None:
    """display_colours looks only at nearby colours (cubes of L*a*b* space): the same answer as comparing with all."""
    count = data.draw(st.integers(1, 60))
    codes: list[Code] = []
    for index in range(count):
        parent = data.draw(st.sampled_from([None, "missing", *(code.id for code in codes)]))
        colour = data.draw(st.sampled_from(PALETTE) | st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}"))
        codes.append(Code(id=f"c{index}", name=f"C{index}", parent=parent, colour=colour))
    codes = data.draw(st.permutations(codes))
    assert display_colours(codes) == _compared_with_every_code(codes)


def test_a_wide_family_needs_the_nearest_colour_search() -> None:
    """90 children of random colours under one parent: past 48 colours a family is kept in cubes, and
    children with no turn far enough take the one farthest from the relatives (found ring by ring)."""
    rng = random.Random(3)
    codes = _family("#1f77b4", [f"#{rng.randrange(0x1000000):06x}" for _ in range(90)])
    assert display_colours(codes) == _compared_with_every_code(codes)
