"""The coding screen's layout: the text keeps TEXT_MIN columns, panels collapse, stack and grow."""

from __future__ import annotations

import pytest

from annotator.coding.layout import (
    SHAPES,
    TEXT_CHROME,
    TEXT_MIN,
    WIDER_STEPS,
    Layout,
    Panel,
    PanelChoice,
    plan_layout,
)

SIZES = [(w, h) for w in range(40, 321, 7) for h in (20, 24, 30, 40, 60)]
CHOICES = [
    PanelChoice(testimonies=t, side=s, first=first, wider=wider)
    for t in (True, False)
    for s in (True, False)
    for first in Panel
    for wider in range(WIDER_STEPS)
]


def _text_columns(layout: Layout) -> int:
    return layout.text - TEXT_CHROME


@pytest.mark.parametrize("choice", CHOICES, ids=str)
def test_the_text_keeps_its_columns_and_the_widths_add_up(choice: PanelChoice) -> None:
    for width, height in SIZES:
        layout = plan_layout(width, height, choice)
        beside = layout.testimonies + (0 if layout.stacked else layout.side)
        assert beside + layout.text == width
        if beside:  # a panel beside the text only when the text keeps its columns (stacked ones take none)
            assert _text_columns(layout) >= TEXT_MIN, (width, height, layout)
        for panel in Panel:
            if layout.shows(panel) and not (layout.stacked and panel is Panel.SIDE):
                assert SHAPES[panel].least <= layout.width(panel) <= SHAPES[panel].most
            # A panel the coder hid never shows, one they asked for shows or is named as collapsed.
            if not choice.wants(panel):
                assert not layout.shows(panel) and panel not in layout.collapsed
            else:
                assert layout.shows(panel) != (panel in layout.collapsed)


def test_80x24_keeps_the_codebook_beside_fifty_columns_of_text() -> None:
    layout = plan_layout(80, 24)
    assert _text_columns(layout) == TEXT_MIN
    assert layout.side == SHAPES[Panel.SIDE].least
    assert layout.testimonies == 0 and layout.collapsed == (Panel.TESTIMONIES,)


def test_toggling_a_collapsed_panel_shows_it_in_the_others_place() -> None:
    usual = PanelChoice()
    asked = usual.toggled(Panel.TESTIMONIES, plan_layout(80, 24, usual))
    assert asked.testimonies and asked.first is Panel.TESTIMONIES
    layout = plan_layout(80, 24, asked)
    assert layout.testimonies > 0 and layout.side == 0
    assert layout.collapsed == (Panel.SIDE,)
    back = asked.toggled(Panel.SIDE, layout)
    assert plan_layout(80, 24, back) == plan_layout(80, 24, usual)


def test_toggling_a_panel_on_screen_hides_it() -> None:
    usual = PanelChoice()
    hidden = usual.toggled(Panel.SIDE, plan_layout(160, 48, usual))
    assert not hidden.side and hidden.testimonies
    layout = plan_layout(160, 48, hidden)
    assert layout.side == 0 and layout.collapsed == () and layout.text == 160 - layout.testimonies
    assert hidden.toggled(Panel.SIDE, layout) == usual


def test_both_panels_show_from_120_columns() -> None:
    layout = plan_layout(120, 40)
    assert layout.testimonies and layout.side and not layout.collapsed
    assert _text_columns(layout) >= TEXT_MIN


def test_panels_grow_with_the_terminal() -> None:
    widths = [plan_layout(width, 48) for width in (120, 160, 200, 260)]
    for narrower, wider in zip(widths, widths[1:], strict=False):
        assert wider.side > narrower.side and wider.testimonies > narrower.testimonies
        assert wider.text > narrower.text
    assert plan_layout(1000, 60).side == SHAPES[Panel.SIDE].most


def test_widening_steps_through_wider_side_panels_and_back() -> None:
    choice = PanelChoice()
    sides = []
    for _ in range(WIDER_STEPS):
        sides.append(plan_layout(200, 60, choice).side)
        choice = choice.widened()
    assert sides == sorted(sides) and len(set(sides)) == WIDER_STEPS
    assert choice.wider == 0
    # The testimony list keeps its width; the text gives up what the side panel takes.
    assert {plan_layout(200, 60, PanelChoice(wider=step)).testimonies for step in range(WIDER_STEPS)} == {34}


def test_widening_stops_at_the_text_minimum() -> None:
    widest = plan_layout(140, 40, PanelChoice(wider=WIDER_STEPS - 1))
    assert _text_columns(widest) == TEXT_MIN
    assert plan_layout(80, 24, PanelChoice(wider=2)) == plan_layout(80, 24)


def test_a_tall_narrow_terminal_stacks_the_side_panels_under_the_text() -> None:
    layout = plan_layout(70, 40)
    assert layout.stacked and layout.side == layout.text == 70
    assert 0 < layout.side_height < 40
    assert not plan_layout(70, 24).stacked  # too short: the side panels collapse instead
    assert plan_layout(70, 24).collapsed == (Panel.SIDE, Panel.TESTIMONIES)


def test_stacking_leaves_room_beside_the_text_for_the_testimony_list() -> None:
    layout = plan_layout(78, 40)
    assert layout.stacked and layout.testimonies == SHAPES[Panel.TESTIMONIES].least
    assert layout.text == 78 - layout.testimonies


def test_hiding_both_gives_the_text_the_whole_width() -> None:
    hidden = PanelChoice().showing(Panel.SIDE, False).showing(Panel.TESTIMONIES, False)
    assert plan_layout(160, 48, hidden) == Layout(testimonies=0, side=0, text=160)
