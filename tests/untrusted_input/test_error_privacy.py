"""No testimony in error messages: every refusal we can trigger with testimony nearby keeps it out of stderr.

The privacy promise rules out quotes, memos and document text in messages (they end up in
terminals, shell histories, issue reports). Each case below puts testimony where a careless
message would echo it: a text column that does not match, cells in the wrong column, an
unclosed quote around testimony, conflicting memos, a REFI selection whose quoted name moved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.errors import InputError
from annotator.exchange.packet import make_packet
from annotator.exchange.refi.importing import create_from_qdpx
from annotator.storage import Project
from tests.support import SMALL_TEXTS, database_fingerprint
from tests.support.bad_input import assert_one_line_refusal, leaked_testimony, write_rows
from tests.support.cli import HEADER
from tests.support.exchange import SOURCE, make_qdpx, selection, single_source_qde

A, B = SMALL_TEXTS["A"], SMALL_TEXTS["B"]
LONG_QUOTE = A[:60]  # longer than any value a message may show
MEMO = "She told me the manager kept every passport in his office safe."

ROWS_WITH_TESTIMONY = {
    "text column differs": [[*HEADER, "text"], ["A", "ann", "bribery", 0, 28, B[:28]]],
    "testimony in the document column": [HEADER, [LONG_QUOTE, "ann", "bribery", 0, 4]],
    "testimony in the code column": [HEADER, ["A", "ann", LONG_QUOTE, 0, 4]],
    "testimony with a line break in the code column": [HEADER, ["A", "ann", A[:20] + "\n" + A[20:30], 0, 4]],
    "testimony in the coder column": [HEADER, ["A", A[:120] + ", " + A[:10], "bribery", 0, 4]],
    "testimony in the start column": [HEADER, ["A", "ann", "bribery", A[:15], 4]],
    "testimony in the end column": [HEADER, ["A", "ann", "bribery", 0, LONG_QUOTE]],
}


@pytest.mark.parametrize("rows", ROWS_WITH_TESTIMONY.values(), ids=ROWS_WITH_TESTIMONY.keys())
def test_span_file_refusals_hold_no_testimony(run_cli, project_db: Path, tmp_path: Path, rows) -> None:
    path = write_rows(tmp_path / "spans.csv", rows)
    before = database_fingerprint(project_db)
    for args in ((), ("--add-codes",)):
        assert_one_line_refusal(run_cli("import-spans", path, "--db", project_db, *args), path)
    assert database_fingerprint(project_db) == before


def test_an_unclosed_quote_around_testimony_is_not_echoed(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        f'document,coder,code,start,end,memo\nA,ann,bribery,0,4,"{A}\nA,ann,bribery,5,9,{B}\n', encoding="utf-8"
    )
    assert_one_line_refusal(run_cli("import-spans", path, "--db", project_db), path)


def test_a_corpus_coding_file_refusal_holds_no_testimony(run_cli, corpus: Path, tmp_path: Path) -> None:
    (corpus / "corpus.json").write_text('{"codings": ["coding.csv"]}', encoding="utf-8")
    coding = write_rows(corpus / "coding.csv", [[*HEADER, "text"], ["A", "report", "bribery", 0, 28, B[:28]]])
    result = run_cli("init", "--corpus", corpus, "--codebook", tmp_path / "codebook.yaml", "--db", tmp_path / "new.db")
    assert_one_line_refusal(result, coding)


def test_a_codebook_example_that_breaks_a_rule_is_not_quoted(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text(
        f"codes:\n  - id: a\n    name: A\n    examples:\n      - quote: {A[:50]}\n        page: 3\n", encoding="utf-8"
    )
    result = run_cli("codebook", "check", path)
    assert result.exit_code == 1 and leaked_testimony(result.stderr) is None and "Traceback" not in result.stderr


def test_merge_conflicts_name_memos_without_quoting_them(run_cli, project_db: Path, tmp_path: Path) -> None:
    with Project.open(project_db) as project:
        packet_path = make_packet(project, tmp_path / "packet.db", "cho").path
    with Project.open(packet_path) as packet:
        span = packet.spans.add("cho", "A", "bribery", 38, 67)
    assert run_cli("merge", packet_path, "--db", project_db).exit_code == 0
    with Project.open(project_db) as project:
        project.spans.set_memo("cho", span.id, MEMO)
    with Project.open(packet_path) as packet:
        packet.spans.set_memo("cho", span.id, A)
    result = run_cli("merge", packet_path, "--db", project_db)
    assert "conflict:" in result.stderr
    assert leaked_testimony(result.stderr, [A, B, MEMO]) is None, result.stderr


def test_a_refi_selection_whose_quoted_name_moved_is_not_quoted(tmp_path: Path) -> None:
    qde = single_source_qde(selection(0, 40, name=A[:40]), origin="annotator 0.1.0")
    qdpx = make_qdpx(tmp_path / "in.qdpx", qde, {f"sources/{SOURCE}.txt": B.encode()})
    with pytest.raises(InputError) as caught:
        create_from_qdpx(qdpx, tmp_path / "in.db", coder="me")
    assert "is not at 0-40" in str(caught.value)
    assert leaked_testimony(str(caught.value), [A, B]) is None


def test_the_leak_detector_finds_a_leak() -> None:
    # The checks above could pass vacuously if the detector were broken.
    assert leaked_testimony(f"refused: {A[10:25]!r}") == A[10:22]
    assert leaked_testimony("refused: row 3, offsets 0-4") is None
