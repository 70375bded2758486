"""Retrieval's core: a code with the codes below it, segments merged in reading order, the list as
Markdown and CSV, and a session's segments of one code (and its children) in one testimony."""

from __future__ import annotations

import csv

from annotator.coding.retrieval import code_family, in_reading_order, retrieval_csv, retrieval_markdown
from annotator.coding.session import CodingSession
from annotator.domain.models import Code, Span
from annotator.storage import Project
from tests.support.coding import CODER

CODES = [
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
    Code(id="guards", name="Guards", parent="informants", colour="#17becf"),
    Code(id="bribery", name="Bribery", colour="#ff7f0e"),
]
NAMES = {code.id: code.name for code in CODES}


def _span(document_id: str, code_id: str, start: int, text: str = "quote", memo: str = "") -> Span:
    return Span(
        id=f"{document_id}-{code_id}-{start}",
        document_id=document_id,
        code_id=code_id,
        coder="tester",
        start=start,
        end=start + len(text),
        text=text,
        memo=memo,
    )


def test_code_family_reaches_grandchildren_and_only_them() -> None:
    assert code_family(CODES, "surveillance") == ["surveillance", "informants", "guards"]
    assert code_family(CODES, "surveillance", with_children=False) == ["surveillance"]
    assert code_family(CODES, "bribery") == ["bribery"]


def test_spans_of_several_codes_merge_in_testimony_then_offset_order() -> None:
    spans = [_span("B", "surveillance", 5), _span("A", "guards", 9), _span("A", "surveillance", 2)]
    ordered = in_reading_order(spans, ["B", "A"])
    assert [(span.document_id, span.start) for span in ordered] == [("B", 5), ("A", 2), ("A", 9)]


def test_csv_and_markdown_hold_whole_quotes_and_memos() -> None:
    quote = "First line of the quote,\nand its second line, not cut."
    spans = [_span("A", "informants", 3, quote, memo="ask\nagain")]
    rows = list(csv.DictReader(retrieval_csv(spans, NAMES).splitlines(keepends=True)))
    assert rows == [
        {
            "document": "A",
            "start": "3",
            "end": str(3 + len(quote)),
            "coder": "tester",
            "code": "Informants",
            "text": quote,
            "memo": "ask\nagain",
        }
    ]
    markdown = retrieval_markdown("Surveillance", spans, NAMES)
    assert "> First line of the quote,\n> and its second line, not cut." in markdown
    assert "Memo: ask again" in markdown


def test_session_segments_with_children_in_one_testimony_or_all(project: Project, session: CodingSession) -> None:
    project.codes.move(CODER, "bribery", "wage")  # bribery now sits below wage
    session.refresh_codes()
    project.spans.add(CODER, "U", "wage", 0, 2)
    project.spans.add(CODER, "A", "bribery", 4, 8)
    project.spans.add(CODER, "A", "wage", 1, 3)
    everywhere = session.segments("wage", with_children=True)
    assert [(span.document_id, span.code_id) for span in everywhere] == [("A", "wage"), ("A", "bribery"), ("U", "wage")]
    assert [span.code_id for span in session.segments("wage")] == ["wage", "wage"]
    in_a = session.segments("wage", with_children=True, documents=("A",))
    assert [span.code_id for span in in_a] == ["wage", "bribery"]
