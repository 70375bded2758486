"""find_disagreements: every stretch where the compared coders differ, merged, in document order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.disagreements import COMPARED_NOT_CODED, DIFFERENT_CODES, find_disagreements
from annotator.agreement.spans import SpanData
from tests.support.hypothesis_profiles import examples

TEXT = "Abcdefghij" * 4


def test_stretches_and_kinds():
    data = SpanData(
        {"d2": TEXT, "d1": TEXT},
        [
            ("d1", "a", "x", 0, 10),
            ("d1", "b", "x", 5, 10),  # [0, 5): a only
            ("d1", "a", "y", 20, 30),
            ("d1", "b", "z", 20, 30),  # different codes
            ("d2", "a", "x", 0, 4),
            ("d2", "b", "x", 0, 4),  # agreement: nothing
        ],
    )
    found = find_disagreements(data)
    assert [(d.document_id, d.start, d.end, d.kind) for d in found] == [
        ("d1", 0, 5, COMPARED_NOT_CODED),
        ("d1", 20, 30, DIFFERENT_CODES),
    ]
    assert found[0].codes == {"a": ("x",), "b": ()}
    assert found[0].text == "Abcde"
    assert found[1].as_dict()["codes"] == {"a": ["y"], "b": ["z"]}
    only_y = find_disagreements(data, codes=["y"])
    assert [(d.start, d.end, d.codes) for d in only_y] == [(20, 30, {"a": ("y",), "b": ()})]


def test_adjacent_stretches_with_the_same_codes_merge():
    data = SpanData(
        {"d": 30}, [("d", "a", "x", 0, 5), ("d", "a", "x", 5, 10), ("d", "b", "y", 0, 3), ("d", "b", "y", 3, 10)]
    )
    found = find_disagreements(data)
    assert [(d.start, d.end) for d in found] == [(0, 10)]
    assert found[0].text is None  # only lengths were given


def test_missing_coder_is_not_a_disagreement():
    data = SpanData({"d": 30, "e": 30}, [("d", "a", "x", 0, 5), ("d", "b", "x", 0, 5), ("e", "a", "x", 0, 5)])
    assert find_disagreements(data) == []
    everywhere = find_disagreements(data, all_documents=True)
    assert [(d.document_id, d.start, d.end) for d in everywhere] == [("e", 0, 5)]


@st.composite
def projects(draw):
    """One random document, two coders, two codes, overlaps allowed."""
    length = draw(st.integers(1, 30))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, length - 1))
        spans.append(
            ("d", draw(st.sampled_from("ab")), draw(st.sampled_from("xy")), start, draw(st.integers(start + 1, length)))
        )
    return SpanData({"d": length}, spans, coders=["a", "b"])


@settings(max_examples=examples(80), deadline=None)
@given(projects())
def test_disagreements_cover_exactly_the_differing_characters(data):
    found = find_disagreements(data, coders=["a", "b"], all_documents=True)
    length = data.length("d")

    def codes_at(coder, position):
        """The codes covering one character for one coder."""
        return tuple(sorted({k for d, c, k, s, e in data.spans if c == coder and s <= position < e}))

    differing = {p for p in range(length) if codes_at("a", p) != codes_at("b", p)}
    covered = set()
    for item in found:
        for position in range(item.start, item.end):
            assert item.codes == {"a": codes_at("a", position), "b": codes_at("b", position)}
            covered.add(position)
    assert covered == differing
    assert all(x.end <= y.start for x, y in zip(found, found[1:]))
    assert all(x.end < y.start or x.codes != y.codes for x, y in zip(found, found[1:]))
