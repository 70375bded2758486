"""Each operator of the query language on the bundled corpus, against answers worked out by hand
from the spans placed in conftest.py (offsets of A's sentences and paragraphs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.query.engine import QueryOptions, run_query
from annotator.storage import Project
from tests.query.conftest import CODER, TRANSCRIPT, turn_bounds

TURNS = turn_bounds()


def hits(path: Path, expression: str, **options: object) -> list[tuple[str, int, int]]:
    with Project.open(path, readonly=True) as project:
        found = run_query(project, expression, QueryOptions(coders=(CODER,), **options))  # type: ignore[arg-type]
    return [(hit.document_id, hit.start, hit.end) for hit in found]


def at(document_id: str, text: str, phrase: str) -> tuple[str, int, int]:
    start = text.index(phrase)
    return (document_id, start, start + len(phrase))


CASES = [
    # AND: each side's segments that overlap the other's; A's second bribery has no recruitment.
    ("recruitment AND bribery", {}, [("A", 58, 503), ("A", 462, 503)]),
    ("social-background OR remittances", {}, [("A", 0, 57), ("A", 1523, 1631)]),
    ("bribery AND NOT recruitment", {}, [("A", 1206, 1334), ("D", 161, 284), ("N", 2566, 2636)]),
    # NOT over units: paragraph 2 has a wage deduction and no remittance; paragraph 3 has both.
    ("wage-deduction AND NOT remittances", {"unit": "paragraph"}, [("A", 505, 1334)]),
    ("AT LEAST 2 OF (social-background, loyalty-screening, bribery)", {"unit": "paragraph"}, [("A", 0, 503)]),
    ("AT LEAST 2 OF (recruitment, bribery, wage-deduction)", {}, [("A", 58, 503), ("A", 462, 503)]),
    ("bribery WITHIN recruitment", {}, [("A", 462, 503)]),
    ("recruitment ENCLOSES loyalty-screening", {}, [("A", 58, 503)]),
    ("motives OVERLAPS loyalty-screening", {}, [("A", 200, 300)]),
    ("motives OVERLAPS social-background", {}, []),
    # NEAR: the same sentence (default), the same paragraph, or a distance.
    ("bribery NEAR recruitment", {}, [("A", 462, 503)]),
    ("remittances NEAR wage-deduction IN sentence", {}, []),
    ("remittances NEAR wage-deduction IN paragraph", {}, [("A", 1523, 1631)]),
    ("informants NEAR surveillance! WITHIN 1 characters", {}, [("A", 1632, 1684)]),
    ("informants NEAR surveillance! WITHIN 0 characters", {}, []),
    ("informants NEAR surveillance! WITHIN 0 words", {}, [("A", 1632, 1684)]),
    # A parent includes its children unless written code!.
    ("surveillance", {"documents": ("A",)}, [("A", 1632, 1684), ("A", 1685, 1748)]),
    ("surveillance!", {"documents": ("A",)}, [("A", 1685, 1748)]),
    # Codes by name, quoted: paragraph 3's wage deduction (paragraph 2's has no remittance near it).
    ('"Wage deduction and state extraction" NEAR "Remittances to the family"! IN paragraph', {}, [("A", 1373, 1492)]),
    # Units as hits.
    ("bribery AND surveillance", {"unit": "document"}, [("A", 0, 3680)]),
    ("bribery", {"unit": "sentence", "documents": ("A",)}, [("A", 462, 503), ("A", 1206, 1334)]),
    # --overlap-only: the parts where all AND-ed codes overlap.
    ("loyalty-screening AND motives", {"overlap_only": True}, [("A", 200, 248)]),
    # Attributes: ~ finds one item of "Russia, Yemen"; = needs the whole value.
    ("bribery", {"where": ("country~Russia",)}, [("D", 161, 284), ("N", 2566, 2636)]),
    ("bribery", {"where": ("country=Russia",)}, [("D", 161, 284)]),
    (
        "bribery",
        {"where": ("country=russia|Arab Emirates, Abu Dhabi",)},
        [("A", 462, 503), ("A", 1206, 1334), ("D", 161, 284)],
    ),
    ("bribery", {"where": ("country!=Russia", "gender=Male")}, [("A", 462, 503), ("A", 1206, 1334), ("N", 2566, 2636)]),
    # Turns: the answer after the question; PRECEDES the other way round.
    ("restricted-movement FOLLOWS contracts", {}, [("T", *TURNS[1])]),
    ("surveillance FOLLOWS contracts WITHIN 1 turns", {}, [("T", *TURNS[3])]),
    ("surveillance FOLLOWS restricted-movement WITHIN 2 turns", {}, [("T", *TURNS[3])]),
    ("surveillance FOLLOWS restricted-movement WITHIN 1 turns", {}, []),
    ("contracts PRECEDES surveillance", {}, [("T", *TURNS[2])]),
    ("contracts", {"unit": "turn", "speakers": ("Interviewer",)}, [("T", *TURNS[0]), ("T", *TURNS[2])]),
    ("contracts OR surveillance", {"speakers": ("Worker",)}, [("T", *TURNS[3])]),
]


@pytest.mark.parametrize(("expression", "options", "expected"), CASES, ids=[case[0] for case in CASES])
def test_operator_against_the_hand_worked_answer(
    coded_corpus: Path, expression: str, options: dict[str, object], expected: list[tuple[str, int, int]]
) -> None:
    assert hits(coded_corpus, expression, **options) == expected


def test_text_terms_a_phrase_a_word_and_a_prefix(coded_corpus: Path) -> None:
    with Project.open(coded_corpus, readonly=True) as project:
        d_text = project.documents.get("D").text
    assert hits(coded_corpus, 'text:"means of bribery"') == [at("D", d_text, "means of bribery")]
    start = TRANSCRIPT.index("passport")
    second = TRANSCRIPT.index("passports")
    assert hits(coded_corpus, "text:passport") == [("T", start, start + 8)]
    assert hits(coded_corpus, "text:passp*") == [("T", start, start + 8), ("T", second, second + 9)]
    # A text term beside a code: the turn coded restricted-movement holds "passports".
    assert hits(coded_corpus, "restricted-movement AND text:passp*") == [("T", *TURNS[1]), ("T", second, second + 9)]
    assert hits(coded_corpus, "text:passp*", unit="turn") == [("T", *TURNS[0]), ("T", *TURNS[1])]


def test_a_saved_query_inside_another(coded_corpus: Path) -> None:
    with Project.open(coded_corpus) as project:
        project.queries.save(CODER, "money-talk", "bribery OR wage-deduction", {})
    assert hits(coded_corpus, "@money-talk WITHIN recruitment") == [("A", 462, 503)]
    assert hits(coded_corpus, "@money-talk", unit="paragraph", documents=("A",)) == [
        ("A", 0, 503),
        ("A", 505, 1334),
        ("A", 1336, 1846),
    ]


def test_hits_carry_codes_coders_memos_and_attributes(coded_corpus: Path) -> None:
    with Project.open(coded_corpus, readonly=True) as project:
        [hit] = run_query(project, "bribery WITHIN recruitment", QueryOptions(coders=(CODER,)))
        assert hit.codes == ("bribery", "recruitment")
        assert hit.coders == (CODER,)
        assert hit.attributes["country"] == "Arab Emirates, Abu Dhabi"
        assert hit.text == project.documents.get("A").text[462:503]
        # Another coder's coding is another answer: the report coded A's first passage as social background.
        report = run_query(project, "social-background", QueryOptions(coders=("report",), documents=("A",)))
        assert [(h.start, h.end) for h in report] == [(0, 503)]
