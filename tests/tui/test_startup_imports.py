"""The coding screen starts without the screens it does not show, nor the agreement code behind them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.tui import CODER

NOT_AT_START = (
    "annotator.agreement",
    "annotator.exchange",
    "annotator.tui.screens.adjudication",
    "annotator.tui.screens.agreement",
    "annotator.tui.screens.codebook",
    "annotator.tui.screens.memos",
    "annotator.tui.screens.retrieval",
    "annotator.tui.screens.summary_grid",
)


def modules_after_start(project: Path, keys: tuple[str, ...] = ()) -> set[str]:
    """The modules a fresh interpreter holds once the coding screen shows its first testimony (then `keys`)."""
    script = f"""
import asyncio, sys
from annotator.tui import AnnotatorApp

async def main():
    app = AnnotatorApp({str(project)!r}, {CODER!r})
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.document_id is not None
        for key in {list(keys)!r}:
            await pilot.press(key)
            await pilot.pause()

asyncio.run(main())
print("\\n".join(sorted(sys.modules)))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_the_first_testimony_needs_none_of_the_other_screens(project_path: Path) -> None:
    loaded = modules_after_start(project_path)
    assert sorted(name for name in loaded if name.startswith(NOT_AT_START)) == []
    # The key that opens the codebook screen brings its module in (the check above can fail).
    assert "annotator.tui.screens.codebook" in modules_after_start(project_path, ("K",))
