"""Python's full garbage collections kept off the key path: put off while the coder works, run when they pause."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

# Generation-1 collections before Python runs a full one by itself (its default is 10). At 10, a
# long testimony's coding ran a full collection on one key in five: 20-60 ms each, over the
# render caches Textual keeps (strips, segments, styles). At 1,000 one comes only after a long
# stretch without a pause; the pause collection below normally runs first.
FULL_AFTER = 1_000
PAUSE_SECONDS = 1.0  # no key or mouse event for this long: the coder is reading, collect now


class PauseCollector:
    """Defers full collections while input arrives and runs one in the next pause."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.last_input = clock()
        self.previous: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Raise the full-collection threshold (restored by `stop`)."""
        self.previous = gc.get_threshold()
        young, middle, _ = self.previous
        gc.set_threshold(young, middle, FULL_AFTER)

    def stop(self) -> None:
        """Python's own thresholds again."""
        if self.previous is not None:
            gc.set_threshold(*self.previous)
            self.previous = None

    def input_seen(self) -> None:
        """A key or mouse event arrived."""
        self.last_input = self.clock()

    def tick(self) -> bool:
        """Run the put-off full collection if the coder has paused and one is due; True if it ran."""
        if self.clock() - self.last_input < PAUSE_SECONDS or gc.get_count()[2] == 0:
            return False  # still typing, or nothing has reached the oldest generation since the last one
        gc.collect()
        return True
