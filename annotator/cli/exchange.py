"""Commands that write the project out: `annotator export FORMAT`."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.export.files import default_output
from annotator.export.spans_csv import write_spans_csv


@cli.group("export")
def export_group() -> None:
    """Write spans or the project to a file (under exports/ unless -o says otherwise)."""


@export_group.command("csv")
@common_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Output file (default: exports/PROJECT-spans.csv).")
@pass_settings
def export_csv(settings: Settings, output: Path | None) -> None:
    """Every span, one row each: document, coder, code, offsets, text, memo, ids, times, attributes."""
    with settings.open_project() as project:
        path = output or default_output(f"{project.path.stem}-spans.csv")
        count = write_spans_csv(project, path)
    click.echo(f"wrote {count} span(s) to {path}")
