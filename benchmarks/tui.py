"""Time the coding screen, headless: opening a testimony, and a code key press to the span stored and shown.

Run: .venv/bin/python benchmarks/tui.py [--presses 300] [--opens 15] [--against REV]

Two projects: a synthetic 300,000-character testimony with 5,000 spans, and testimony A of the
bundled corpus (skipped while the corpus is not there). The app runs under `App.run_test()`
(headless, 160x48). "Open" is from asking for the testimony to the text, spans and panels drawn;
"apply" is from the key event to the span committed to SQLite and the screen composed again.
Where the screen has code suggestions (issue 27), the presses run while its worker retrains: the
pause before a retrain is cut to 1 ms, so each press sets one off and the suggester is busy for most
of the presses (how many retrains ran, and the time they took, is printed).
Each timing ends by forcing the compositor update that Textual otherwise runs on its next
1/60 s tick, so the figures are our work plus one repaint, not the timer's wait. The full
(generation-2) garbage collections that ran during the presses are counted, with their time.

With `--against REV` (a commit, e.g. `main` or `HEAD~3`), the same measurements then run on
that commit's code, checked out in a temporary `git worktree` and imported instead of this
tree's (`BENCH_ROOT`), in this same run, and both sets of figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The tree whose `annotator` is measured: this one, or the commit --against checked out.
sys.path.insert(0, os.environ.get("BENCH_ROOT", str(Path(__file__).resolve().parent.parent)))

from textual import events
from words import WORDS

from annotator.domain.models import CODE_KEYS, Code, Codebook, Document
from annotator.domain.segments import word_bounds
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import NewSpan, Project
from annotator.tui import AnnotatorApp
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.testimony import LOAD_GROUP
from annotator.tui.widgets.transcript import Transcript

HERE = Path(__file__).resolve().parent
CODER = "bench"
SIZE = (160, 48)
LENGTH = 300_000
SPANS = 5_000


def synthetic_text(rng: random.Random) -> str:
    """Paragraphs of 40 to 400 words (sentences of 5 to 25) until exactly LENGTH characters."""
    paragraphs, size = [], 0
    while size < LENGTH:
        sentences = []
        for _ in range(rng.randint(2, 16)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(5, 25))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:LENGTH]


def build_synthetic(folder: Path) -> Path:
    """A project with a small start testimony and the 300,000-character one, 10 keyed codes, 5,000 spans."""
    rng = random.Random(7)
    text = synthetic_text(rng)
    path = folder / "synthetic.db"
    with Project.create(path, name="benchmark") as project:
        project.documents.add([Document(id="start", text="A short testimony."), Document(id="LONG", text=text)])
        colours = (
            "#d62728",
            "#ff7f0e",
            "#1f77b4",
            "#2ca02c",
            "#9467bd",
            "#8c564b",
            "#e377c2",
            "#7f7f7f",
            "#bcbd22",
            "#17becf",
        )
        project.codes.add_codebook(
            Codebook(
                codes=tuple(
                    Code(id=f"code-{key}", name=f"Code {key}", key=key, colour=colour)
                    for key, colour in zip(CODE_KEYS, colours)
                )
            )
        )
        bounds = word_bounds(text)
        items = []
        for _ in range(SPANS):
            first = rng.randrange(len(bounds) - 40)
            last = first + rng.randrange(0, 40)
            items.append(NewSpan("LONG", f"code-{rng.choice(CODE_KEYS)}", bounds[first][0], bounds[last][1]))
        project.spans.add_many(CODER, items)
        project.coders.set_current_document(CODER, "start")
    return path


def build_corpus(folder: Path) -> Path | None:
    """A project made by `annotator init` from the bundled corpus, or None while it is not built."""
    if not (BUNDLED_CORPUS.exists() and BUNDLED_CODEBOOK.exists()):
        return None
    from annotator.exchange.new_project import init_project

    path = folder / "corpus.db"
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder=CODER).close()
    with Project.open(path) as project:
        project.coders.set_current_document(CODER, project.documents.ids()[-1])
    return path


def repaint(app: AnnotatorApp) -> None:
    """Compose the screen now (what the 60 Hz update timer would do on its next tick)."""
    app.screen._on_timer_update()


async def settled(pilot) -> None:
    """Let the widgets report what they need redrawn (each refresh becomes an Update message to
    the screen) without sleeping: Pilot's wait for every queued message, twice."""
    await pilot._wait_for_screen()
    await pilot._wait_for_screen()


async def until(condition) -> None:
    """Yield to the event loop until `condition()` holds."""
    while not condition():
        await asyncio.sleep(0)


