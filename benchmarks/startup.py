"""Time how long commands take to start, as a user runs them, against Python's and sqlite-utils' own start.

Run: .venv/bin/python benchmarks/startup.py [--runs 15] [--against REV]
Each command is run as a new process from the venv's bin folder (start-up included), on a project
made from the bundled corpus; the figures are the median and the fastest of the runs. The floor
is `python -c pass`; the peer is `sqlite-utils --help`, a CLI on the same storage library.
With `--against REV`, `python -m annotator` of this tree and of that commit (a temporary worktree,
first on PYTHONPATH) run in turn in the same run, so the two trees are timed alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path, runs: int, path: Path | None = None) -> tuple[float, float]:
    """Median and fastest wall-clock milliseconds of `runs` runs of `command` (after one warm-up);
    `path` goes first on PYTHONPATH (the tree whose annotator runs)."""
    env = {**os.environ, "ANNOTATOR_CODER": "bench", **({"PYTHONPATH": str(path)} if path else {})}
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=True)
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=True)
        seconds.append(time.perf_counter() - began)
    return statistics.median(seconds) * 1000, min(seconds) * 1000


def main() -> None:
    """Print one line per command: median, fastest, and the median's ratio to the floor and the peer."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", metavar="REV", help="also time this commit's `python -m annotator`, in turn")
    options = parser.parse_args()
    runs = options.runs
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        annotator = str(BIN / "annotator")
        subprocess.run([annotator, "init"], cwd=cwd, capture_output=True, check=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "sqlite-utils --help": [str(BIN / "sqlite-utils"), "--help"],
            "annotator --help": [annotator, "--help"],
            "annotator status": [annotator, "status"],
            "annotator export csv --help": [annotator, "export", "csv", "--help"],
        }
        results = {name: timed(command, cwd, runs) for name, command in commands.items()}
        library = library_calls(cwd / "annotator.db", runs)
        if options.against:
            trees_in_turn(options.against, cwd, runs)
    pandas = subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True).returncode == 0
    print(f"start-up, {runs} runs each, median / fastest (pandas installed in this venv: {'yes' if pandas else 'no'})")
    floor, peer = results["python -c pass"][0], results["sqlite-utils --help"][0]
    for name, (median, fastest) in results.items():
        print(
            f"  {name:<30} {median:7.1f} ms  {fastest:7.1f} ms  ×{median / floor:5.2f} floor  ×{median / peer:5.2f} peer"
        )
    print("the library calls behind them, in a fresh interpreter (median / fastest):")
    for name, (median, fastest) in library.items():
        print(f"  {name:<30} {median:7.1f} ms  {fastest:7.1f} ms")


def trees_in_turn(against: str, cwd: Path, runs: int) -> None:
    """`--help` and `status` as `python -m annotator`, this tree's code and `against`'s, alternated."""
    top = Path(__file__).resolve().parent.parent
    commit = subprocess.run(
        ["git", "rev-parse", "--short", against], cwd=top, capture_output=True, text=True, check=True
    ).stdout.strip()
    tree = cwd / "against"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=top, capture_output=True, check=True)
    try:
        print(f"python -m annotator, this tree and {commit} in turn, {runs} runs each (median / fastest):")
        for name, arguments in {"--help": ["--help"], "status": ["status"]}.items():
            command = [sys.executable, "-m", "annotator", *arguments]
            ours = theirs = (0.0, 0.0)
            for _ in range(2):  # two rounds, the second kept: both trees warm
                ours = timed(command, cwd, runs, top)
                theirs = timed(command, cwd, runs, tree)
            print(
                f"  {name:<10} this tree {ours[0]:7.1f} / {ours[1]:6.1f} ms   {commit} {theirs[0]:7.1f} / {theirs[1]:6.1f} ms"
            )
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=top, capture_output=True)


def library_calls(db_path: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Import of the CLI and the summary `status` prints, each timed inside a new interpreter."""
    snippets = {
        "import annotator.cli": "import time; t = time.perf_counter(); import annotator.cli; print(time.perf_counter() - t)",
        "read_summary(project)": (
            "import time; from pathlib import Path; from annotator.storage.summary import read_summary; "
            f"t = time.perf_counter(); read_summary(Path({str(db_path)!r})); print(time.perf_counter() - t)"
        ),
    }
    figures = {}
    for name, code in snippets.items():
        seconds = [
            float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)
        ]
        figures[name] = (statistics.median(seconds) * 1000, min(seconds) * 1000)
    return figures


if __name__ == "__main__":
    main()
