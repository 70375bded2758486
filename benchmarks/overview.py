"""Time the overview (`O`) opening on a large project, until its grid shows the counts.

Run: .venv/bin/python benchmarks/overview.py PROJECT.db [--coder NAME] [--runs 5]
PROJECT.db is a copy (the app writes the coder's place in it), e.g. of the project `scale.py --keep`
leaves. For each run the coding screen opens first (not timed); then `O` is pressed and the clock
stops when the grid holds the counts: once for the coder's own spans and once with every coder's
(`ctrl+a`). The grid draws only the cells on screen, so what is timed is the count (one GROUP BY in
SQLite, in a thread worker) and one screen of cells. The figures are the median and the slowest run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path


async def _open_times(path: Path, coder: str) -> tuple[float, float, int, int]:
    """Seconds until the overview shows the coder's counts, then every coder's; its rows and columns."""
    from annotator.tui import AnnotatorApp
    from annotator.tui.screens.overview import OverviewScreen

    app = AnnotatorApp(path, coder)
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()

        async def until_counted(screen: OverviewScreen, every_coder: bool) -> None:
            while screen.shown_every_coder is not every_coder:
                await pilot.pause(0.005)

        began = time.perf_counter()
        await pilot.press("O")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        await until_counted(screen, False)
        own = time.perf_counter() - began
        began = time.perf_counter()
        await pilot.press("ctrl+a")
        await until_counted(screen, True)
        everyone = time.perf_counter() - began
        assert screen.grid is not None
        return own, everyone, len(screen.grid.rows), len(screen.grid.codes)


def main() -> None:
    """Print the median and slowest open time, own spans and every coder's."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path)
    parser.add_argument("--coder", default="c01")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    runs = [asyncio.run(_open_times(options.project, options.coder)) for _ in range(options.runs)]
    rows, codes = runs[0][2], runs[0][3]
    for label, index in (("own spans", 0), ("every coder", 1)):
        seconds = [run[index] for run in runs]
        print(
            f"overview of {rows} testimonies x {codes} codes, {label}: median {statistics.median(seconds) * 1000:.0f} ms,"
            f" slowest {max(seconds) * 1000:.0f} ms ({len(seconds)} runs)"
        )


if __name__ == "__main__":
    main()
