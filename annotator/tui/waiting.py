"""Writes from the screens, in the order the keys asked for them: tried at once, and while another
process holds the write lock, kept in order and tried again on a timer with a notice saying so."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.timer import Timer
from textual.widget import Widget

from annotator.domain.errors import AnnotatorError
from annotator.storage import Project
from annotator.tui.errors import is_busy, notify_errors

# How long a write's first try waits for the lock on the UI thread: long enough for another
# coder's ordinary write (milliseconds, a slow disk's sync included), short enough that the screen
# never seems to freeze. Later tries, made while the screen says it waits, wait less, so keys
# typed meanwhile are taken at once.
TRY_MILLISECONDS = 250
RETRY_MILLISECONDS = 50
RETRY_SECONDS = 0.4
# How often the waiting notice is shown again while the wait lasts (each notice lasts about this long).
NOTICE_SECONDS = 3.0


def writes_of(node: Widget) -> WriteQueue:
    """The app's write queue, from any of its screens or widgets."""
    writes = getattr(node.app, "writes", None)
    assert isinstance(writes, WriteQueue), "the app has no write queue (not an AnnotatorApp)"
    return writes


@dataclass(frozen=True)
class PendingWrite:
    """One write a key asked for: what it is (for the notice), the write, and what follows it."""

    what: str
    write: Callable[[], Any]
    then: Callable[[Any], None] | None
    failed: Callable[[BaseException], None] | None
    node: Widget


class WriteQueue:
    """The screens' writes on the app's connection, in order.

    A write is tried at once, waiting at most TRY_MILLISECONDS for the lock. If another process
    holds it, the write and every later one wait here, in order (a key pressed meanwhile never
    overtakes an earlier one), and are tried again every RETRY_SECONDS while the screen stays
    responsive and says it is waiting, and for whom when the event log can tell. Nothing is shown
    as done before it is committed; what fails is said plainly, and `failed` gets the error so
    what the coder typed can be kept.
    """

    def __init__(self, app: App[Any], project: Project) -> None:
        self.app = app
        self.project = project
        project.changes.wait_at_most(TRY_MILLISECONDS)  # also for writes made outside the queue
        self.pending: deque[PendingWrite] = deque()
        self.waiting_since: float | None = None
        self._noticed = 0.0
        self._slot: int | None = None  # while a continuation runs: where a write it asks for goes
        self._timer: Timer | None = None
        self._warned_quit = False

    def __len__(self) -> int:
        return len(self.pending)

    def submit(
        self,
        node: Widget,
        what: str,
        write: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Write now, or after the writes waiting before it; True when it was written (or failed) now."""
        item = PendingWrite(what, write, then, failed, node)
        if self._slot is not None:  # asked for by the continuation of a write that waited: it goes next
            self.pending.insert(self._slot, item)
            self._slot += 1
            return False
        if self.pending:
            self.pending.append(item)
            self._notice()
            return False
        if self._run(item, TRY_MILLISECONDS):
            return True
        self.pending.append(item)
        self._start_waiting()
        return False

    def try_quietly(self, node: Widget, write: Callable[[], Any]) -> None:
        """A write the coder did not ask for (where they are, for the next session): made only if
        the project is free at once and no write waits; never queued, waited for or announced."""
        if not self.pending:
            self._run(PendingWrite("", write, None, None, node), 0)

    def retry(self) -> None:
        """Try the waiting writes again, in order, until one still finds the project locked."""
        while self.pending:
            item = self.pending.popleft()
            self._slot = 0
            try:
                stored = self._run(item, RETRY_MILLISECONDS)
            finally:
                self._slot = None
            if not stored:
                self.pending.appendleft(item)
                self._notice()
                return
        self._stop_waiting()

    def _run(self, item: PendingWrite, wait: int) -> bool:
        """Run one write, waiting at most `wait` ms for the lock; False when the project stayed locked
        (nothing written)."""
        try:
            self.project.changes.wait_at_most(wait)
            result = item.write()
        except sqlite3.OperationalError as error:
            if is_busy(error):
                return False
            self._fail(item, error)
        except (AnnotatorError, sqlite3.Error) as error:
            self._fail(item, error)
        else:
            if item.then is not None:
                item.then(result)
        finally:
            if wait != TRY_MILLISECONDS:  # writes made outside the queue wait as a first try does
                with contextlib.suppress(sqlite3.Error):
                    self.project.changes.wait_at_most(TRY_MILLISECONDS)
        return True

    def _fail(self, item: PendingWrite, error: BaseException) -> None:
        node: Widget = item.node if item.node.is_attached else self.app.screen
        with notify_errors(node):  # the one place errors become what the screen says
            raise error
        if item.failed is not None:
            item.failed(error)

    # --- the notice ------------------------------------------------------------------------------

    def _start_waiting(self) -> None:
        self.waiting_since = time.monotonic()
        self._noticed = 0.0
        self._notice()
        if self._timer is None:
            self._timer = self.app.set_interval(RETRY_SECONDS, self.retry)
        else:
            self._timer.resume()

    def _stop_waiting(self) -> None:
        if self.waiting_since is None:
            return
        self.waiting_since = None
        self._warned_quit = False  # the next wait warns again before a quit
        if self._timer is not None:
            self._timer.pause()
        self.app.notify("The project is free again: every change that waited is saved.", title="Saved")

    def _notice(self) -> None:
        """Say the screen is waiting (again every NOTICE_SECONDS while it lasts)."""
        if self.waiting_since is None or time.monotonic() - self._noticed < NOTICE_SECONDS:
            return
        self._noticed = time.monotonic()
        count = len(self.pending)
        waited = int(time.monotonic() - self.waiting_since)
        changes = f"{count} change{'s' if count != 1 else ''}"
        self.app.notify(
            f"Waiting for the project: another process is writing to it{self._who()}. {changes} of yours "
            f"({self.pending[0].what}{', …' if count > 1 else ''}) not saved yet: they will be saved, in order, "
            f"when it is free; the screen goes on meanwhile.{f' Waited {waited} s.' if waited else ''}",
            title="Waiting for the project",
            severity="warning",
            timeout=NOTICE_SECONDS + 0.5,
        )

    def _who(self) -> str:
        """` (the last change was lead's, document-text, 4 s ago)`, from the event log ('' when empty)."""
        try:
            change = self.project.changes.latest()
        except sqlite3.Error:
            return ""
        if change is None:
            return ""
        try:
            ago = int((datetime.now(UTC) - datetime.fromisoformat(change.at)).total_seconds())
        except ValueError:
            return f" (the last change logged was {change.coder}'s: {change.kind})"
        return f" (the last change logged was {change.coder}'s: {change.kind}, {max(ago, 0)} s ago)"

    def confirm_quit(self) -> bool:
        """Whether quitting may go on: with writes waiting, the first ctrl+q says what would be lost."""
        if not self.pending or self._warned_quit:
            return True
        self._warned_quit = True
        count = len(self.pending)
        self.app.notify(
            f"{count} change{'s' if count != 1 else ''} still waiting for the project and NOT saved. "
            "Wait for the notice that they are saved, or press ctrl+q again to quit without them.",
            title="Not saved yet",
            severity="error",
            timeout=10,
        )
        return False
