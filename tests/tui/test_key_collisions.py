"""No key of the coding screen does two things: its own keys and those of every part it is made of
(suggestions, turns, layout, memos, pseudonym candidates) are gathered from the classes, so a key
one part takes can never silently shadow another's."""

from __future__ import annotations

from collections import defaultdict


def test_no_key_of_the_coding_screen_is_bound_to_two_actions() -> None:
    from annotator.tui.screens.coding.screen import CodingScreen

    actions: dict[str, set[str]] = defaultdict(set)
    for part in CodingScreen.__mro__:
        for binding in part.__dict__.get("BINDINGS", []):
            key, action = (binding.key, binding.action) if hasattr(binding, "key") else binding[:2]
            for one in key.split(","):
                actions[one.strip()].add(action)
    doubled = {key: sorted(bound) for key, bound in actions.items() if len(bound) > 1}
    assert doubled == {}
