"""Build the bundled corpus (interviewees A-R) from the text extraction of the overseas-labour report.

Run from anywhere (standard library only):

    .venv/bin/python corpora/build_corpus.py [--source PATH] [--out DIR]

The report prints each interviewee's testimony as a quote followed by an attribution line such as
`A (Male, Arab Emirates)` or `-B (40, Male, China)`. This script walks the extraction once, line by
line, and writes one document per interviewee (`A.txt` ... `R.txt`, one paragraph per quote),
`corpus.json` (Table 1 attributes, passages with their report section, what was left out and why)
and `report-coding.csv` (the report's own thematic grouping as a coding by coder `report`).
Every decision is written down in `README.md` beside the output; this script prints the quotes it
left out so a reviewer can compare them with that list.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPOSITORY_ROOT / "corpora" / "nk-overseas-workers"
# A copy of ../shared/seeds/003_aa2c01c1a31c3870.txt kept with the corpus, so a clone can rebuild it.
DEFAULT_SOURCE = DEFAULT_OUT / "source" / "003_aa2c01c1a31c3870.txt"

INTERVIEWEES = "ABCDEFGHIJKLMNOPQR"
CORPUS_TITLE = "North Korean overseas workers: testimonies of interviewees A-R"
SOURCE_CITATION = (
    "International Network for the Human Rights of North Korean Overseas Labor. "
    "The Conditions of the North Korean Overseas Labor. December 2012."
)
SOURCE_NOTE = (
    "The text extraction starts at chapter 1 and states no title, author or date; they are taken "
    "from the title page of a published copy of the report (see README.md)."
)
REPORT_CODER = "report"
CODING_FILE = "report-coding.csv"
CODING_COLUMNS = ("document", "coder", "code", "start", "end", "text")
CodingRow = tuple[str, str, str, int, int, str]  # one row of CODING_COLUMNS

# The report's sections that hold quotes, and the codebook code(s) each section stands for.
# A section that stands for no code of the codebook maps to () and its quotes stay uncoded.
SECTION_CODES: dict[str, tuple[str, ...]] = {
    "3.2 Actual State of Overseas Labor by Country": (),
    "4.1.B Status of Overseas Workers in North Korea": ("social-background",),
    "4.1.C Process and Job Classification": ("recruitment",),
    "4.2.A Wage and Exploitation": ("wage-deduction",),
    "4.3 Current State of Labor Rights": ("working-hours",),
    "4.4.A Housing, Food, and Clothing": ("living-conditions",),
    "4.4.B Freedom of Communication and Outside Access": ("restricted-communication", "restricted-movement"),
    "4.4.C Surveillance and Ideology Indoctrination": ("surveillance", "ideological-education"),
    "4.4.D Per Diem Work": ("side-work",),
    "4.4.E Contract Work": ("contracts",),
}

# Table 1 of chapter 4 as printed (lines 928-969 and 1008-1018 of the extraction): the extraction
# lost the column boundaries, so the cells are transcribed here and `check_table_transcription`
# verifies, word for word, that they are exactly the words the report prints, in order.
TABLE_1_AS_PRINTED: dict[str, tuple[str, str, str, str]] = {
    # letter: (gender, working country, type of occupation, miscellaneous)
    "A": ("M", "Arab Emirates, Abu Dhabi", "Cement Plasterer", "Lived in Pyeongyang, worked as plasterer"),
    "B": ("M", "China", "Trade Manager", ""),
    "C": ("M", "Dandong", "Mining and Trade", "Interviewed with another staff"),
    "D": ("M", "Russia", "Construction", "Pastoral Testimony"),
    "E": ("M", "Russia", "Construction", "E and F interviewed together"),
    "F": ("M", "Russia", "Construction", "E and F interviewed together"),
    "G": ("M", "Russia", "Car Repairing and others", "Engaged in construction in North Korea"),
    "H": ("M", "Russia", "Construction", ""),
    "I": ("M", "Russia", "Construction", "Did Sports and then learned Construction"),
    "J": ("M", "Russia", "Construction and logging", "Gradated from Art school and engaged in computering"),
    "K": ("M", "Russia", "Construction", ""),
    "L": ("M", "Russia", "Logging , massage", "From logging worked on massaged and has now left"),
    "M": ("M", "Russia", "Logging", "Defected- lives in South Korea"),
    "N": ("M", "Russia, Y", "Steel", "Defected-lives in South Korea"),
    "O": ("M", "Kuwait", "Construction", "Defected-lives in South Korea"),
    "P": ("M", "Russia, Czeck", "Shoe factory manager", "Defected-lives in South Korea"),
    "Q": ("M", "Russia", "Logging", "Defected-lives in South Korea"),
    "R": ("Fe", "China", "Restaurant Business", "Defected-lives in South Korea"),
}
GENDERS = {"M": "Male", "Fe": "Female"}
# Cells the PDF mangled or abbreviated, each fixed only from the report's own text:
# C's attribution lines say "China" (Dandong is the city), N's line 1743 spells "Y" out as
# "Yemen", P's attribution lines spell "Czech Republic"; the rest is spacing around punctuation.
CELL_CORRECTIONS = {
    "Dandong": "China, Dandong",
    "Russia, Y": "Russia, Yemen",
    "Russia, Czeck": "Russia, Czech Republic",
    "Logging , massage": "Logging, massage",
    "Defected- lives in South Korea": "Defected - lives in South Korea",
    "Defected-lives in South Korea": "Defected - lives in South Korea",
}

# A line of only spaces (the PDF's footnote rule) opens a footnote block, which runs to the next
# page; the first line of every page starts with exactly one space.
FOOTNOTE_RULE = re.compile(r"^ {20,}$")
PAGE_START = re.compile(r"^ \S")
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
TABLE_ROW = re.compile(r"^([A-R]) (M|Fe) \S")
TABLE_HEADER_END = "Type of Occupation Miscellaneous"

CHAPTER = re.compile(r"^Chapter\s+(\d)\s*[–-]\s*(.+)$")
SECTION = re.compile(r"^(\d)\.\s+([A-Z].{2,80})$")
SUBSECTION = re.compile(r"^([A-E])\)\s+([A-Z].{2,80})$")
# `A (Male, Arab Emirates)`, `-B (40, Male, China)`, `.E (Male, Russia)`, `A ( Male)`,
# `B (Male, China)23` (a footnote number glued on), `D (Male, Russia )`.
ATTRIBUTION = re.compile(r"^[-.]?([A-R]) \(\s*(?:(\d+),\s*)?(Male|Female)\b[^()]*\)\d*$")
MINISTER_ATTRIBUTION = "Korean Church Minister, Russia"
OPEN_QUOTE = "“"
# A quote is closed when a line ends with the closing mark, possibly followed by a full stop,
# a footnote number (`”21`) or a bracketed gloss (`”. (A type of old Korean pop songs)`).
CLOSED_QUOTE = re.compile(r"”[\s.”]*(?:\([^()“”]*\))?\s*\d*\s*$")
FOOTNOTE_NUMBER_AFTER_QUOTE = re.compile(r"(?<=[”)])\d+\s*$")


@dataclass(frozen=True)
class SourceLine:
    """One non-blank line of the extraction, stripped, with its 1-based line number."""

    number: int
    text: str


@dataclass
class Quote:
    """One quoted paragraph of the report: its lines, and the section it sits under."""

    section: str
    lines: list[SourceLine] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        """Line number where the quote starts in the extraction."""
        return self.lines[0].number

    @property
    def last_line(self) -> int:
        """Line number where the quote ends in the extraction."""
        return self.lines[-1].number

    @property
    def text(self) -> str:
        """The quote as one paragraph: hard line breaks joined, footnote numbers and extra spaces removed."""
        parts = [FOOTNOTE_NUMBER_AFTER_QUOTE.sub("", line.text) for line in self.lines]
        return " ".join(" ".join(parts).split())

    def is_closed(self) -> bool:
        """Whether the last line read so far ends the quote with a closing mark."""
        return bool(self.lines) and bool(CLOSED_QUOTE.search(self.lines[-1].text))


@dataclass
class QuoteGroup:
    """Consecutive quotes followed by one attribution line (or by none: `speaker` stays None)."""

    quotes: list[Quote]
    speaker: str | None = None
    attribution_line: int | None = None
    age: str | None = None


@dataclass(frozen=True)
class Passage:
    """One quote placed in a document: offsets into the document text and where it came from."""

    start: int
    end: int
    section: str
    source_line: int
    attribution_line: int


@dataclass
class Exclusion:
    """A quote left out of the 18 documents, with the reason and where it is in the source."""

    reason: str
    source_line: int
    attribution_line: int | None
    text: str


# --- read and strip debris -------------------------------------------------------------------


def read_source(path: Path) -> list[str]:
    """The extraction's lines, without line endings (index 0 is line 1)."""
    return path.read_text(encoding="utf-8").splitlines()