class FullCollections:
    """Counts Python's generation-2 collections while active, and the time they took."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.active = False
        self._began = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if not self.active or info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.count += 1
            self.seconds += time.perf_counter() - self._began


async def measure(path: Path, document_id: str, other_id: str, presses: int, opens: int) -> dict[str, list[float]]:
    """Open times and apply-code times (seconds) on one testimony; "gc" holds the full
    collections during the presses: [count, seconds]."""
    app = AnnotatorApp(path, CODER)
    timings: dict[str, list[float]] = {"open": [], "apply": []}
    collections = FullCollections()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        for _ in range(opens):
            for target in (other_id, document_id):
                started = time.perf_counter()
                screen.open_testimony(target)
                # Awaits the load worker without spinning (not the suggestion worker: the text shows without it).
                await app.workers.wait_for_complete([w for w in app.workers if w.group == LOAD_GROUP])
                await until(lambda: screen.document_id == target)
                repaint(app)
                if target == document_id:
                    timings["open"].append(time.perf_counter() - started)
        retrains = busy_suggester(screen)
        transcript = screen.query_one(Transcript)
        text = transcript.text
        keyed = next(code for code in app.session.codes if code.key)
        key = keyed.key
        rng = random.Random(3)
        bounds = word_bounds(text)
        before = app.session.span_counts[document_id]
        # The coder's spans of that code: a passage inside one is refused as a duplicate (no span
        # stored), so the presses pick passages outside them.
        own = [
            (span.start, span.end)
            for span in app.session.project.spans.select(document_id=document_id, coder=CODER)
            if span.code_id == keyed.id
        ]
        collections.active = True
        for number in range(presses):
            while True:
                first = rng.randrange(len(bounds) - 12)
                start, end = bounds[first][0], bounds[first + rng.randrange(12)][1]
                if not any(a <= start and end <= b for a, b in own):
                    break
            own.append((start, end))
            transcript.select_range(start, end, center=True)
            await pilot.pause()
            repaint(app)
            expected = before + number + 1
            started = time.perf_counter()
            app.post_message(events.Key(key, key))
            await until(lambda: app.session.span_counts[document_id] == expected)
            await settled(pilot)
            repaint(app)
            timings["apply"].append(time.perf_counter() - started)
        collections.active = False
        await app.workers.wait_for_complete()
    timings["gc"] = [collections.count, collections.seconds]
    timings["retrain"] = retrains
    with Project.open(path) as project:
        stored = len(project.spans.select(document_id=document_id, coder=CODER))
    assert stored == before + presses, (stored, before, presses)
    return timings


def busy_suggester(screen: CodingScreen) -> list[float]:
    """Make each press set off a retrain of the screen's suggester (when the code has one); the list
    the retrains' durations go to (seconds)."""
    durations: list[float] = []
    if not hasattr(screen, "maker"):
        return durations
    from annotator.tui.screens.coding import suggest

    suggest.RETRAIN_AFTER = 0.001  # type: ignore[attr-defined]
    maker = screen.maker
    refresh = maker.refresh

    def timed(document_id: str) -> list[object]:
        started = time.perf_counter()
        try:
            return refresh(document_id)
        finally:
            durations.append(time.perf_counter() - started)

    maker.refresh = timed  # type: ignore[method-assign]
    return durations


def describe(label: str, seconds: list[float]) -> str:
    """Median and 95th percentile in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<44} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(ordered)})"


def run_all(presses: int, opens: int) -> None:
    """Build the projects, run the measurements, print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        synthetic = build_synthetic(Path(folder))
        figures = asyncio.run(measure(synthetic, "LONG", "start", presses, opens))
        print(f"synthetic testimony: {LENGTH:,} characters, {SPANS:,} spans, terminal {SIZE[0]}x{SIZE[1]}")
        report(figures)
        corpus = build_corpus(Path(folder))
        if corpus is None:
            print("bundled corpus: not built yet, testimony A skipped")
            return
        with Project.open(corpus) as project:
            length = len(project.documents.get("A").text)
            spans = len(project.spans.select(document_id="A"))
        figures = asyncio.run(measure(corpus, "A", "B", presses, opens))
        print(f"bundled corpus testimony A: {length:,} characters, {spans} spans (of all coders) before the presses")
        report(figures)


def report(figures: dict[str, list[float]]) -> None:
    """The open and apply lines, and the full collections during the presses."""
    print(describe("open (load, index, draw)", figures["open"]))
    print(describe("code key -> span stored and screen redrawn", figures["apply"]))
    count, seconds = figures["gc"]
    print(f"{'full (gen-2) collections during the presses':<44} {int(count):>6}   {seconds * 1000:7.1f} ms in all")
    if figures.get("retrain"):
        print(describe("suggester retrain + suggest (worker thread)", figures["retrain"]))


def against(revision: str, presses: int, opens: int) -> None:
    """The same measurements on `revision`'s code, in a temporary worktree, in a new process."""
    top = Path(
        subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=top, capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit], cwd=top, capture_output=True, check=True
        )
        try:
            print(f"--- commit {commit} ({revision}), same run ---", flush=True)
            # That commit's own copy of this script: it drives the code as it was laid out then.
            script = tree / "benchmarks" / "tui.py"
            subprocess.run(
                [sys.executable, str(script), "--presses", str(presses), "--opens", str(opens)],
                env={**os.environ, "BENCH_ROOT": str(tree)},
                check=True,
            )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=top, capture_output=True)


def main() -> None:
    """This tree's figures, then (with --against) the other commit's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=300, help="code key presses per testimony")
    parser.add_argument("--opens", type=int, default=15, help="times each testimony is opened")
    parser.add_argument("--against", metavar="REV", help="also measure this commit's code, in the same run")
    options = parser.parse_args()
    import annotator

    print(
        f"--- code in {Path(annotator.__file__).parent.parent}; load average {os.getloadavg()[0]:.2f} ---", flush=True
    )
    run_all(options.presses, options.opens)
    if options.against:
        against(options.against, options.presses, options.opens)
        print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
