"""Time `import-spans` and `export csv` on synthetic spans, against a bare SQLite insert of the same rows.

Run: .venv/bin/python benchmarks/spans_io.py [--spans 1000000]
The peer is the floor: the same rows inserted with executemany in one transaction, no checks.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.domain.models import Code, Codebook, Document
from annotator.exchange.spans_csv import import_spans_csv, write_spans_csv
from annotator.storage import Project

DOCUMENTS = 1000
DOCUMENT_LENGTH = 5000
CODES = 20
CODERS = ("ann", "bob", "cho")


def make_project(folder: Path) -> Path:
    """A project with 1,000 documents of 5,000 characters and 20 codes."""
    rng = random.Random(1)
    words = ["wage", "bribe", "manager", "dormitory", "passport", "Russia", "logging", "remit", "평양", "—"]
    path = folder / "bench.db"
    with Project.create(path) as project:
        documents = []
        for index in range(DOCUMENTS):
            text = " ".join(rng.choice(words) for _ in range(DOCUMENT_LENGTH))[:DOCUMENT_LENGTH]
            documents.append(Document(id=f"D{index:04d}", text=text))
        project.documents.add(documents)
        project.codes.add_codebook(
            Codebook(codes=tuple(Code(id=f"code-{i:02d}", name=f"Code {i}") for i in range(CODES)))
        )
    return path


def write_input(path: Path, count: int) -> None:
    """A spans CSV with `count` rows spread over documents, coders and codes."""
    rng = random.Random(2)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["document", "coder", "code", "start", "end"])
        for _ in range(count):
            start = rng.randrange(DOCUMENT_LENGTH - 200)
            writer.writerow(
                [
                    f"D{rng.randrange(DOCUMENTS):04d}",
                    rng.choice(CODERS),
                    f"code-{rng.randrange(CODES):02d}",
                    start,
                    start + rng.randrange(1, 200),
                ]
            )


def bare_insert(folder: Path, source: Path) -> float:
    """Seconds for plain sqlite3 to insert the same rows (ids and slices precomputed outside the clock)."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [
            (f"{i:032x}", r[0], r[2], r[1], int(r[3]), int(r[4]), "x" * (int(r[4]) - int(r[3])), "", "t", "t")
            for i, r in enumerate(list(csv.reader(handle))[1:])
        ]
    conn = sqlite3.connect(folder / "bare.db")
    conn.execute(
        "CREATE TABLE spans (id TEXT PRIMARY KEY, document_id TEXT, code_id TEXT, coder TEXT, start_offset INTEGER,"
        " end_offset INTEGER, text TEXT, memo TEXT, created_at TEXT, updated_at TEXT)"
    )
    conn.execute("CREATE INDEX s_doc ON spans(document_id, coder, start_offset)")
    conn.execute("CREATE INDEX s_code ON spans(code_id)")
    began = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - began
    conn.close()
    return elapsed


def main() -> None:
    """Print rows per second for import and export, and the ratio to the bare insert."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spans", type=int, default=1_000_000)
    count = parser.parse_args().spans
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = make_project(folder)
        source = folder / "spans.csv"
        write_input(source, count)

        with Project.open(path) as project:
            began = time.perf_counter()
            import_spans_csv(source, project, coder="bench")
            imported = time.perf_counter() - began
        with Project.open(path) as project:
            began = time.perf_counter()
            exported_rows = write_spans_csv(project, folder / "out.csv")
            exported = time.perf_counter() - began
        floor = bare_insert(folder, source)

    print(f"spans: {count:,} over {DOCUMENTS:,} documents of {DOCUMENT_LENGTH:,} characters")
    print(f"import-spans (parse, check, insert, one transaction): {imported:6.2f} s  {count / imported:>10,.0f} rows/s")
    print(
        f"export csv   (read, write):                           {exported:6.2f} s  {exported_rows / exported:>10,.0f} rows/s"
    )
    print(f"bare sqlite3 executemany of the same rows (floor):    {floor:6.2f} s  {count / floor:>10,.0f} rows/s")
    print(f"import-spans / bare insert: {imported / floor:.2f}x the time")


if __name__ == "__main__":
    main()
