"""One meaning for `--coder`: before the command, after it, or from ANNOTATOR_CODER, every command does the same."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.domain.memos import Memo
from annotator.domain.pseudonyms import Candidate
from annotator.domain.suggestions import Suggestion, suggestion_id
from annotator.exchange.packet import make_packet
from annotator.storage import Project
from tests.support import command_tree
from tests.support.cli import HEADER, init_small_project

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"
CODER = "bob"
BOBS_MEMO = "0" * 31 + "1"  # a memo of bob's in the template, by a fixed id the table can name
# A suggestion made for bob in the template (the suggester's own are tested in tests/suggestions).
SUGGESTION = Suggestion(
    suggestion_id(CODER, "A", 38, 67, "bribery"), "A", 38, 67, "bribery", 0.7, "test", "sentence", "t"
)

# Arguments that make each command do its work on the folder `_build_folder` makes (relative to it).
ARGUMENTS: dict[str, list[str]] = {
    "adjudicate": ["--coders", "ann,bob", "--accept-agreed"],
    "agreement": ["--coders", "ann,bob"],
    "disagreements": ["--coders", "ann,bob"],
    "check": [],
    "backup": ["-o", "copy.db"],
    "status": [],
    "init": ["--corpus", "corpus", "--codebook", "codebook.yaml", "--db", "new.db"],
    "import": ["extra.vtt"],
    "import-spans": ["spans.csv"],
    "code": [],
    "export csv": ["-o", "out.csv"],
    "export jsonl": ["-o", "out.jsonl"],
    "export qdc": ["-o", "out.qdc"],
    "export qdpx": ["-o", "out.qdpx"],
    "codebook check": ["codebook.yaml"],
    "codebook export": ["-o", "out.yaml"],
    "codebook sync": ["renamed.yaml"],
    "codes list": [],
    "codes show": ["bribery"],
    "codes edit": ["bribery", "--definition", "A payment to be chosen."],
    "codes move": ["bribery", "--parent", "wage-deduction"],
    "codes merge": ["bribery", "wage-deduction"],
    "codes split": ["bribery", "bribe-paid", "bribe-asked"],
    "codes recode": ["SPAN", "wage-deduction"],
    "codes delete": ["bribery", "--recode-to", "wage-deduction"],
    "undo": [],
    "redo": [],
    "keys": [],
    "play": ["interview"],
    "matrix": ["--cols", "coder"],
    "cooccurrence": [],
    "report codebook": [],
    "report query": ["bribery"],
    "report grid": ["--format", "csv"],
    "report memos": [],
    "documents list": [],
    "documents replace": ["A", "corrected.txt"],
    "documents edit": ["A"],
    "documents review": [],
    "documents set": ["A", "country=NP"],
    "documents done": ["B"],
    "documents attributes export": [],
    "documents attributes import": ["attributes.csv"],
    "documents rename": ["B", "B2"],
    "documents remove": ["B", "--with-spans"],
    "packet": ["-o", "packet-out.db"],
    "merge": ["packet.db"],
    "share": ["--private"],
    "speakers list": [],
    "speakers rename": ["Interviewer", "Ann"],
    "speakers role": ["Mira Lee", "participant"],
    "speakers": ["interview"],
    "query": ["bribery"],
    "search": ["took"],
    "queries save": ["mine", "bribery OR wage-deduction"],
    "queries list": [],
    "queries show": ["saved"],
    "queries delete": ["saved"],
    "memos add": ["--on", "grid", "A", "bribery", "--text", "A paid."],
    "memos edit": [BOBS_MEMO, "--text", "edited"],
    "memos remove": [BOBS_MEMO],
    "memos import": ["memos.jsonl"],
    "memos list": ["--on", "document", "A", "--format", "jsonl"],
    "pseudonyms add": ["Dandong", "--kind", "place"],
    "pseudonyms edit": ["1", "--variant", "Chengtu"],
    "pseudonyms remove": ["1"],
    "pseudonyms list": [],
    "pseudonyms export": ["-o", "register.json"],
    "pseudonyms import": ["register-in.json"],
    "pseudonyms scan": ["corrected.txt"],
    "pseudonyms detect": [],
    "pseudonyms review": ["1", "reject"],
    "suggest": ["--document", "A"],
    "suggest accept": [SUGGESTION.id],
    "suggest reject": [SUGGESTION.id],
    "suggest evaluate": ["--folds", "2"],
}


def _build_folder(folder: Path) -> str:
    """A project `p.db` with ann's and bob's spans, a transcript, a packet for bob and the input files; returns bob's span id."""
    folder.mkdir()
    init_small_project(folder / "p.db")
    shutil.copy(TRANSCRIPTS / "interview.vtt", folder / "interview.vtt")
    shutil.copy(TRANSCRIPTS / "interview.vtt", folder / "extra.vtt")
    with Project.open(folder / "p.db") as project:
        runner = CliRunner(env={"ANNOTATOR_CODER": "lead"})
        assert (
            runner.invoke(cli, ["--db", str(folder / "p.db"), "import", str(folder / "interview.vtt")]).exit_code == 0
        )
        project.spans.add("ann", "A", "bribery", 0, 4)
        span = project.spans.add(CODER, "A", "bribery", 0, 4)
        project.spans.add(CODER, "A", "wage-deduction", 5, 9)
        project.history.undo(CODER)
        project.coders.set_done("ann", "A")
        project.queries.save("tester", "saved", "bribery", {})
        stamp = "2026-12-07T10:00:00.000+00:00"
        project.memos.insert([Memo(BOBS_MEMO, "document", "A", None, CODER, "bob's memo", stamp, stamp)], coder=CODER)
        project.pseudonyms.add("tester", "Chengdu", kind="place")
        project.pseudonyms.propose(CODER, lambda register: [Candidate("A", 0, 4, "They", "proper-noun")])
        project.suggestions.replace_for(CODER, "A", [SUGGESTION])
        make_packet(project, folder / "packet.db", CODER)
    with Project.open(folder / "packet.db") as packet:
        packet.spans.add(CODER, "B", "bribery", 0, 6)
        packet.coders.set_done(CODER, "B")
    (folder / "spans.csv").write_text(",".join(HEADER[:1] + HEADER[2:]) + "\nB,bribery,0,6\n", encoding="utf-8")
    (folder / "corrected.txt").write_text("They took ninety percent of the wage.", encoding="utf-8")
    memo = {"record": "memo", "id": "0" * 31 + "2", "kind": "code", "document": None, "code": "bribery"}
    memo |= {"author": "ann", "created_at": "2026-12-07T10:00:00Z", "updated_at": "2026-12-07T10:00:00Z", "text": "x"}
    (folder / "memos.jsonl").write_text(json.dumps(memo) + "\n", encoding="utf-8")
    (folder / "register-in.json").write_text('{"register": [{"original": "Simyang"}]}', encoding="utf-8")
    (folder / "attributes.csv").write_text("document,region\nA,north\n", encoding="utf-8")
    codebook = (folder / "codebook.yaml").read_text(encoding="utf-8")
    (folder / "renamed.yaml").write_text(codebook.replace("name: Bribery", "name: Bribes"), encoding="utf-8")
    return span.id


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The folder every invocation gets a copy of, and bob's span id in it."""
    folder = tmp_path_factory.mktemp("coder-option") / "project"
    return folder, _build_folder(folder)


