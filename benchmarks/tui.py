"""Time the coding screen, headless: opening a testimony, and a code key press to the span stored and shown.

Run: .venv/bin/python benchmarks/tui.py [--presses 300] [--opens 15]

Two projects: a synthetic 300,000-character testimony with 5,000 spans, and testimony A of the
bundled corpus (skipped while the corpus is not there). The app runs under `App.run_test()`
(headless, 160x48). "Open" is from asking for the testimony to the text, spans and panels drawn;
"apply" is from the key event to the span committed to SQLite and the screen composed again.
Each timing ends by forcing the compositor update that Textual otherwise runs on its next
1/60 s tick, so the figures are our work plus one repaint, not the timer's wait.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events
from words import WORDS

from annotator.domain.models import CODE_KEYS, Code, Codebook, Document
from annotator.domain.segments import word_bounds
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import NewSpan, Project
from annotator.tui import AnnotatorApp
from annotator.tui.screens.coding import CodingScreen
from annotator.tui.widgets.transcript import Transcript

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
        project.add_documents([Document(id="start", text="A short testimony."), Document(id="LONG", text=text)])
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
        project.add_codebook(
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
        project.add_spans(CODER, items)
        project.set_current_document(CODER, "start")
    return path


def build_corpus(folder: Path) -> Path | None:
    """A project made by `annotator init` from the bundled corpus, or None while it is not built."""
    if not (BUNDLED_CORPUS.exists() and BUNDLED_CODEBOOK.exists()):
        return None
    from annotator.exchange.new_project import init_project

    path = folder / "corpus.db"
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder=CODER).close()
    with Project.open(path) as project:
        project.set_current_document(CODER, project.document_ids()[-1])
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


async def measure(path: Path, document_id: str, other_id: str, presses: int, opens: int) -> dict[str, list[float]]:
    """Open times and apply-code times (seconds) on one testimony."""
    app = AnnotatorApp(path, CODER)
    timings: dict[str, list[float]] = {"open": [], "apply": []}
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        for _ in range(opens):
            for target in (other_id, document_id):
                started = time.perf_counter()
                screen.open_testimony(target)
                await app.workers.wait_for_complete()  # awaits the load worker without spinning
                await until(lambda: screen.document_id == target)
                repaint(app)
                if target == document_id:
                    timings["open"].append(time.perf_counter() - started)
        transcript = screen.query_one(Transcript)
        text = transcript.text
        key = next(code.key for code in app.session.codes if code.key)
        rng = random.Random(3)
        bounds = word_bounds(text)
        before = app.session.span_counts[document_id]
        for number in range(presses):
            first = rng.randrange(len(bounds) - 12)
            transcript.select_range(bounds[first][0], bounds[first + rng.randrange(12)][1], center=True)
            await pilot.pause()
            repaint(app)
            expected = before + number + 1
            started = time.perf_counter()
            app.post_message(events.Key(key, key))
            await until(lambda: app.session.span_counts[document_id] == expected)
            await settled(pilot)
            repaint(app)
            timings["apply"].append(time.perf_counter() - started)
    with Project.open(path) as project:
        stored = len(project.spans(document_id=document_id, coder=CODER))
    assert stored == before + presses, (stored, before, presses)
    return timings


def describe(label: str, seconds: list[float]) -> str:
    """Median and 95th percentile in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<44} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(ordered)})"


def main() -> None:
    """Build the projects, run the measurements, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=300, help="code key presses per testimony")
    parser.add_argument("--opens", type=int, default=15, help="times each testimony is opened")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        synthetic = build_synthetic(Path(folder))
        figures = asyncio.run(measure(synthetic, "LONG", "start", options.presses, options.opens))
        print(f"synthetic testimony: {LENGTH:,} characters, {SPANS:,} spans, terminal {SIZE[0]}x{SIZE[1]}")
        print(describe("open (load, index, draw)", figures["open"]))
        print(describe("code key -> span stored and screen redrawn", figures["apply"]))
        corpus = build_corpus(Path(folder))
        if corpus is None:
            print("bundled corpus: not built yet, testimony A skipped")
            return
        with Project.open(corpus) as project:
            length = len(project.document("A").text)
            spans = len(project.spans(document_id="A"))
        figures = asyncio.run(measure(corpus, "A", "B", options.presses, options.opens))
        print(f"bundled corpus testimony A: {length:,} characters, {spans} spans (of all coders) before the presses")
        print(describe("open (load, index, draw)", figures["open"]))
        print(describe("code key -> span stored and screen redrawn", figures["apply"]))


if __name__ == "__main__":
    main()
