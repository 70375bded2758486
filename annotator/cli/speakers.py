"""`annotator speakers`: list the speakers of transcript turns, rename them, give them a role."""

from __future__ import annotations

import click

from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.domain.errors import InputError

USAGE = "use `speakers [ID]`, `speakers rename OLD NEW [--document ID]` or `speakers role NAME ROLE [--document ID]`"


@cli.command("speakers")
@common_options
@click.argument("words", nargs=-1)
@click.option(
    "--document", "document_id", default=None, metavar="ID", help="Rename or set the role in this document only."
)
@pass_settings
def speakers_command(settings: Settings, words: tuple[str, ...], document_id: str | None) -> None:
    """List the speakers of each transcript (turns, words); `rename OLD NEW` and `role NAME ROLE` change them, undoably."""
    if words and words[0] in ("rename", "role"):
        if len(words) != 3:
            raise InputError(f"`speakers {words[0]}` takes two values; {USAGE}")
        with settings.open_project() as project:
            if words[0] == "rename":
                action = project.rename_speaker(words[1], words[2], coder=settings.coder, document_id=document_id)
                click.echo(f"renamed {words[1]!r} to {words[2]!r} on {len(action.others)} turn(s)")
            else:
                action = project.set_speaker_role(words[1], words[2], coder=settings.coder, document_id=document_id)
                click.echo(f"{words[1]!r} is {words[2]!r} on {len(action.others)} turn(s)")
        return
    if len(words) > 1 or document_id is not None:
        raise InputError(USAGE)
    with settings.read_project() as project:
        summaries = project.speaker_summaries(words[0] if words else None)
    if not summaries:
        click.echo(
            "no transcript turns in the project (import .vtt, .srt, Whisper .json or `Name: text` transcripts)",
            err=True,
        )
        return
    click.echo("document\tspeaker\trole\tturns\twords")
    for summary in summaries:
        click.echo(f"{summary.document_id}\t{summary.speaker}\t{summary.role}\t{summary.turns}\t{summary.words}")
