"""The coding screen's code suggestions: drawn in the text, stepped through, accepted or rejected by key,
and made again by a worker after each coding action (the suggester: `annotator.suggestions`)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker

from annotator.coding.suggestion_marks import SuggestionMarks, no_suggestions
from annotator.domain.models import Span
from annotator.domain.suggestions import Suggestion
from annotator.storage import Action
from annotator.suggestions.refresh import SuggestionProcess
from annotator.tui.bindings import KeyGroup
from annotator.tui.errors import report_worker_failure
from annotator.tui.screens.coding.view import CodingView
from annotator.tui.widgets.status_line import SUGGESTION_KEYS, describe_suggestion

_keys = KeyGroup()

SUGGEST_GROUP = "suggestions"
# Coding actions in a burst (a code key held, several quick keys) retrain once, this long after the last.
RETRAIN_AFTER = 0.6
NO_SUGGESTION = "No suggestion under the cursor: z steps to the next one."
SUGGESTIONS_OFF = "Suggestions are off: V turns them on."

SUGGESTION_BINDINGS: list[BindingType] = [
    _keys("z", "step_suggestion(1)", "Next suggestion", "next_suggestion", "Select the next code suggestion."),
    _keys(
        "Z", "step_suggestion(-1)", "Previous suggestion", "previous_suggestion", "Select the previous code suggestion."
    ),
    _keys(
        "y",
        "accept_suggestion",
        "Accept",
        "accept_suggestion",
        "Accept the suggestion under the cursor: it becomes your span with the suggested code (undoable).",
    ),
    _keys(
        "Y",
        "accept_suggestion_as",
        "Accept as…",
        "accept_suggestion_as",
        "Accept the suggestion under the cursor with another code, picked by name.",
    ),
    _keys(
        "X",
        "reject_suggestion",
        "Reject",
        "reject_suggestion",
        "Reject the suggestion under the cursor: never suggested again for that passage and code (undoable).",
    ),
    _keys(
        "V",
        "toggle_suggestions",
        "Suggestions",
        "toggle_suggestions",
        "Switch code suggestions on or off (suggested passages: italic in the code's colour, ▐ in the margin).",
    ),
]


class SuggestActions(CodingView):
    """Keys that step through, accept and reject code suggestions, and the worker that makes them.

    The worker runs on its own connection after each coding action (debounced) and after a testimony
    opens; what it finds is drawn only if that testimony is still on screen. The keys are this class's
    own (merged into the coding screen's by Textual), so the help screen lists them in their own section.
    """

    BINDINGS = SUGGESTION_BINDINGS

    marks: SuggestionMarks = no_suggestions()  # the open testimony's suggestions on show
    _maker: SuggestionProcess | None = None  # the coder's suggester, in a process of its own, kept between runs
    _retrain_timer: Timer | None = None
    # One retrain at a time, and at most one more asked for meanwhile: a retrain slower than the coder's
    # keys must not pile up workers, each holding the interpreter from the keys.
    _retraining = False
    _retrain_again = False

    @dataclass
    class Arrived(Message):
        """The worker made a testimony's suggestions for the coder."""

        document_id: str
        suggestions: list[Suggestion]

    # --- showing -------------------------------------------------------------------------------

    def show_suggestions(self) -> None:
        """A testimony was shown: draw the suggestions stored for it, and make them again from the coding."""
        self.marks = no_suggestions()
        if not self.session.suggesting or self.document_id is None:
            return
        self._draw(self.session.suggestions(self.document_id))
        self.retrain(at_once=True)

    def follow_suggestions(self) -> None:
        """Another process rejected or accepted (coded) suggestions of the open testimony: draw the ones
        still open, as stored now (cheap: one read; the next coding action retrains as usual)."""
        if self.session.suggesting and self.document_id is not None and self.marks.document_id == self.document_id:
            self._draw(self.session.suggestions(self.document_id))

    def retrain(self, *, at_once: bool = False) -> None:
        """Make the open testimony's suggestions again, off the UI thread, once the coding pauses."""
        if self._retrain_timer is not None:
            self._retrain_timer.stop()
            self._retrain_timer = None
        if not self.session.suggesting or self.document_id is None:
            return
        if at_once:
            self._start_retrain()
        else:
            self._retrain_timer = self.set_timer(RETRAIN_AFTER, self._start_retrain)

    def _start_retrain(self) -> None:
        """Start the worker on the testimony on screen, or (one is running) ask for one more after it."""
        if self._retraining:
            self._retrain_again = True
        elif self.session.suggesting and self.document_id is not None:
            self._retraining = True
            self._retrain(self.maker, self.document_id)  # the maker made here, never in the worker's thread

    @work(thread=True, group=SUGGEST_GROUP, exit_on_error=False)
    def _retrain(self, maker: SuggestionProcess, document_id: str) -> None:
        self.post_message(self.Arrived(document_id, maker.refresh(document_id)))

    def _retrained(self) -> None:
        """The worker ended: the one asked for meanwhile starts now."""
        self._retraining = False
        if self._retrain_again:
            self._retrain_again = False
            self._start_retrain()

    def on_unmount(self) -> None:
        """The suggestion process ends with the screen."""
        if self._maker is not None:
            self._maker.close()

    @property
    def maker(self) -> SuggestionProcess:
        """The coder's suggester (made on first use: a screen with suggestions off never trains one)."""
        if self._maker is None:
            self._maker = SuggestionProcess(self.session.db_path, self.session.coder)
        return self._maker

    @on(Arrived)
    def _arrived(self, event: Arrived) -> None:
        if event.document_id == self.document_id and self.session.suggesting:
            self._draw(event.suggestions)
        self._retrained()

    def _draw(self, suggestions: list[Suggestion]) -> None:
        current = self.marks.current if self.marks.document_id == self.loaded.document.id else None
        self.marks = SuggestionMarks(self.loaded.document.id, suggestions, self.loaded.lines)
        self.marks.current = current  # the one stepped to stays current when the list is made again
        self.transcript.set_suggestions(self.marks)
        # Only the status line: they arrive at any moment, when the coder may be moving in the spans list.
        self._show_status_line(self._spans_under_cursor())

    def _show_action(self, action: Action) -> None:
        """A committed action changes what the coder taught the suggester: make the suggestions again."""
        super()._show_action(action)
        self.retrain()

    def cursor_summary(self, under: list[Span]) -> Content:
        """The spans under the cursor, then the suggestion there with its score and why."""
        summary = super().cursor_summary(under)
        suggestion = self.marks.target(*self.transcript.selected_range()) if self.marks else None
        if suggestion is None:
            return summary
        described = describe_suggestion(suggestion, self.session.code_name(suggestion.code_id), self.session.colours)
        return described if not under else Content.assemble(summary, "  ", described)

    def cursor_keys(self) -> str:
        """y, Y and X while a suggestion is under the cursor."""
        on_one = self.marks and self.marks.target(*self.transcript.selected_range()) is not None
        return SUGGESTION_KEYS if on_one else super().cursor_keys()

    def other_worker_failed(self, worker: Worker[object]) -> None:
        """Making suggestions failed: say so (coding goes on without them)."""
        if worker.group == SUGGEST_GROUP:
            self._retrain_again = False  # not again at once: the next coding action tries again
            self._retrained()
            report_worker_failure(self, "Suggesting codes", worker.error)
        else:
            super().other_worker_failed(worker)

    # --- keys ----------------------------------------------------------------------------------

    def _target(self) -> Suggestion | None:
        if not self.session.suggesting:
            self.notify(SUGGESTIONS_OFF, severity="warning")
            return None
        target = self.marks.target(*self.transcript.selected_range())
        if target is None:
            self.notify(NO_SUGGESTION, severity="warning")
        return target

    def action_step_suggestion(self, direction: int) -> None:
        """Select the next (1) or previous (-1) suggestion in the text."""
        if not self.session.suggesting:
            self.notify(SUGGESTIONS_OFF, severity="warning")
            return
        found = self.marks.step(*self.transcript.selected_range(), direction)
        if found is None:
            self.notify("No more suggestions that way." if self.marks else "No suggestions in this testimony yet.")
            return
        self.transcript.select_range(found.start, found.end, center=True)
        self._update_status()  # a second code on the same stretch leaves the selection as it was

    def action_accept_suggestion(self) -> None:
        """Code the suggestion under the cursor with its code."""
        target = self._target()
        if target is not None:
            self._accept(target, target.code_id)

    def action_accept_suggestion_as(self) -> None:
        """Code the suggestion under the cursor with a code picked by name (or a new one)."""
        target = self._target()
        if target is None:
            return
        title = f"Accept «{self.session.code_name(target.code_id)}» suggestion as…"
        self.app.push_screen(self._code_picker(title), self._with_picked(lambda code_id: self._accept(target, code_id)))

    def _accept(self, target: Suggestion, code_id: str) -> None:
        name = self.session.code_name(code_id)

        def accepted(action: Action) -> None:
            self._suggestion_taken(target)
            self._show_action(action)
            self.notify(f"Accepted: coded {name} {target.start}–{target.end}.")

        self.writes.submit(
            self,
            f"accept {name} {target.start}–{target.end}",
            lambda: self.session.accept_suggestion(target.id, None if code_id == target.code_id else code_id),
            accepted,
        )

    def action_reject_suggestion(self) -> None:
        """Reject the suggestion under the cursor (remembered: not suggested again there with that code)."""
        target = self._target()
        if target is None:
            return
        name = self.session.code_name(target.code_id)

        def rejected(action: Action) -> None:
            self._suggestion_taken(target)
            self._show_action(action)
            self.notify(f"Rejected {name} {target.start}–{target.end}: not suggested there again.")

        self.writes.submit(
            self,
            f"reject {name} {target.start}–{target.end}",
            lambda: self.session.reject_suggestion(target.id),
            rejected,
        )

    def _suggestion_taken(self, target: Suggestion) -> None:
        """An accepted or rejected suggestion leaves the text at once (before the worker's next list)."""
        if target.document_id == self.document_id:
            self.transcript.suggestions_changed(self.marks.drop(target.id))

    def action_toggle_suggestions(self) -> None:
        """Switch code suggestions on or off."""
        if self.session.toggle_suggestions():
            self.notify("Suggestions on: z steps to the next one.")
            self.show_suggestions()
            return
        if self._retrain_timer is not None:
            self._retrain_timer.stop()
        self._retrain_again = False  # a retrain under way ends unseen: its suggestions are not drawn
        self.marks = no_suggestions()
        self.transcript.set_suggestions(self.marks)
        self._update_status()
        self.notify("Suggestions off: V turns them on again.")
