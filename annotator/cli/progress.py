"""A progress bar on stderr when it is a terminal; nothing when piped or in tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import click

from annotator.cli.app import is_terminal


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a `progress(done, total)` callback drawing a bar, or None when stderr is not a terminal."""
    if not is_terminal():
        yield None
        return
    bar: Any = None  # click's progress bar, made once the total is known
    shown = 0

    def update(done: int, total: int) -> None:
        nonlocal bar, shown
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=click.get_text_stream("stderr"))  # type: ignore[operator]
            bar.__enter__()
        bar.update(done - shown)
        shown = done

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