def strip_debris(raw_lines: list[str]) -> list[SourceLine]:
    """Keep the report's text lines: drop blank lines, footnote blocks, page numbers and Table 1 rows.

    Table 1 rows are dropped because rows M-R are printed inside C's quote (lines 1008-1018);
    the table's cells come from TABLE_1_AS_PRINTED, checked by `check_table_transcription`.
    """
    kept: list[SourceLine] = []
    in_footnotes = False
    for number, raw in enumerate(raw_lines, start=1):
        if FOOTNOTE_RULE.match(raw):
            in_footnotes = True
            continue
        if in_footnotes and not PAGE_START.match(raw):
            continue
        in_footnotes = False
        text = raw.strip()
        if not text or PAGE_NUMBER.match(raw) or TABLE_ROW.match(text):
            continue
        kept.append(SourceLine(number, text))
    return kept


# --- Table 1 ---------------------------------------------------------------------------------


def table_1_lines(raw_lines: list[str]) -> list[str]:
    """The printed lines of Table 1: rows A-L after its header, and the row lines M-R printed later."""
    start = next(index for index, line in enumerate(raw_lines) if line.strip() == TABLE_HEADER_END) + 1
    end = next(index for index in range(start, len(raw_lines)) if SUBSECTION.match(raw_lines[index].strip()))
    later_rows = [line for line in raw_lines[end:] if TABLE_ROW.match(line.strip())]
    return raw_lines[start:end] + later_rows


