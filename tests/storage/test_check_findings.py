"""`annotator check` over memos (and their word index), saved queries, the pseudonym register and its candidates,
suggestions and their rejections: a copy damaged by hand has each fault named in one line, a sound one none."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.pseudonyms import Candidate
from annotator.domain.suggestions import Suggestion, suggestion_id
from annotator.storage import Project
from annotator.storage.check import check_database, rebuild_span_totals
from tests.support import SMALL_TEXTS
from tests.support.tampering import damage
from tests.support.tampering import faults as check_faults

BRIBE = SMALL_TEXTS["A"].index("bribe")
OFFERED = suggestion_id("ann", "A", 38, 67, "bribery")
TAKEN_AWAY = suggestion_id("ann", "A", 0, 37, "wage-deduction")


def _with_findings(path: Path) -> str:
    """Write one of each new kind of row through the library; returns the project memo's id."""
    with Project.open(path) as project:
        memo = str(project.memos.add("lead", "project", "What the study asks.").detail["memo"])
        project.memos.add("ann", "document", "Read twice.", document_id="A")
        project.queries.save("lead", "bribes", "bribery AND NOT surveillance", {"unit": "span"})
        project.pseudonyms.add("lead", "Chongjin", kind="place")
        project.pseudonyms.propose("lead", lambda register: [Candidate("A", BRIBE, BRIBE + 5, "bribe", "proper-noun")])
        (candidate,) = project.pseudonyms.candidates()
        project.pseudonyms.review("lead", candidate.id, "accept", kind="other")
        project.suggestions.replace_for(
            "ann",
            "A",
            [
                Suggestion(OFFERED, "A", 38, 67, "bribery", 0.8, "bribe", "sentence", "t-1"),
                Suggestion(TAKEN_AWAY, "A", 0, 37, "wage-deduction", 0.6, "wage", "sentence", "t-1"),
            ],
        )
        project.suggestions.reject("ann", TAKEN_AWAY)
    return memo


def test_a_sound_project_with_every_new_kind_of_row_has_no_fault(small_project: Path, run_cli) -> None:
    _with_findings(small_project)
    assert check_faults(small_project) == []
    assert run_cli("--db", small_project, "check").exit_code == 0


REJECTION = "rejection by 'ann' of 'wage-deduction' in 'A' at 0-37"
DAMAGES = [
    pytest.param(
        ("DROP TRIGGER memo_words_update", "UPDATE memos SET text = 'Changed by hand.' WHERE id = '{memo}'"),
        "text index: memo_words memo {memo}: differs from the memos table; rebuild with "
        "`annotator check --repair-totals`",
        id="memo-index-stale",
    ),
    pytest.param(
        ("DELETE FROM memo_words WHERE memo_id = '{memo}'",),
        "text index: memo_words memo {memo}: is missing; rebuild with `annotator check --repair-totals`",
        id="memo-index-missing",
    ),
    pytest.param(
        ("UPDATE memos SET text = 'ring' || char(7) WHERE id = '{memo}'",),
        "memos: memo '{memo}': its text is refused by the memo rule: a memo may hold no control character but "
        "line breaks and tabs",
        id="memo-control-character",
    ),
    pytest.param(
        ("UPDATE memos SET kind = 'chapter' WHERE id = '{memo}'",),
        "memos: memo '{memo}': has kind 'chapter', which is none of project, document, code, grid",
        id="memo-kind",
    ),
    pytest.param(
        ("UPDATE memos SET author = 'ghost' WHERE id = '{memo}'",),
        "memos: memo '{memo}': names author 'ghost', who does not exist",
        id="memo-author",
    ),
    pytest.param(
        ("UPDATE saved_queries SET options = 'not json'",),
        "saved queries: saved query 'bribes': its options are not a JSON object",
        id="query-options",
    ),
    pytest.param(
        ("UPDATE saved_queries SET expression = ' '",),
        "saved queries: saved query 'bribes': has no expression",
        id="query-expression",
    ),
    pytest.param(
        ("UPDATE saved_queries SET coder = 'ghost'",),
        "saved queries: saved query 'bribes': names coder 'ghost', who does not exist",
        id="query-coder",
    ),
    pytest.param(
        ("UPDATE pseudonyms SET kind = 'planet' WHERE id = 1",),
        "pseudonyms: register entry '1': has kind 'planet', which is none of person, place, organisation, date, "
        "id, other",
        id="entry-kind",
    ),
    pytest.param(
        ("UPDATE pseudonyms SET method = 'guess' WHERE id = 1",),
        "pseudonyms: register entry '1': has method 'guess', which is none of automatic, pseudonym, generalisation",
        id="entry-method",
    ),
    pytest.param(
        ("UPDATE pseudonyms SET variants = '{{}}' WHERE id = 1",),
        "pseudonyms: register entry '1': its variants are not a JSON list of texts",
        id="entry-variants",
    ),
    pytest.param(
        ("UPDATE pseudonyms SET replacement = '  ' WHERE id = 1",),
        "pseudonyms: register entry '1': its replacement is empty",
        id="entry-replacement",
    ),
    pytest.param(
        ("UPDATE pseudonym_candidates SET document_id = 'Z'",),
        f"pseudonym candidates: candidate '1' in 'Z' at {BRIBE}-{BRIBE + 5}: names document 'Z', which does not exist",
        id="candidate-document",
    ),
    pytest.param(
        ("UPDATE pseudonym_candidates SET end_offset = 9999",),
        f"pseudonym candidates: candidate '1' in 'A' at {BRIBE}-9999: ends past the document's text",
        id="candidate-past-end",
    ),
    pytest.param(
        ("UPDATE pseudonym_candidates SET text = 'bribes'",),
        f"pseudonym candidates: candidate '1' in 'A' at {BRIBE}-{BRIBE + 5}: its stored text differs from the "
        "document at its offsets",
        id="candidate-text",
    ),
    pytest.param(
        ("UPDATE pseudonym_candidates SET entry = 99",),
        f"pseudonym candidates: candidate '1' in 'A' at {BRIBE}-{BRIBE + 5}: is accepted into register entry 99, "
        "which does not exist",
        id="candidate-entry",
    ),
    pytest.param(
        ("UPDATE pseudonym_candidates SET status = 'maybe'",),
        f"pseudonym candidates: candidate '1' in 'A' at {BRIBE}-{BRIBE + 5}: has status 'maybe', which is none of "
        "unreviewed, accepted, variant, rejected",
        id="candidate-status",
    ),
    pytest.param(
        (f"UPDATE suggestions SET end_offset = 9999 WHERE id = '{OFFERED}'",),
        f"suggestions: suggestion '{OFFERED}' of 'bribery' in 'A' at 38-9999: ends past the document's text",
        id="suggestion-past-end",
    ),
    pytest.param(
        (f"UPDATE suggestions SET code_id = 'ghost' WHERE id = '{OFFERED}'",),
        f"suggestions: suggestion '{OFFERED}' of 'ghost' in 'A' at 38-67: names code 'ghost', which does not exist",
        id="suggestion-code",
    ),
    pytest.param(
        ("UPDATE suggestion_rejections SET document_id = 'Z'",),
        "suggestion rejections: rejection by 'ann' of 'wage-deduction' in 'Z' at 0-37: names document 'Z', "
        "which does not exist",
        id="rejection-document",
    ),
    pytest.param(
        ("UPDATE suggestion_rejections SET start_offset = 40",),
        "suggestion rejections: rejection by 'ann' of 'wage-deduction' in 'A' at 40-37: its offsets are not "
        "0 <= start < end",
        id="rejection-offsets",
    ),
    pytest.param(
        ("UPDATE suggestion_rejections SET coder = 'ghost'",),
        "suggestion rejections: rejection by 'ghost' of 'wage-deduction' in 'A' at 0-37: names coder 'ghost', "
        "who does not exist",
        id="rejection-coder",
    ),
]


