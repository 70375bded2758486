"""The coding screen's turn keys: select a speaker turn, step through turns, code every turn of a speaker, play one."""

from __future__ import annotations

from textual.binding import BindingType

from annotator.coding.playback import media_path, plan_playback, player_command, start_playback
from annotator.coding.turns import Group, group_spans
from annotator.storage import Action
from annotator.tui.bindings import KeyGroup
from annotator.tui.dialogs.speaker_picker import SpeakerPicker
from annotator.tui.errors import notify_errors
from annotator.tui.screens.coding.view import CodingView

NO_TURNS = "This testimony has no speaker turns (it was not imported as a transcript)."

_keys = KeyGroup()

TURN_BINDINGS: list[BindingType] = [
    _keys(
        "u",
        "select_turn",
        "Select turn",
        "select_turn",
        "Select the speaker turn at the cursor; again to add the next.",
    ),
    _keys(
        "right_curly_bracket", "step_turn(1)", "Next turn", "next_turn", "Move to the start of the next speaker turn."
    ),
    _keys(
        "left_curly_bracket",
        "step_turn(-1)",
        "Previous turn",
        "previous_turn",
        "Move to the start of the previous speaker turn (of this one, inside it).",
    ),
    _keys(
        "U",
        "next_untouched_turn",
        "Next uncoded answer",
        "next_untouched_turn",
        "Select the next participant turn that none of your spans touches.",
    ),
    _keys(
        "S",
        "code_speaker",
        "Code speaker…",
        "code_speaker",
        "Code every turn of a speaker (or role) in this testimony with one code (one undoable action).",
    ),
    _keys(
        "h",
        "play_turn",
        "Play turn",
        "play_turn",
        "Hear the recording from this turn's start (mpv or ffplay, in a window of its own; the screen stays usable).",
    ),
]
TURN_ACTIONS = {"select_turn", "step_turn", "next_untouched_turn", "code_speaker", "play_turn"}


class TurnActions(CodingView):
    """Keys over a transcript's speaker turns (which turn, and what to code, come from `annotator.coding.turns`).

    The keys are this class's own, merged into the coding screen's by Textual, so the help screen can
    list them in a section of their own, shown only for projects that hold transcripts.
    """

    BINDINGS = TURN_BINDINGS

    def _has_turns(self) -> bool:
        if self.open.turns:
            return True
        self.notify(NO_TURNS, severity="warning")
        return False

    def action_select_turn(self) -> None:
        """Select the turn at the cursor; with a selection, grow it by the next turn."""
        if self._has_turns():
            found = self.open.turns.selection(*self.transcript.selected_range())
            if found is not None:
                self.transcript.select_range(*found)

    def action_step_turn(self, direction: int) -> None:
        """Put the cursor at the start of the next (1) or previous (-1) turn."""
        if not self._has_turns():
            return
        turn = self.open.turns.neighbour(self.transcript.cursor_offset, direction)
        if turn is None:
            self.notify("This is the last turn." if direction > 0 else "This is the first turn.")
            return
        self.transcript.select_range(turn.start, turn.start, center=True)

    def action_next_untouched_turn(self) -> None:
        """Select the next participant turn none of the coder's spans touches (wrapping round)."""
        if not self._has_turns():
            return
        turn = self.open.turns.next_untouched(self.transcript.cursor_offset, self.open.loaded.spans, self.session.coder)
        if turn is None:
            turns = self.open.turns
            self.notify(turns.none_untouched(), severity="warning" if turns.lacks_participant() else "information")
            return
        self.transcript.select_range(turn.start, turn.end, center=True)

    def action_play_turn(self) -> None:
        """Start the recording (the testimony's `media`) at the turn under the cursor; the player runs apart."""
        if not self._has_turns():
            return
        turn = self.open.turns.at(self.transcript.cursor_offset) or self.open.turns.turns[-1]
        document = self.open.loaded.document
        with notify_errors(self):
            media = media_path(document.id, document.attributes, self.session.db_path.parent)
            playback = plan_playback(media, turn.time, player_command())
            start_playback(playback)
            self.notify(playback.describe())

    def action_code_speaker(self) -> None:
        """Pick a speaker (or role), then a code, and code every one of their turns at once."""
        if not self._has_turns():
            return
        self.app.push_screen(SpeakerPicker(self.open.turns.groups(), "Code every turn of…"), self._speaker_picked)

    def _speaker_picked(self, group: Group | None) -> None:
        if group is None:
            self.transcript.focus()
            return
        count = len(group.turns)
        title = f"Code all {count} turn{'' if count == 1 else 's'} of {group.name} with…"

        self.app.push_screen(
            self._code_picker(title), self._with_picked(lambda code_id: self.code_group(group, code_id))
        )

    def code_group(self, group: Group, code_id: str) -> None:
        """Code every turn of a group (those the coder has not coded so already) as one undoable action."""
        new = group_spans(self.open.document_id, code_id, group, self.open.loaded.spans, self.session.coder)
        name = self.session.code_name(code_id)
        if not new:
            self.notify(f"Every turn of {group.name} already has your {name} span.")
            return

        def coded(action: Action) -> None:
            self._show_action(action)
            self.notify(
                f"Coded {len(new)} turn{'' if len(new) == 1 else 's'} of {group.name} with {name}; ctrl+z undoes them all."
            )

        self.writes.submit(
            self,
            f"code the turns of {group.name}",
            lambda: self.session.add_spans(new),
            coded,
        )