def check_table_transcription(raw_lines: list[str]) -> None:
    """Fail unless TABLE_1_AS_PRINTED holds exactly the words the report prints in Table 1, in order."""
    printed = " ".join(table_1_lines(raw_lines)).split()
    transcribed = " ".join(
        " ".join((letter, *cells)) for letter, cells in TABLE_1_AS_PRINTED.items()
    ).split()
    if printed != transcribed:
        raise SystemExit(f"Table 1 transcription differs from the source:\n  printed:     {printed}\n  transcribed: {transcribed}")


def table_1_attributes() -> dict[str, dict[str, str]]:
    """Each interviewee's gender, working country, occupation and notes, cleaned of PDF damage."""
    attributes = {}
    for letter, (gender, country, occupation, notes) in TABLE_1_AS_PRINTED.items():
        row = {
            "gender": GENDERS[gender],
            "country": CELL_CORRECTIONS.get(country, country),
            "occupation": CELL_CORRECTIONS.get(occupation, occupation),
        }
        if notes:
            row["notes"] = CELL_CORRECTIONS.get(notes, notes)
        attributes[letter] = row
    return attributes


# --- find quotes and attributions ------------------------------------------------------------


def heading_of(line: str) -> tuple[str, str, str] | None:
    """('chapter'|'section'|'subsection', number, title) when the line is a heading, else None."""
    for kind, pattern in (("chapter", CHAPTER), ("section", SECTION), ("subsection", SUBSECTION)):
        match = pattern.match(line)
        if match:
            # Drop a trailing full stop and a footnote number (`... by Country 19`, `Occupation22`).
            title = re.sub(r"\s*\d+$", "", match.group(2)).strip().rstrip(".").strip()
            return kind, match.group(1), title
    return None


def starts_quote(line: str) -> bool:
    """A quote opens with “, or with the interviewer's bracketed context before the “ (F, line 1037)."""
    return line.startswith(OPEN_QUOTE) or (line.startswith("(") and OPEN_QUOTE in line)


@dataclass
class SectionTracker:
    """The report heading the walk is under, labelled `chapter.section.subsection title`."""

    chapter: str = ""
    section: str = ""
    section_title: str = ""
    subsection: str = ""
    subsection_title: str = ""

    def enter(self, kind: str, number: str, title: str) -> None:
        """Move under a heading; a chapter or section heading closes the subsection before it."""
        if kind == "chapter":
            self.chapter, self.section, self.subsection = number, "", ""
        elif kind == "section":
            self.section, self.section_title, self.subsection = number, title, ""
        else:
            self.subsection, self.subsection_title = number, title

    @property
    def label(self) -> str:
        """E.g. `4.1.B Status of Overseas Workers in North Korea` or `4.3 Current State of Labor Rights`."""
        if self.subsection:
            return f"{self.chapter}.{self.section}.{self.subsection} {self.subsection_title}"
        return f"{self.chapter}.{self.section} {self.section_title}"


