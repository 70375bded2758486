"""Time code suggestions: a 300,000-character testimony, and retraining after one new span on 5,000 coded units.

Run: .venv/bin/python benchmarks/suggest.py [--units 5000] [--repeat 5]

Two projects, both with the bundled codebook (23 codes with their include texts and examples):
- the synthetic 300,000-character testimony of benchmarks/tui.py beside the bundled corpus, whose
  report coding the coder's model learns from: the time to make and store the suggestions for the
  long testimony with a trained suggester (what the coding screen's worker does when the testimony
  opens), and the time to build that suggester (fit the features over every unit, train);
- synthetic testimonies of --units paragraphs in the bundled testimonies' words, every one coded by
  the coder (a code when the paragraph holds that code's word, so the model has something to
  learn, else one at random): the time from one new
  span to the suggester retrained (read the coder's spans again, relabel, refit the changed code).
Each figure is the median of --repeat runs; the goal for both is under one second.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui import synthetic_text

from annotator.domain.models import Document
from annotator.domain.segments import paragraph_bounds
from annotator.domain.suggestions import Suggestion
from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import Project
from annotator.storage.spans import NewSpan
from annotator.suggestions.from_project import CoderSuggester

CODER = "report"
PARAGRAPHS_PER_DOCUMENT = 100


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run of `work`: on a shared machine the
    wall time counts the other processes' turns too, the CPU time only ours."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_seconds(work: Callable[[], object], repeat: int) -> str:
    """The median wall and CPU time of `repeat` runs of `work`, as text."""
    runs = [timed(work) for _ in range(repeat)]
    return seconds([wall for wall, _ in runs], [cpu for _, cpu in runs])


def seconds(walls: list[float], cpus: list[float]) -> str:
    """Medians as '0.123 s (CPU 0.100 s)'."""
    return f"{statistics.median(walls):.3f} s (CPU {statistics.median(cpus):.3f} s)"


def long_testimony(folder: Path, repeat: int) -> None:
    """The bundled corpus plus the 300,000-character testimony; suggestions for the long one."""
    path = folder / "long.db"
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()
    with Project.open(path) as project:
        project.documents.add([Document(id="LONG", text=synthetic_text(random.Random(7)))])
        units = len(paragraph_bounds(project.corpus.texts(["LONG"])["LONG"]))
        built = median_seconds(lambda: CoderSuggester(project, CODER), repeat)
        suggester = CoderSuggester(project, CODER)
        found: list[Suggestion] = []

        def suggest() -> None:
            found[:] = suggester.suggest("LONG")
            project.suggestions.replace_for(CODER, "LONG", found)

        made = median_seconds(suggest, repeat)
        count = len(found)
        # The worst case: every score kept, so every `why` is worked out.
        every = median_seconds(lambda: found.__setitem__(slice(None), suggester.suggest("LONG", 0.0)), repeat)
    print(f"300,000-character testimony ({units} paragraphs): suggestions made and stored {made} ({count} suggestions)")
    print(f"  with --min-score 0 ({len(found)} suggestions, each with its why): {every}")
    print(f"  suggester built (features over {len(suggester.units.texts)} units, models trained): {built}")


def coded_units(folder: Path, count: int, repeat: int) -> None:
    """`count` paragraphs, all coded; one new span, then the suggester retrained."""
    rng = random.Random(11)
    path = folder / "coded.db"
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()
    with Project.open(path) as project:
        codes = [code.id for code in project.codes.all()]
        # The bundled testimonies' words, as often as they occur there; each code's signal is one of
        # its rarer long words, so a paragraph holds one now and then.
        vocabulary = re.findall(r"\w+", " ".join(project.corpus.texts(project.documents.ids()).values()).lower())
        long_words = sorted({word for word in vocabulary if len(word) >= 8})
        signals = dict(zip(codes, rng.sample(long_words, len(codes))))
        documents, items = [], []
        for number in range((count + PARAGRAPHS_PER_DOCUMENT - 1) // PARAGRAPHS_PER_DOCUMENT):
            paragraphs = [
                " ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 80))).capitalize() + "."
                for _ in range(min(PARAGRAPHS_PER_DOCUMENT, count - number * PARAGRAPHS_PER_DOCUMENT))
            ]
            text = "\n\n".join(paragraphs)
            doc = f"S{number:03d}"
            documents.append(Document(id=doc, text=text))
            for (start, end), paragraph in zip(paragraph_bounds(text), paragraphs):
                chosen = [code for code, word in signals.items() if f" {word} " in f" {paragraph.lower()} "]
                for code in chosen[:3] or [rng.choice(codes)]:
                    items.append(NewSpan(doc, code, start, end))
        project.documents.add(documents)
        project.spans.add_many(CODER, items)
        made: list[CoderSuggester] = []
        built = timed(lambda: made.append(CoderSuggester(project, CODER)))
        suggester = made[0]
        coded = sum(len(project.corpus.texts([doc])[doc]) for doc in (d.id for d in documents))
        spans = project.spans.select(coder=CODER, document_id="S000")
        free = [
            (code, span)
            for span in spans
            for code in codes
            if not any(s.code_id == code and s.start == span.start for s in spans)
        ]
        walls, cpus = [], []
        for code, span in free[:repeat]:
            project.spans.add(CODER, span.document_id, code, span.start, span.end)
            refitted: list[list[str]] = []
            wall, cpu = timed(lambda: refitted.append(suggester.retrain(project)))
            walls.append(wall)
            cpus.append(cpu)
            assert refitted[0] in ([code], []), refitted
    print(
        f"{count} coded paragraph units ({coded:,} characters, {len(items)} spans): retrained after one new span"
        f" {seconds(walls, cpus)} (median of {len(walls)})"
    )
    print(f"  suggester built from scratch on them: {seconds([built[0]], [built[1]])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5_000, help="coded paragraph units of the retraining project")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (the median is printed)")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        long_testimony(Path(folder), options.repeat)
        coded_units(Path(folder), options.units, options.repeat)


if __name__ == "__main__":
    main()
