"""Time `export qdpx` and `import FILE.qdpx` on a project of synthetic spans, against `export csv` of the same.

Run: .venv/bin/python benchmarks/exchange.py [--spans 100000]
The peer is the CSV export of the same spans: the cheapest way the project's spans leave it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.domain.models import Code, Codebook, Document, Span
from annotator.exchange.refi.importing import create_from_qdpx, import_qdpx
from annotator.exchange.refi.project import write_qdpx
from annotator.exchange.spans_csv import write_spans_csv
from annotator.storage import Project, new_span_ids

DOCUMENTS = 200
DOCUMENT_LENGTH = 20_000
CODES = 40
CODERS = ("ann", "bob", "cho")
WORDS = ["wage", "bribe", "manager", "dormitory", "passport", "Russia", "logging", "remit", "평양", "—"]


def make_project(path: Path, count: int) -> None:
    """200 documents of 20,000 characters (CRLF-free, some Korean), a 40-code tree, `count` spans with memos."""
    rng = random.Random(1)
    with Project.create(path, name="bench") as project:
        documents = []
        for index in range(DOCUMENTS):
            text = " ".join(rng.choice(WORDS) for _ in range(DOCUMENT_LENGTH))[:DOCUMENT_LENGTH]
            documents.append(
                Document(id=f"D{index:03d}", text=text, attributes={"country": rng.choice(["Russia", "China"])})
            )
        project.documents.add(documents)
        codes = [
            Code(
                id=f"code-{i:02d}",
                name=f"Code {i}",
                parent=f"code-{i // 8:02d}" if i >= 8 else None,
                definition=f"Definition {i}.",
            )
            for i in range(CODES)
        ]
        project.codes.add_codebook(Codebook(codes=tuple(codes)))
        texts = {document.id: document.text for document in documents}
        spans = []
        for span_id in new_span_ids(count):
            document = f"D{rng.randrange(DOCUMENTS):03d}"
            start = rng.randrange(DOCUMENT_LENGTH - 300)
            end = start + rng.randrange(1, 300)
            memo = "a memo" if rng.random() < 0.05 else ""
            spans.append(
                Span(
                    span_id,
                    document,
                    f"code-{rng.randrange(CODES):02d}",
                    rng.choice(CODERS),
                    start,
                    end,
                    texts[document][start:end],
                    memo,
                    "2025-01-01T00:00:00.000+00:00",
                    "2025-01-01T00:00:00.000+00:00",
                )
            )
        project.spans.insert(spans, coder="bench", source="benchmark")


def timed(label: str, work) -> float:
    """Run `work`, print how long it took under `label`, and return the seconds."""
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<58}{seconds:7.2f} s")
    return seconds


def main() -> None:
    """Build the project, then time the exports and imports."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spans", type=int, default=100_000)
    count = parser.parse_args().spans
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        make_project(folder / "bench.db", count)
        print(f"spans: {count:,} over {DOCUMENTS} documents of {DOCUMENT_LENGTH:,} characters, {CODES} codes, 3 coders")
        with Project.open(folder / "bench.db") as project:
            qdpx = timed("export qdpx (read, build XML, zip)", lambda: write_qdpx(project, folder / "out.qdpx"))
            csv = timed("export csv  (peer: read, write)", lambda: write_spans_csv(project, folder / "out.csv"))
        size = (folder / "out.qdpx").stat().st_size
        qde = zipfile.ZipFile(folder / "out.qdpx").getinfo("project.qde").file_size
        imported = timed(
            "import qdpx into a new project (parse, check, insert)",
            lambda: create_from_qdpx(folder / "out.qdpx", folder / "copy.db", coder="bench"),
        )
        with Project.open(folder / "copy.db") as copy:
            assert copy.counts.spans() == count
            timed(
                "import qdpx again (every span already present)",
                lambda: import_qdpx(folder / "out.qdpx", copy, coder="bench"),
            )
        print(f"qdpx size: {size / 1e6:.1f} MB (project.qde {qde / 1e6:.1f} MB unzipped)")
        print(f"export qdpx / export csv: {qdpx / csv:.2f}x the time; import: {count / imported:,.0f} spans/s")


if __name__ == "__main__":
    main()
