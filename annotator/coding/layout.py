"""How the coding screen shares the terminal: the text keeps room to read, side panels grow or collapse."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

# The text column: at least this many characters of text per line (words are not split below it).
TEXT_MIN = 50
# What the text's box takes beside its text: two border columns, two of padding, the scrollbar.
TEXT_CHROME = 5
# The steps `W` goes through (0: the side panel's own share of the width).
WIDER_STEPS = 3
# Each step widens the side panel by this fraction of the terminal's width.
WIDER_SHARE = 0.08
# Below this height stacking the side panels under the text would leave too few lines of either.
STACK_MIN_HEIGHT = 30
# Lines the stacked side panels take (the rest is the text's).
STACK_SHARE = 0.4


class Panel(StrEnum):
    """The panels beside the text."""

    TESTIMONIES = "testimonies"
    SIDE = "side"  # the codebook, the highlighted code's definition and the spans

    @property
    def label(self) -> str:
        """What the screen calls the panel."""
        return "testimony list" if self is Panel.TESTIMONIES else "codebook and spans panels"


# The width the panels' usual sizes are for; they grow (or shrink) with the columns beyond it.
USUAL_TERMINAL = 120


@dataclass(frozen=True)
class PanelShape:
    """A panel's width: its least, its usual (at USUAL_TERMINAL columns), what it gains per column beyond, its most."""

    least: int
    usual: int
    growth: float
    most: int


SHAPES = {
    Panel.TESTIMONIES: PanelShape(least=22, usual=26, growth=0.1, most=48),
    Panel.SIDE: PanelShape(least=25, usual=38, growth=0.25, most=80),
}


@dataclass(frozen=True)
class PanelChoice:
    """What the coder asked for: which panels to show, the one asked for last, how much wider."""

    testimonies: bool = True
    side: bool = True
    # When both do not fit, this one stays (the one the coder asked for last).
    first: Panel = Panel.SIDE
    wider: int = 0

    def wants(self, panel: Panel) -> bool:
        """Whether the coder asked for the panel."""
        return self.testimonies if panel is Panel.TESTIMONIES else self.side

    def showing(self, panel: Panel, shown: bool) -> PanelChoice:
        """The choice with the panel asked for (and put first) or hidden."""
        changed = replace(self, testimonies=shown) if panel is Panel.TESTIMONIES else replace(self, side=shown)
        return replace(changed, first=panel) if shown else changed

    def toggled(self, panel: Panel, layout: Layout) -> PanelChoice:
        """What the panel's toggle key asks for: hide it when it is on screen, else show it (collapsed too), first."""
        return self.showing(panel, not layout.shows(panel))

    def widened(self) -> PanelChoice:
        """The next width step (after the widest, back to the panels' own share)."""
        return replace(self, wider=(self.wider + 1) % WIDER_STEPS)


@dataclass(frozen=True)
class Layout:
    """Each panel's width (0: not shown), whether the side panels sit under the text, and what did not fit."""

    testimonies: int
    side: int
    text: int
    stacked: bool = False
    side_height: int = 0
    collapsed: tuple[Panel, ...] = ()

    def width(self, panel: Panel) -> int:
        """The panel's width (0 when it is not shown)."""
        return self.testimonies if panel is Panel.TESTIMONIES else self.side

    def shows(self, panel: Panel) -> bool:
        """Whether the panel is on screen (beside the text or under it)."""
        return self.width(panel) > 0


def plan_layout(width: int, height: int, choice: PanelChoice = PanelChoice()) -> Layout:
    """The panels' widths for a terminal of `width` x `height`, keeping TEXT_MIN characters of text.

    Each wanted panel takes its share of the width (more with each `wider` step, up to its most);
    when they do not all fit beside the text they shrink towards their least, then the one asked
    for less recently collapses; a side panel that fits nowhere beside sits under the text when the
    terminal is tall enough.
    """
    room = max(width - TEXT_MIN - TEXT_CHROME, 0)
    beside, collapsed = _beside(choice, room)
    stacked = Panel.SIDE in collapsed and height >= STACK_MIN_HEIGHT
    if stacked:  # the side panels go under the text; whatever else fits stays beside it
        beside, collapsed = _beside(replace(choice, side=False), room)
    usual = _fit({panel: _natural(panel, width, 0) for panel in beside}, room)
    widths = _widen(usual, {panel: _natural(panel, width, choice.wider) for panel in beside}, room)
    testimonies = widths.get(Panel.TESTIMONIES, 0)
    if stacked:
        text = width - testimonies
        return Layout(testimonies, text, text, True, round(height * STACK_SHARE), tuple(collapsed))
    return Layout(testimonies, widths.get(Panel.SIDE, 0), width - sum(widths.values()), collapsed=tuple(collapsed))


def _beside(choice: PanelChoice, room: int) -> tuple[list[Panel], list[Panel]]:
    """The wanted panels that fit beside the text at their least (the one asked for last first), and the rest."""
    order = [choice.first, *(panel for panel in Panel if panel is not choice.first)]
    fits: list[Panel] = []
    collapsed: list[Panel] = []
    for panel in order:
        if choice.wants(panel):
            least = sum(SHAPES[shown].least for shown in fits) + SHAPES[panel].least
            (fits if least <= room else collapsed).append(panel)
    return fits, collapsed


def _natural(panel: Panel, width: int, wider: int) -> int:
    """The panel's width on a terminal with room to spare."""
    shape = SHAPES[panel]
    grown = shape.usual + shape.growth * (width - USUAL_TERMINAL)
    if panel is Panel.SIDE:  # the codebook and spans widen (their names and quotes are what is cut)
        grown += wider * WIDER_SHARE * width
    return min(max(round(grown), shape.least), shape.most)


def _widen(widths: dict[Panel, int], wider: dict[Panel, int], room: int) -> dict[Panel, int]:
    """Grow each panel towards its `wider` width, sharing what room is left in proportion (none shrinks)."""
    asked = {panel: wider[panel] - widths[panel] for panel in widths}
    spare = room - sum(widths.values())
    total = sum(asked.values())
    if total <= spare:
        return dict(wider)
    given = {panel: asked[panel] * spare // total for panel in widths}
    for panel in list(given)[: spare - sum(given.values())]:  # what rounding down left, to the first panels
        given[panel] += 1
    return {panel: widths[panel] + given[panel] for panel in widths}


def _fit(widths: dict[Panel, int], room: int) -> dict[Panel, int]:
    """Shrink the widths towards each panel's least until they fit in `room` (they do at their least)."""
    fitted = dict(widths)
    excess = sum(fitted.values()) - room
    while excess > 0:
        # Take a column from the panel with most to spare above its least (ties: the order given).
        panel = max(fitted, key=lambda p: fitted[p] - SHAPES[p].least)
        fitted[panel] -= 1
        excess -= 1
    return fitted


# What the header's icon and the space across from it take of the terminal's width.
HEADER_CHROME = 18
TITLE_SEPARATOR = " — "


def fit_title(title: str, sub_title: str, width: int) -> str:
    """The project's title as the header has room for it beside `sub_title` (the coder and the
    testimony's place, which are never cut): cut with `…`, or left out when not a word of it fits."""
    room = width - HEADER_CHROME - len(sub_title) - len(TITLE_SEPARATOR)
    if len(title) <= room:
        return title
    return title[: room - 1].rstrip() + "…" if room > 4 else ""
