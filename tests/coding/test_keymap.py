"""What is wrong with a keymap: ids no binding has, and keys taken from another action."""

from __future__ import annotations

from annotator.coding.keymap import KeyBinding, describe_keymap_problems, effective_bindings, keymap_problems

BINDINGS = [
    KeyBinding("Coding screen", "next_testimony", ("right_square_bracket",), "Next"),
    KeyBinding("Coding screen", "remove_span", ("x",), "Remove"),
    KeyBinding("Coding screen", "undo", ("ctrl+z",), "Undo"),
    KeyBinding("Search", "close", ("escape",), "Close"),
]


def test_a_keymap_that_only_moves_keys_to_free_ones_has_no_problems() -> None:
    assert keymap_problems(BINDINGS, {"next_testimony": "ctrl+n", "undo": "ctrl+u,u"}) == []
    assert keymap_problems(BINDINGS, {}) == []


def test_an_unknown_id_is_named() -> None:
    assert keymap_problems(BINDINGS, {"next_testimonie": "n"}) == ["no binding has the id 'next_testimonie'"]


def test_a_key_another_action_holds_is_a_clash_unless_that_action_moves_too() -> None:
    assert keymap_problems(BINDINGS, {"next_testimony": "x"}) == [
        "'next_testimony' is given 'x', which 'remove_span' holds (Coding screen)"
    ]
    assert keymap_problems(BINDINGS, {"next_testimony": "x", "remove_span": "d"}) == []
    # A key another part of the app holds is no clash: each part has its own keys.
    assert keymap_problems(BINDINGS, {"next_testimony": "escape"}) == []


def test_the_effective_keys_and_the_one_line() -> None:
    moved = effective_bindings(BINDINGS, {"undo": "ctrl+u, u"})
    assert [binding.keys for binding in moved] == [("right_square_bracket",), ("x",), ("ctrl+u", "u"), ("escape",)]
    line = describe_keymap_problems(["no binding has the id 'a'", "'b' is given 'x', which 'c' holds (Search)"])
    assert "\n" not in line and line.startswith("ANNOTATOR_KEYMAP: no binding has the id 'a'; 'b' is given")
