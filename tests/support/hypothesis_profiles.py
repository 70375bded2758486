"""Hypothesis profiles: `ci` (default, derandomized: every run tries the same examples) and `fuzz` (long random runs).

`HYPOTHESIS_PROFILE=fuzz` (what `make fuzz` sets) selects the second. Property tests ask
`examples(n)` for their count, so `ci` keeps each test's own small count and `fuzz` raises it.
"""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"
FUZZ = "fuzz"

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile(FUZZ, max_examples=5000, derandomize=False, deadline=None, print_blob=True)


def profile_name() -> str:
    """The profile the environment asks for (`ci` unless HYPOTHESIS_PROFILE says otherwise)."""
    return os.environ.get(PROFILE_VARIABLE, "ci")


def load_profile() -> str:
    """Load the asked-for profile before any test module builds its settings; returns its name."""
    name = profile_name()
    settings.load_profile(name)
    return name


def examples(count: int) -> int:
    """A property test's number of examples: `count` normally, the fuzz profile's (larger) one under fuzz."""
    if profile_name() == FUZZ:
        return max(count, settings.get_profile(FUZZ).max_examples)
    return count
