"""One testimony view for the coding and adjudication screens: loading off the UI thread behind a
stale-load guard, the failure report, the transcript's title, and undo/redo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from annotator.coding.follow import ProjectChanges
from annotator.coding.history import nothing_to
from annotator.coding.session import CodingSession, LoadedDocument, load_document
from annotator.storage import Action
from annotator.tui.errors import report_worker_failure
from annotator.tui.waiting import WriteQueue, writes_of
from annotator.tui.widgets.transcript import Transcript

LOAD_GROUP = "testimony-load"


class TestimonyScreen(Screen[None]):
    """A screen with one Transcript showing one testimony at a time.

    A subclass says which testimony is on screen (`shown_id`), reacts when one has been drawn
    (`testimony_shown`), names what undo and redo work on (`history`) and what follows them
    (`after_history`); workers of its own report their failures in `other_worker_failed`.
    """

    @dataclass
    class TestimonyLoaded(Message):
        """A load worker finished reading a testimony."""

        loaded: LoadedDocument
        selection: tuple[int, int] | None

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self.requested: str | None = None  # the testimony asked for last: only its load is shown

    @property
    def transcript(self) -> Transcript:
        """The text widget."""
        return self.query_one(Transcript)

    @property
    def shown_id(self) -> str | None:
        """The testimony on screen (None before the first one is shown)."""
        raise NotImplementedError

    def follow(self, changes: ProjectChanges) -> None:
        """Show what other processes changed (the session has taken in its part already)."""

    @property
    def writes(self) -> WriteQueue:
        """The app's writes, in order, waiting while another process holds the project."""
        return writes_of(self)

    def colours(self) -> dict[str, str]:
        """Each code's colour, for the transcript."""
        return dict(self.session.colours)

    # --- loading -------------------------------------------------------------------------------

    def load_testimony(
        self,
        document_id: str,
        *,
        show_others: bool,
        compare: tuple[str, str] | None,
        selection: tuple[int, int] | None = None,
    ) -> None:
        """Read a testimony off the UI thread and show it (selecting `selection` when given)."""
        self.requested = document_id
        self.transcript.border_subtitle = "loading…"
        self._load(document_id, show_others, compare, selection)

    def keep_shown(self) -> None:
        """Stay on the testimony on screen: a load still under way must not replace it when it arrives."""
        self.requested = self.shown_id
        self.transcript.border_subtitle = ""

    @work(thread=True, exclusive=True, group=LOAD_GROUP, exit_on_error=False)
    def _load(
        self, document_id: str, show_others: bool, compare: tuple[str, str] | None, selection: tuple[int, int] | None
    ) -> None:
        loaded = load_document(self.session.db_path, self.session.coder, document_id, show_others, compare)
        if not get_current_worker().is_cancelled:
            self.post_message(self.TestimonyLoaded(loaded, selection))

    @on(TestimonyLoaded)
    def _testimony_loaded(self, event: TestimonyLoaded) -> None:
        if event.loaded.document.id != self.requested:
            return  # the user moved on while it loaded
        transcript = self.transcript
        transcript.show_document(event.loaded, self.colours())
        transcript.border_title = self.testimony_title(event.loaded)
        transcript.border_subtitle = ""
        self.testimony_shown(event.loaded, event.selection)

    def testimony_title(self, loaded: LoadedDocument) -> str:
        """The transcript's border title for a testimony."""
        return loaded.document.id

    def testimony_shown(self, loaded: LoadedDocument, selection: tuple[int, int] | None) -> None:
        """A testimony has just been drawn: the subclass shows the rest."""

    # --- failures ------------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures are reported (as a notification)."""
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == LOAD_GROUP:
            self.keep_shown()  # stepping goes on from the testimony on screen
            report_worker_failure(self, "Opening the testimony", event.worker.error)
        else:
            self.other_worker_failed(event.worker)

    def other_worker_failed(self, worker: Worker[object]) -> None:
        """A worker of the subclass failed."""
        report_worker_failure(self, "The work", worker.error)

    # --- undo and redo -------------------------------------------------------------------------

    def history(self) -> tuple[Callable[[], Action | None], Callable[[], Action | None]]:
        """What undo and redo call."""
        raise NotImplementedError

    def action_undo(self) -> None:
        """Undo the latest action."""
        self._step_history(self.history()[0], "Undone")

    def action_redo(self) -> None:
        """Redo the action undone last."""
        self._step_history(self.history()[1], "Redone")

    def _step_history(self, step: Callable[[], Action | None], verb: str) -> None:
        def show(action: Action | None) -> None:
            if not self.is_attached:  # the screen was left while the step waited for the project
                return
            if action is None:
                self.notify(self.nothing_to(verb))
            else:
                self.after_history(action, verb)

        self.writes.submit(self, "undo" if verb == "Undone" else "redo", step, show)

    def nothing_to(self, verb: str) -> str:
        """What to say when there is nothing to undo (`verb` Undone) or redo (Redone)."""
        return nothing_to(verb)

    def after_history(self, action: Action, verb: str) -> None:
        """Show what an undo or redo changed."""