@pytest.mark.parametrize(("statements", "expected"), DAMAGES)
def test_check_names_a_fault_of_the_new_tables_in_one_line(
    small_project: Path, run_cli, statements: tuple[str, ...], expected: str
) -> None:
    memo = _with_findings(small_project)
    damage(small_project, *(statement.format(memo=memo) for statement in statements))
    result = run_cli("--db", small_project, "check")
    assert result.exit_code == 1
    assert expected.format(memo=memo) in result.stdout.splitlines()
    # Each of our faults is named once; SQLite's own reference check may add its line for a foreign key.
    ours = [line for line in result.stdout.splitlines() if not line.startswith("references: ")]
    assert ours == [expected.format(memo=memo)]
    for text in SMALL_TEXTS.values():  # ids and offsets, never testimony
        assert not any(sentence in result.stdout for sentence in text.split(". ") if len(sentence) > 6)


def test_repair_refills_the_memo_index(small_project: Path) -> None:
    memo = _with_findings(small_project)
    damage(small_project, f"DELETE FROM memo_words WHERE memo_id = '{memo}'")
    with Project.open(small_project) as project:
        rebuild_span_totals(project.db)
        assert list(check_database(project.db)) == []


def test_candidates_found_in_titles_and_attribute_values_are_checked_against_them(tmp_path: Path, run_cli) -> None:
    """Detection reads titles and attribute values too ("Abu Dhabi" is only a `country`): their offsets are
    into that field, so a clean project with such candidates passes the check, and a forged one is named."""
    from annotator.exchange.new_project import init_project
    from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS

    db = tmp_path / "annotator.db"
    init_project(db, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead").close()
    assert run_cli("--db", db, "pseudonyms", "detect").exit_code == 0
    conn = sqlite3.connect(db)
    try:
        fields = {row[0] for row in conn.execute("SELECT DISTINCT field FROM pseudonym_candidates")}
    finally:
        conn.close()
    assert "" in fields and any(field.startswith("attribute:") for field in fields)
    result = run_cli("--db", db, "check")
    assert result.exit_code == 0, result.stdout
    damage(db, "UPDATE pseudonym_candidates SET text = 'Elsewhere' WHERE field LIKE 'attribute:%'")
    result = run_cli("--db", db, "check")
    assert result.exit_code == 1
    assert "its stored text differs from the document at its offsets" in result.stdout
