"""Words, sentences and paragraphs of scripts with combining marks and without spaces (issue 23)."""

from __future__ import annotations

import unicodedata

import pytest

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.spans import SpanData
from annotator.domain.segments import paragraph_bounds, sentence_bounds, token_bounds, word_bounds

HINDI = "नमस्ते दुनिया। क्षत्रिय किसान आए।\n\nहिन्दी में बात।"
DECOMPOSED = unicodedata.normalize("NFD", "Café crème, naïve résumé.\n\nÀ bientôt.")


def cut(function, text):
    """The pieces of text a cutter returns."""
    return [text[start:end] for start, end in function(text)]


def test_devanagari_vowel_signs_and_viramas_stay_in_their_word():
    assert cut(word_bounds, HINDI) == ["नमस्ते", "दुनिया", "क्षत्रिय", "किसान", "आए", "हिन्दी", "में", "बात"]
    assert cut(token_bounds, "किसान।") == ["किसान", "।"]


def test_zero_width_joiners_stay_inside_a_word():
    assert cut(word_bounds, "क्\u200dष और") == ["क्\u200dष", "और"]


def test_decomposed_latin_accents_stay_in_their_word():
    assert cut(word_bounds, DECOMPOSED) == [
        unicodedata.normalize("NFD", w) for w in ["Café", "crème", "naïve", "résumé", "À", "bientôt"]
    ]


@pytest.mark.parametrize("text", [HINDI, "Café crème, naïve résumé. Oui!\n\nÀ bientôt.", "Ça va? Très bien."])
@pytest.mark.parametrize("function", [word_bounds, sentence_bounds, paragraph_bounds])
def test_decomposing_a_text_keeps_its_units(text, function):
    """NFC and NFD spell the same text: the same number of words, sentences and paragraphs, the same pieces."""
    composed, decomposed = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert [unicodedata.normalize("NFC", piece) for piece in cut(function, decomposed)] == cut(function, composed)


def test_cjk_sentence_ends_need_no_space():
    assert cut(sentence_bounds, "你好。我很好！是吗？好") == ["你好。", "我很好！", "是吗？", "好"]
    assert cut(sentence_bounds, "「行く。」と言った。次です") == ["「行く。」", "と言った。", "次です"]
    assert cut(sentence_bounds, "Mr. Kim said 3.5 is fine.") == ["Mr.", "Kim said 3.5 is fine."]


def halves(text: str, coder_first: str, coder_second: str, words: list[str]) -> list[tuple[str, str, str, int, int]]:
    """Spans where one coder selects the first character of each chosen word and the other its last."""
    spans = []
    for word in words:
        start = text.index(word)
        end = start + len(word)
        spans.append(("d", coder_first, "k", start, start + 1))
        spans.append(("d", coder_second, "k", end - 1, end))
    return spans


@pytest.mark.parametrize(
    ("text", "words"),
    [(HINDI, ["नमस्ते", "क्षत्रिय", "किसान"]), (DECOMPOSED, [unicodedata.normalize("NFD", w) for w in ["Café", "résumé"]])],
)
def test_word_kappa_is_one_when_both_coders_touch_the_same_words(text, words):
    """One coder selects a word's first character, the other its last (a mark): the same word, so κ = 1."""
    data = SpanData({"d": text}, halves(text, "a", "b", words), coders=["a", "b"], codes=["k"])
    figures = span_report(data, SpanOptions(coders=["a", "b"], unit="word", all_documents=True)).codes["k"]
    assert figures.facts.units == len(word_bounds(text))
    assert figures.figure(("percent_agreement",)).value == 1.0
    assert figures.figure(("cohen_kappa",)).value == 1.0
