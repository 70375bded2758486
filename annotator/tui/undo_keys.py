"""Undo and redo from a screen opened over the coding screen (the summary grid, the memo browser): the
coder's latest action of any kind, through the app's write queue, said in history's words."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from annotator.coding.history import history_step, nothing_to
from annotator.coding.session import CodingSession
from annotator.storage import Action
from annotator.tui.waiting import writes_of


def step_history(
    node: Widget, session: CodingSession, verb: str, changed: Callable[[Action], None], redraw: Callable[[], None]
) -> None:
    """Undo (`verb` "Undone") or redo the coder's latest action; hand it to `changed` (the coding screen
    shows it), say what it did, then `redraw` the screen."""

    def shown(action: Action | None) -> None:
        if action is None:
            node.notify(nothing_to(verb))
            return
        changed(action)
        node.notify(history_step(action, verb, session.code_name).message)
        redraw()

    step = session.undo if verb == "Undone" else session.redo
    writes_of(node).submit(node, "undo" if verb == "Undone" else "redo", step, shown)
