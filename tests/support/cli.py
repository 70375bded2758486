"""The small project as the command line makes it: the corpus folder, the codebook YAML, the spans CSV header."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from tests.support import SMALL_TEXTS

CODEBOOK = """\
name: small
codes:
  - id: bribery
    name: Bribery
    key: "1"
    colour: "#ff7f0e"
  - id: wage-deduction
    name: Wage deduction
    colour: "#d62728"
"""
HEADER = ["document", "coder", "code", "start", "end"]


def write_corpus(folder: Path) -> Path:
    """The small corpus in `folder`/corpus and its codebook in `folder`/codebook.yaml; returns the corpus."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for doc_id, text in SMALL_TEXTS.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    return corpus


def init_small_project(path: Path) -> None:
    """`annotator init` of the small corpus and codebook (written beside `path`) into `path`."""
    corpus = write_corpus(path.parent)
    runner = CliRunner(env={"ANNOTATOR_CODER": "tester", "ANNOTATOR_DB": None})
    args = ["init", "--corpus", str(corpus), "--codebook", str(path.parent / "codebook.yaml"), "--db", str(path)]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