def find_quote_groups(lines: list[SourceLine]) -> list[QuoteGroup]:
    """Walk the report once and return every quote, grouped by the attribution line that follows.

    A quote runs from its opening mark until a line closes it. A quote whose closing mark is
    missing runs on until the attribution (M, lines 1238-1287), and if another quote opens first,
    both belong to the next attribution (P, lines 1786 and 1812). A closed quote followed by
    anything but an attribution line is unattributed.
    """
    groups: list[QuoteGroup] = []
    pending: list[Quote] = []
    where = SectionTracker()

    def flush(speaker: str | None = None, attribution_line: int | None = None, age: str | None = None) -> None:
        if pending:
            groups.append(QuoteGroup(list(pending), speaker, attribution_line, age))
            pending.clear()

    for line in lines:
        attribution = ATTRIBUTION.match(line.text)
        if attribution or line.text == MINISTER_ATTRIBUTION:
            if not pending:
                raise SystemExit(f"line {line.number}: attribution {line.text!r} follows no quote")
            speaker = attribution.group(1) if attribution else MINISTER_ATTRIBUTION
            flush(speaker, line.number, attribution.group(2) if attribution else None)
            continue
        quote_open = bool(pending) and not pending[-1].is_closed()
        heading = heading_of(line.text)
        if heading and quote_open:
            # A heading inside an open quote means the quote rules misread the report: stop.
            raise SystemExit(f"line {line.number}: heading {line.text!r} inside the quote from line {pending[-1].first_line}")
        if starts_quote(line.text):
            if not quote_open:
                flush()  # the quotes before were closed and nobody was named: unattributed
            pending.append(Quote(where.label, [line]))
        elif quote_open:
            pending[-1].lines.append(line)
        else:
            flush()  # narrative after a closed quote: that quote was unattributed
            if heading:
                where.enter(*heading)
    flush()
    return groups


# --- assign quotes to documents --------------------------------------------------------------


def comparable(text: str) -> str:
    """Letters and digits only: two printings of one quote compare equal despite stray marks."""
    return re.sub(r"\W+", "", text).casefold()


def earlier_printing(quote: Quote, kept: list[tuple[Quote, QuoteGroup]]) -> Quote | None:
    """The quote already kept for this speaker that `quote` repeats (the report prints one of P's twice)."""
    return next((earlier for earlier, _ in kept if comparable(earlier.text) == comparable(quote.text)), None)


def assign_quotes(groups: list[QuoteGroup]) -> tuple[dict[str, list[tuple[Quote, QuoteGroup]]], list[Exclusion]]:
    """Quotes per interviewee in report order, and the quotes left out (minister, unattributed, repeats)."""
    assigned: dict[str, list[tuple[Quote, QuoteGroup]]] = {letter: [] for letter in INTERVIEWEES}
    excluded: list[Exclusion] = []
    for group in groups:
        for quote in group.quotes:
            if group.speaker is None:
                excluded.append(Exclusion("no attribution line follows this quote; not guessed", quote.first_line, None, quote.text))
            elif group.speaker == MINISTER_ATTRIBUTION:
                reason = f"attributed to '{MINISTER_ATTRIBUTION}', not to a lettered interviewee"
                excluded.append(Exclusion(reason, quote.first_line, group.attribution_line, quote.text))
            elif (earlier := earlier_printing(quote, assigned[group.speaker])) is not None:
                reason = f"repeats {group.speaker}'s quote at line {earlier.first_line}; kept once, at its first appearance"
                excluded.append(Exclusion(reason, quote.first_line, group.attribution_line, quote.text))
            else:
                assigned[group.speaker].append((quote, group))
    return assigned, excluded


