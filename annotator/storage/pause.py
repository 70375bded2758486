"""A test-only pause between an action's plan and its write, so a test can change the project there.

`ANNOTATOR_TEST_PAUSE=NAME=PATH`: at the point called NAME, the process creates `PATH.reached`
and waits (at most 120 s) until `PATH` exists. Unset (always, outside tests) it costs one lookup.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

WAIT_LIMIT = 120.0


def point(name: str) -> None:
    """Pause here when ANNOTATOR_TEST_PAUSE names this point (see the module docstring)."""
    wanted, _, path = os.environ.get("ANNOTATOR_TEST_PAUSE", "").partition("=")
    if wanted != name or not path:
        return
    release = Path(path)
    Path(f"{path}.reached").touch()
    deadline = time.monotonic() + WAIT_LIMIT
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
