"""The Textual application: opens the project for one coder and shows the coding screen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from annotator.coding.keymap import describe_keymap_problems, keymap_problems
from annotator.coding.session import CodingSession
from annotator.storage import Project
from annotator.storage.workflows.backup import KEEP_BACKUPS, rolling_backup
from annotator.tui.bindings import HELP_KEYS, KeyGroup
from annotator.tui.collector import PauseCollector
from annotator.tui.commands import RankedCommands
from annotator.tui.dialogs.help import HelpScreen, KeySection
from annotator.tui.errors import describe_failure
from annotator.tui.key_pacing import KeyDelivered, KeyPacer
from annotator.tui.key_table import key_bindings, key_sections
from annotator.tui.messages import FollowsProject, PairCompared
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.waiting import WriteQueue

if TYPE_CHECKING:  # imported when the adjudication key first asks (the coding screen starts without it)
    from annotator.agreement.adjudication import Adjudication

# How often the screens look whether another process committed (one PRAGMA when nothing did).
FOLLOW_SECONDS = 0.5

# The other screens are imported where they are first needed (the key table, the palette, the
# key that opens one), so the coding screen starts without them and the agreement code.

_keys = KeyGroup(show=True)


class AnnotatorApp(App[None]):
    """Code testimonies in the terminal; every change is in the project file before it shows."""

    CSS_PATH = "app.tcss"
    TITLE = "annotator"
    COMMANDS = {RankedCommands}

    BINDINGS = [
        _keys("ctrl+q", "quit", "Quit", "quit", "Quit (everything is already saved).", priority=True),
        _keys(HELP_KEYS, "help", "Keys", "help", "Show every key."),
        _keys(
            "ctrl+p",
            "command_palette",
            "Commands",
            "command_palette",
            "Open the command palette: every action by name.",
            show=False,
            priority=True,
        ),
    ]

    def __init__(
        self,
        db_path: str | Path,
        coder: str,
        *,
        show_others: bool = False,
        keymap: Mapping[str, str] | None = None,
        consensus: str | None = None,
        keep_backups: int = KEEP_BACKUPS,
    ) -> None:
        super().__init__()
        self.keep_backups = keep_backups
        self.db_path = Path(db_path)
        self.coder = coder
        self.show_others = show_others
        self.consensus = consensus
        self.keymap_overrides = dict(keymap or {})
        self.project: Project | None = None
        self.session: CodingSession | None = None
        self.writes: WriteQueue | None = None
        self.collector = PauseCollector()
        self.keys = KeyPacer(self, super().on_event)

    def on_mount(self) -> None:
        """Open the project (a connection for the UI thread) and show the coding screen."""
        self.collector.start()
        self.set_interval(0.5, self.collector.tick)
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
            # A misspelt id or a key taken from another action would otherwise go unnoticed.
            problems = keymap_problems(key_bindings(), self.keymap_overrides)
            if problems:
                self.notify(describe_keymap_problems(problems), title="Keymap", severity="warning", timeout=30)
        self.project = Project.open(self.db_path)
        self.writes = WriteQueue(self, self.project)
        self.session = CodingSession(self.project, self.coder, show_others=self.show_others, consensus=self.consensus)
        self.push_screen(CodingScreen(self.session))
        self.set_interval(FOLLOW_SECONDS, self.follow_project)
        self.run_worker(
            partial(rolling_backup, self.db_path, keep=self.keep_backups),
            thread=True,
            group="backup",
            exit_on_error=False,
        )

    @on(Worker.StateChanged)
    def _backup_failed(self, event: Worker.StateChanged) -> None:
        """Today's backup could not be written: say so once; coding goes on (the project is intact)."""
        if event.worker.group == "backup" and event.state == WorkerState.ERROR:
            self.notify(f"Today's backup was not written: {describe_failure(event.worker.error)}", severity="warning")

    async def on_event(self, event: events.Event) -> None:
        """Tell the collector about input (no full collection while it comes), then Textual's handling."""
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        if isinstance(event, events.Key):
            # A key acts on the project as it is when pressed (a code key moved elsewhere a moment ago).
            self.follow_project()
            if not event.is_forwarded:  # from the terminal (not one bubbling back up): one at a time
                await self.keys.take(event)
                return
        await super().on_event(event)

    @on(KeyDelivered)
    async def _key_delivered(self, event: KeyDelivered) -> None:
        await self.keys.delivered(event.number)

    def follow_project(self) -> None:
        """Take in what other processes committed since the last look: the session first, then
        every open screen that shows the project (one PRAGMA when nothing was committed)."""
        if self.session is None:
            return
        try:
            changes = self.session.watch.poll()
            if not changes:
                return
            self.session.follow(changes)
        except sqlite3.Error:
            return  # reading failed (the next write says why); the screens keep what they show
        for screen in self.screen_stack:
            if isinstance(screen, FollowsProject):
                screen.follow(changes)

    async def action_quit(self) -> None:
        """Quit (every change is saved), unless changes still wait for the project: then say so first."""
        if self.writes is None or self.writes.confirm_quit():
            self.exit()

    def on_unmount(self) -> None:
        """Close the connection (every change was committed when it was made)."""
        self.collector.stop()
        if self.project is not None:
            self.project.close()

    @property
    def key_sections(self) -> list[KeySection]:
        """Every part of the app that has keys, for the help screen (the turn keys only with transcripts)."""
        return key_sections(with_turns=self._has_turns())

    def _has_turns(self) -> bool:
        return self.project is not None and self.project.speakers.has_turns()

    def action_help(self) -> None:
        """Show the key table (once)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections, self.keymap_overrides))

    def open_adjudication(self, first: str, second: str, into: str) -> Adjudication:
        """Adjudication of two coders on the app's connection, decided by the session's coder: the app
        holds the project, and the adjudication's writes share its queue and lock wait."""
        from annotator.agreement.adjudication import Adjudication

        assert self.project is not None and self.session is not None, "the project opens at mount"
        return Adjudication(self.project, first, second, into=into, decided_by=self.session.coder)

    def on_pair_compared(self, event: PairCompared) -> None:
        """The agreement screen compared two coders: the compare view shows them, the partner picker
        highlights the partner again."""
        if self.session is not None:
            self.session.remember_pair(event.first, event.second)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: every action of the screen by name, each testimony, then Textual's own."""
        from annotator.tui.screens.adjudication import AdjudicationScreen
        from annotator.tui.screens.agreement import AgreementScreen
        from annotator.tui.screens.codebook import CodebookScreen

        if isinstance(screen, (CodingScreen, CodebookScreen, AgreementScreen, AdjudicationScreen)):
            seen: set[str] = set()
            for binding in type(screen).BINDINGS:
                if not isinstance(binding, Binding) or binding.description in seen or binding.action.startswith("app."):
                    continue
                seen.add(binding.description)
                help_text = f"{binding.tooltip} ({self.get_key_display(binding)})"
                yield SystemCommand(binding.description, help_text, partial(screen.run_action, binding.action))
            if self.session is not None and isinstance(screen, CodingScreen):
                for testimony in self.session.testimonies:
                    yield SystemCommand(
                        f"Open testimony {testimony.id}",
                        " · ".join(testimony.attributes.values()) or testimony.title,
                        partial(screen.open_testimony, testimony.id),
                        discover=False,
                    )
        yield SystemCommand("Keys", "Show every key", self.action_help)
        yield from (command for command in super().get_system_commands(screen) if command.title != "Keys")
