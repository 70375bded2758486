"""Time the query layer on a synthetic study: a query through the CLI, corpus search in the library, the index build.

Run: .venv/bin/python benchmarks/query.py --spans 1000000 --documents 1000 --coders 50 [--keep DIR]

Builds the project of benchmarks/scale.py (or reuses one kept in DIR; never changes a project it did
not build, so copy /work/bench-data/scale10m before pointing --keep at it), gives every document a
`country` attribute (a third "Russia", a third "Russia, Yemen", a third "China"), then prints:
- `annotator query 'code-01 AND code-02 NEAR code-03 IN paragraph' --where country~Russia --coder c01`
  as a new process (start-up included): seconds and peak memory;
- the same query in the library, without start-up;
- a word and a phrase looked up in the full-text index over every document (median of 5), and
  `search_text` for a rare word (index, texts and keyword in context);
- the full-text indexes' build time and size (both of them: words and trigrams) beside a bare FTS5
  insert of the same texts into one table, each in a file of its own.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scale import build, timed

from annotator.query.engine import QueryOptions, run_query
from annotator.query.search import search_text
from annotator.storage import Project
from annotator.storage.schema import TEXT_INDEXES

ROOT = Path(__file__).resolve().parent.parent
QUERY = "code-01 AND code-02 NEAR code-03 IN paragraph"
COUNTRIES = ("Russia", "Russia, Yemen", "China")


def median_ms(action: Callable[[], object], times: int = 5) -> float:
    """Median milliseconds of `times` runs of `action`."""
    runs = []
    for _ in range(times):
        began = time.perf_counter()
        action()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


def give_countries(db_path: Path) -> None:
    """Every document a country attribute (attributes are not indexed text: the FTS triggers stay still)."""
    conn = sqlite3.connect(db_path)
    with conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY position")]
        conn.executemany(
            "UPDATE documents SET attributes = json_object('country', ?) WHERE id = ?",
            [(COUNTRIES[number % 3], doc_id) for number, doc_id in enumerate(ids)],
        )
    conn.close()


def index_build(texts: list[str], folder: Path) -> None:
    """Build time and size of our two indexes, and of a bare one-table FTS5 insert, each in its own file."""
    cases = {
        "bare FTS5 insert (one table, unicode61)": {"bare": "unicode61"},
        "annotator's indexes (words + trigrams)": dict(TEXT_INDEXES),
    }
    for label, tables in cases.items():
        path = folder / f"index-{len(tables)}.db"
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        began = time.perf_counter()
        with conn:
            for table, tokenizer in tables.items():
                conn.execute(
                    f"CREATE VIRTUAL TABLE {table} USING fts5(document_id UNINDEXED, text, tokenize = '{tokenizer}')"
                )
                conn.executemany(f"INSERT INTO {table} (document_id, text) VALUES (?, ?)", enumerate(texts))
        seconds = time.perf_counter() - began
        conn.close()
        print(f"{label}: {seconds:.2f} s, {path.stat().st_size / 2**20:.1f} MiB")


def main() -> None:
    """Build or reuse, time, print one line per measure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spans", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--coders", type=int, default=50)
    parser.add_argument("--keep", type=Path, default=None, help="Build in (and keep) this folder.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="annotator-query-"))
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / "scale.db"
    if not db_path.exists():
        began = time.perf_counter()
        build(db_path, args.documents, args.coders, args.spans, random.Random(20261207))
        give_countries(db_path)
        print(f"built in {time.perf_counter() - began:.1f} s")
    with Project.open(db_path) as project:  # migrates an older project once (fills the indexes)
        total = project.counts.spans()
        texts = list(project.corpus.texts(project.documents.ids()).values())
    print(f"project: {total:,} spans, {len(texts):,} documents; {db_path.stat().st_size / 2**30:.2f} GiB")

    os.environ["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "annotator", "--db", str(db_path), "query", QUERY]
    command += ["--where", "country~Russia", "--coder", "c01", "-o", str(folder / "hits.csv"), "--format", "csv"]
    seconds, peak = timed(command, folder)
    print(f"CLI query {QUERY!r} --where country~Russia, one coder: {seconds:.2f} s, {peak} MiB peak")

    with Project.open(db_path, readonly=True) as project:
        options = QueryOptions(coders=("c01",), where=("country~Russia",))
        hits = len(run_query(project, QUERY, options))
        print(
            f"the same query in the library: {median_ms(lambda: run_query(project, QUERY, options), 3):.0f} ms ({hits} hits)"
        )
        word = texts[0].split()[3]
        phrase = " ".join(texts[0].split()[3:5])
        for label, words in (("word", word), ("phrase", phrase)):
            found = len(project.corpus.documents_matching(words))
            ms = median_ms(lambda: project.corpus.documents_matching(words))
            print(
                f"index lookup of a {label} ({words!r}) over {len(texts):,} documents: {ms:.1f} ms ({found} documents)"
            )
        rare = texts[0].split()[0]  # each document's own marker word
        ms = median_ms(lambda: search_text(project, rare))
        print(f"search_text of a rare word ({rare!r}), keyword in context: {ms:.1f} ms")
    index_build(texts, folder)


if __name__ == "__main__":
    main()
