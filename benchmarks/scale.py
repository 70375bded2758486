"""Time a large study as its users feel it: every command as a new process, the coding screen in a real terminal.

Run: .venv/bin/python benchmarks/scale.py --spans 1000000 --documents 1000 --coders 50 [--keep DIR]

Builds a synthetic project directly in the project's schema (documents of 5,000 characters, 20
codes, every coder coding every document with spans of 20-200 characters; the totals the triggers
keep are filled as the spans go in), then times, in this one run:
- each command as a user runs it (start-up included), with its peak memory (`/usr/bin/time`):
  `status`, `agreement` of 2 and of 5 coders (JSON), `export csv`, `matrix`, `import-spans` of
  `--import-rows` rows into a project holding the same documents and codes;
- the floors those bulk paths are compared with, in the same run: a bare `SELECT` streamed to
  `csv.writer` (export), a bare `executemany` of the same rows into the same tables (import);
- the coding screen in a real terminal (tmux, 160x48): from launch until the first testimony's
  words are on the screen, and from `]` until the next testimony's are (`--launches N`: the
  median of N; `--against REV`: that commit's code launched in turn, in the same run).
`--only commands|bulk|screen` (repeatable) times one part; `--keep DIR` reuses a project built there.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from words import WORDS

from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project, new_span_ids
from annotator.storage.database import now

BIN = Path(sys.executable).parent
LENGTH = 5_000
CODES = 20
PARTS = ("commands", "bulk", "screen")  # the commands, export and import beside their floors, the terminal
COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def document_text(number: int, rng: random.Random) -> str:
    """A document opening with its own marker word (what the terminal test waits for), LENGTH characters."""
    words = [f"Marker{number:05d}"]
    size = len(words[0]) + 1
    while size < LENGTH:  # a running total: summing the list each time was quadratic (minutes at 10,000)
        words.append(rng.choice(WORDS))
        size += len(words[-1]) + 1
    return " ".join(words)[:LENGTH]


def build(path: Path, documents: int, coders: int, spans: int, rng: random.Random) -> dict[str, str]:
    """The synthetic project at `path`; returns the document texts by id."""
    texts = {f"D{number:05d}": document_text(number, rng) for number in range(documents)}
    codes = tuple(
        Code(
            id=f"code-{n:02d}",
            name=f"Code {n:02d}",
            colour=COLOURS[n % len(COLOURS)],
            key=str((n + 1) % 10) if n < 10 else None,
        )
        for n in range(CODES)
    )
    per_document_coder = max(1, spans // (documents * coders))
    with Project.create(path) as project:
        project.documents.add([Document(id=doc_id, title=doc_id, text=text) for doc_id, text in texts.items()])
        project.codes.add_codebook(Codebook(name="scale", codes=codes))
        names = [f"c{n:02d}" for n in range(1, coders + 1)]
        with project.transaction():
            for name in names:
                project.coders.ensure(name)
        stamp = now()
        written = 0
        for doc_id, text in texts.items():
            rows = []
            for name in names:
                for _ in range(per_document_coder):
                    start = rng.randrange(LENGTH - 200)
                    end = start + rng.randint(20, 200)
                    rows.append([doc_id, rng.choice(codes).id, name, start, end, text[start:end], "", stamp, stamp])
            for row, span_id in zip(rows, new_span_ids(len(rows)), strict=True):
                row.insert(0, span_id)
            with project.transaction():
                project.db.conn.executemany(
                    "INSERT INTO spans (id, document_id, code_id, coder, start_offset, end_offset, text, memo,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
            written += len(rows)
        with project.transaction():  # accounted for like an import, so `annotator check` agrees
            project.history.log("import", coder="bench", detail={"source": "scale.py", "spans": written})
    return texts


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak resident memory (MiB) of one command run as a new process."""
    began = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {run.stderr[-500:]}")
    return seconds, int(run.stderr.strip().splitlines()[-1]) // 1024


def export_floor(db_path: Path, out: Path) -> float:
    """Seconds for the bare floor of `export csv`: the spans SELECT streamed to csv.writer."""
    began = time.perf_counter()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows(
            conn.execute(
                "SELECT s.document_id, s.coder, s.code_id, s.start_offset, s.end_offset, s.text, s.memo, s.id,"
                " s.created_at, s.updated_at FROM spans s JOIN documents d ON d.id = s.document_id"
                " ORDER BY d.position, s.start_offset, s.end_offset, s.coder, s.code_id, s.id"
            )
        )
    conn.close()
    return time.perf_counter() - began