def document_text(quotes: list[tuple[Quote, QuoteGroup]]) -> tuple[str, list[Passage]]:
    """The document text (paragraphs separated by a blank line, ending in a newline) and its passages."""
    text, passages = "", []
    for quote, group in quotes:
        if text:
            text += "\n\n"
        start = len(text)
        text += quote.text
        assert group.attribution_line is not None
        passages.append(Passage(start, len(text), quote.section, quote.first_line, group.attribution_line))
    return (text + "\n" if text else ""), passages


def interviewee_ages(groups: list[QuoteGroup]) -> dict[str, str]:
    """The age an attribution line gives (`-B (40, Male, China)`), per interviewee."""
    ages: dict[str, str] = {}
    for group in groups:
        if group.age and group.speaker:
            if ages.get(group.speaker, group.age) != group.age:
                raise SystemExit(f"{group.speaker} is given two ages: {ages[group.speaker]} and {group.age}")
            ages[group.speaker] = group.age
    return ages


# --- write -----------------------------------------------------------------------------------


def coding_rows(texts: dict[str, str], passages: dict[str, list[Passage]]) -> list[CodingRow]:
    """One `report` coding row per (passage, code its section stands for)."""
    rows = []
    for letter in INTERVIEWEES:
        for passage in passages[letter]:
            if passage.section not in SECTION_CODES:
                raise SystemExit(f"line {passage.source_line}: section {passage.section!r} has no entry in SECTION_CODES")
            for code in SECTION_CODES[passage.section]:
                rows.append((letter, REPORT_CODER, code, passage.start, passage.end, texts[letter][passage.start : passage.end]))
    return rows


def corpus_metadata(
    source: Path,
    passages: dict[str, list[Passage]],
    ages: dict[str, str],
    excluded: list[Exclusion],
) -> dict:
    """The content of corpus.json."""
    attributes = table_1_attributes()
    documents = {}
    for letter in INTERVIEWEES:
        row = dict(attributes[letter])
        if letter in ages:
            row["age"] = ages[letter]
        documents[letter] = {
            "title": f"Interviewee {letter}",
            "file": f"{letter}.txt",
            "attributes": row,
            "passages": [
                {
                    "start": passage.start,
                    "end": passage.end,
                    "section": passage.section,
                    "source_line": passage.source_line,
                    "attribution_line": passage.attribution_line,
                }
                for passage in passages[letter]
            ],
        }
    return {
        "title": CORPUS_TITLE,
        "source": {"citation": SOURCE_CITATION, "file": source.name, "note": SOURCE_NOTE},
        "documents": documents,
        "excluded": [
            {"reason": item.reason, "source_line": item.source_line, "attribution_line": item.attribution_line, "text": item.text}
            for item in excluded
        ],
        "codings": [CODING_FILE],
    }


def csv_text(rows: list[CodingRow]) -> str:
    """The coding rows as CSV text with a header row and LF line endings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CODING_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def write_corpus(out: Path, texts: dict[str, str], metadata: dict, rows: list[CodingRow]) -> None:
    """Write the documents, corpus.json and the report coding into `out` (UTF-8, LF)."""
    out.mkdir(parents=True, exist_ok=True)
    for letter, text in texts.items():
        (out / f"{letter}.txt").write_text(text, encoding="utf-8", newline="\n")
    (out / "corpus.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")
    (out / CODING_FILE).write_text(csv_text(rows), encoding="utf-8", newline="\n")


def build(source: Path, out: Path) -> None:
    """Read the report, place every attributed quote, and write the corpus folder."""
    raw_lines = read_source(source)
    check_table_transcription(raw_lines)
    groups = find_quote_groups(strip_debris(raw_lines))
    assigned, excluded = assign_quotes(groups)
    texts, passages = {}, {}
    for letter in INTERVIEWEES:
        texts[letter], passages[letter] = document_text(assigned[letter])
    rows = coding_rows(texts, passages)
    write_corpus(out, texts, corpus_metadata(source, passages, interviewee_ages(groups), excluded), rows)
    counts = ", ".join(f"{letter}={len(passages[letter])}" for letter in INTERVIEWEES)
    print(f"wrote {out}: quotes per document {counts}; {len(rows)} report coding rows", file=sys.stderr)
    for item in excluded:
        print(f"left out line {item.source_line}: {item.reason}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the report's text extraction")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the corpus folder to write")
    arguments = parser.parse_args(argv)
    build(arguments.source, arguments.out)


if __name__ == "__main__":
    main()
