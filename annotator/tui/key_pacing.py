"""Keys handed out one at a time, each to where the one before it left the focus: keys typed while a
dialog opens reach the dialog, and a Tab inside a burst (a paste, a macro) moves the focus before
the keys after it are delivered.

Textual forwards every key the moment it arrives to the widget focused then; a burst is forwarded
whole before the first key has opened a dialog or moved the focus, so its later keys went to the
widget the user was leaving (the coding screen's single-key commands, the field before the Tab).
Here each key is followed by a marker message up the same path; the next key is forwarded only when
the marker has reached the app (the key's bindings have run by then), and, while a screen that has
just opened has no focus yet, only once it has one (or after FOCUS_WAIT).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump

# How long a key waits for a screen that has just opened to focus its first field.
FOCUS_WAIT = 0.5
# How long a marker is waited for before the next key goes anyway (its widget may have gone).
MARKER_WAIT = 0.2
# How often a key waiting for the focus looks again.
RETRY_SECONDS = 0.01


class KeyDelivered(Message):
    """Follows a key up from the widget it was forwarded to: when the app sees it, the key's
    handling (its widget's, then its binding's) is over."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class KeyPacer:
    """Forwards an app's keys one at a time (see the module's docstring)."""

    def __init__(self, app: App[Any], forward: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.forward = forward  # Textual's own forwarding of one key
        self.waiting: deque[events.Key] = deque()
        self.in_flight: int | None = None  # the number of the key whose marker is awaited
        self._target: MessagePump | None = None
        self._sent_at = 0.0
        self._count = 0

    async def take(self, key: events.Key) -> None:
        """A key from the terminal: forwarded now, or after the keys before it."""
        if self.in_flight is not None and (self._target is None or not self._target.is_attached):
            self.in_flight = None  # its widget is gone (a dialog closed): no marker will come
        if self.in_flight is not None or self.waiting:
            self.waiting.append(key)
            self.app.set_timer(MARKER_WAIT, self._overdue)
            return
        await self._send(key)

    async def delivered(self, number: int) -> None:
        """A key's marker reached the app: forward the next key."""
        if number == self.in_flight:
            self.in_flight = None
            await self._next()

    async def _send(self, key: events.Key) -> None:
        self._count += 1
        self.in_flight = self._count
        self._sent_at = time.monotonic()
        target: MessagePump = self.app.focused or self.app.screen
        self._target = target
        await self.forward(key)
        target.post_message(KeyDelivered(self._count))

    async def _next(self) -> None:
        if not self.waiting or self.in_flight is not None:
            return
        # A screen that has just opened focuses its field a moment later: the key is for that field.
        if self.app.focused is None and time.monotonic() - self._sent_at < FOCUS_WAIT:
            self.app.set_timer(RETRY_SECONDS, self._next)
            return
        await self._send(self.waiting.popleft())

    async def _overdue(self) -> None:
        """No marker came back in time (its widget went before handling it): go on without it."""
        if self.in_flight is not None and time.monotonic() - self._sent_at >= MARKER_WAIT:
            self.in_flight = None
            await self._next()
