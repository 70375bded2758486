"""Time what following the project costs a screen: the idle poll, and taking in one span added elsewhere.

Run: .venv/bin/python benchmarks/follow.py [--length 300000] [--spans 5000] [--repeats 2000]

A project of one testimony of `--length` characters holding `--spans` spans of one coder. The
screen's connection polls `ProjectWatch.poll()` (annotator/coding/follow.py) as the coding screen
does twice a second and before each key; printed beside a floor measured in the same run, a bare
`SELECT 1` on the same connection:
- idle: nothing committed elsewhere (one `PRAGMA data_version`);
- after a commit: another connection adds one span, then the poll reads the events since and the
  changed span is read by id (what `OpenTestimony.follow` redraws from; the drawing is not timed).
Medians over `--repeats` polls (idle) and 200 commits (after a commit).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.coding.follow import ProjectWatch
from annotator.domain.models import Code, Codebook, Document
from annotator.storage import NewSpan, Project


def median_seconds(action, repeats: int) -> float:
    """The median wall time of `action()` over `repeats` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=300_000)
    parser.add_argument("--spans", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=2_000)
    options = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "follow.db"
        text = ("We worked at night on the site and were paid once a month. " * (options.length // 50 + 1))[
            : options.length
        ]
        with Project.create(path) as project:
            project.documents.add([Document(id="long", title="long", text=text)])
            project.codes.add_codebook(Codebook(name="bench", codes=[Code(id="x", name="X", colour="#336699")]))
            starts = [rng.randrange(len(text) - 50) for _ in range(options.spans)]
            project.spans.add_many("ann", [NewSpan("long", "x", s, s + rng.randint(1, 40)) for s in starts])
        with Project.open(path) as screen, Project.open(path) as other:
            watch = ProjectWatch(screen)
            floor = median_seconds(lambda: screen.db.execute("SELECT 1").fetchone(), options.repeats)
            idle = median_seconds(watch.poll, options.repeats)
            taken: list[float] = []
            for _ in range(200):
                start = rng.randrange(len(text) - 50)
                other.spans.add("ann", "long", "x", start, start + 10)
                started = time.perf_counter()
                changes = watch.poll()
                assert changes is not None
                screen.changes.spans_by_id(changes.spans.get("long", set()))
                taken.append(time.perf_counter() - started)
        print(f"idle poll                     {idle * 1e6:8.1f} µs   (SELECT 1: {floor * 1e6:.1f} µs)")
        print(
            f"one span added elsewhere      {statistics.median(taken) * 1e3:8.2f} ms   (max {max(taken) * 1e3:.2f} ms)"
        )


if __name__ == "__main__":
    main()
