"""Bad CSV files for import-spans and a corpus's coding files: one line naming file and line, nothing written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.domain.limits import MAX_CSV_FIELD
from annotator.domain.offsets import parse_offset
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal, write_rows
from tests.support.cli import HEADER

LONG_MEMO = "m" * 200_000


def refused(run_cli, db: Path, path: Path, *args: str) -> str:
    before = database_fingerprint(db)
    result = run_cli("import-spans", path, "--db", db, *args)
    line = assert_one_line_refusal(result, path)
    assert database_fingerprint(db) == before
    return line


def test_a_memo_longer_than_the_csv_default_limit_is_imported(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "memo.csv", [[*HEADER, "memo"], ["A", "ann", "bribery", 0, 4, LONG_MEMO]])
    result = run_cli("import-spans", path, "--db", project_db)
    assert result.exit_code == 0, result.stderr
    with Project.open(project_db) as project:
        assert [span.memo for span in project.spans.select()] == [LONG_MEMO]


def test_a_corpus_coding_file_with_a_long_memo_is_imported(run_cli, corpus: Path, tmp_path: Path) -> None:
    (corpus / "corpus.json").write_text('{"codings": ["coding.csv"]}', encoding="utf-8")
    write_rows(corpus / "coding.csv", [[*HEADER, "memo"], ["A", "report", "bribery", 0, 4, LONG_MEMO]])
    result = run_cli("init", "--corpus", corpus, "--codebook", tmp_path / "codebook.yaml", "--db", tmp_path / "new.db")
    assert result.exit_code == 0, result.stderr
    with Project.open(tmp_path / "new.db") as project:
        assert [span.memo for span in project.spans.select()] == [LONG_MEMO]


def test_a_cell_over_the_limit_is_refused(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "huge.csv", [[*HEADER, "memo"], ["A", "ann", "bribery", 0, 4, "m" * (MAX_CSV_FIELD + 1)]]
    )
    line = refused(run_cli, project_db, path)
    assert f"{path}:2: a cell holds more than {MAX_CSV_FIELD:,} characters" in line


def test_a_corpus_coding_file_with_a_cell_over_the_limit_creates_nothing(run_cli, corpus: Path, tmp_path: Path) -> None:
    (corpus / "corpus.json").write_text('{"codings": ["coding.csv"]}', encoding="utf-8")
    coding = write_rows(
        corpus / "coding.csv", [[*HEADER, "memo"], ["A", "report", "bribery", 0, 4, "m" * (MAX_CSV_FIELD + 1)]]
    )
    result = run_cli("init", "--corpus", corpus, "--codebook", tmp_path / "codebook.yaml", "--db", tmp_path / "new.db")
    assert f"{coding}:2:" in assert_one_line_refusal(result, coding)
    assert not (tmp_path / "new.db").exists()


def test_an_unterminated_quote_is_refused(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        'document,coder,code,start,end,memo\nA,ann,bribery,0,4,fine\nA,ann,bribery,5,9,"never closed\nA,ann,bribery,10,14,x\n',
        encoding="utf-8",
    )
    line = refused(run_cli, project_db, path)
    assert f"{path}:3: the quote opened in the row starting on line 3 is never closed" in line


def test_a_duplicate_header_column_is_refused(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "dup.csv", [[*HEADER, "Code"], ["A", "ann", "bribery", 0, 4, "wage-deduction"]])
    line = refused(run_cli, project_db, path)
    assert line.endswith(f"{path}:1: column 'code' appears twice in the header (columns 3 and 6); keep one")


def test_a_row_with_more_cells_than_the_header_is_refused(run_cli, project_db: Path, tmp_path: Path) -> None:
    """An unquoted comma in a memo shifts the cells after it: refused, not silently cut."""
    rows = [[*HEADER, "memo"], ["A", "ann", "bribery", 0, 4, "paid", " then left"]]
    path = write_rows(tmp_path / "wide.csv", rows)
    line = refused(run_cli, project_db, path)
    assert line.endswith(f"{path}:2: has 7 cells but the header names 6; quote cells that hold commas")


def test_trailing_empty_cells_are_accepted(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "trailing.csv", [HEADER, ["A", "ann", "bribery", 0, 4, "", ""]])
    result = run_cli("import-spans", path, "--db", project_db)
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("cell", ["1_0", "١٠", "+5", " 5", "5 ", "5.0", "٥"])
def test_offsets_take_ascii_digits_only(run_cli, project_db: Path, tmp_path: Path, cell: str) -> None:
    path = write_rows(tmp_path / "offset.csv", [HEADER, ["A", "ann", "bribery", cell, 20]])
    line = refused(run_cli, project_db, path)
    assert f"{path}:2: start: {cell!r} is not a whole number written with the digits 0-9 only" in line


def test_parse_offset_takes_plain_numbers() -> None:
    assert parse_offset("0") == 0 and parse_offset("007") == 7 and parse_offset("123456789012") == 123456789012
    for bad in ("", "1_0", "١٠", "+5", " 5", "-0", "²"):
        with pytest.raises(ValueError):
            parse_offset(bad)


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("bribery\n", "holds U+000A, a control character"),
        ("bribery ", "starts or ends with spaces"),
        (" bribery", "starts or ends with spaces"),
        ("bribery\t", "holds U+0009, a control character"),
        ("bri\x07bery", "holds U+0007, a control character"),
    ],
)
def test_a_code_id_with_whitespace_or_control_characters_is_refused(
    run_cli, project_db: Path, tmp_path: Path, cell: str, problem: str
) -> None:
    path = write_rows(tmp_path / "code.csv", [HEADER, ["A", "ann", cell, 0, 4]])
    line = refused(run_cli, project_db, path, "--add-codes")
    assert f"{path}:2: code: {cell!r} {problem}" in line


@pytest.mark.parametrize("name", ["ann,bob", "a\x01b", "x" * 101])
def test_a_bad_coder_name_names_the_file_and_line(run_cli, project_db: Path, tmp_path: Path, name: str) -> None:
    path = write_rows(tmp_path / "coder.csv", [HEADER, ["A", "ann", "bribery", 0, 4], ["A", name, "bribery", 5, 9]])
    line = refused(run_cli, project_db, path)
    assert f"{path}:3: coder: coder name" in line and "is not usable" in line


def test_a_new_code_name_over_the_limit_is_refused(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "long.csv", [HEADER, ["A", "ann", "N" * 201, 0, 4]])
    line = refused(run_cli, project_db, path, "--add-codes")
    assert (
        f"{path}:2: code: code name a 201-character value is not usable: it has 201 characters, more than the 200"
        in line
    )


def test_several_korean_code_names_become_distinct_codes(run_cli, project_db: Path, tmp_path: Path) -> None:
    names = ["임금 공제", "감시", "이동 제한"]
    path = write_rows(
        tmp_path / "korean.csv", [HEADER, *[["A", "ann", name, 0, 4 + i] for i, name in enumerate(names)]]
    )
    result = run_cli("import-spans", path, "--db", project_db, "--add-codes")
    assert result.exit_code == 0, result.stderr
    with Project.open(project_db) as project:
        added = {code.name: code.id for code in project.codes.all() if code.name in names}
        assert added == {"임금 공제": "code", "감시": "code-2", "이동 제한": "code-3"}
        assert sorted(span.code_id for span in project.spans.select()) == ["code", "code-2", "code-3"]


def test_an_import_that_changes_nothing_logs_nothing(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "spans.csv", [HEADER, ["A", "ann", "bribery", 0, 4]])
    assert run_cli("import-spans", path, "--db", project_db).exit_code == 0
    exported = tmp_path / "export.csv"
    assert run_cli("export", "csv", "--db", project_db, "-o", exported).exit_code == 0
    before = database_fingerprint(project_db)
    result = run_cli("import-spans", exported, "--db", project_db)
    assert result.exit_code == 0 and "1 already present, skipped" in result.stdout
    assert database_fingerprint(project_db) == before  # no `import` event either
    # A file of only a header changes nothing too.
    header_only = write_rows(tmp_path / "header.csv", [HEADER])
    assert run_cli("import-spans", header_only, "--db", project_db).exit_code == 0
    assert database_fingerprint(project_db) == before


def test_the_exported_csv_reads_back_with_the_strict_reader(run_cli, project_db: Path, tmp_path: Path) -> None:
    # Quotes, commas, line breaks and a long memo survive a round trip under strict parsing.
    memo = 'she said "no", then\nleft; ' + LONG_MEMO
    path = write_rows(tmp_path / "spans.csv", [[*HEADER, "memo"], ["A", "ann", "bribery", 0, 4, memo]])
    assert run_cli("import-spans", path, "--db", project_db).exit_code == 0
    exported = tmp_path / "export.csv"
    assert run_cli("export", "csv", "--db", project_db, "-o", exported).exit_code == 0
    with exported.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["memo"] for row in rows] == [memo]


def test_a_span_file_not_in_utf8_names_the_file_and_line(run_cli, project_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("document,coder,code,start,end,memo\nA,ann,bribery,0,4,Größe\n".encode("latin-1"))
    line = refused(run_cli, project_db, path)
    assert f"{path}:2: is not UTF-8 text" in line
