"""Reports refuse what they cannot do in one line, before writing anything; an empty result is an empty report that says why."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from annotator.reports.markdown import escape
from annotator.reports.model import Heading, Paragraph, Quote, Report, Table
from annotator.reports.writing import render
from tests.support.bad_input import assert_one_line_refusal


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("codebook", "--code", "no-such-code"), "no-such-code"),
        (("grid", "--codes", "bribery,no-such-code"), "no-such-code"),
        (("codebook", "--coders", "nobody"), "nobody"),
        (("query", "bribery AND brbery"), "brbery"),
        (("query", "bribery", "--group-by", "attribute:shoe-size"), "shoe-size"),
        (("grid", "--rows", "attribute:shoe-size"), "shoe-size"),
        (("grid", "--rows", "coders"), "coders"),
        (("grid", "--excel"), "--excel"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    run_cli, bundled: Path, tmp_path: Path, args: tuple[str, ...], named: str
) -> None:
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    result = run_cli("--db", bundled, "--coder", "report", "report", *args, "-o", out)
    if args[0] == "query" and "brbery" in args[1]:
        assert result.exit_code == 1 and "unknown code 'brbery'" in result.stderr  # a caret line follows
    else:
        assert_one_line_refusal(result, named)
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("report", "formats"),
    [
        (("codebook",), ("md", "html", "docx")),
        (("query", "bribery"), ("md", "html", "docx")),
        (("grid",), ("md", "html", "docx", "csv")),
        (("memos",), ("md", "html", "docx")),
    ],
)
def test_a_read_only_folder_is_refused_and_nothing_is_left(
    run_cli, bundled: Path, tmp_path: Path, report: tuple[str, ...], formats: tuple[str, ...]
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        for fmt in formats:
            out = folder / f"{report[0]}.{fmt}"
            result = run_cli("--db", bundled, "--coder", "report", "report", *report, "--format", fmt, "-o", out)
            assert "is read-only" in assert_one_line_refusal(result, out)
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o700)


def test_an_empty_query_result_is_an_empty_report_that_says_why(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.md"
    result = run_cli("--db", bundled, "--coder", "report", "report", "query", "bribery AND surveillance", "-o", out)
    assert result.exit_code == 0 and "wrote 0 quote(s)" in result.stdout
    assert (
        "*No passage answers this query for the chosen coders and documents: the report is empty.*" in out.read_text()
    )


def test_a_code_nobody_used_says_so(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.md"
    assert (
        run_cli("--db", bundled, "--coder", "report", "report", "codebook", "--code", "bribery", "-o", out).exit_code
        == 0
    )
    assert "*No quotes: the chosen coders coded nothing with this code here.*" in out.read_text()


def test_every_text_passes_through_the_one_filter() -> None:
    blocks = [
        Heading(2, "Bribery"),
        Paragraph("Kim paid"),
        Quote("Kim said so", "A, characters 0–11", (("name", "Kim"),), ("memo: Kim",)),
        Table("Kim", ("who",), (("Kim",),)),
    ]
    for fmt in ("md", "html"):
        out = io.StringIO()
        render(Report("Kim's report", iter(blocks)), fmt, out, text_filter=lambda text: text.replace("Kim", "P1"))
        assert "Kim" not in out.getvalue() and out.getvalue().count("P1") >= 7  # the HTML names its title twice


def test_markdown_escape_keeps_data_from_becoming_markup() -> None:
    assert escape("# a\n- b\n1. c\n 12) d\nwell 3. e") == "\\# a\n\\- b\n1\\. c\n 12\\) d\nwell 3. e"
    assert escape("<b>*x*</b> [a](b) `c` | d") == "\\<b\\>\\*x\\*\\</b\\> \\[a\\](b) \\`c\\` \\| d"
