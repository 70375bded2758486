"""The worked example of docs/agreement.md prints exactly what the docs show.

Each block in the docs that follows a marker `<!-- output: annotator ARGS -->` is the output of
that command on the bundled corpus plus tests/agreement/data/worked-example-lee.csv. After a
deliberate change (corpus, codebook, report layout), refresh the blocks with:

    .venv/bin/python tests/agreement/test_agreement_worked_example.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "agreement.md"
SECOND_CODER = Path(__file__).resolve().parent / "data" / "worked-example-lee.csv"
MARKER = re.compile(r"<!-- output: annotator (?P<args>.+?) -->\n```text\n(?P<body>.*?)```\n", re.S)


def run_examples(folder: Path) -> dict[str, str]:
    """Create example.db in `folder` as the docs do, and run every documented command; output by args."""
    from annotator.cli import cli

    runner = CliRunner()
    previous = Path.cwd()
    os.chdir(folder)
    try:
        for args in (["init", "--db", "example.db"], ["import-spans", str(SECOND_CODER), "--db", "example.db"]):
            result = runner.invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 0, result.output
        outputs = {}
        for match in MARKER.finditer(DOC.read_text(encoding="utf-8")):
            result = runner.invoke(cli, shlex.split(match["args"]), catch_exceptions=False)
            assert result.exit_code == 0, (match["args"], result.output)
            outputs[match["args"]] = result.stdout
        return outputs
    finally:
        os.chdir(previous)


def test_docs_show_the_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The corpus ships with the repository: its absence is a fault, never a reason to skip.
    assert (ROOT / "corpora" / "nk-overseas-workers" / "report-coding.csv").exists()
    monkeypatch.setenv("ANNOTATOR_CODER", "lead")
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    text = DOC.read_text(encoding="utf-8")
    blocks = {match["args"]: match["body"] for match in MARKER.finditer(text)}
    assert blocks, "docs/agreement.md has no worked-example output blocks"
    outputs = run_examples(tmp_path)
    for args, body in blocks.items():
        assert outputs[args] == body, (
            f"docs/agreement.md shows stale output for `annotator {args}`; run "
            "`.venv/bin/python tests/agreement/test_agreement_worked_example.py --update`"
        )


def update() -> None:
    """Rewrite the output blocks of docs/agreement.md with what the commands print now."""
    import tempfile

    os.environ["ANNOTATOR_CODER"] = "lead"
    os.environ.pop("ANNOTATOR_DB", None)
    with tempfile.TemporaryDirectory() as folder:
        outputs = run_examples(Path(folder))
    text = DOC.read_text(encoding="utf-8")
    text = MARKER.sub(lambda m: f"<!-- output: annotator {m['args']} -->\n```text\n{outputs[m['args']]}```\n", text)
    DOC.write_text(text, encoding="utf-8")
    print(f"updated {len(outputs)} block(s) in {DOC}")


if __name__ == "__main__" and "--update" in sys.argv:
    sys.path.insert(0, str(ROOT))
    update()
