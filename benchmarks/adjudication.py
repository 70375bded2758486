"""Time the agreement and adjudication screens on a large project: the figures and disagreements,
the items, and a decision key to the screen redrawn.

Run: .venv/bin/python benchmarks/adjudication.py [--documents 1000] [--decisions 60]

The project is the agreement benchmark's synthetic one (1,000 documents of ~5,000 characters,
3 coders, 20 codes, about 100,000 spans), adjudicating coder1 × coder2. Printed: the library's
`items()` and `accept_agreed()`; in the TUI (headless, 160x48), opening the agreement screen until
its table and the first code's disagreements are shown, then the pooled disagreements (every code);
opening the adjudication screen
until its list and first testimony are shown, and each decision key (a, b, B, n in turn) until the
decision is committed, the list and detail redrawn and the next item's testimony shown. As in
benchmarks/tui.py, each timing ends by forcing the compositor update Textual would run on its next
60 Hz tick (in a terminal, add up to one frame).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement import synthetic_project
from textual import events
from tui import repaint, settled, until

from annotator.agreement.adjudication import Adjudication
from annotator.domain.models import Code, Codebook, Document
from annotator.storage import NewSpan, Project
from annotator.tui import AnnotatorApp
from annotator.tui.screens.adjudication import AdjudicationScreen
from annotator.tui.screens.agreement import POOLED, AgreementScreen, AgreementTable
from annotator.tui.screens.coding.screen import CodingScreen

FIRST, SECOND = "coder1", "coder2"
SIZE = (160, 48)
KEYS = ("a", "b", "B", "n")


def build(path: Path, documents: int) -> int:
    """The synthetic project as a database; the number of spans."""
    data = synthetic_project(documents)
    with Project.create(path, name="adjudication benchmark") as project:
        project.documents.add([Document(id=doc, text="x" * int(length)) for doc, length in data.documents.items()])
        project.codes.add_codebook(Codebook(codes=tuple(Code(id=code, name=code) for code in data.codes or ())))
        by_coder: dict[str, list[NewSpan]] = {}
        for doc, coder, code, start, end in data.spans:
            by_coder.setdefault(coder, []).append(NewSpan(doc, code, start, end))
        for coder, spans in by_coder.items():
            project.spans.add_many(coder, spans)
    return len(data.spans)


def library_times(path: Path) -> tuple[float, int, float]:
    """Seconds to read the items, their number, seconds to accept the agreed ones (then undone)."""
    with Project.open(path) as project:
        adjudication = Adjudication(project, FIRST, SECOND, decided_by="bench")
        began = time.perf_counter()
        items = adjudication.items()
        read = time.perf_counter() - began
        began = time.perf_counter()
        adjudication.accept_agreed(items)
        accepted = time.perf_counter() - began
        adjudication.undo()
    return read, len(items), accepted


async def until_listed(pilot, key: str | None = None) -> AgreementScreen:
    """Wait (not spin: the workers need the processor) until the agreement screen lists a code's disagreements."""
    app = pilot.app
    while True:
        screen = app.screen
        if isinstance(screen, AgreementScreen) and screen.result is not None and screen.shown_key is not None:
            if (key is None or screen.shown_key == key) and screen.shown_key in screen.result.disagreements:
                repaint(app)
                return screen
        await app.workers.wait_for_complete()
        await settled(pilot)


async def agreement_times(path: Path) -> tuple[float, float, int]:
    """Seconds to the agreement screen with its first list; seconds to the pooled list, its length."""
    app = AnnotatorApp(path, "bench")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        began = time.perf_counter()
        app.post_message(events.Key("A", "A"))
        screen = await until_listed(pilot)
        opened = time.perf_counter() - began
        table = screen.query_one(AgreementTable)
        began = time.perf_counter()
        table.move_cursor(row=table.row_count - 1)
        screen = await until_listed(pilot, POOLED)
        pooled = time.perf_counter() - began
        return opened, pooled, len(screen.result.disagreements[POOLED])


async def screen_times(path: Path, decisions: int) -> tuple[float, list[float]]:
    """Seconds to open the adjudication screen; seconds per decision key."""
    app = AnnotatorApp(path, "bench")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        began = time.perf_counter()
        coding.start_adjudication(FIRST, SECOND)
        # Waits, not `until`: spinning on the event loop would starve the worker reading the items.
        while not (isinstance(app.screen, AdjudicationScreen) and app.screen.loaded is not None):
            await app.workers.wait_for_complete()
            await settled(pilot)
        screen = app.screen
        repaint(app)
        opened = time.perf_counter() - began
        timings = []
        for number in range(decisions):
            key = KEYS[number % len(KEYS)]
            await app.workers.wait_for_complete()
            await settled(pilot)
            repaint(app)
            began = time.perf_counter()
            app.post_message(events.Key(key, key))
            await until(lambda: len(screen.decided) == number + 1)
            await app.workers.wait_for_complete()  # the next item's testimony, when it is another
            await settled(pilot)
            repaint(app)
            timings.append(time.perf_counter() - began)
    return opened, timings


def main() -> None:
    """Build the project, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--decisions", type=int, default=60)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "adjudication.db"
        spans = build(path, options.documents)
        read, items, accepted = library_times(path)
        print(
            f"project: {options.documents:,} documents, {spans:,} spans of 3 coders; {FIRST} x {SECOND}: {items:,} items"
        )
        print(f"library: items() {read:.2f} s, accept_agreed() {accepted:.2f} s")
        opened, pooled, count = asyncio.run(agreement_times(path))
        print(f"agreement screen: open (report computed, first code's disagreements listed) {opened:.2f} s")
        print(f"agreement screen: pooled row, {count:,} disagreements found and listed {pooled:.2f} s")
        opened, timings = asyncio.run(screen_times(path, options.decisions))
        ordered = sorted(timings)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"adjudication screen: open (items read in a worker, list shown) {opened:.2f} s")
        print(
            f"adjudication screen: decision key -> committed and redrawn   median {statistics.median(ordered) * 1000:.0f} ms"
            f"   p95 {p95 * 1000:.0f} ms   (n={len(ordered)})"
        )


if __name__ == "__main__":
    main()
