"""Commands for coding on several machines: `annotator packet` (blind coding packets) and `annotator merge`."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import Settings, cli, common_options, pass_project, pass_settings
from annotator.domain.errors import AnnotatorError
from annotator.exchange.files import default_output
from annotator.exchange.packet import make_packet
from annotator.storage import Project
from annotator.storage.workflows.merge import apply_merge, plan_merge


@cli.command("packet")
@common_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Packet file (default: exports/PROJECT-packet-NAME.db); never overwritten.",
)
@pass_project(readonly=True)
def packet_command(settings: Settings, project: Project, output: Path | None) -> None:
    """Write a blind coding packet for the --coder: the documents and codebook, and none of anyone's spans."""
    packet_coder = settings.coder
    path = output or default_output(f"{project.path.stem}-packet-{packet_coder}.db")
    summary = make_packet(project, path, packet_coder)
    click.echo(
        f"wrote a packet for {summary.coder} to {path}: {summary.documents} document(s), {summary.codes} code(s), no spans"
    )
    click.echo(
        f"next: the coder runs `annotator --db {path.name} --coder {summary.coder}`; then `annotator merge {path.name}`"
    )


@cli.command("merge")
@common_options
@click.argument("packet_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Say what merging would do, and write nothing.")
@click.option(
    "--prefer",
    type=click.Choice(["here", "packet"]),
    default="here",
    show_default=True,
    help="Which version a span changed on both sides keeps.",
)
@pass_settings
def merge_command(settings: Settings, packet_file: Path, dry_run: bool, prefer: str) -> None:
    """Bring back a packet coder's own actions, replayed as theirs; merging the same packet again changes nothing.

    A packet holding anything else (another coder's rows, other tables, malformed states) is
    refused whole in one line naming its table and row. Spans changed both here and in the packet are listed as conflicts and this project's version
    is kept (exit status 2), unless --prefer packet takes the packet's (listed too, exit status 0).
    """
    if not packet_file.is_file():
        raise AnnotatorError(f"{packet_file}: no such packet file; check the path")
    with settings.open_project() as project, Project.open(packet_file, readonly=True) as packet:
        plan = plan_merge(project, packet, prefer=prefer)
        if not dry_run:
            apply_merge(project, plan, coder=settings.coder, source=packet_file.name)
    counts = plan.summary()
    verb = "would merge" if dry_run else "merged"
    click.echo(
        f"{verb} {packet_file}: {counts['added']} span(s) added, {counts['changed']} changed, {counts['removed']} removed, "
        f"{counts['codes']} new code(s), {counts['unchanged']} already up to date, {counts['conflicts']} conflict(s)"
        + (f", {counts['settled']} conflict(s) settled with the packet's version" if counts["settled"] else "")
    )
    for conflict in plan.conflicts:
        click.echo(f"annotator: conflict: {conflict.describe()}", err=True)
    if counts["conflicts"]:
        raise SystemExit(2)
