"""`annotator status`: what the project holds and what to run next (fast: SQLite only)."""

from __future__ import annotations

import click

from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.domain.names import escaped
from annotator.storage.summary import ProjectSummary, read_summary


@cli.command("status")
@common_options
@pass_settings
def status_command(settings: Settings) -> None:
    """Say what the project holds and what to run next."""
    describe(settings.db_path, read_summary(settings.db_path))


def describe(path: object, summary: ProjectSummary) -> None:
    """Print the project's contents and the next commands to run."""
    click.echo(
        f"{path}: {summary.documents} documents, {summary.codes} codes, {summary.coders} coders, {summary.spans} spans"
    )
    for coder in summary.by_coder:
        click.echo(f"  {escaped(coder.name)}: {coder.spans} spans, {coder.done} of {summary.documents} documents done")
    click.echo("next: `annotator` to code, `annotator export csv` to export, `annotator agreement` to compare coders")
