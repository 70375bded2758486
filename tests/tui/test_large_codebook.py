"""A codebook of thousands of codes (an import, a merged study): the coding screen opens and the picker lists the best."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project
from annotator.tui.dialogs.code_picker import MAX_ROWS, CodePicker
from annotator.tui.screens.coding.screen import CodingScreen
from tests.support.tui import CODER, make_app, settle

CODES = 3_000


def _large_project(tmp_path: Path) -> Path:
    path = tmp_path / "large.db"
    colours = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#888888")
    codes = tuple(
        Code(
            id=f"code-{index}",
            name=f"Code {index}",
            parent=None if index % 20 == 0 else f"code-{index - index % 20}",
            colour=colours[index % len(colours)],
        )
        for index in range(CODES)
    )
    with Project.create(path, name="large") as project:
        project.documents.add([Document(id="A", text="We worked at night on the site.")])
        project.codes.add_codebook(Codebook(name="large", codes=codes))
        project.coders.ensure(CODER)
    return path


async def test_the_picker_lists_the_best_codes_and_says_how_many_more(tmp_path: Path) -> None:
    """Listing all 3,000 made the list measure every row (seconds for 10,000); typing narrows."""
    app = make_app(_large_project(tmp_path))
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        app.screen.transcript.select_range(0, 2)
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, CodePicker)
        options = app.screen.query_one(OptionList)
        # The selected words offered as a new code first, then the first MAX_ROWS codes and how many more.
        assert options.option_count == 1 + MAX_ROWS + 1
        more = options.get_option_at_index(1 + MAX_ROWS)
        assert more.disabled and f"{CODES - MAX_ROWS:,} more" in str(more.prompt)
        await pilot.press(*"Code 2999")
        await pilot.pause()
        assert options.get_option_at_index(0).id == "code-2999"
        # the picker shows the colours the coding screen computed, not a second computation
        assert app.screen.colours is app.session.colours
