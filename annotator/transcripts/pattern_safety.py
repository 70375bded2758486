"""A user's --speaker-pattern made safe to run: patterns that backtrack without bound refused, the rest time-bounded.

Python's `re` backtracks: `(a+)+b` takes exponential time on a line of `a`s, and `\\w*\\w*\\w*:` cubic
time on a long word. Two guards, both documented in docs/formats.md (Limits):

1. Before any line is read, the pattern is refused if it can match one stretch of text in
   exponentially many ways: an unbounded repeat (`*`, `+`, `{m,}`, or more than 10 times) of
   something that itself repeats or offers alternatives (`(a+)+`, `(\\w|\\d)*`), or a
   backreference. Possessive repeats (`a++`) and atomic groups (`(?>...)`) never give back what
   they took, so they count as one fixed piece.
2. What no rule can see (polynomial patterns) is bounded in time: on the main thread, matching a
   file's lines stops after MAX_SPEAKER_PATTERN_SECONDS with a one-line refusal. `re` checks for
   signals while it matches, so a SIGALRM timer interrupts even a single long match. Off the main
   thread (where Python cannot take signals) only the first guard applies.

The default pattern is written so that it cannot backtrack (possessive repeats), and passes guard 1.
"""

from __future__ import annotations

import importlib
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from annotator.domain.errors import InputError
from annotator.domain.limits import MAX_SPEAKER_PATTERN_SECONDS

# The parser behind re.compile: private, but the only way to see a pattern's structure. Should a
# future Python move it, guard 1 is skipped (guard 2 still holds).
try:
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - present in every supported Python (3.11+)
    _parser = None

_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")
# A repeat of at most this many times (`(?: \w+){0,5}`, a name of up to six words) is left to the
# time bound: its backtracking is polynomial, and refusing it would refuse most patterns for names.
MAX_CHECKED_REPEAT = 10
_FIXED = ("POSSESSIVE_REPEAT", "ATOMIC_GROUP")  # matched once, never re-tried: one fixed piece


class PatternTimeout(Exception):
    """Raised by the timer when a user's pattern has run past its time on one file."""


def check_pattern(source: str) -> None:
    """InputError when the pattern can backtrack exponentially (a repeat of a repeat or of
    alternatives, or a backreference)."""
    if _parser is None:
        return
    problem = _problem(_parser.parse(source))
    if problem:
        raise InputError(
            f"--speaker-pattern {source!r} {problem}, which can take hours on one long line; "
            "rewrite it without that (a possessive repeat such as [a-z]++ or an atomic group (?>...) is fine)"
        )


def _nodes(tree: Any) -> Iterator[tuple[str, Any]]:
    for op, argument in tree:
        yield str(op), argument


def _children(argument: Any) -> Iterator[Any]:
    """The sub-patterns inside one node's argument (their places differ from node to node)."""
    if _parser is not None and isinstance(argument, _parser.SubPattern):
        yield argument
    elif isinstance(argument, (list, tuple)):
        for item in argument:
            yield from _children(item)


def _problem(tree: Any) -> str | None:
    for op, argument in _nodes(tree):
        if op in ("GROUPREF", "GROUPREF_EXISTS"):
            return "refers back to a group"
        if op in _REPEATS and argument[1] > MAX_CHECKED_REPEAT and _ambiguous(argument[2]):
            return "repeats a part that itself repeats or offers alternatives"
        for child in _children(argument):
            problem = _problem(child)
            if problem:
                return problem
    return None


def _ambiguous(tree: Any) -> bool:
    """Whether the sub-pattern can match one text in more than one way (a variable repeat or an
    alternative), not counting what possessive repeats and atomic groups hold."""
    for op, argument in _nodes(tree):
        if op in _FIXED:
            continue
        if op in _REPEATS and argument[0] != argument[1]:
            return True
        if op == "BRANCH":
            return True
        if any(_ambiguous(child) for child in _children(argument)):
            return True
    return False


@contextmanager
def time_bound(seconds: float = MAX_SPEAKER_PATTERN_SECONDS) -> Iterator[None]:
    """Raise PatternTimeout inside the block once it has run `seconds` (main thread only; elsewhere no bound).

    The block must only compute (no I/O, no locks held): the timer's exception may arrive at any
    point in it. The previous SIGALRM handler and timer are put back afterwards.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise PatternTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    left, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:
            signal.setitimer(signal.ITIMER_REAL, left, interval)
