"""The palette's ranking: whole-word and whole-title matches first, then fuzzy ones."""

from __future__ import annotations

from annotator.coding.palette import palette_score


def test_a_typed_id_ranks_its_command_above_fuzzy_matches() -> None:
    def ranked(query: str, titles: list[str]) -> list[str]:
        # Every title here matches fuzzily about as well; the fuzzy score alone would keep this order.
        return sorted(titles, key=lambda title: palette_score(query, title, 0.5), reverse=True)

    titles = ["Open testimony A", "Open testimony B", "Open testimony M"]
    assert ranked("open M", titles)[0] == "Open testimony M"
    assert ranked("open testimony m", titles)[0] == "Open testimony M"
    assert ranked("OPEN", titles) == titles  # no word singles one out: the fuzzy order stays


def test_no_fuzzy_match_stays_no_match_and_the_whole_title_wins() -> None:
    assert palette_score("open M", "Retrieve", 0.0) == 0.0
    assert palette_score("", "Retrieve", 0.3) == 0.3
    assert palette_score("done", "Done", 0.4) > palette_score("done", "Done later", 0.9)
