"""Data and helpers of the coding core's tests: the core project's coders, texts and codes, a testimony as the screen holds it."""

from __future__ import annotations

from collections import Counter

from annotator.coding.session import CodingSession, read_document
from annotator.coding.testimony import OpenTestimony
from annotator.coding.turns import TurnInfo, Turns
from annotator.domain.models import Code
from annotator.storage.documents import DocumentSummary

CODER = "tester"
OTHER = "alice"
TEXT_A = "They took the wage. We paid a bribe.\n\nThe manager watched us."
# Cyrillic, Korean and a combining accent: offsets are code points, never bytes.
TEXT_U = "Мы заплатили взятку. 한국어 텍스트 둘째.\n\nCafe\u0301 é fin."
CODES = (
    Code(id="wage", name="Wage", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
)


def open_testimony(session: CodingSession, document_id: str = "A") -> OpenTestimony:
    """A testimony as the coding screen holds it, read on the session's connection."""
    return OpenTestimony(read_document(session.project, session.coder, document_id, False), session.coder)


def recount(session: CodingSession, shown: OpenTestimony) -> tuple[Counter[str], Counter[str]]:
    """Spans per testimony and per code of the shown testimony, as storage has them now."""
    spans = session.project.spans.select(coder=CODER)
    per_document = Counter(span.document_id for span in spans)
    per_code = Counter(span.code_id for span in spans if span.document_id == shown.document_id)
    return per_document, per_code


TURNS_TEXT = "Where did you work?\n\nOn a site.\n\nPaid?\n\nTwice a year."
INTERVIEWER, WITNESS = "Interviewer", "Mira Lee"


def four_turns(roles: bool = False) -> Turns:
    """TURNS_TEXT's four turns, a minute apart, the interviewer asking (with roles when asked for)."""
    starts = [TURNS_TEXT.index(part) for part in ("Where", "On a", "Paid", "Twice")]
    ends = [TURNS_TEXT.index(part) + len(part) for part in ("work?", "site.", "Paid?", "year.")]
    speakers = [INTERVIEWER, WITNESS, INTERVIEWER, WITNESS]
    role = {INTERVIEWER: "interviewer", WITNESS: "participant"} if roles else {}
    return Turns(
        TurnInfo(start, end, speaker, role.get(speaker, ""), float(number * 60))
        for number, (start, end, speaker) in enumerate(zip(starts, ends, speakers, strict=True))
    )


# The overview's and the summary grid's tests: codes (a child before its parent), testimonies with a
# multi-valued attribute and one without any, span counts (document, code, spans).
GRID_CODES = [
    Code(id="bribery", name="Bribery", colour="#ff7f0e"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
]
GRID_TESTIMONIES = [
    DocumentSummary("A", "A", {"country": "Russia, Yemen"}, 10),
    DocumentSummary("B", "B", {"country": "Russia", "gender": "Male"}, 10),
    DocumentSummary("C", "C", {}, 10),
]
GRID_COUNTS = [("A", "bribery", 2), ("B", "bribery", 1), ("C", "informants", 4)]
