"""Time replacing a document's text: a 300,000-character testimony with 5,000 spans after 100 scattered edits.

Run: .venv/bin/python benchmarks/document_replace.py [--length 300000] [--spans 5000] [--edits 100]

The text is the bundled corpus's testimonies repeated to the length; spans of 3 coders (20 to 600
characters, overlapping) are placed at random, and the edits (a word inserted, a stretch of up to
40 characters deleted, a word replaced) at random places, with a fixed seed. Printed: the diff
alone (domain/anchoring.py), the diff of the same texts without full stops or line breaks, the whole `Project.replace_text` (diff, carrying every span and
passage, writing the action and its events in one transaction), and undoing it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.domain.anchoring import TextMap
from annotator.domain.models import Code, Codebook, Document, Span
from annotator.storage import Project, new_span_ids

ROOT = Path(__file__).resolve().parent.parent
CODERS = ("coder1", "coder2", "coder3")
FLATTEN = str.maketrans({".": ",", "\n": " ", "!": ",", "?": ","})


def testimony(length: int, rng: random.Random) -> str:
    """The corpus's sentences in a random order, until `length` characters.

    Shuffled rather than repeated: a text that repeats itself whole would let the diff match one
    copy against the next (see docs/storage.md); real testimonies repeat sentences, not pages."""
    corpus = "\n\n".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora/nk-overseas-workers").glob("*.txt"))
    )
    sentences = [piece for piece in corpus.replace("\n", " ").split(". ") if piece.strip()]
    pieces: list[str] = []
    total = 0
    while total < length:
        sentence = rng.choice(sentences) + (".\n\n" if rng.random() < 0.15 else ". ")
        pieces.append(sentence)
        total += len(sentence)
    return "".join(pieces)[:length]


def edited(text: str, edits: int, rng: random.Random) -> str:
    """The text after `edits` insertions, deletions and replacements at random places."""
    for _ in range(edits):
        at = rng.randrange(len(text) - 50)
        kind = rng.choice(("insert", "delete", "replace"))
        if kind == "insert":
            text = text[:at] + "indeed " + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + rng.randint(1, 40) :]
        else:
            end = text.find(" ", at + 1)
            text = text[:at] + "Pyongyang" + text[end if end != -1 else at + 5 :]
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=300_000)
    parser.add_argument("--spans", type=int, default=5_000)
    parser.add_argument("--edits", type=int, default=100)
    options = parser.parse_args()
    rng = random.Random(13)
    old = testimony(options.length, rng)
    new = edited(old, options.edits, rng)
    with tempfile.TemporaryDirectory() as folder, Project.create(Path(folder) / "bench.db") as project:
        project.documents.add([Document(id="T", text=old)])
        project.codes.add_codebook(Codebook(name="bench", codes=(Code(id="k", name="K"),)))
        spans = []
        for span_id in new_span_ids(options.spans):
            start = rng.randrange(len(old) - 600)
            end = start + rng.randint(20, 600)
            spans.append(
                Span(span_id, "T", "k", rng.choice(CODERS), start, end, old[start:end], "", "2026-01-01", "2026-01-01")
            )
        project.spans.insert(spans, coder="bench", source="benchmark")

        began = time.perf_counter()
        text_map = TextMap(old, new)
        diff_time = time.perf_counter() - began
        # The same edit of a transcript without full stops or line breaks: one unit of 300,000
        # characters, cut into pieces by content (domain/anchoring.py).
        flat_old, flat_new = (text.translate(FLATTEN) for text in (old, new))
        began = time.perf_counter()
        TextMap(flat_old, flat_new)
        flat_time = time.perf_counter() - began
        began = time.perf_counter()
        result = project.documents.replace_text("bench", "T", new)
        replace_time = time.perf_counter() - began
        began = time.perf_counter()
        project.history.undo("bench")
        undo_time = time.perf_counter() - began
    print(
        f"text: {len(old):,} characters, {options.spans:,} spans, {options.edits} edits ({text_map.changed} changed blocks)"
    )
    print(f"diff alone:                       {diff_time * 1000:8.1f} ms")
    print(f"diff, no full stops or line breaks: {flat_time * 1000:6.1f} ms")
    print(
        f"replace_text (diff, carry, write): {replace_time * 1000:8.1f} ms   {result.kept:,} unchanged, "
        f"{result.moved:,} moved, {result.reanchored} re-anchored, {len(result.review)} to review"
    )
    print(f"undo:                             {undo_time * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
