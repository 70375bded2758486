"""Benchmark: `annotator agreement --format json` end to end (a new process) against the `krippendorff` package.

Run from the repository root:

    .venv/bin/python benchmarks/agreement_cli.py [--runs 7]

The data is the check's: 300 documents of ~5,000 characters, 3 coders, 20 codes, ~15,000 spans
(agreement.py's generator with 18 passages a document), stored in a project with `add_spans`.
Timed: the command as a user runs it (`python` start-up, imports, reading the project, the full
JSON report written to a file), median of `--runs`; the peer, `krippendorff.alpha` on each
code's digitised coders × characters matrix (digitising timed apart, not charged to it), in the
same run. Printed: both times, their ratio (the aim is ≥ 10×), and the largest difference between
the report's per-code character alpha and the peer's (they must agree to 1e-9).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import krippendorff
from agreement import CODERS, digitise, synthetic_project
from words import WORDS

from annotator.agreement.spans import SpanData
from annotator.domain.models import Code, Codebook, Document
from annotator.storage import NewSpan, Project

DOCUMENTS = 300
PASSAGES = 18  # per document: 300 × 18 passages × ~2.85 coders ≈ 15,000 spans


def text_of(length: int, rng: random.Random) -> str:
    """Words from the shared vocabulary, exactly `length` characters."""
    words: list[str] = []
    size = 0
    while size <= length:  # the words joined are size - 1 characters long
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length]


def store(data: SpanData, path: Path) -> None:
    """The synthetic spans as a project: the documents, the 20 codes, each coder's spans as one action."""
    rng = random.Random(11)
    with Project.create(path, name="agreement-cli") as project:
        project.documents.add(
            [Document(id=doc, title=doc, text=text_of(data.length(doc), rng)) for doc in sorted(data.documents)]
        )
        project.codes.add_codebook(Codebook(codes=tuple(Code(id=code, name=code) for code in data.codes or ())))
        for coder in CODERS:
            items = [NewSpan(doc, code, start, end) for doc, who, code, start, end in data.spans if who == coder]
            project.spans.add_many(coder, items)


def command_seconds(command: list[str], runs: int) -> list[float]:
    """Wall times of `runs` runs of one command, each a new process."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    """Build the project, time the command and the peer, check the values, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of the command (median reported)")
    arguments = parser.parse_args()
    data = synthetic_project(DOCUMENTS, slots=PASSAGES)
    characters = sum(data.length(doc) for doc in data.documents)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "check.db"
        store(data, db)
        out = Path(folder) / "report.json"
        command = [str(Path(sys.executable).parent / "annotator"), "--db", str(db)]
        command += ["agreement", "--format", "json", "-o", str(out)]
        times = command_seconds(command, arguments.runs)
        report = json.loads(out.read_text(encoding="utf-8"))
    ours = {code: figures["krippendorff_alpha"] for code, figures in report["codes"].items()}

    digitise_time = peer_time = 0.0
    worst = 0.0
    for code in sorted(ours):
        began = time.perf_counter()
        matrix = digitise(data, code, CODERS)
        digitise_time += time.perf_counter() - began
        began = time.perf_counter()
        value = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        peer_time += time.perf_counter() - began
        worst = max(worst, abs(float(value) - ours[code]))

    median = statistics.median(times)
    print(
        f"data: {DOCUMENTS} documents, {characters:,} characters, {len(data.spans):,} spans,"
        f" {len(CODERS)} coders, {len(ours)} codes; load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"annotator agreement --format json (new process, start-up included): median {median:.3f} s,"
        f" fastest {min(times):.3f} s (n={len(times)})"
    )
    print(
        f"peer krippendorff.alpha, {len(ours)} codes on 3 × {characters:,} matrices: {peer_time:.3f} s"
        f" (digitising apart: {digitise_time:.3f} s)"
    )
    print(f"command vs peer: {peer_time / median:.1f}× (median), {peer_time / min(times):.1f}× (fastest); aim ≥ 10×")
    print(f"largest difference from the peer: {worst:.2e} ({'equal to 1e-9' if worst <= 1e-9 else 'NOT EQUAL'})")


if __name__ == "__main__":
    main()
