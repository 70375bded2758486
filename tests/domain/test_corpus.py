"""The bundled corpus: documents A-R, Table 1 attributes, passages, the report coding, and its rebuild."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from annotator.domain.codebook import load_codebook
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS, REPOSITORY_ROOT

INTERVIEWEES = "ABCDEFGHIJKLMNOPQR"
SOURCE = BUNDLED_CORPUS / "source" / "003_aa2c01c1a31c3870.txt"
SHARED_SOURCE = REPOSITORY_ROOT.parent / "shared" / "seeds" / "003_aa2c01c1a31c3870.txt"
BUILD_SCRIPT = REPOSITORY_ROOT / "corpora" / "build_corpus.py"
GENERATED_FILES = [f"{letter}.txt" for letter in INTERVIEWEES] + ["corpus.json", "report-coding.csv"]
# Quotes per interviewee as read off the report by hand (README.md explains P's and K's counts).
EXPECTED_QUOTES = {
    "A": 9,
    "B": 3,
    "C": 3,
    "D": 3,
    "E": 3,
    "F": 3,
    "G": 2,
    "H": 1,
    "I": 2,
    "J": 3,
    "K": 0,
    "L": 1,
    "M": 5,
    "N": 6,
    "O": 6,
    "P": 5,
    "Q": 4,
    "R": 5,
}
# Lines where the quotes left out start: unattributed (1200, 2512), the minister (1562), P's repeat (1897).
EXCLUDED_LINES = {1200, 1562, 1897, 2512}

# Independent of corpora/build_corpus.py on purpose: a simpler reading of the same report.
ATTRIBUTION = re.compile(r"^[-.]?([A-R]) \(.*\b(?:Male|Female)\b.*\)\d*$")
TABLE_1_ROW = re.compile(r"^[A-R] (?:M|Fe) ")
FOOTNOTE_RULE = re.compile(r"^ {20,}$")


def document_texts() -> dict[str, str]:
    """Each committed document's text, decoded strictly as UTF-8."""
    return {letter: (BUNDLED_CORPUS / f"{letter}.txt").read_bytes().decode("utf-8") for letter in INTERVIEWEES}


def corpus_metadata() -> dict:
    """The committed corpus.json."""
    return json.loads((BUNDLED_CORPUS / "corpus.json").read_text(encoding="utf-8"))


def coding_rows() -> list[dict[str, str]]:
    """The committed report-coding.csv as dicts."""
    return list(
        csv.DictReader(io.StringIO((BUNDLED_CORPUS / "report-coding.csv").read_text(encoding="utf-8"), newline=""))
    )


def words(text: str) -> str:
    """The text's words joined by single spaces, padded, so `in` compares whole words only."""
    return " " + " ".join(re.findall(r"\w+", text)) + " "


def source_text_lines() -> list[tuple[int, str]]:
    """(line number, stripped text) of the report's lines outside footnote blocks and Table 1 rows."""
    kept, in_footnotes = [], False
    for number, raw in enumerate(SOURCE.read_text(encoding="utf-8").splitlines(), start=1):
        if FOOTNOTE_RULE.match(raw):
            in_footnotes = True
            continue
        if in_footnotes and not re.match(r"^ \S", raw):
            continue
        in_footnotes = False
        if raw.strip() and not TABLE_1_ROW.match(raw.strip()):
            kept.append((number, raw.strip()))
    return kept


def source_footnote_lines() -> list[str]:
    """The lines of the report's footnote blocks (between a rule of spaces and the next page)."""
    found, in_footnotes = [], False
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        if FOOTNOTE_RULE.match(raw):
            in_footnotes = True
        elif in_footnotes and re.match(r"^ \S", raw):
            in_footnotes = False
        elif in_footnotes and raw.strip():
            found.append(raw.strip())
    return found


def attributed_quotes() -> list[tuple[int, str, str]]:
    """(attribution line, speaker, quote) for every lettered attribution line of the report.

    The quote is the text from the last opening mark before the attribution line up to it, with
    footnote numbers glued to a closing mark removed.
    """
    lines = source_text_lines()
    found = []
    for index, (number, text) in enumerate(lines):
        match = ATTRIBUTION.match(text)
        if not match:
            continue
        start = max(i for i in range(index) if "“" in lines[i][1])
        quote = " ".join(line for _, line in lines[start:index])
        quote = quote[quote.index("“") :]
        found.append((number, match.group(1), re.sub(r"”\d+", "”", quote)))
    return found


# --- the documents ---------------------------------------------------------------------------


def test_eighteen_documents_and_no_others() -> None:
    """A.txt ... R.txt exist and are the only .txt files of the corpus folder."""
    assert sorted(path.name for path in BUNDLED_CORPUS.glob("*.txt")) == [f"{letter}.txt" for letter in INTERVIEWEES]


