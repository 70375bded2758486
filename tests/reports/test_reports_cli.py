"""`annotator report codebook|query|grid|memos` on the bundled corpus: every quote there, the same bytes twice, nothing from outside."""

from __future__ import annotations

import csv
import io
import sqlite3
import stat
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from tests.reports.conftest import HOSTILE

REPORTS = {
    "codebook": ("codebook", "--coders", "report,ana"),
    "query": ("query", "wage-deduction OR bribery", "--coders", "report,ana", "--group-by", "document"),
    "grid": ("grid", "--coders", "report,ana"),
}


def _spans_by_code(db: Path, coders: tuple[str, ...]) -> Counter[str]:
    """Each code's distinct coded segments of these coders, as their texts (what a report quotes)."""
    marks = ", ".join("?" for _ in coders)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            f"SELECT DISTINCT code_id, document_id, start_offset, end_offset, text FROM spans WHERE coder IN ({marks})",
            coders,
        ).fetchall()
    return Counter(text.strip() for *_, text in rows)


def _docx_quotes(path: Path) -> Counter[str]:
    word = docx.Document(str(path))
    return Counter(p.text.strip() for p in word.paragraphs if p.style is not None and p.style.name == "Quote")


def test_codebook_docx_holds_every_quote_of_the_chosen_coders(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "codebook.docx"
    result = run_cli("--db", bundled, "report", "codebook", "--coders", "report,ana", "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    assert _docx_quotes(out) == _spans_by_code(bundled, ("report", "ana"))
    headings = [
        p.text for p in docx.Document(str(out)).paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert "Wage deduction and state extraction" in headings and "Testimony A: Interviewee A" in headings


def test_codebook_for_one_coder_leaves_the_others_out(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "ana.docx"
    assert (
        run_cli("--db", bundled, "--coder", "ana", "report", "codebook", "--format", "docx", "-o", out).exit_code == 0
    )
    assert _docx_quotes(out) == _spans_by_code(bundled, ("ana",))
    assert sum(_docx_quotes(out).values()) == 3


def test_grid_docx_holds_every_quote_and_the_cell_summary(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid.docx"
    assert (
        run_cli("--db", bundled, "report", "grid", "--coders", "report,ana", "--format", "docx", "-o", out).exit_code
        == 0
    )
    assert _docx_quotes(out) == _spans_by_code(bundled, ("report", "ana"))
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Summary by lead: A pays the embassy first." in texts


def test_query_docx_holds_its_hits(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "query.docx"
    result = run_cli("--db", bundled, "report", *REPORTS["query"], "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(f"file:{bundled}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT DISTINCT document_id, start_offset, end_offset, text FROM spans"
            " WHERE coder IN ('report', 'ana') AND code_id IN ('wage-deduction', 'bribery')"
        ).fetchall()
    assert _docx_quotes(out) == Counter(text.strip() for *_, text in rows)


def _headings(path: Path, style: str) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style is not None and p.style.name == style]


@pytest.mark.parametrize("group_by", ["code", "attribute:gender"])
def test_query_grouped_by_code_or_attribute_holds_the_same_hits(
    run_cli, bundled: Path, tmp_path: Path, group_by: str
) -> None:
    by_document = tmp_path / "by-document.docx"
    assert run_cli("--db", bundled, "report", *REPORTS["query"], "--format", "docx", "-o", by_document).exit_code == 0
    grouped = tmp_path / "grouped.docx"
    args = ("query", "wage-deduction OR bribery", "--coders", "report,ana", "--group-by", group_by)
    result = run_cli("--db", bundled, "report", *args, "--format", "docx", "-o", grouped)
    assert result.exit_code == 0, result.output
    if group_by == "code":  # a passage with both codes is quoted under each
        assert set(_docx_quotes(grouped)) == set(_docx_quotes(by_document))
        assert [heading.split(" (")[0] for heading in _headings(grouped, "Heading 1")] == [
            "Bribery",
            "Wage deduction and state extraction",
        ]  # codebook order
    else:
        assert _docx_quotes(grouped) == _docx_quotes(by_document)
        assert [heading.split(" (")[0] for heading in _headings(grouped, "Heading 1")] == [
            "gender: Female",
            "gender: Male",
        ]


def test_grid_rows_by_attribute_sum_the_testimonies(run_cli, bundled: Path, tmp_path: Path) -> None:
    def counts(rows: str) -> list[list[str]]:
        out = tmp_path / f"{rows.replace(':', '-')}.csv"
        args = ("report", "grid", "--rows", rows, "--counts", "--codes", "wage-deduction,bribery", "--format", "csv")
        assert run_cli("--db", bundled, "--coder", "report", *args, "-o", out).exit_code == 0
        return list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))

    def total(rows: list[list[str]], column: int) -> int:
        return sum(int(row[column].rsplit("\n", 1)[-1]) for row in rows[1:])

    by_testimony, by_gender = counts("documents"), counts("attribute:gender")
    assert by_gender[0] == ["gender", "Bribery", "Wage deduction and state extraction"]
    assert [row[0] for row in by_gender[1:]] == ["gender: Female", "gender: Male"]
    assert [total(by_gender, column) for column in (1, 2)] == [total(by_testimony, column) for column in (1, 2)]


@pytest.mark.parametrize("report", [*sorted(REPORTS), "memos"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_markdown_and_html_are_the_same_bytes_twice(
    run_cli, bundled: Path, tmp_path: Path, report: str, fmt: str
) -> None:
    outputs = []
    for run in (1, 2):
        out = tmp_path / f"{report}-{run}.{fmt}"
        result = run_cli("--db", bundled, "report", *REPORTS.get(report, ("memos",)), "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > (300 if report == "memos" else 1000)


def test_memos_docx_holds_every_memo(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "memos.docx"
    assert run_cli("--db", bundled, "report", "memos", "--format", "docx", "-o", out).exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for memo in ("Plan: wages first.", "A pays the embassy first.", "Deductions cluster in Russia. " + HOSTILE):
        assert memo in text
    assert text.count(HOSTILE) == 2  # in the code memo and in the span memo


class _Outside(HTMLParser):
    """Every tag, attribute and style text of a page, to look for what would load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += attrs
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


@pytest.mark.parametrize("report", [*sorted(REPORTS), "memos"])
def test_html_loads_nothing_from_outside(run_cli, bundled: Path, tmp_path: Path, report: str) -> None:
    out = tmp_path / f"{report}.html"
    args = REPORTS.get(report, ("memos",))
    assert run_cli("--db", bundled, "report", *args, "--format", "html", "-o", out).exit_code == 0
    page = _Outside()
    page.feed(out.read_text(encoding="utf-8"))
    assert page.tags.isdisjoint(
        {"script", "img", "link", "iframe", "object", "embed", "audio", "video", "source", "base", "a"}
    )
    assert [name for name, _ in page.attributes if name in ("src", "href", "srcset", "action", "style")] == []
    assert "url(" not in page.style and "@import" not in page.style and "http" not in page.style
    if report in ("codebook", "memos"):  # the hostile memo is there, as text
        assert "&lt;img src=&quot;http://example.org/x.png&quot;&gt;" in out.read_text(encoding="utf-8")


def test_markdown_shows_a_hostile_memo_as_text(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "memos.md"
    assert run_cli("--db", bundled, "report", "memos", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert HOSTILE not in text and "\\<img src=" in text and "\\[link\\](http://example.org)" in text
    assert "## On codes (1 memo)" in text and "## On spans (1 memo)" in text


def test_default_output_is_owner_only_under_exports(run_cli, bundled: Path, tmp_path: Path) -> None:
    result = run_cli("--db", bundled, "--coder", "report", "report", "codebook", "--quotes", "1")
    assert result.exit_code == 0, result.output
    written = tmp_path / "exports" / "bundled-codebook.md"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "exports").stat().st_mode) == 0o700
    assert "Showing 1 of 10 quotes (--quotes 1)." in written.read_text(encoding="utf-8")


def test_grid_csv_for_a_spreadsheet(run_cli, bundled: Path, tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = ("--db", bundled, "--coder", "report", "report", "grid", "--counts", "--codes", "wage-deduction,bribery")
    assert run_cli(*args, "--format", "csv", "--excel", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert text.startswith("\ufeff")
    assert rows[0] == ["testimony", "Bribery", "Wage deduction and state extraction"]  # codebook order
    assert rows[1] == ["Testimony A: Interviewee A", "0", "Summary by lead: A pays the embassy first.\n\n1"]
    assert len(rows) == 19  # the header and the 18 testimonies
