"""Time what hostile or very large input used to make slow: big codebooks on the coding screen, `check` on many turns, a long line.

Run: .venv/bin/python benchmarks/inputs.py [--codes 500,2000,10000] [--turns 10000,30000,100000] [--launches 3]
     [--spans 20000] [--timeout 600] [--against REV]

Each figure is printed beside a floor measured in the same run:
- the coding screen (headless, `App.run_test()`, 160x48) with N codes (families of 20 under
  top-level codes, colours from the bundled codebook's palette, so children need turning apart):
  from starting the app to the first testimony's text and the codebook drawn, and from `c` (the code
  picker) to its list drawn, the median of `--launches` starts; the floor is the same with the
  bundled 23-code codebook (`BENCH_ROOT=DIR` measures the screen of the code in DIR instead);
- `annotator check` and `annotator speakers list` as a user runs them (a new process) on a project
  holding one transcript of N speaker turns; the floor is `annotator status` on the same file;
- `annotator check` on one 300,000-character testimony holding `--spans` spans (its span texts
  compared with the document, once quadratic in spans per document); the floor is `status`;
- `annotator import` of a `.txt` holding one line of 100,000 characters (`x` then digits, which the
  old speaker pattern re-split billions of ways); the floor is a 100,000-character line of words.

With `--against REV`, the command-line figures are measured again on that commit's code (a
temporary `git worktree`, put first on PYTHONPATH), in this same run. Every command is stopped
after `--timeout` seconds (a hang shows as `> N s`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_ROOT", str(Path(__file__).resolve().parent.parent)))

from annotator.domain.codebook import load_codebook
from annotator.domain.models import Code, Codebook, Document
from annotator.paths import BUNDLED_CODEBOOK
from annotator.storage import Project

ROOT = Path(__file__).resolve().parent.parent
CODER = "bench"
SIZE = (160, 48)
FAMILY = 20
WORDS = ("we", "worked", "at", "night", "on", "the", "site", "and", "were", "paid", "once", "a", "month")


def codebook(count: int) -> tuple[Code, ...]:
    """`count` codes: a top-level code every FAMILY codes, the others its children, palette colours."""
    palette = [code.colour for code in load_codebook(BUNDLED_CODEBOOK).codes]
    codes = []
    for index in range(count):
        parent = None if index % FAMILY == 0 else f"code-{index - index % FAMILY}"
        codes.append(
            Code(id=f"code-{index}", name=f"Code {index}", parent=parent, colour=palette[index % len(palette)])
        )
    return tuple(codes)


def screen_project(folder: Path, codes: tuple[Code, ...], name: str) -> Path:
    """A project with one short testimony and the codes."""
    path = folder / f"screen-{name}.db"
    with Project.create(path, name="benchmark") as project:
        project.documents.add([Document(id="T", text="We worked at night on the site.\n\nWe were paid once a month.")])
        project.codes.add_codebook(Codebook(name="bench", codes=codes))
        project.coders.set_current_document(CODER, "T")
    return path


async def screen_times(path: Path) -> tuple[float, float]:
    """Seconds from starting the app to the testimony and codebook drawn, and from `c` to the picker drawn."""
    from textual.widgets import OptionList

    from annotator.tui import AnnotatorApp
    from annotator.tui.dialogs.code_picker import CodePicker
    from annotator.tui.screens.coding.screen import CodingScreen

    started = time.perf_counter()
    app = AnnotatorApp(path, CODER)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        while not (isinstance(app.screen, CodingScreen) and app.screen.document_id == "T"):
            await asyncio.sleep(0)
        await pilot.pause()
        app.screen._on_timer_update()  # the repaint Textual would run on its next 1/60 s tick
        painted = time.perf_counter() - started
        app.screen.transcript.select_range(0, 5)
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("c")
        while not isinstance(app.screen, CodePicker):
            await asyncio.sleep(0)
        await pilot.pause()
        assert app.screen.query_one(OptionList).option_count > 0
        app.screen._on_timer_update()
        picker = time.perf_counter() - started
    return painted, picker


def median_times(path: Path, launches: int) -> tuple[float, float]:
    """The median first paint and picker open over `launches` starts of the app."""
    runs = [asyncio.run(screen_times(path)) for _ in range(launches)]
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


def turns_project(folder: Path, turns: int) -> Path:
    """A project made by `annotator init` and `annotator import` of a transcript of `turns` speaker turns."""
    rng = random.Random(11)
    transcript = folder / f"interview-{turns}.txt"
    lines = (
        f"{'Interviewer' if number % 2 == 0 else 'Mira Lee'}: {' '.join(rng.choice(WORDS) for _ in range(12))}"
        for number in range(turns)
    )
    transcript.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / f"turns-{turns}.db"
    run(["init", "--db", str(path)], check=True)
    run(["import", "--db", str(path), str(transcript)], check=True)
    return path


def run(arguments: list[str], *, check: bool = False, timeout: float | None = None, root: Path | None = None) -> float:
    """Seconds one `annotator` command takes as a new process (start-up included); inf past the time-out."""
    environment = {**os.environ, "PYTHONPATH": str(root or ROOT)}
    started = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-m", "annotator", *arguments],
            env=environment,
            cwd=root or ROOT,  # `python -m` puts the working folder first on sys.path
            check=check,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.perf_counter() - started


def shown(seconds: float, timeout: float) -> str:
    return f"> {timeout:.0f} s" if seconds == float("inf") else f"{seconds:.2f} s"


def spans_project(folder: Path, count: int) -> Path:
    """A project of one 300,000-character testimony holding `count` short spans at random places."""
    from annotator.storage import NewSpan

    path = folder / f"spans-{count}.db"
    sentence = " ".join(WORDS) + " "
    text = (sentence * (300_000 // len(sentence) + 1))[:300_000]
    rng = random.Random(1)
    with Project.create(path) as project:
        project.documents.add([Document(id="long", title="long", text=text)])
        project.codes.add_codebook(Codebook(name="bench", codes=[Code(id="x", name="X", colour="#336699")]))
        starts = [rng.randrange(len(text) - 50) for _ in range(count)]
        project.spans.add_many("ann", [NewSpan("long", "x", start, start + rng.randint(1, 40)) for start in starts])
    return path


def command_inputs(folder: Path, turn_counts: list[int], spans: int = 0) -> tuple[dict[int, Path], Path, Path]:
    """The turn projects (built once, by this tree's code), the long-line file and its floor."""
    projects = {count: turns_project(folder, count) for count in turn_counts}
    if spans:
        projects[-spans] = spans_project(folder, spans)  # a negative key: spans, not turns
    digits = folder / "digits.txt"
    digits.write_text("x" + "1" * 99_999 + "\n", encoding="utf-8")
    sentence = " ".join(WORDS) + " "
    words = folder / "words.txt"
    words.write_text((sentence * (100_000 // len(sentence) + 1))[:100_000] + "\n", encoding="utf-8")
    return projects, digits, words


def command_rows(
    folder: Path, inputs: tuple[dict[int, Path], Path, Path], timeout: float, root: Path | None
) -> list[tuple[str, str, str]]:
    """(measure, figure, floor) for check, speakers and import, run on the code in `root`."""
    projects, digits, words = inputs
    rows = []
    for count, path in projects.items():
        floor = run(["status", "--db", str(path)], root=root)
        if count < 0:
            seconds = run(["check", "--db", str(path)], timeout=timeout, root=root)
            label = f"`check`, {-count:,} spans on a 300,000-character testimony"
            rows.append((label, shown(seconds, timeout), f"status {floor:.2f} s"))
            continue
        for command in (["check"], ["speakers", "list"]):
            seconds = run([*command, "--db", str(path)], timeout=timeout, root=root)
            rows.append((f"`{' '.join(command)}`, {count:,} turns", shown(seconds, timeout), f"status {floor:.2f} s"))
    imports = []
    for file in (digits, words):
        project = folder / f"import-{file.stem}.db"
        project.unlink(missing_ok=True)
        run(["init", "--db", str(project)], check=True)
        imports.append(run(["import", "--db", str(project), str(file)], timeout=timeout, root=root))
    label = "`import`, one 100,000-character line `x1111...`"
    rows.append((label, shown(imports[0], timeout), f"a line of words {shown(imports[1], timeout)}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", default="500,2000,10000", help="codebook sizes for the coding screen")
    parser.add_argument("--turns", default="10000,30000,100000", help="turns for check and speakers")
    parser.add_argument("--launches", type=int, default=3, help="app starts per codebook (the median is shown)")
    parser.add_argument("--spans", type=int, default=20000, help="spans on one long testimony for check (0: none)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a command counts as hung")
    parser.add_argument("--against", metavar="REV", help="also run the commands on this commit's code")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        floor = median_times(screen_project(folder, load_codebook(BUNDLED_CODEBOOK).codes, "bundled"), options.launches)
        for count in (int(value) for value in options.codes.split(",") if value):
            painted, picker = median_times(screen_project(folder, codebook(count), str(count)), options.launches)
            print(
                f"coding screen, {count:>6,} codes: first paint {painted:6.2f} s (23 codes {floor[0]:.2f} s); "
                f"picker open {picker:6.2f} s (23 codes {floor[1]:.2f} s)",
                flush=True,
            )
        inputs = command_inputs(folder, [int(value) for value in options.turns.split(",") if value], options.spans)
        for label, figure, beside in command_rows(folder, inputs, options.timeout, None):
            print(f"{label:<52} {figure:>9}   {beside}", flush=True)
        if options.against:
            print(f"--- {options.against}, same run ---", flush=True)
            tree = folder / "tree"
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(tree), options.against],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            try:
                for label, figure, beside in command_rows(folder, inputs, options.timeout, tree):
                    print(f"{label:<52} {figure:>9}   {beside}", flush=True)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