def test_document_layout() -> None:
    """One paragraph per quote, separated by one blank line, one final newline, K empty, LF only."""
    for letter, text in document_texts().items():
        assert "\r" not in text, letter
        if letter == "K":
            assert text == "", "K is quoted nowhere in the report, so K.txt is empty"
            continue
        assert text.endswith("\n") and not text.endswith("\n\n"), letter
        paragraphs = text[:-1].split("\n\n")
        assert len(paragraphs) == EXPECTED_QUOTES[letter], letter
        for paragraph in paragraphs:
            assert paragraph and "\n" not in paragraph and paragraph == paragraph.strip(), (letter, paragraph[:60])
            # Every quote opens with its mark, or with the interviewer's bracketed context (F).
            assert paragraph.startswith(("“", "(While talking")), (letter, paragraph[:60])


def test_no_footnotes_or_pdf_debris_in_testimony() -> None:
    """No footnote numbers or sentences, no page numbers, no Table 1 rows, no runs of spaces."""
    footnote_sentences = (
        "According to testimony B",
        "While China seeks for cheap labor",
        "Even the North Koreans prefer South Korean clothes",
        "North Korea Strategy Center",
        "Chosun Ilbo",
    )
    for letter, text in document_texts().items():
        assert not re.search(r"[”)]\d", text), f"{letter}: a footnote number glued to a closing mark or bracket"
        assert not re.search(r"(?m)^\s*\d", text), f"{letter}: a line starting with a number (page or footnote)"
        assert "  " not in text, f"{letter}: a run of spaces left from the PDF"
        assert "Defected-lives" not in text and "Defected- lives" not in text, f"{letter}: a Table 1 row"
        for sentence in footnote_sentences:
            assert sentence not in text, f"{letter}: footnote text {sentence!r}"


def test_no_footnote_line_of_the_report_is_in_a_document() -> None:
    """No line of any footnote block of the report appears in a document."""
    texts = document_texts()
    footnotes = [line for line in source_footnote_lines() if len(line) > 30]
    assert len(footnotes) > 20
    for line in footnotes:
        for letter, text in texts.items():
            assert words(line) not in words(text), f"{letter} holds footnote text {line!r}"


def test_every_attributed_quote_is_in_its_speakers_document_and_no_other() -> None:
    """For each attribution line of the report, the quote before it is in that speaker's document only."""
    texts = {letter: words(text) for letter, text in document_texts().items()}
    quotes = attributed_quotes()
    # 64 lettered attribution lines (P's repeated quote is attributed twice, see README.md).
    assert len(quotes) == 64
    assert Counter(speaker for _, speaker, _ in quotes)["K"] == 0
    for line, speaker, quote in quotes:
        assert words(quote) in texts[speaker], f"line {line}: {speaker}'s quote {quote[:60]!r} is not in {speaker}.txt"
        others = [letter for letter, text in texts.items() if letter != speaker and words(quote) in text]
        assert not others, f"line {line}: {speaker}'s quote is also in {others}"


