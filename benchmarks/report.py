"""Time `annotator report codebook` for one coder on the 1-million-span project, and show its memory is flat in the quotes.

Run: .venv/bin/python benchmarks/report.py [--source /work/bench-data/scale1m/scale.db] [--coder c01] [--formats md,html,docx]

Copies the project (built by benchmarks/scale.py: 1,000 documents, 20 codes, 50 coders of 20,000
spans each) to a temporary folder first, never touching the original, opens it once (a newer
schema migrates then, outside the timings), and runs each report as a user runs it: a new process,
start-up included, peak memory by /usr/bin/time. Each format is run with `--quotes 10` and with
every quote: the same peak memory for both means the report is streamed (all three formats; the
Word body goes to a temporary file and is zipped from there).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import timed

from annotator.storage import Project

SOURCE = Path("/work/bench-data/scale1m/scale.db")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=SOURCE, help="the project to copy (default: the kept 1M project)"
    )
    parser.add_argument("--coder", default="c01", help="whose coding the report quotes")
    parser.add_argument("--formats", default="md,html,docx", help="comma-separated report formats")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-bench-") as folder:
        work = Path(folder)
        db = work / "scale.db"
        shutil.copy(args.source, db)
        Project.open(db).close()  # a migration to this schema runs here, not in a timed run
        with Project.open(db, readonly=True) as project:
            summary = project.summary()
        print(f"project: {summary}")
        print("| format | quotes | seconds | peak MiB | file MiB |")
        print("| --- | --- | ---: | ---: | ---: |")
        for fmt in args.formats.split(","):
            for quotes in ("10", "all"):
                out = work / f"codebook-{quotes}.{fmt}"
                cap = [] if quotes == "all" else ["--quotes", quotes]
                command = [sys.executable, "-m", "annotator", "--db", str(db), "--coder", args.coder]
                command += ["report", "codebook", "--format", fmt, *cap, "-o", str(out)]
                seconds, peak = timed(command, work)
                size = out.stat().st_size / 2**20
                print(f"| {fmt} | {quotes} | {seconds:.2f} | {peak} | {size:.1f} |", flush=True)


if __name__ == "__main__":
    main()
