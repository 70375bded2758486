"""Commands on codebook files: check one, or write the project's codebook (with in-vivo codes) back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.app import Settings, cli, common_options, fail, pass_project, pass_settings
from annotator.cli.exchange import output_option, write_export
from annotator.domain.codebook import CodebookError, load_codebook
from annotator.exchange.codebook_yaml import write_codebook_yaml

if TYPE_CHECKING:
    from annotator.storage import Project


@cli.group("codebook")
def codebook_group() -> None:
    """Check a codebook file, write the project's codebook to YAML, or sync the project to one."""


@codebook_group.command("check")
@common_options  # unused here, accepted as everywhere: one meaning for --coder in every command
@click.argument("file", type=click.Path(path_type=Path))
def check_command(file: Path) -> None:
    """Validate a codebook YAML file: print what it holds, or every problem as FILE:LINE: field: message."""
    try:
        codebook = load_codebook(file)
    except CodebookError as error:
        fail("\n".join(error.problems))
    parents = sum(1 for code in codebook.codes if code.parent)
    keyed = sorted((code.key, code.id) for code in codebook.codes if code.key)
    click.echo(f"{file}: {codebook.name!r}, {len(codebook.codes)} codes ({parents} with a parent), {len(keyed)} keyed")
    for key, code_id in keyed:
        click.echo(f"  {key}  {code_id}")


@codebook_group.command("export")
@common_options
@output_option("-codebook.yaml")
@pass_project(readonly=True)
def export_command(settings: Settings, project: Project, output: Path | None) -> None:
    """Write the project's codebook, in-vivo codes included, as YAML that `codebook check` accepts."""
    path, count = write_export(project, output, "-codebook.yaml", write_codebook_yaml)
    click.echo(f"wrote {count} code(s) to {path}")


@codebook_group.command("sync")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the plan and write nothing.")
@click.option("--recode-to", default=None, metavar="ID", help="Where the spans of removed codes without a stub go.")
@pass_settings
def sync_command(settings: Settings, file: Path, dry_run: bool, recode_to: str | None) -> None:
    """Bring the project's codebook to FILE (by code id) as one undoable action; --dry-run only plans."""
    from annotator.domain.codebook import load_sync_file
    from annotator.storage.workflows.codebook_sync import apply_sync, plan_sync

    sync_file = load_sync_file(file)
    with settings.open_project(readonly=dry_run) as project:
        plan = plan_sync(project, sync_file, file, recode_to=recode_to)
        if plan.is_empty():
            click.echo(f"nothing to change: the project's codebook equals {file}")
            return
        for line in plan.describe():
            click.echo(line)
        if dry_run:
            click.echo(f"would sync with {file}: {plan.summary()} (dry run: nothing written)")
            return
        apply_sync(project, plan, settings.coder)
    click.echo(f"synced with {file}: {plan.summary()}; `annotator undo` reverts it")
