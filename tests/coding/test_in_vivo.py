"""An in-vivo code's name from selected words: one line, no marks around it, cut at a whole word."""

from __future__ import annotations

from annotator.coding.in_vivo import IN_VIVO_LENGTH, in_vivo_name


def test_the_selected_words_become_the_name_on_one_line_without_the_marks_around_them() -> None:
    assert in_vivo_name("  “we paid\na bribe.”  ") == "we paid a bribe"
    assert in_vivo_name("\u202ebribe\u200e") == "bribe"
    assert in_vivo_name(" … ") == ""


def test_a_long_selection_is_cut_after_the_last_whole_word_that_fits() -> None:
    long = "We sent money home through a broker who kept a part of every payment."
    name = in_vivo_name(long)
    assert len(name) <= IN_VIVO_LENGTH and long.startswith(name) and long[len(name)] == " "
    assert in_vivo_name("x" * 100) == "x" * IN_VIVO_LENGTH
