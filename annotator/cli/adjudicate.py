"""`annotator adjudicate`: list where two coders differ, accept agreed stretches, record decisions."""

from __future__ import annotations

import json

import click

from annotator.agreement.adjudication import Adjudication
from annotator.agreement.adjudication_listing import find_item, item_record, listing_lines
from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.domain.errors import InputError


@cli.command("adjudicate")
@common_options
@click.option("--coders", required=True, metavar="A,B", help="The two coders to compare.")
@click.option(
    "--into",
    default=None,
    metavar="NAME",
    help="Coder that receives the agreed coding (default: the pair's own, consensus-A-B with the names sorted).",
)
@click.option("--accept-agreed", is_flag=True, help="Copy every stretch both coders coded identically.")
@click.option(
    "--decide",
    "decisions",
    multiple=True,
    metavar="KEY=CHOICE",
    help="Decide an item (KEY from the listing, or a unique prefix): a, b, both or neither. Repeatable.",
)
@click.option("--all-documents", is_flag=True, help="Compare every document, not only those both coders coded.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="List the items as a table, or as JSON (an array of one object per item).",
)
@pass_settings
def adjudicate_command(
    settings: Settings,
    coders: str,
    into: str | None,
    accept_agreed: bool,
    decisions: tuple[str, ...],
    all_documents: bool,
    output_format: str,
) -> None:
    """Walk the places where two coders differ and write the agreed coding as its own coder."""
    names = [name.strip() for name in coders.split(",") if name.strip()]
    if len(names) != 2:
        raise InputError(f"--coders takes two names separated by a comma (got {coders!r})")
    with settings.open_project() as project:
        adjudication = Adjudication(
            project, names[0], names[1], into=into, decided_by=settings.coder, all_documents=all_documents
        )
        into = adjudication.into
        for (first, second), count in adjudication.reused_decisions().items():
            click.echo(f"{into!r} also holds {count} decision(s) of {first} × {second}, reused here", err=True)
        if accept_agreed:
            action = adjudication.accept_agreed()
            count = len(action.changes) if action else 0
            click.echo(f"accepted the agreed stretches: {count} span(s) written to {into!r}", err=True)
        items = adjudication.items()
        for decision in decisions:
            key, _, choice = decision.partition("=")
            adjudication.decide(find_item(items, key.strip()), choice.strip())
        decided = adjudication.decisions()
        texts = {document.id: document.text for document in project.documents.all()}
    if output_format == "json":
        click.echo(
            json.dumps([item_record(item, decided, texts, names) for item in items], ensure_ascii=False, indent=2)
        )
        return
    for line in listing_lines(items, decided, texts, names, into):
        click.echo(line)
