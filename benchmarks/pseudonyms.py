"""Pseudonymised CSV export of the 1-million-span project against the plain export: time and peak memory.

Run: .venv/bin/python benchmarks/pseudonyms.py [--db /work/bench-data/scale1m/scale.db]

The project (1,000 documents of 5,000 characters, 1,000,000 spans; built by benchmarks/scale.py) is
copied to a temporary folder and given a register of 40 entries: 5 words of its vocabulary
("broker", "dormitory", "manager", "guard", "site": about one word in ten of the text is replaced,
far more than a real register replaces) and 35 names that never occur. Each export runs as its own
`annotator export csv` process; its wall time and peak resident memory (ru_maxrss) are printed. The
pseudonymised export includes the scan of the written file, which is also timed on its own.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.pseudonyms.scan import Scanner
from annotator.storage import Project

ROOT = Path(__file__).resolve().parent.parent
WORDS = {"broker": "organisation", "dormitory": "place", "manager": "person", "guard": "person", "site": "place"}
# Runs `annotator` in this process and prints its peak memory (KiB) last on stderr.
MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['annotator', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('annotator', run_name='__main__')\n"
    "finally:\n"
    "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def _run(*args: str, cwd: Path) -> tuple[float, int]:
    """Wall time and peak memory (MiB) of one `annotator` process."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *args], cwd=cwd, capture_output=True, text=True, env=_env(), check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return elapsed, int(done.stderr.strip().splitlines()[-1]) // 1024


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_CODER": "bench"}


def main() -> None:
    """Print the two exports' time and memory, and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/work/bench-data/scale1m/scale.db"))
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "scale.db"
        shutil.copyfile(arguments.db, db)
        with Project.open(db) as project:
            for word, kind in WORDS.items():
                project.pseudonyms.add("bench", word, kind=kind)
            for number in range(35):
                project.pseudonyms.add("bench", f"Absent Name {number:02d}x", kind="person")
            spans = project.summary()["spans"]
            register = project.pseudonyms.all()
        plain = _run("export", "csv", "--db", "scale.db", "-o", "plain.csv", cwd=folder)
        pseudonymised = _run("export", "csv", "--db", "scale.db", "--pseudonymise", "-o", "p.csv", cwd=folder)
        started = time.perf_counter()
        Scanner(register).check_file(folder / "p.csv")
        scanned = time.perf_counter() - started
        size = (folder / "p.csv").stat().st_size / 1e6
    print(f"spans: {spans:,}; register: {len(register)} entries")
    print(f"export csv                 {plain[0]:7.2f} s   peak {plain[1]:5d} MiB")
    print(f"export csv --pseudonymise  {pseudonymised[0]:7.2f} s   peak {pseudonymised[1]:5d} MiB")
    print(f"  of which the scan of the {size:.0f} MB file: {scanned:.2f} s")
    print(f"pseudonymised / plain: {pseudonymised[0] / plain[0]:.2f}x the time")


if __name__ == "__main__":
    main()
