"""Full garbage collections put off while keys arrive and run in the coder's pause (a fake clock, no timing)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.tui import AnnotatorApp
from annotator.tui.collector import FULL_AFTER, PAUSE_SECONDS, PauseCollector
from tests.support.tui import CODER


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    """Python's thresholds before the test, put back after it whatever happens."""
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def full_collections() -> int:
    return gc.get_stats()[2]["collections"]


def test_full_collections_wait_for_a_pause(thresholds: tuple[int, int, int]) -> None:
    clock = Clock()
    collector = PauseCollector(clock)
    collector.start()
    assert gc.get_threshold() == (*thresholds[:2], FULL_AFTER)
    gc.collect(1)  # something reached the oldest generation since the last full collection
    before = full_collections()
    collector.input_seen()
    clock.now += PAUSE_SECONDS / 2
    assert not collector.tick()  # still typing
    assert full_collections() == before
    clock.now += PAUSE_SECONDS
    assert collector.tick()
    assert full_collections() == before + 1
    assert not collector.tick()  # nothing new since: no collection for its own sake
    assert full_collections() == before + 1
    collector.stop()
    assert gc.get_threshold() == thresholds


async def test_the_app_defers_full_collections_while_it_runs(
    project_path: Path, thresholds: tuple[int, int, int]
) -> None:
    app = AnnotatorApp(project_path, CODER)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == FULL_AFTER
        seen = app.collector.last_input
        await pilot.press("down")
        assert app.collector.last_input > seen  # a key counts as input
    assert gc.get_threshold() == thresholds