def every_leaf_command() -> list[str]:
    """Every command that runs something as typed after `annotator`, with `speakers` and `suggest` (they list by themselves)."""
    return [path for path, command in command_tree(cli) if not isinstance(command, click.Group)] + [
        "speakers",
        "suggest",
    ]


def _trail(folder: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    """What each project file in `folder` holds that a coder's name decides, times and random ids left out."""
    queries = {
        "events": "SELECT coder, kind, entity FROM events ORDER BY id",
        "spans": "SELECT coder, document_id, code_id, start_offset, end_offset FROM spans ORDER BY 1, 2, 3, 4, 5",
        "progress": "SELECT coder, document_id, done FROM progress ORDER BY 1, 2",
        "coders": "SELECT name FROM coders ORDER BY 1",
    }
    trail = []
    for path in sorted(folder.rglob("*.db")):
        conn = sqlite3.connect(path)
        try:
            trail.extend((f"{path.name} {name}", conn.execute(sql).fetchall()) for name, sql in queries.items())
        finally:
            conn.close()
    return trail


def _run(template: tuple[Path, str], where: Path, args: list[str], env_coder: str, monkeypatch) -> tuple[object, ...]:
    folder, span_id = template
    shutil.copytree(folder, where)
    monkeypatch.chdir(where)
    runner = CliRunner(env={"ANNOTATOR_CODER": env_coder, "ANNOTATOR_DB": "p.db", "VISUAL": "true", "EDITOR": None})
    result = runner.invoke(cli, [span_id if arg == "SPAN" else arg for arg in args], catch_exceptions=False)

    def plain(text: str) -> str:
        return re.sub(r"\b[0-9a-f]{32}\b", "ID", text.replace(str(where), "FOLDER"))

    files = sorted(str(path.relative_to(where)) for path in where.rglob("*") if path.is_file())
    return result.exit_code, plain(result.stdout), plain(result.stderr), files, _trail(where)


def test_the_table_names_every_command() -> None:
    assert sorted(ARGUMENTS) == sorted(every_leaf_command())


@pytest.mark.parametrize("command", every_leaf_command())
def test_coder_before_after_and_from_the_environment_do_the_same(
    command: str, template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, str]] = []
    # The coding screen cannot run here: record whom it would open as.
    monkeypatch.setattr("annotator.tui.run_app", lambda db, coder, **_: opened.append((str(db), coder)))
    words = command.split()
    before = _run(template, tmp_path / "before", ["--coder", CODER, *words, *ARGUMENTS[command]], "zelda", monkeypatch)
    after = _run(template, tmp_path / "after", [*words, "--coder", CODER, *ARGUMENTS[command]], "zelda", monkeypatch)
    environment = _run(template, tmp_path / "environment", [*words, *ARGUMENTS[command]], CODER, monkeypatch)
    assert before == after == environment
    assert "zelda" not in repr(before)
    assert len(set(opened)) <= 1 and all(coder == CODER for _, coder in opened)


