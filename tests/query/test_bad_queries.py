"""Bad queries: one line saying what is wrong, then the query with a caret under the place; exit status 1,
nothing written (neither the -o file nor a saved query)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import database_fingerprint

LONG = ("bribery OR " * 9_091)[:100_000]  # 100,000 characters

# (arguments after `query`, what the message says, the query column the caret points at; 0: no caret)
CASES = [
    (["(bribery AND recruitment"], "expected ')' closing the '(' of column 1", 25),
    (["bribery AND recruitment)"], "')' without its '('", 24),
    (["bribery AND brbery"], "unknown code 'brbery'", 13),
    (["bribery", "--where", "nation=Russia"], "unknown attribute 'nation'", 1),
    (["--document", "A", "bribery FOLLOWS recruitment WITHIN 1 turns"], "no document looked at is a transcript", 38),
    (["bribery", "--in", "chapter"], "unknown unit 'chapter'", 0),
    (["bribery NEAR recruitment IN chapter"], "NEAR ... IN takes one of", 29),
    (["AT LEAST 3 OF (bribery, motives)"], "can never be met", 10),
    (["NOT bribery"], "NOT has nothing to take from", 1),
    (["   "], "the query is empty", 0),
    ([""], "the query is empty", 0),
    ([LONG], "the query is 100,000 characters long; at most 10,000", 10_001),
    (['"bribery'], "a quote without its closing quote", 1),
    (["@nothing-saved"], "no saved query 'nothing-saved'", 1),
]


@pytest.mark.parametrize(("args", "message", "column"), CASES, ids=[case[1][:40] for case in CASES])
def test_a_bad_query_is_refused_pointing_at_the_place(
    run_cli, coded_corpus: Path, tmp_path: Path, args: list[str], message: str, column: int
) -> None:
    before = database_fingerprint(coded_corpus)
    target = tmp_path / "hits.csv"
    result = run_cli("--db", coded_corpus, "query", *args, "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(line.startswith("annotator: ") for line in lines), lines
    assert message in lines[0]
    if column:
        assert f"(column {column})" in lines[0]
        assert len(lines) == 3 and lines[2].rstrip().endswith("^"), lines
        assert len(lines[1]) < 100  # a long query is shown around the place, not whole
    else:
        assert len(lines) == 1, lines
    assert not target.exists()
    assert database_fingerprint(coded_corpus) == before


def test_the_caret_stands_under_the_column(run_cli, coded_corpus: Path) -> None:
    result = run_cli("--db", coded_corpus, "query", "bribery AND brbery")
    _, shown, caret = result.stderr.splitlines()
    assert shown[caret.index("^")] == "b" and shown[caret.index("^") :].startswith("brbery")


def test_a_query_that_cannot_run_is_not_saved(run_cli, coded_corpus: Path) -> None:
    before = database_fingerprint(coded_corpus)
    result = run_cli("--db", coded_corpus, "--coder", "ana", "queries", "save", "bad", "bribery AND (")
    assert result.exit_code == 1 and "column 14" in result.stderr
    assert database_fingerprint(coded_corpus) == before


def test_search_refuses_an_empty_term_and_an_unknown_attribute(run_cli, coded_corpus: Path) -> None:
    assert "give a word" in run_cli("--db", coded_corpus, "search", "  * ").stderr
    result = run_cli("--db", coded_corpus, "search", "bribery", "--where", "nation~Russia")
    assert result.exit_code == 1 and "unknown attribute 'nation'" in result.stderr


def test_control_characters_in_a_query_never_reach_the_terminal_raw(run_cli, coded_corpus: Path) -> None:
    result = run_cli("--db", coded_corpus, "query", "bribery AND \x1b[31mred\u202e")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "unknown code" in result.stderr


def test_an_unknown_coder_is_refused_rather_than_answered_with_no_hits(run_cli, coded_corpus: Path) -> None:
    result = run_cli("--db", coded_corpus, "query", "bribery", "--coders", "ana,anna")
    assert result.exit_code == 1 and "no coder 'anna'" in result.stderr
