"""The query screen's core: hits with their context and counts per testimony, a refused query as a fault."""

from __future__ import annotations

from dataclasses import replace

from annotator.coding.query_view import HitOptions, answer, code_hits, parse_options
from annotator.coding.session import CodingSession
from annotator.query.errors import QueryError
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


def test_the_options_line_reads_as_the_cli_writes_it_and_back() -> None:
    written = "--coders alice,bob --in turn --where 'country~Russia' --where gender=Male --document A --speaker Interviewer --overlap-only --widen paragraph"
    options = parse_options(written)
    assert options == HitOptions(
        coders=("alice", "bob"),
        unit="turn",
        where=("country~Russia", "gender=Male"),
        documents=("A",),
        speakers=("Interviewer",),
        overlap_only=True,
        widen="paragraph",
    )
    assert parse_options(options.written()) == options
    assert parse_options("--in=sentence --all-coders") == HitOptions(all_coders=True, unit="sentence")
    assert options.status("tester", "query") == (
        "alice, bob's coding · hits: turns · overlaps only · where country~Russia and gender=Male · in A"
        " · turns of Interviewer · widened to paragraphs"
    )
    assert HitOptions().status("tester", "search") == "every testimony's text"
    saved = options.saved("tester", ["alice", "bob", "carol"])
    assert HitOptions.from_saved(saved) == replace(options, widen=None)  # --widen is the screen's, not the query's
    assert HitOptions.from_saved(HitOptions(all_coders=True).saved("tester", ["alice"])).all_coders


def test_a_bad_options_line_is_one_line(session: CodingSession) -> None:
    for written in ("--in chapter", "--where", "--frob", "'unclosed"):
        try:
            parse_options(written)
        except QueryError as error:
            assert "\n" not in str(error) and str(error).startswith("options: ")
        else:
            raise AssertionError(written)


def test_options_choose_coders_and_testimonies(project: Project, session: CodingSession) -> None:
    project.spans.add(CODER, "A", "bribery", 20, 36)
    project.spans.add("alice", "U", "bribery", 0, 3)
    assert [hit.document_id for hit in answer(session.db_path, CODER, "query", "bribery").hits] == ["A"]
    everyone = answer(session.db_path, CODER, "query", "Bribery", HitOptions(all_coders=True))
    assert [(hit.document_id, hit.codes, hit.coders) for hit in everyone.hits] == [
        ("A", ("Bribery",), (CODER,)),
        ("U", ("Bribery",), ("alice",)),
    ]
    only_u = answer(session.db_path, CODER, "query", "bribery", HitOptions(all_coders=True, documents=("U",)))
    assert [hit.document_id for hit in only_u.hits] == ["U"]
    unknown = answer(session.db_path, CODER, "query", "bribery", HitOptions(coders=("nobody",)))
    assert unknown.fault is not None and "nobody" in unknown.fault.message and unknown.fault.column == 0


def test_widened_hits_take_their_whole_units_once(project: Project, session: CodingSession) -> None:
    """Two hits in one sentence widen to it once (their codes joined); a paragraph holds both sentences."""
    project.spans.add(CODER, "A", "bribery", 20, 27)
    project.spans.add(CODER, "A", "wage", 28, 35)
    by_sentence = answer(session.db_path, CODER, "query", "bribery OR wage", HitOptions(widen="sentence")).hits
    assert [(hit.start, hit.end, hit.codes) for hit in by_sentence] == [(20, 36, ("Bribery", "Wage"))]
    by_paragraph = answer(session.db_path, CODER, "query", "bribery OR wage", HitOptions(widen="paragraph")).hits
    assert [(hit.start, hit.end) for hit in by_paragraph] == [(0, 36)]
    as_is = answer(session.db_path, CODER, "query", "bribery", HitOptions(widen="turn")).hits  # no turns: as they are
    assert [(hit.start, hit.end) for hit in as_is] == [(20, 27)]
