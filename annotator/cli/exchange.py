"""Commands that write the project out (`annotator export FORMAT`) and read REFI-QDA files in (`import`)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.cli.project import PROJECT_IMPORTERS
from annotator.export.files import default_output
from annotator.export.jsonl import write_spans_jsonl
from annotator.export.refi_codebook import write_qdc
from annotator.export.refi_import import create_from_qdc, create_from_qdpx, import_qdc, import_qdpx
from annotator.export.refi_project import write_qdpx
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


@export_group.command("jsonl")
@common_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Output file (default: exports/PROJECT-spans.jsonl).")
@pass_settings
def export_jsonl(settings: Settings, output: Path | None) -> None:
    """Every span as one JSON object per line, with the same fields as the CSV."""
    with settings.open_project() as project:
        path = output or default_output(f"{project.path.stem}-spans.jsonl")
        count = write_spans_jsonl(project, path)
    click.echo(f"wrote {count} span(s) to {path}")


@export_group.command("qdc")
@common_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Output file (default: exports/PROJECT.qdc).")
@pass_settings
def export_qdc(settings: Settings, output: Path | None) -> None:
    """The codebook as a REFI-QDA codebook (.qdc): hierarchy, colours, descriptions, stable GUIDs."""
    with settings.open_project() as project:
        path = output or default_output(f"{project.path.stem}.qdc")
        count = write_qdc(project, path)
    click.echo(f"wrote {count} code(s) to {path}")


@export_group.command("qdpx")
@common_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Output file (default: exports/PROJECT.qdpx).")
@pass_settings
def export_qdpx(settings: Settings, output: Path | None) -> None:
    """The whole project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    with settings.open_project() as project:
        path = output or default_output(f"{project.path.stem}.qdpx")
        summary = write_qdpx(project, path)
    click.echo(
        f"wrote {summary.sources} source(s), {summary.codes} code(s), {summary.users} user(s), "
        f"{summary.selections} selection(s) and {summary.notes} memo(s) to {path}"
    )


def import_refi_file(settings: Settings, path: Path) -> None:
    """`annotator import FILE.qdpx|FILE.qdc`: into the project, or into a new one when --db does not exist yet."""
    qdpx = path.suffix.lower() == ".qdpx"
    if settings.db_path.exists():
        with settings.open_project() as project:
            importer = import_qdpx if qdpx else import_qdc
            report = importer(path, project, coder=settings.coder)
    else:
        creator = create_from_qdpx if qdpx else create_from_qdc
        report = creator(path, settings.db_path, coder=settings.coder)
        click.echo(f"created {settings.db_path} from {path}")
    click.echo(report.summary())
    for note in report.notes:
        click.echo(f"annotator: note: {note}", err=True)


PROJECT_IMPORTERS[".qdpx"] = import_refi_file
PROJECT_IMPORTERS[".qdc"] = import_refi_file
