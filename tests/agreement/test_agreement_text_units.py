"""Words, sentences and paragraphs (annotator.domain.segments): the documented rules and range invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.segments import paragraph_bounds, sentence_bounds, word_bounds
from tests.support.hypothesis_profiles import examples


def cut(function, text):
    """The pieces of text a cutter returns."""
    return [text[start:end] for start, end in function(text)]


def test_words():
    text = "Don't go—Kim’s 3.5 workers_1, ok'"
    assert cut(word_bounds, text) == ["Don't", "go", "Kim’s", "3", "5", "workers_1", "ok"]
    assert cut(word_bounds, "해외 노동자, Россия!") == ["해외", "노동자", "Россия"]


def test_sentences():
    text = 'He said "No." Then left!  Why? 3.5 is fine\nand this too.\n\nNew paragraph without end'
    assert cut(sentence_bounds, text) == [
        'He said "No."',
        "Then left!",
        "Why?",
        "3.5 is fine\nand this too.",
        "New paragraph without end",
    ]
    assert cut(sentence_bounds, "Wait... (Really?) Yes.") == ["Wait...", "(Really?)", "Yes."]


def test_paragraphs():
    text = "\n  First line\nsame paragraph \n \t\nSecond\n\n\n\nThird  \n"
    assert cut(paragraph_bounds, text) == ["First line\nsame paragraph", "Second", "Third"]
    assert paragraph_bounds("") == [] and paragraph_bounds(" \n\n ") == []


TEXT = st.text(alphabet=st.sampled_from(list("ab ’'.!?\n\t\")”,3")), max_size=60)


@settings(max_examples=examples(100), deadline=None)
@given(TEXT)
def test_ranges_are_sorted_disjoint_and_trimmed(text):
    for function in (word_bounds, sentence_bounds, paragraph_bounds):
        bounds = function(text)
        previous_end = 0
        for start, end in bounds:
            assert previous_end <= start < end <= len(text)
            assert not text[start].isspace() and not text[end - 1].isspace()
            previous_end = end


@settings(max_examples=examples(100), deadline=None)
@given(TEXT)
def test_every_word_lies_in_a_sentence_and_every_sentence_in_a_paragraph(text):
    def inside(inner, outer):
        """Every inner range lies in some outer range."""
        return all(any(s <= a and b <= e for s, e in outer) for a, b in inner)

    assert inside(sentence_bounds(text), paragraph_bounds(text))
    assert inside(word_bounds(text), sentence_bounds(text))
