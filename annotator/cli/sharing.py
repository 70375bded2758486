"""`annotator share`: one project file for a team on one server, each coder as their login."""

from __future__ import annotations

import click

from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.domain.errors import AnnotatorError


@cli.command("share")
@common_options
@click.argument("group", required=False)
@click.option("--private", is_flag=True, help="Make the project owner-only again instead.")
@pass_settings
def share_command(settings: Settings, group: str | None, private: bool) -> None:
    """Let a Unix group read and write the project (0660, the folder set-group-id), or --private."""
    from annotator.storage.sharing import make_private, share_project

    if private == (group is not None):
        raise AnnotatorError("name a Unix group to share with, or give --private (not both)")
    if private:
        files = make_private(settings.db_path)
        click.echo(f"{settings.db_path}: owner-only again ({len(files)} file(s)); the folder is left as it is")
        return
    assert group is not None
    shared = share_project(settings.db_path, group)
    click.echo(
        f"{settings.db_path}: readable and writable by group {shared.group} ({len(shared.files)} file(s)); "
        f"folder {shared.folder} is now {shared.folder_mode:o}"
    )
    click.echo("each member codes as their login name: `annotator --db PATH` (exports stay owner-only)")
