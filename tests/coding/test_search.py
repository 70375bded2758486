"""Search hits (case-insensitive, code-point offsets) and their navigation, wrapping at both ends."""

from __future__ import annotations

from annotator.coding.search import Search, SearchTerms, find_hits, merged
from annotator.coding.session import CodingSession
from tests.support.coding import TEXT_A, open_testimony

TEXT = "Bribe here, bribe there, BRIBE everywhere."


def test_hits_ignore_case_and_keep_code_point_offsets() -> None:
    assert find_hits(TEXT, "bribe") == [(0, 5), (12, 17), (25, 30)]
    # Lower-casing 'İ' makes two code points: a lower().find() search would shift later hits.
    assert find_hits("İx bribe", "bribe") == [(3, 8)]
    assert find_hits(TEXT, "") == [] and find_hits(TEXT, "a.b") == []


def test_next_and_previous_wrap_around() -> None:
    search = Search(TEXT, SearchTerms("bribe"))
    assert search.next_hit(0, 1) == (12, 17)
    assert search.next_hit(25, 1) == (0, 5)  # past the last: the first
    assert search.next_hit(12, -1) == (0, 5)
    assert search.next_hit(0, -1) == (25, 30)  # before the first: the last
    assert search.first_from(13) == (25, 30)
    assert search.first_from(26) == (0, 5)
    assert search.first_from(12) == (12, 17)


def test_summary_and_clear() -> None:
    search = Search(TEXT, SearchTerms("there"))
    assert search.summary() == "“there”: 1 hit"
    search.run(TEXT, SearchTerms("bribe"))
    assert search.summary() == "“bribe”: 3 hits"
    search.clear()
    assert search.summary() == "" and search.hits == [] and search.next_hit(0, 1) is None


def test_summary_says_which_hit_is_selected() -> None:
    search = Search(TEXT, SearchTerms("bribe"))
    assert search.summary((12, 17)) == "“bribe”: hit 2 of 3"
    assert search.summary((25, 30)) == "“bribe”: hit 3 of 3"
    assert search.summary((12, 16)) == "“bribe”: 3 hits"  # part of a hit is no hit
    assert search.summary((3, 3)) == "“bribe”: 3 hits"


WORK = "Work made workers tired. We work, and work again.\n\nNo work here."


def test_whole_words_skip_a_match_inside_a_longer_word_and_match_case_keeps_case() -> None:
    assert len(find_hits(WORK, "work")) == 5  # "workers" too
    whole = find_hits(WORK, "work", whole_words=True)
    assert [WORK[start:end] for start, end in whole] == ["Work", "work", "work", "work"]
    assert find_hits(WORK, "work", whole_words=True, match_case=True) == whole[1:]
    assert find_hits(WORK, "work,", whole_words=True) == [(WORK.index("work,"), WORK.index("work,") + 5)]
    assert find_hits("in élan", "la", whole_words=True) == []  # a non-ASCII letter is a word's letter too


def test_the_summary_names_the_options_in_force() -> None:
    search = Search(WORK, SearchTerms("work", whole_words=True))
    assert search.summary() == "“work” (whole words): 4 hits"
    search.clear()
    assert search.summary() == "" and search.terms.whole_words  # the options stay for the next search


def test_ranges_that_overlap_or_touch_are_joined() -> None:
    assert merged([(10, 20), (0, 5), (5, 7), (15, 30)]) == [(0, 7), (10, 30)]


def test_code_all_hits_can_widen_each_hit_to_its_sentence_or_paragraph(session: CodingSession) -> None:
    shown = open_testimony(session)  # "They took the wage. We paid a bribe.\n\nThe manager watched us."
    shown.run_search(SearchTerms("the"))
    assert len(shown.hit_ranges()) == 3  # "They", "the", "The": the hits as found
    shown.run_search(SearchTerms("the", widen="sentence"))
    first = (0, TEXT_A.index(".") + 1)
    assert shown.hit_ranges() == [first, (TEXT_A.index("The manager"), len(TEXT_A))]  # two hits, one sentence
    shown.run_search(SearchTerms("the", widen="paragraph"))
    assert shown.hit_ranges() == [(0, TEXT_A.index("bribe.") + 6), (TEXT_A.index("The manager"), len(TEXT_A))]
    shown.run_search(SearchTerms("the", widen="turn"))  # no turns in a plain testimony: the hits stay
    assert len(shown.hit_ranges()) == 3