def test_matrix_counts_every_coder_whoever_runs_it_and_spans_of_narrows(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_coder = ["matrix", "--cols", "coder", "--hide-empty"]
    every = _run(template, tmp_path / "every", by_coder, "ann", monkeypatch)[1]
    assert "ann" in str(every) and "bob" in str(every)
    only = _run(template, tmp_path / "only", [*by_coder, "--spans-of", "bob"], "ann", monkeypatch)[1]
    assert "bob" in str(only) and "ann" not in str(only)


def test_status_lists_as_many_coders_as_it_counts_with_their_done_marks(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = str(_run(template, tmp_path / "status", ["status"], "ann", monkeypatch)[1])
    counted = int(re.search(r"(\d+) coders", status).group(1))  # type: ignore[union-attr]
    listed = re.findall(r"^  (\S+): (\d+) spans, (\d+) of (\d+) documents done$", status, flags=re.MULTILINE)
    assert counted == len(listed) == 3
    assert listed == [("ann", "1", "1", "3"), ("bob", "1", "0", "3"), ("tester", "0", "0", "3")]


def test_speakers_of_a_document_without_turns_says_so(
    template: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stderr = _run(template, tmp_path / "speakers", ["speakers", "A"], "ann", monkeypatch)[2]
    assert stderr.startswith("no transcript turns in document 'A' ")
