"""`annotator adjudicate`: list where two coders differ, accept agreed stretches, record decisions."""

from __future__ import annotations

import json

import click

from annotator.agreement.adjudication import Adjudication, Item
from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.domain.errors import InputError


@cli.command("adjudicate")
@common_options
@click.option("--coders", required=True, metavar="A,B", help="The two coders to compare.")
@click.option("--into", default="consensus", show_default=True, help="Coder that receives the agreed coding.")
@click.option("--accept-agreed", is_flag=True, help="Copy every stretch both coders coded identically.")
@click.option("--decide", "decisions", multiple=True, metavar="KEY=CHOICE",
              help="Decide an item (KEY from the listing, or a unique prefix): a, b, both or neither. Repeatable.")
@click.option("--all-documents", is_flag=True, help="Compare every document, not only those both coders coded.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_settings
def adjudicate_command(
    settings: Settings,
    coders: str,
    into: str,
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
        adjudication = Adjudication(project, names[0], names[1], into=into, decided_by=settings.coder,
                                    all_documents=all_documents)
        if accept_agreed:
            action = adjudication.accept_agreed()
            count = len(action.changes) if action else 0
            click.echo(f"accepted the agreed stretches: {count} span(s) written to {into!r}", err=True)
        items = adjudication.items()
        for decision in decisions:
            key, _, choice = decision.partition("=")
            adjudication.decide(_find(items, key.strip()), choice.strip())
        decided = adjudication.decisions()
        texts = {document.id: document.text for document in project.documents()}
    if output_format == "json":
        click.echo(json.dumps([_as_dict(item, decided, texts, names) for item in items], ensure_ascii=False, indent=2))
        return
    disagreements = sum(1 for item in items if not item.agreed)
    click.echo(
        f"{len(items)} item(s): {len(items) - disagreements} agreed, {disagreements} disagreement(s); "
        f"{len(decided.keys() & {item.key for item in items})} decided into {into!r}"
    )
    for item in items:
        status = "agreed" if item.agreed else "differs"
        choice = decided.get(item.key, "-")
        excerpt = texts[item.document_id][item.start:item.end].replace("\n", " ")
        click.echo(f"{item.key}  {item.document_id} {item.start}-{item.end}  {status:<7}  decided: {choice:<7}  "
                   f"{excerpt[:50]}{'…' if len(excerpt) > 50 else ''}")
        for name, segments in zip(names, (item.first, item.second)):
            coded = ", ".join(f"{s.code_id} {s.start}-{s.end}" for s in segments) or "(nothing)"
            click.echo(f"    {name}: {coded}")


def _find(items: list[Item], prefix: str) -> Item:
    found = [item for item in items if item.key.startswith(prefix)] if prefix else []
    if len(found) != 1:
        raise InputError(f"item {prefix!r} " + ("matches several items; give more of its key" if found else "is not in the listing"))
    return found[0]


def _as_dict(item: Item, decided: dict[str, str], texts: dict[str, str], names: list[str]) -> dict[str, object]:
    return {
        "key": item.key,
        "document": item.document_id,
        "start": item.start,
        "end": item.end,
        "text": texts[item.document_id][item.start:item.end],
        "agreed": item.agreed,
        "decision": decided.get(item.key),
        "coders": {
            name: [{"code": s.code_id, "start": s.start, "end": s.end} for s in segments]
            for name, segments in zip(names, (item.first, item.second))
        },
    }
