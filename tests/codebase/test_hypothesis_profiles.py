"""The suite is repeatable: the `ci` Hypothesis profile is loaded unless HYPOTHESIS_PROFILE asks for `fuzz`."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.support.hypothesis_profiles import examples, profile_name


def test_the_asked_for_profile_is_loaded() -> None:
    loaded = settings.default
    if profile_name() == "ci":
        assert loaded.derandomize is True and loaded.deadline is None and loaded.print_blob is True
    else:
        assert loaded.derandomize is False and loaded.max_examples == 5000


def test_a_property_test_settings_object_inherits_derandomize() -> None:
    """Module-level `settings(max_examples=...)` objects keep the profile's other choices."""
    assert settings(max_examples=examples(10)).derandomize is settings.default.derandomize


def test_examples_rise_only_under_fuzz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "ci")
    assert examples(60) == 60
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "fuzz")
    assert examples(60) == 5000 and examples(6000) == 6000
