"""The adjudication screen's decisions, headless: step order, an edit's room, the consensus lookup (issue 23)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.adjudication_queue import ItemQueue, consensus_in, edit_range
from annotator.domain.adjudication_items import Item, Segment
from tests.support.hypothesis_profiles import examples


def item(document: str, start: int, end: int, agreed: bool = False) -> Item:
    """An item of `document`: coder A codes it x; coder B codes it x too (agreed) or y."""
    first = (Segment(start, end, "x"),)
    return Item(document, start, end, first, first if agreed else (Segment(start, end, "y"),))


# A: 0–5 open, 10–20 agreed, 30–40 open; B: 0–8 open, 12–14 agreed.
ITEMS = [item("A", 0, 5), item("A", 10, 20, agreed=True), item("A", 30, 40), item("B", 0, 8), item("B", 12, 14, True)]


def test_opens_on_the_first_undecided_disagreement():
    assert ItemQueue(ITEMS).first() == 0
    assert ItemQueue(ITEMS, {ITEMS[0].key: "a"}).first() == 2
    every = {ITEMS[i].key: "a" for i in (0, 2, 3)}
    assert ItemQueue(ITEMS, every).first() == 0  # all decided: the first disagreement
    assert ItemQueue([ITEMS[1]]).first() == 0  # only agreed items: the first item
    assert ItemQueue([]).first() == 0


def test_next_open_prefers_undecided_and_skips_agreed():
    queue = ItemQueue(ITEMS, {ITEMS[2].key: "b"})
    assert queue.next_open(0, 1) == 3  # 1 is agreed, 2 decided, 3 open
    assert queue.next_open(3, -1) == 0
    assert queue.next_open(3, 1) is None
    decided = ItemQueue(ITEMS, {ITEMS[2].key: "b", ITEMS[3].key: "a"})
    assert decided.next_open(0, 1) == 2  # nothing open after 0: the first decided one that way


def test_brackets_step_over_agreed_items_decided_or_not():
    queue = ItemQueue(ITEMS, {ITEMS[2].key: "a"})
    assert queue.next_disagreement(None, 1) == 0
    assert queue.next_disagreement(0, 1) == 2
    assert queue.next_disagreement(3, 1) is None
    assert queue.next_disagreement(3, -1) == 2


def test_after_a_decision_go_to_the_next_open_one_then_wrap_then_stop():
    queue = ItemQueue(ITEMS)
    queue.redecide({ITEMS[2].key: "a"})
    assert queue.after_decision(2) == 3
    queue.redecide({ITEMS[2].key: "a", ITEMS[3].key: "b"})
    assert queue.after_decision(3) == 0  # wraps to the open one at the top
    queue.redecide({ITEMS[i].key: "a" for i in (0, 2, 3)})
    assert queue.after_decision(0) is None and queue.all_decided()


def test_redecide_names_what_changed_and_progress_counts_decisions():
    queue = ItemQueue(ITEMS, {ITEMS[0].key: "a", ITEMS[1].key: "agreed"})
    assert queue.progress().decided == 2 and queue.progress().settled == 1
    assert queue.progress().disagreements == 3 and queue.progress().agreed == 2
    changed = queue.redecide({ITEMS[0].key: "b", ITEMS[3].key: "a", "stale-key": "a"})
    assert changed == {ITEMS[0].key, ITEMS[1].key, ITEMS[3].key, "stale-key"}
    assert queue.progress().decided == 2  # a key of no present item is not counted
    assert queue.first_changed(changed) == 0


def test_an_edit_reaches_to_the_neighbours_of_its_testimony():
    queue = ItemQueue(ITEMS)
    assert queue.room(0, text_length=50) == (0, 10)
    assert queue.room(2, text_length=50) == (20, 50)  # last of A: the text's end
    assert queue.room(2) == (20, 40)  # text not loaded: the item's end
    assert queue.room(3, text_length=30) == (0, 12)  # first of B: not bounded by A's last item
    assert queue.room(4, text_length=10) == (8, 14)  # never less than the item itself


def test_edit_range_cuts_the_selection_to_the_room():
    assert edit_range((5, 25), (10, 20)) == (10, 20)
    assert edit_range((12, 15), (10, 20)) == (12, 15)
    assert edit_range((0, 10), (10, 20)) is None


@dataclass
class Stored:
    """A stored span, as the session hands them out."""

    start: int
    end: int
    code_id: str


def test_consensus_is_what_reaches_into_the_room():
    spans = [Stored(15, 18, "y"), Stored(0, 10, "x"), Stored(9, 12, "z"), Stored(20, 25, "x")]
    assert consensus_in(spans, (10, 20)) == [Segment(9, 12, "z"), Segment(15, 18, "y")]


def test_index_after_a_reread():
    queue = ItemQueue(ITEMS)
    assert queue.index_of(ITEMS[3].key, 1) == 3
    assert queue.index_of("gone", 9) == 4 and queue.index_of("gone", None) == 0
    assert queue.index_of(None, 3) == 0


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=12), st.integers(-1, 12))
def test_after_decision_lands_on_an_undecided_disagreement_or_none(flags, index):
    """Whatever is decided, the next stop is an undecided disagreement, and None only when none is left."""
    items = [item("A", 10 * i, 10 * i + 5, agreed=agreed) for i, (agreed, _) in enumerate(flags)]
    decided = {it.key: "a" for it, (_, done) in zip(items, flags) if done}
    queue = ItemQueue(items, decided)
    found = queue.after_decision(min(index, len(items) - 1))
    if found is None:
        assert queue.all_decided()
    else:
        assert not items[found].agreed and items[found].key not in decided
