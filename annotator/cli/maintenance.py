"""Commands that look after the project file: `check` and `backup`."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.app import Settings, cli, common_options, pass_project, pass_settings

if TYPE_CHECKING:
    from annotator.storage import Project


@cli.command("check")
@common_options
@click.option(
    "--repair-totals",
    is_flag=True,
    help="First rebuild derived data: span totals from the spans, text indexes from the texts and memos.",
)
@pass_settings
def check_command(settings: Settings, repair_totals: bool) -> None:
    """Check the project: SQLite's integrity check, references, span texts, hashes, the event log."""
    from annotator.storage.check import check_database, rebuild_span_totals

    # Opened once: to write only when the totals are to be recounted first, else to read.
    with settings.open_project(readonly=not repair_totals) as project:
        if repair_totals:
            rebuild_span_totals(project.db)
            click.echo(f"{settings.db_path}: span totals recounted from the spans")
        faults = list(check_database(project.db))
    for fault in faults:
        click.echo(str(fault))
    if faults:
        click.echo(
            f"annotator: {settings.db_path}: {len(faults)} fault(s) found; see docs/storage.md (recovery)", err=True
        )
        sys.exit(1)
    click.echo(
        f"{settings.db_path}: ok (integrity, references, names, span texts, content hashes, event log, span totals,"
        " text indexes, memos, saved queries, pseudonyms, suggestions)"
    )


@cli.command("backup")
@common_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Backup file (default: exports/PROJECT-backup-UTCSTAMP.db); never overwritten.",
)
@pass_project(readonly=True)
def backup_command(settings: Settings, project: Project, output: Path | None) -> None:
    """Write a consistent copy of the project (owner-only), safe while coders are working."""
    from annotator.exchange.files import default_output
    from annotator.storage.workflows.backup import backup_project

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = output or default_output(f"{project.path.stem}-backup-{stamp}.db")
    backup_project(project, target)
    click.echo(f"wrote a backup of {settings.db_path} to {target}")
    click.echo(f"next: `annotator --db {target} check` to verify it")
