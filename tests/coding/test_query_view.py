"""The query screen's core: hits with their context and counts per testimony, a refused query as a fault."""

from __future__ import annotations

from annotator.coding.query_view import answer, code_hits
from annotator.coding.session import CodingSession
from annotator.storage import Project
from tests.support.coding import CODER, TEXT_A


def test_a_query_answers_with_hits_in_context_and_counts(project: Project, session: CodingSession) -> None:
    start = TEXT_A.index("We paid")
    project.spans.add(CODER, "A", "bribery", start, start + len("We paid a bribe."))
    found = answer(session.db_path, CODER, "query", "bribery")
    assert found.fault is None
    [hit] = found.hits
    assert (hit.document_id, hit.start, hit.words) == ("A", start, "We paid a bribe.")
    assert hit.before == "They took the wage. " and hit.after == " The manager watched us."  # a blank line is one space
    assert found.summary() == "1 hit in 1 testimony: A 1"


def test_a_refused_query_is_a_fault_with_its_column_not_an_exception(session: CodingSession) -> None:
    found = answer(session.db_path, CODER, "query", "bribery AND (nope")
    assert found.hits == [] and found.fault is not None
    assert "\n" not in found.fault.message and found.fault.column > 0


def test_the_corpus_search_finds_words_in_every_testimony(session: CodingSession) -> None:
    found = answer(session.db_path, CODER, "search", "bribe")
    assert [(hit.document_id, hit.words) for hit in found.hits] == [("A", "bribe")]
    assert found.hits[0].before.endswith("We paid a ")
    assert answer(session.db_path, CODER, "search", "*").fault is not None


def test_context_cut_short_is_marked(project: Project, session: CodingSession) -> None:
    project.spans.add(CODER, "A", "bribery", 50, 55)
    [hit] = answer(session.db_path, CODER, "query", "bribery").hits
    assert hit.before == "…the wage. We paid a bribe. The manager "  # the last 40 characters, the blank line one space
    assert not hit.after.endswith("…")


def test_coding_every_hit_skips_those_the_coders_span_already_holds(project: Project, session: CodingSession) -> None:
    project.spans.add(CODER, "A", "bribery", 0, len("They took the wage."))
    hits = answer(session.db_path, CODER, "search", "the").hits
    assert [hit.start for hit in hits] == [10, 38]  # "the wage" (inside the span), "The manager"
    coded = code_hits(session.db_path, CODER, "bribery", hits)
    assert coded.skipped == 1 and coded.action is not None and len(coded.action.changes) == 1
    again = code_hits(session.db_path, CODER, "bribery", hits)
    assert again.action is None and again.skipped == 2
