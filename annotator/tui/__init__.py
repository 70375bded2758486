"""The coding screen (Textual); the only package allowed to import textual and rich."""

from __future__ import annotations

from pathlib import Path

from annotator.coding.keymap import keymap_from_environment
from annotator.tui.app import AnnotatorApp

__all__ = ["AnnotatorApp", "run_app"]


def run_app(db_path: Path, coder: str, *, show_others: bool = False, consensus: str | None = None) -> None:
    """Open the existing project at `db_path` as `coder` and run the coding screen until quit
    (adjudication writes into the coder `consensus`, else each pair into its own `consensus-A-B`)."""
    from annotator.storage import Project

    # Refuse a missing, foreign or newer file, or an unusable coder name, before the screen starts.
    with Project.open(db_path) as project:
        project.coders.ensure(coder)
    app = AnnotatorApp(
        db_path,
        coder,
        show_others=show_others,
        keymap=keymap_from_environment(),
        consensus=consensus,
        keep_backups=backups_from_environment(),
    )
    app.run()


def backups_from_environment() -> int:
    """How many daily backups the screen keeps: `ANNOTATOR_BACKUPS` (0 turns them off), else 7."""
    import os

    from annotator.storage.workflows.backup import KEEP_BACKUPS

    value = os.environ.get("ANNOTATOR_BACKUPS", "").strip()
    return int(value) if value.isascii() and value.isdigit() else KEEP_BACKUPS
