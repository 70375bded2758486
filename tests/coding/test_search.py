"""Search hits (case-insensitive, code-point offsets) and their navigation, wrapping at both ends."""

from __future__ import annotations

from annotator.coding.search import Search, find_hits

TEXT = "Bribe here, bribe there, BRIBE everywhere."


def test_hits_ignore_case_and_keep_code_point_offsets() -> None:
    assert find_hits(TEXT, "bribe") == [(0, 5), (12, 17), (25, 30)]
    # Lower-casing 'İ' makes two code points: a lower().find() search would shift later hits.
    assert find_hits("İx bribe", "bribe") == [(3, 8)]
    assert find_hits(TEXT, "") == [] and find_hits(TEXT, "a.b") == []


def test_next_and_previous_wrap_around() -> None:
    search = Search(TEXT, "bribe")
    assert search.next_hit(0, 1) == (12, 17)
    assert search.next_hit(25, 1) == (0, 5)  # past the last: the first
    assert search.next_hit(12, -1) == (0, 5)
    assert search.next_hit(0, -1) == (25, 30)  # before the first: the last
    assert search.first_from(13) == (25, 30)
    assert search.first_from(26) == (0, 5)
    assert search.first_from(12) == (12, 17)


def test_summary_and_clear() -> None:
    search = Search(TEXT, "there")
    assert search.summary() == "“there”: 1 hit"
    search.run(TEXT, "bribe")
    assert search.summary() == "“bribe”: 3 hits"
    search.clear()
    assert search.summary() == "" and search.hits == [] and search.next_hit(0, 1) is None


def test_summary_says_which_hit_is_selected() -> None:
    search = Search(TEXT, "bribe")
    assert search.summary((12, 17)) == "“bribe”: hit 2 of 3"
    assert search.summary((25, 30)) == "“bribe”: hit 3 of 3"
    assert search.summary((12, 16)) == "“bribe”: 3 hits"  # part of a hit is no hit
    assert search.summary((3, 3)) == "“bribe”: 3 hits"
