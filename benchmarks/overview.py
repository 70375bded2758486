"""Time the overview (`O`) opening on a large project, until its grid shows the counts.

Run: .venv/bin/python benchmarks/overview.py PROJECT.db [--coder NAME] [--runs 5]
     .venv/bin/python benchmarks/overview.py --build DIR   (10,000 documents, 100 codes, 5 coders, 1M spans)
PROJECT.db is a copy (the app writes the coder's place in it), e.g. of the project `scale.py --keep`
leaves. For each run the coding screen opens first (not timed); then `O` is pressed and the clock
stops when the grid holds the counts: once for the coder's own spans and once with every coder's
(`ctrl+a`); then, as the floor, `Q` until the query screen (which reads nothing as it opens) shows.
The grid reads and draws only the rows on screen (one indexed count query each), so what is timed is
a screen of rows, whatever the project holds. The figures are the median and the slowest run.
`--build DIR` makes a project of 10,000 testimonies by 100 codes with `scale.py`'s builder (then time it
as above, on a copy).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path


async def _open_times(path: Path, coder: str) -> tuple[float, float, float, int, int]:
    """Seconds until the overview shows the coder's counts, then every coder's, and until the query
    screen (the floor) shows; the overview's rows and columns."""
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
        rows, codes = len(screen.grid.rows), len(screen.grid.codes)
        await pilot.press("escape")
        await pilot.pause()
        began = time.perf_counter()  # the floor: a modal screen that reads nothing as it opens
        await pilot.press("Q")
        await pilot.pause()
        floor = time.perf_counter() - began
        return own, everyone, floor, rows, codes


def main() -> None:
    """Print the median and slowest open time, own spans and every coder's."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path, nargs="?")
    parser.add_argument("--coder", default="c01")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", type=Path, metavar="DIR", help="build a 10,000 x 100 project in DIR/scale.db")
    options = parser.parse_args()
    if options.build:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import scale

        scale.CODES = 100  # the builder's codebook: 100 codes instead of 20
        options.build.mkdir(parents=True, exist_ok=True)
        scale.build(options.build / "scale.db", 10_000, 5, 1_000_000, random.Random(24))
        print(f"built {options.build / 'scale.db'}")
        return
    if options.project is None:
        parser.error("give PROJECT.db, or --build DIR")
    runs = [asyncio.run(_open_times(options.project, options.coder)) for _ in range(options.runs)]
    rows, codes = runs[0][3], runs[0][4]
    for label, index in (("own spans", 0), ("every coder (ctrl+a)", 1), ("floor: the query screen opening", 2)):
        seconds = [run[index] for run in runs]
        print(
            f"overview of {rows} testimonies x {codes} codes, {label}: median {statistics.median(seconds) * 1000:.0f} ms,"
            f" slowest {max(seconds) * 1000:.0f} ms ({len(seconds)} runs)"
        )


if __name__ == "__main__":
    main()
