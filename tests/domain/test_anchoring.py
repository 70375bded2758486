"""TextMap cases the property tests reach only by chance: re-anchoring, a deleted span, insertions at edges."""

from __future__ import annotations

from annotator.domain.anchoring import TextMap

MOVED = "The guards read our letters before they were sent home to our families."
OTHER = "We worked twelve hours a day on the building sites in the desert heat, every day."


BRIBE = "They took the wage. We paid a bribe to be chosen for the work. Then we left."
QUOTE = "We paid a bribe to be chosen for the work."


def test_a_span_the_diff_cuts_is_re_anchored_by_its_quote_and_context() -> None:
    start = BRIBE.index(QUOTE)
    # The inserted text begins like the span, so the diff puts the insertion inside it.
    for new in (
        BRIBE.replace("We paid a bribe", "We paid nothing at first. We paid a bribe"),
        BRIBE.replace("wage. ", "wage. We paid a "),
    ):
        text_map = TextMap(BRIBE, new)
        assert not text_map.untouched(start, start + len(QUOTE))
        moved = text_map.move_span(start, start + len(QUOTE))
        assert moved.how == "re-anchored" and not moved.review
        assert new[moved.start : moved.end] == QUOTE


def test_an_edit_inside_a_span_maps_it_for_review() -> None:
    start = BRIBE.index(QUOTE)
    new = BRIBE.replace("bribe", "large bribe")
    moved = TextMap(BRIBE, new).move_span(start, start + len(QUOTE))
    assert moved.review and new[moved.start : moved.end] == QUOTE.replace("bribe", "large bribe")


def test_a_wholly_deleted_span_keeps_one_character_for_review() -> None:
    old = f"{OTHER} {MOVED} {OTHER}"
    new = f"{OTHER}  {OTHER}"
    start = old.index(MOVED)
    moved = TextMap(old, new).move_span(start, start + len(MOVED))
    assert moved.review and moved.end - moved.start == 1


def test_insertions_at_a_spans_edges_stay_outside() -> None:
    old = f"{OTHER} {MOVED} {OTHER}"
    start = old.index(MOVED)
    new = old[:start] + "[pause] " + MOVED + " [laughs]" + old[start + len(MOVED) :]
    moved = TextMap(old, new).move_span(start, start + len(MOVED))
    assert moved.how == "kept" and new[moved.start : moved.end] == MOVED


def test_a_long_text_without_sentence_ends_is_still_diffed_finely() -> None:
    old = " ".join(f"word{i}" for i in range(30_000))  # one 'unit': refined by words, then characters
    new = old.replace("word15000 ", "word15000 inserted ")
    text_map = TextMap(old, new)
    assert text_map.changed == 1
    start = old.index("word20000")
    assert text_map.move_span(start, start + 9).how == "kept"
