"""The one rule for names (annotator.domain.names): what it refuses, what it trims, how it says so."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.errors import InputError
from annotator.domain.names import (
    CODE_NAME,
    CODER_NAME,
    LIMITS,
    ROLE,
    SPEAKER,
    check_name,
    escaped,
    forbidden_character,
    name_problem,
)


@pytest.mark.parametrize("kind", sorted(LIMITS))
def test_each_limit_is_the_longest_accepted(kind: str) -> None:
    limit = LIMITS[kind]
    assert check_name(kind, "a" * limit) == "a" * limit
    with pytest.raises(InputError, match=f"more than the {limit} a {kind} may have"):
        check_name(kind, "a" * (limit + 1))


@pytest.mark.parametrize(
    "character", ["\x00", "\t", "\n", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202e", "\u2066"]
)
def test_refused_anywhere_in_a_name(character: str) -> None:
    with pytest.raises(InputError, match=f"holds U\\+{ord(character):04X}"):
        check_name(CODE_NAME, f"Bri{character}bery")


@pytest.mark.parametrize("character", ["\u200e", "\u200f", "\u061c", "\u2060", "\ud800"])
def test_invisible_marks_the_placeholder_and_surrogates_are_refused(character: str) -> None:
    assert name_problem(SPEAKER, f"Mira{character}") is not None


def test_names_are_trimmed_at_the_door_and_must_be_trimmed_when_stored() -> None:
    assert check_name(SPEAKER, "  Mira Lee ") == "Mira Lee"
    assert name_problem(SPEAKER, " Mira") == "starts or ends with spaces"
    assert name_problem(SPEAKER, "   ") == "is empty"


def test_a_coder_name_holds_no_comma_but_a_role_may() -> None:
    with pytest.raises(InputError, match="holds ','"):
        check_name(CODER_NAME, "ann,bob")
    assert check_name(ROLE, "interviewer, lead") == "interviewer, lead"


def test_a_refusal_names_the_file_and_line_and_shows_the_value_escaped() -> None:
    with pytest.raises(InputError) as caught:
        check_name(SPEAKER, "Ann\x1b[31m", path="t.vtt", line=4)
    assert str(caught.value) == "t.vtt:4: speaker 'Ann\\x1b[31m' is not usable: it holds U+001B, a control character"


def test_names_in_other_scripts_are_usable() -> None:
    for name in ("평양", "محمد", "Ольга", "Zoë 😀", "José-María O'Neil"):
        assert check_name(CODE_NAME, name) == name


@given(st.text(max_size=300))
def test_a_name_the_rule_accepts_holds_nothing_it_forbids(value: str) -> None:
    try:
        checked = check_name(SPEAKER, value)
    except InputError:
        return
    assert forbidden_character(checked) is None and checked == checked.strip() and 0 < len(checked) <= 100


@given(st.text(max_size=100))
def test_escaped_holds_no_forbidden_character_and_keeps_the_rest(value: str) -> None:
    shown = escaped(value)
    assert forbidden_character(shown) is None
    if forbidden_character(value) is None:
        assert shown == value
