"""Replacing register forms: folded, word-bounded, across line breaks; every span keeps covering its words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.models import Span
from annotator.domain.pseudonyms import Identifier
from annotator.pseudonyms.matching import Matcher
from annotator.pseudonyms.replace import Pseudonymiser

REGISTER = (
    Identifier(1, "place", "Pyongyang", ("Pyoungyang",), "[Town 1]", "automatic"),
    Identifier(2, "person", "Kim Jong Un", ("Kim",), "[Person 1]", "automatic"),
    Identifier(3, "date", "7th of May 1988", (), "1988", "generalisation"),
)


def test_forms_are_found_folded_word_bounded_and_across_line_breaks() -> None:
    pseudonymiser = Pseudonymiser(REGISTER)
    text = "PYOUNGYANG, Pyŏngyang and Pyongyangite; Kim\n  Jong-un met kimchi sellers on the 7th of\nMay 1988."
    assert pseudonymiser.text(text) == (
        "[Town 1], [Town 1] and Pyongyangite; [Person 1] met kimchi sellers on the 1988."
    )


def test_a_decomposed_accent_goes_with_the_name() -> None:
    text = "In Pyo\u0301ngyang\u0301 we met."  # combining acute accents inside and after the name
    assert Pseudonymiser(REGISTER).text(text) == "In [Town 1] we met."


def test_the_longest_form_of_an_entry_wins() -> None:
    matcher = Matcher([("Kim", 1), ("Kim Jong Un", 2)])
    assert [(found.start, found.end, found.owner) for found in matcher.find("Kim Jong Un and Kim")] == [
        (0, 11, 2),
        (16, 19, 1),
    ]


def _span(start: int, end: int, text: str) -> Span:
    return Span("s", "A", "c", "ann", start, end, text[start:end])


WORDS = st.sampled_from(["Pyongyang", "pyoungyang", "Kim", "Kim Jong Un", "went", "to", "the", "\n", " ", ".", "é"])


@given(st.lists(WORDS, min_size=1, max_size=30).map(" ".join), st.data())
def test_every_mapped_span_is_the_slice_of_the_new_text_and_keeps_its_words(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    pseudonymiser = Pseudonymiser(REGISTER)
    new_text = pseudonymiser.text_map("A", text).new
    moved = pseudonymiser.span(_span(start, end, text))
    assert 0 <= moved.start < moved.end <= len(new_text)
    assert moved.text == new_text[moved.start : moved.end]
    # Words the span held that are not registered are still in it, in order.
    kept = [
        word for word in text[start:end].split() if word.lower() not in {"pyongyang", "pyoungyang", "kim", "jong", "un"}
    ]
    inner = [word for word in kept if word in {"went", "to", "the", "é"}]
    for word in inner[1:-1]:  # words at the edges may be cut; those inside are whole
        assert word in moved.text
