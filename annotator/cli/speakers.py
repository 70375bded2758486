"""`annotator speakers`: list the speakers of transcript turns, rename them, give them a role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.domain.names import escaped

if TYPE_CHECKING:
    from annotator.storage import Project


class SpeakersGroup(click.Group):
    """`speakers ID` is short for `speakers list ID`: a word that is not a sub-command is a document id.

    So `speakers rename ...` always renames, and a document named `rename` is listed with
    `speakers list rename`: the two never share a spelling."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "list", self.commands["list"], args
        return super().resolve_command(ctx, args)


@cli.group("speakers", cls=SpeakersGroup, invoke_without_command=True)
@common_options
@click.pass_context
def speakers_group(ctx: click.Context) -> None:
    """List the speakers of each transcript (turns, words); `rename OLD NEW` and `role NAME ROLE` change them, undoably."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_command)


@speakers_group.command("list")
@common_options
@click.argument("document_id", required=False, metavar="[ID]")
@pass_project(readonly=True)
def list_command(settings: Settings, project: Project, document_id: str | None = None) -> None:
    """Each speaker of each transcript (or of document ID): role, turns and words, tab-separated."""
    summaries = project.speakers.summaries(document_id)
    if not summaries:
        where = "the project" if document_id is None else f"document '{escaped(document_id)}'"
        click.echo(
            f"no transcript turns in {where} (import .vtt, .srt, Whisper .json or `Name: text` transcripts)",
            err=True,
        )
        return
    click.echo("document\tspeaker\trole\tturns\twords")
    for summary in summaries:
        click.echo(
            f"{escaped(summary.document_id)}\t{escaped(summary.speaker)}\t{escaped(summary.role)}"
            f"\t{summary.turns}\t{summary.words}"
        )


def _document_option(function: Any) -> Any:
    return click.option(
        "--document", "document_id", default=None, metavar="ID", help="Change this document's turns only."
    )(function)


@speakers_group.command("rename")
@common_options
@click.argument("old")
@click.argument("new")
@_document_option
@pass_project(readonly=False)
def rename_command(settings: Settings, project: Project, old: str, new: str, document_id: str | None) -> None:
    """Rename speaker OLD to NEW on every turn (of every document, or of --document ID), undoably."""
    action = project.speakers.rename(old, new, coder=settings.coder, document_id=document_id)
    click.echo(f"renamed {old!r} to {new!r} on {len(action.others)} turn(s)")


@speakers_group.command("role")
@common_options
@click.argument("name")
@click.argument("role")
@_document_option
@pass_project(readonly=False)
def role_command(settings: Settings, project: Project, name: str, role: str, document_id: str | None) -> None:
    """Give speaker NAME the role ROLE (interviewer, participant, any value; empty clears it), undoably."""
    action = project.speakers.set_role(name, role, coder=settings.coder, document_id=document_id)
    click.echo(f"{name!r} is {role!r} on {len(action.others)} turn(s)")