def import_case(folder: Path, texts: dict[str, str], rows: int, rng: random.Random) -> tuple[Path, Path, Path]:
    """Two empty projects with the same documents and codes (one for the command, one for the
    floor) and a CSV of `rows` spans for them."""
    projects = []
    for name in ("import.db", "floor.db"):
        path = folder / name
        for leftover in (path, path.with_name(name + "-wal"), path.with_name(name + "-shm")):
            leftover.unlink(missing_ok=True)  # a kept folder's earlier run
        with Project.create(path) as project:
            project.documents.add([Document(id=doc_id, title=doc_id, text=text) for doc_id, text in texts.items()])
            project.codes.add_codebook(
                Codebook(
                    name="scale",
                    codes=tuple(
                        Code(id=f"code-{n:02d}", name=f"Code {n:02d}", colour=COLOURS[n % len(COLOURS)])
                        for n in range(CODES)
                    ),
                )
            )
            with project.transaction():
                project.coders.ensure("imp")
        projects.append(path)
    ids = list(texts)
    csv_path = folder / "import.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "coder", "code", "start", "end"])
        for _ in range(rows):
            start = rng.randrange(LENGTH - 200)
            writer.writerow(
                [rng.choice(ids), "imp", f"code-{rng.randrange(CODES):02d}", start, start + rng.randint(20, 200)]
            )
    return projects[0], projects[1], csv_path


def import_floor(db_path: Path, csv_path: Path, texts: dict[str, str]) -> float:
    """Seconds for the bare floor of `import-spans`: read the CSV, executemany the rows into the same tables."""
    began = time.perf_counter()
    stamp = now()
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        cells = list(reader)
    rows = [
        (span_id, doc, code, coder, int(start), int(end), texts[doc][int(start) : int(end)], "", stamp, stamp)
        for (doc, coder, code, start, end), span_id in zip(cells, new_span_ids(len(cells)), strict=True)
    ]
    conn = sqlite3.connect(db_path)
    # The project's own page cache and durability (annotator/storage/database.py), no checks.
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA synchronous = FULL")
    with conn:
        conn.executemany(
            "INSERT INTO spans (id, document_id, code_id, coder, start_offset, end_offset, text, memo,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.close()
    return time.perf_counter() - began


def screen_in_terminal(db_path: Path, cwd: Path, tree: Path | None = None) -> tuple[float, float]:
    """Seconds from launch to the first testimony's marker on a 160x48 tmux screen, and from `]` to the next's.

    With `tree`, the annotator imported is that checkout's (PYTHONPATH comes before the venv's
    editable install), so another commit runs in the same terminal and venv."""
    with Project.open(db_path) as project:  # each launch starts where the first did (the screen remembers)
        project.coders.set_current_document("bench", project.documents.ids()[0])
    session = f"scale{time.time_ns()}"
    command = f"ANNOTATOR_CODER=bench ANNOTATOR_BACKUPS=0 {sys.executable} -m annotator --db {db_path}"
    if tree is not None:
        command = f"PYTHONPATH={tree} {command}"

    def wait_for(word: str, since: float) -> float:
        while time.perf_counter() - since < 120:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if word in screen:
                return time.perf_counter() - since
            time.sleep(0.005)
        raise SystemExit(f"{word} never appeared on the screen")

    began = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "48", "-c", str(cwd), command], check=True
    )
    try:
        first = wait_for("Marker00000", began)
        time.sleep(0.5)
        pressed = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, "]"], check=True)
        second = wait_for("Marker00001", pressed)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return first, second


def screens(db_path: Path, folder: Path, launches: int, against: str | None) -> None:
    """The coding screen in a terminal, `launches` times (medians); with `against`, that commit's
    code too, launched in turn with this tree's in the same run."""
    trees: dict[str, Path | None] = {"this tree": None}
    top = Path(__file__).resolve().parent.parent
    if against:
        commit, tree = checkout(against, folder / "against")
        trees[f"commit {commit} ({against})"] = tree
    try:
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(launches):
            for name, tree in trees.items():
                times[name].append(screen_in_terminal(db_path, folder, tree))
        for name, pairs in times.items():
            first = statistics.median(pair[0] for pair in pairs)
            second = statistics.median(pair[1] for pair in pairs)
            fastest = min(pair[0] for pair in pairs)
            print(f"{'coding screen: launch -> first':<34} {first:9.2f}   fastest {fastest:.2f}   {name}, n={launches}")
            print(f"{'coding screen: ] -> next testimony':<34} {second:9.2f}   {'':>12} {name}")
    finally:
        if against:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(folder / "against")], cwd=top, capture_output=True
            )


def checkout(against: str, folder: Path) -> tuple[str, Path]:
    """A detached worktree of `against` in `folder` (removed by the caller); its short commit id."""
    top = Path(__file__).resolve().parent.parent
    commit = subprocess.run(
        ["git", "rev-parse", "--short", against], cwd=top, capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), commit], cwd=top, capture_output=True, check=True
    )
    return commit, folder


