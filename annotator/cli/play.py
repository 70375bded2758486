"""`annotator play DOC [--turn N]`: play a transcript's recording from a turn's start with mpv or ffplay."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.coding.playback import media_path, plan_playback, player_command, start_playback
from annotator.coding.turns import Turns
from annotator.domain.errors import InputError

if TYPE_CHECKING:
    from annotator.storage import Project


@cli.command("play")
@common_options
@click.argument("document_id", metavar="DOC")
@click.option(
    "--turn", "number", type=click.IntRange(min=1), default=1, show_default=True, help="The turn to start at, from 1."
)
@pass_project(readonly=True)
def play_command(settings: Settings, project: Project, document_id: str, number: int) -> None:
    """Play a transcript's recording (its `media` attribute) from a turn's start with mpv or ffplay."""
    document = project.documents.get(document_id)
    media = media_path(document_id, document.attributes, project.path.parent)
    turns = Turns.from_passages(project.documents.passages(document_id)).turns
    if not turns:
        raise InputError(
            f"document {document_id!r} has no transcript turns to start from; it was not imported as a transcript"
        )
    if number > len(turns):
        raise InputError(f"document {document_id!r} has {len(turns)} turn(s); --turn {number} is past the last")
    playback = plan_playback(media, turns[number - 1].time, player_command())
    start_playback(playback)
    click.echo(f"{playback.describe()} (turn {number} of {len(turns)}, {turns[number - 1].speaker or 'no speaker'})")