def test_passage_lines_point_at_the_quote_and_its_attribution() -> None:
    """Each passage's source_line opens a quote and its attribution_line names the document's speaker."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    for letter, entry in corpus_metadata()["documents"].items():
        for passage in entry["passages"]:
            assert "“" in lines[passage["source_line"] - 1], (letter, passage)
            attribution = ATTRIBUTION.match(lines[passage["attribution_line"] - 1].strip())
            assert attribution and attribution.group(1) == letter, (letter, passage)


# --- corpus.json -----------------------------------------------------------------------------


def test_corpus_json_lists_the_documents_with_table_1_attributes() -> None:
    """Every document A-R with its title and the attributes of Table 1."""
    metadata = corpus_metadata()
    documents = metadata["documents"]
    assert list(documents) == list(INTERVIEWEES)
    assert metadata["source"]["file"] == "003_aa2c01c1a31c3870.txt"
    assert metadata["source"]["citation"]
    assert metadata["codings"] == ["report-coding.csv"]
    assert documents["A"]["attributes"] == {
        "gender": "Male",
        "country": "Arab Emirates, Abu Dhabi",
        "occupation": "Cement Plasterer",
        "notes": "Lived in Pyeongyang, worked as plasterer",
        "age": "50",
    }
    assert documents["R"]["attributes"] == {
        "gender": "Female",
        "country": "China",
        "occupation": "Restaurant Business",
        "notes": "Defected - lives in South Korea",
    }
    assert documents["B"]["attributes"]["age"] == "40"
    assert documents["N"]["attributes"]["country"] == "Russia, Yemen"
    assert documents["P"]["attributes"]["occupation"] == "Shoe factory manager"
    assert documents["L"]["attributes"]["occupation"] == "Logging, massage"
    for letter, entry in documents.items():
        assert entry["title"] == f"Interviewee {letter}"
        attributes = entry["attributes"]
        assert attributes["gender"] in {"Male", "Female"}
        assert attributes["country"] and attributes["occupation"]
        defected = "Defected" in attributes.get("notes", "")
        assert defected == (letter in "MNOPQR"), letter
        assert all(isinstance(value, str) for value in attributes.values())


def test_passages_are_the_paragraphs_in_order() -> None:
    """Passages lie inside the text, in order, without overlap, each exactly one whole paragraph."""
    texts = document_texts()
    for letter, entry in corpus_metadata()["documents"].items():
        text, passages = texts[letter], entry["passages"]
        assert len(passages) == EXPECTED_QUOTES[letter], letter
        previous_end = 0
        for passage in passages:
            assert previous_end <= passage["start"] < passage["end"] <= len(text), (letter, passage)
            previous_end = passage["end"]
            assert re.match(r"^\d\.\d(\.[A-E])? [A-Z]", passage["section"]), passage["section"]
        slices = [text[passage["start"] : passage["end"]] for passage in passages]
        assert slices == (text[:-1].split("\n\n") if text else []), letter


def test_left_out_quotes_are_listed_and_in_no_document() -> None:
    """The minister's quote, the two unattributed quotes and P's repeat are listed and not in any document twice."""
    texts = {letter: words(text) for letter, text in document_texts().items()}
    excluded = corpus_metadata()["excluded"]
    assert {item["source_line"] for item in excluded} == EXCLUDED_LINES
    for item in excluded:
        holders = [letter for letter, text in texts.items() if words(item["text"]) in text]
        if item["source_line"] == 1897:
            assert holders == ["P"], "P's repeated quote is kept once, at its first printing"
            assert texts["P"].count(words(item["text"])) == 1
        else:
            assert holders == [], f"line {item['source_line']} was left out but is in {holders}"
    minister = next(item for item in excluded if item["source_line"] == 1562)
    assert "Minister" in minister["reason"] and minister["attribution_line"] == 1606


# --- report-coding.csv -----------------------------------------------------------------------


def test_report_coding_rows_match_passages_and_codebook() -> None:
    """Header, coder, offsets, text equal to the slice, codes of the codebook, one code set per section."""
    raw = (BUNDLED_CORPUS / "report-coding.csv").read_bytes()
    assert b"\r" not in raw
    assert raw.decode("utf-8").splitlines()[0] == "document,coder,code,start,end,text"
    texts = document_texts()
    documents = corpus_metadata()["documents"]
    code_ids = {code.id for code in load_codebook(BUNDLED_CODEBOOK).codes}
    passage_sections = {
        (letter, passage["start"], passage["end"]): passage["section"]
        for letter, entry in documents.items()
        for passage in entry["passages"]
    }
    codes_by_section: dict[str, set[str]] = {}
    rows = coding_rows()
    assert rows
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert row["coder"] == "report"
        assert row["code"] in code_ids, row["code"]
        assert 0 <= start < end <= len(texts[row["document"]])
        assert row["text"] == texts[row["document"]][start:end]
        section = passage_sections[(row["document"], start, end)]
        codes_by_section.setdefault(section, set()).add(row["code"])
    assert len(rows) == len({(row["document"], row["start"], row["code"]) for row in rows}), (
        "a passage coded twice with one code"
    )
    assert codes_by_section["4.2.A Wage and Exploitation"] == {"wage-deduction"}
    assert codes_by_section["4.4.C Surveillance and Ideology Indoctrination"] == {
        "surveillance",
        "ideological-education",
    }
    assert codes_by_section["4.4.D Per Diem Work"] == {"side-work"}
    assert codes_by_section["4.4.A Housing, Food, and Clothing"] == {"living-conditions"}
    # Every passage of a coded section carries all of its section's codes.
    coded = Counter((row["document"], int(row["start"])) for row in rows)
    for (letter, start, _), section in passage_sections.items():
        assert coded[(letter, start)] == len(codes_by_section.get(section, ())), (letter, start, section)


# --- the build -------------------------------------------------------------------------------


def test_build_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    """Running corpora/build_corpus.py into a fresh folder gives the committed files byte for byte."""
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--source", str(SOURCE), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(GENERATED_FILES)
    for name in GENERATED_FILES:
        assert (tmp_path / name).read_bytes() == (BUNDLED_CORPUS / name).read_bytes(), (
            f"{name} differs from a fresh build"
        )


def test_readme_records_the_decisions() -> None:
    """The corpus README names the source, the build command and every quote left out."""
    readme = (BUNDLED_CORPUS / "README.md").read_text(encoding="utf-8")
    assert "The Conditions of the North Korean Overseas Labor" in readme
    assert "corpora/build_corpus.py" in readme
    for line in EXCLUDED_LINES:
        assert str(line) in readme
    for code in {row["code"] for row in coding_rows()}:
        assert f"`{code}`" in readme, f"the section → code mapping does not mention {code}"


def test_bundled_source_is_the_shared_seed() -> None:
    """The copy the corpus is built from is the shared seed, byte for byte (when shared/ is beside us)."""
    if not SHARED_SOURCE.exists():
        pytest.skip("../shared is not beside the repository: nothing to compare the copy with")
    assert SOURCE.read_bytes() == SHARED_SOURCE.read_bytes()
