"""Pilot tests of the layout: the text keeps TEXT_MIN columns, T / P / W show, hide and widen the panels."""

from __future__ import annotations

from pathlib import Path

from annotator.coding.layout import TEXT_MIN, WIDER_STEPS
from annotator.tui.widgets import testimony_list
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import Notice, make_app, settle


def _text_columns(app) -> int:
    """The characters a line of the text has (inside the border, padding and scrollbar)."""
    return app.screen.query_one(Transcript).scrollable_content_region.width


def _shown(app, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    return widget.display and widget.region.width > 0


def _width(app, selector: str) -> int:
    return app.screen.query_one(selector).region.width


async def test_80x24_collapses_the_testimony_list_and_keeps_fifty_columns(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _text_columns(app) >= TEXT_MIN
        assert not _shown(app, "#testimonies")
        assert _shown(app, "#codebook") and _shown(app, "#spans")


async def test_testimony_list_key_takes_the_codebooks_place_on_a_narrow_terminal(
    project_path: Path, notices: list[Notice]
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await pilot.pause()
        assert _shown(app, "#testimonies") and not _shown(app, "#side")
        assert _text_columns(app) >= TEXT_MIN
        assert notices[-1].message.startswith("Codebook and spans hidden")
        await pilot.press("P")
        await pilot.pause()
        assert _shown(app, "#side") and not _shown(app, "#testimonies")
        assert notices[-1].message.startswith("Testimony list hidden")


async def test_panel_keys_hide_and_show_on_a_wide_terminal(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        both = _text_columns(app)
        assert _shown(app, "#testimonies") and _shown(app, "#side")
        await pilot.press("P")
        await pilot.pause()
        assert not _shown(app, "#side") and _text_columns(app) > both
        await pilot.press("T")
        await pilot.pause()
        assert not _shown(app, "#testimonies") and _width(app, "#transcript") == 160
        await pilot.press("P", "T")
        await pilot.pause()
        assert _shown(app, "#testimonies") and _shown(app, "#side") and _text_columns(app) == both


async def test_wider_key_steps_the_side_panels_wider_and_back(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        widths = [_width(app, "#side")]
        for _ in range(WIDER_STEPS):
            await pilot.press("W")
            await pilot.pause()
            widths.append(_width(app, "#side"))
        assert widths[0] < widths[1] < widths[2] and widths[-1] == widths[0]
        assert _text_columns(app) >= TEXT_MIN
        assert notices[-1].message == "Codebook and spans at their usual width."


async def test_wider_key_says_when_there_is_no_room(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = _width(app, "#side")
        await pilot.press("W")
        await pilot.pause()
        assert _width(app, "#side") == before
        assert notices[-1].message.startswith("No room to widen")


async def test_resizing_shares_the_terminal_out_again(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        wide_side = _width(app, "#side")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not _shown(app, "#testimonies") and _width(app, "#side") < wide_side
        assert _text_columns(app) >= TEXT_MIN
        await pilot.resize_terminal(70, 40)
        await pilot.pause()
        # Tall and narrow: the codebook and spans under the text, the text the whole width.
        assert _shown(app, "#side") and _width(app, "#transcript") == 70
        assert app.screen.query_one("#side").region.y > app.screen.query_one("#transcript").region.bottom
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert _shown(app, "#testimonies") and _width(app, "#side") > wide_side


async def test_going_to_the_testimony_list_shows_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert _shown(app, "#testimonies") and isinstance(app.focused, testimony_list.TestimonyList)


async def test_hiding_the_focused_panel_moves_to_the_text(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one(CodebookPanel).focus()
        await pilot.press("P")
        await pilot.pause()
        assert app.focused is app.screen.query_one(Transcript)


async def test_a_panel_that_fits_nowhere_says_so(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        assert not _shown(app, "#testimonies") and not _shown(app, "#side")
        assert _width(app, "#transcript") == 60
        await pilot.press("T")
        await pilot.pause()
        assert not _shown(app, "#testimonies")
        no_room = Notice(f"No room for the testimony list beside {TEXT_MIN} columns of text.", "warning")
        assert notices[-1] == no_room
        await pilot.press("t")
        await pilot.pause()
        assert notices[-1] == no_room and app.focused is app.screen.query_one(Transcript)


async def test_a_resize_behind_a_dialog_is_applied_on_return(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")
        await pilot.pause()
        assert not _shown(app, "#testimonies") and _text_columns(app) >= TEXT_MIN
