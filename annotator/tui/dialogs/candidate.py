"""Deciding one pseudonym candidate: accept it as a new identifier (of a kind), as a variant, reject or skip it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from annotator.coding.candidates import ACCEPT_KINDS, Decision
from annotator.tui.bindings import KeyGroup

_candidate_keys = KeyGroup("candidate.", show=True)


class CandidatePrompt(ModalScreen[Decision | None]):
    """The candidate is selected in the testimony behind; one key decides it, escape stops stepping."""

    BINDINGS = [
        *(
            _candidate_keys(
                key, f"decide('accept', '{kind}')", f"As {kind}", f"accept_{kind}", f"Accept as a new {kind}."
            )
            for key, kind in ACCEPT_KINDS.items()
        ),
        _candidate_keys("v", "decide('variant')", "Variant", "variant", "Accept as a variant of the suggested entry."),
        _candidate_keys("x", "decide('reject')", "Reject", "reject", "Reject: not an identifier."),
        _candidate_keys("s,space", "decide('skip')", "Skip", "skip", "Leave it unreviewed and go to the next."),
        _candidate_keys("escape", "stop", "Stop", "stop", "Stop stepping through candidates."),
    ]

    def __init__(self, title: str, variant_of: int | None) -> None:
        super().__init__()
        self.title_text = title
        self.variant_of = variant_of

    def compose(self) -> ComposeResult:
        """What the candidate is, and the keys."""
        variant = f"v: a variant of register entry {self.variant_of}" if self.variant_of else "v: (no entry suggested)"
        with Vertical(id="candidate", classes="dialog"):
            yield Label(f"Pseudonym {self.title_text}", classes="dialog-title")
            yield Label("Accept as a new identifier:")
            yield Label("p person · l place · o organisation · d date · i id · a other")
            yield Label(f"{variant} · x reject · s skip", classes="dialog-hint")
            yield Label("escape stops; every decision is undoable (ctrl+z)", classes="dialog-hint")

    def action_decide(self, decision: str, kind: str | None = None) -> None:
        """Close with the decision."""
        if decision == "variant" and self.variant_of is None:
            self.notify(
                "No register entry is suggested for this one: `annotator pseudonyms review ID variant --entry N`."
            )
            return
        self.dismiss(Decision(decision, kind))

    def action_stop(self) -> None:
        """Close without deciding."""
        self.dismiss(None)