def commands_against(commands: dict[str, list[str]], folder: Path, against: str) -> None:
    """Each command again, this tree's code and `against`'s in turn, three times each (medians): both
    run as `python -m annotator` with their tree first on PYTHONPATH, so start-up is counted alike."""
    top = Path(__file__).resolve().parent.parent
    commit, tree = checkout(against, folder / "against-commands")
    try:
        print(f"{'same run, in turn (median of 3)':<34} {'this tree':>9} {commit:>9}")
        for name, command in commands.items():
            figures: dict[Path, list[float]] = {top: [], tree: []}
            for _ in range(3):
                for root in figures:
                    line = ["env", f"PYTHONPATH={root}", sys.executable, "-m", "annotator", *command[1:]]
                    figures[root].append(timed(line, folder)[0])
            print(f"{name:<34} {statistics.median(figures[top]):9.2f} {statistics.median(figures[tree]):9.2f}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=top, capture_output=True)


def bulk(annotator: str, db_path: Path, folder: Path, texts: dict[str, str], rows: int, rng: random.Random) -> None:
    """`export csv` and `import-spans` of `rows` rows, each beside its floor in this run."""
    command = [annotator, "--db", str(db_path), "export", "csv", "-o", str(folder / "spans.csv")]
    seconds, peak = timed(command, folder)
    print(f"{'export csv':<34} {seconds:9.2f} {peak:9d}")
    floor = export_floor(db_path, folder / "floor.csv")
    print(
        f"{'  floor: SELECT -> csv.writer':<34} {floor:9.2f} {'':>9}  export at {floor / seconds:.0%} of the floor's rate"
    )
    target, floor_db, csv_path = import_case(folder, texts, rows, rng)
    seconds, peak = timed([annotator, "--db", str(target), "--coder", "imp", "import-spans", str(csv_path)], folder)
    print(f"{f'import-spans, {rows:,} rows':<34} {seconds:9.2f} {peak:9d}")
    floor = import_floor(floor_db, csv_path, texts)
    print(
        f"{'  floor: csv -> executemany':<34} {floor:9.2f} {'':>9}  import at {floor / seconds:.0%} of the floor's rate"
    )


def main() -> None:
    """Build, time, print one line per measure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--coders", type=int, default=50)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="Build in (and keep) this folder.")
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="Time only this part (repeat for several; default: all): " + ", ".join(PARTS),
    )
    parser.add_argument("--launches", type=int, default=1, help="Coding screen launches in the terminal (median).")
    parser.add_argument(
        "--against", metavar="REV", help="Also run the commands and launch the coding screen of this commit, in turn."
    )
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    rng = random.Random(20261202)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="annotator-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "scale.db"
    try:
        began = time.perf_counter()
        if db_path.exists():
            with Project.open(db_path) as project:
                texts = {document.id: document.text for document in project.documents.all()}
        else:
            texts = build(db_path, args.documents, args.coders, args.spans, rng)
        size = db_path.stat().st_size / 2**30
        with Project.open(db_path, readonly=True) as project:
            total = project.counts.spans()
        print(
            f"project: {total:,} spans, {len(texts):,} documents, {args.coders} coders, {CODES} codes; "
            f"{size:.2f} GiB; built or opened in {time.perf_counter() - began:.1f} s"
        )
        annotator = str(BIN / "annotator")
        commands = {
            "status": [annotator, "--db", str(db_path), "status"],
            "agreement, 2 coders (json)": [
                annotator,
                "--db",
                str(db_path),
                "agreement",
                "--coders",
                "c01,c02",
                "--format",
                "json",
                "-o",
                str(folder / "a2.json"),
            ],
            "agreement, 5 coders (json)": [
                annotator,
                "--db",
                str(db_path),
                "agreement",
                "--coders",
                "c01,c02,c03,c04,c05",
                "--format",
                "json",
                "-o",
                str(folder / "a5.json"),
            ],
            "matrix": [annotator, "--db", str(db_path), "matrix", "-o", str(folder / "matrix.txt")],
        }
        print(f"{'measure':<34} {'seconds':>9} {'peak MiB':>9}   load average {os.getloadavg()[0]:.2f}")
        if "commands" in parts:
            for name, command in commands.items():
                seconds, peak = timed(command, folder)
                print(f"{name:<34} {seconds:9.2f} {peak:9d}")
            if args.against:
                commands_against(commands, folder, args.against)
        if "bulk" in parts:
            bulk(annotator, db_path, folder, texts, args.import_rows, rng)
        if "screen" in parts and shutil.which("tmux"):
            screens(db_path, folder, args.launches, args.against)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
