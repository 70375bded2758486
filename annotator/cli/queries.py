"""`annotator query`, `annotator search` and `annotator queries`: ask the coded corpus, find words, keep queries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.domain.names import escaped
from annotator.query.engine import UNITS, QueryOptions, run_query
from annotator.query.search import search_text

if TYPE_CHECKING:
    from annotator.query.engine import Hit
    from annotator.storage import Project

FORMATS = ("table", "csv", "markdown", "jsonl")
# The keys of a hit's row, in order: documented in docs/queries.md and kept stable.
HIT_KEYS = ("document", "start", "end", "codes", "coders", "attributes", "text", "memos")
SEARCH_KEYS = ("document", "start", "end", "before", "match", "after")
_TABLE_TEXT = 80  # characters of a hit's text a table row shows


def document_filters(function: Any) -> Any:
    """--where and --document: which documents a query (or a report) looks at."""
    function = click.option(
        "--where",
        multiple=True,
        metavar="KEY=VALUE",
        help="Only documents whose attribute matches: KEY=V, KEY!=V, KEY~V (contains); V1|V2 is either; repeat for AND.",
    )(function)
    return click.option(
        "--document", "documents", multiple=True, metavar="ID", help="Only this document (repeatable)."
    )(function)


def _scope_options(function: Any) -> Any:
    function = document_filters(function)
    function = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
    )(function)
    return click.option(
        "-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to a file instead of the screen."
    )(function)


def query_options(function: Any) -> Any:
    """--in, --coders, --all-coders, --speaker, --overlap-only: how a query runs."""
    function = click.option(
        "--in", "unit", default="segment", show_default=True, metavar="UNIT", help=f"What a hit is: {', '.join(UNITS)}."
    )(function)
    function = click.option("--coders", default=None, metavar="A,B", help="These coders' coding.")(function)
    function = click.option("--all-coders", is_flag=True, help="Every coder's coding.")(function)
    function = click.option(
        "--speaker", "speakers", multiple=True, metavar="NAME", help="Only hits in turns of this speaker or role."
    )(function)
    return click.option(
        "--overlap-only", is_flag=True, help="With AND: only the parts where all AND-ed operands overlap."
    )(function)


def chosen_coders(project: Project, settings: Settings, coders: str | None, all_coders: bool) -> tuple[str, ...]:
    """The coders --coders / --all-coders name, else the current --coder."""
    if all_coders:
        return tuple(project.coders.with_spans())
    if coders:
        return tuple(name.strip() for name in coders.split(",") if name.strip())
    return (settings.coder,)


def query_settings(
    project: Project, settings: Settings, unit: str, coders: str | None, all_coders: bool, **scope: Any
) -> dict[str, Any]:
    """The options a query runs with, as saved with it and as QueryOptions takes them."""
    return {
        "unit": unit,
        "coders": list(chosen_coders(project, settings, coders, all_coders)),
        "where": list(scope["where"]),
        "documents": list(scope["documents"]),
        "speakers": list(scope["speakers"]),
        "overlap_only": scope["overlap_only"],
    }


def _run_with_options(
    project: Project, settings: Settings, expression: str, unit: str, coders: str | None, all_coders: bool, **scope: Any
) -> tuple[dict[str, Any], list[Hit]]:
    """The options chosen on the command line and the query's hits under them."""
    chosen = query_settings(project, settings, unit, coders, all_coders, **scope)
    return chosen, run_query(project, expression, QueryOptions.from_saved(chosen))


def hit_rows(hits: Sequence[Hit], names: dict[str, str]) -> list[dict[str, Any]]:
    """Each hit as a row of HIT_KEYS: codes by name, attributes as given."""
    return [
        {
            "document": hit.document_id,
            "start": hit.start,
            "end": hit.end,
            "codes": [names.get(code, code) for code in hit.codes],
            "coders": list(hit.coders),
            "attributes": hit.attributes,
            "text": hit.text,
            "memos": list(hit.memos),
        }
        for hit in hits
    ]


def render_rows(rows: Sequence[dict[str, Any]], keys: Sequence[str], fmt: str) -> str:
    """Rows as a table (tab-separated, text cut to one line), CSV, Markdown or JSON lines."""
    if fmt == "jsonl":
        return "".join(json.dumps({key: row[key] for key in keys}, ensure_ascii=False) + "\n" for row in rows)
    cells = [[_cell(row[key], fmt) for key in keys] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows(cells)
        return buffer.getvalue()
    if fmt == "markdown":
        lines = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    return "\n".join("\t".join(row) for row in [list(keys), *cells]) + "\n"


def _cell(value: Any, fmt: str) -> str:
    if isinstance(value, dict):
        text = "; ".join(f"{key}={item}" for key, item in value.items())
    elif isinstance(value, list):
        text = "; ".join(str(item) for item in value)
    else:
        text = str(value)
    if fmt in ("table", "markdown"):
        # One line per row, and nothing a terminal would take as a control sequence.
        text = " ".join(text.split())
        if fmt == "table" and len(text) > _TABLE_TEXT:
            text = text[: _TABLE_TEXT - 1] + "…"
        text = escaped(text)
    return text


def _emit(text: str, output: Path | None, count: int, what: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        click.echo(f"{count} {what}", err=True)
        return
    from annotator.exchange.files import write_private_text

    write_private_text(output, text)
    click.echo(f"wrote {count} {what} to {output}", err=True)


@cli.command("query")
@common_options
@click.argument("expression")
@query_options
@_scope_options
@pass_project(readonly=True)
def query_command(
    settings: Settings,
    project: Project,
    expression: str,
    unit: str,
    coders: str | None,
    all_coders: bool,
    speakers: tuple[str, ...],
    overlap_only: bool,
    where: tuple[str, ...],
    documents: tuple[str, ...],
    fmt: str,
    output: Path | None,
) -> None:
    """Ask the coded corpus: one row per hit (document, offsets, codes, coders, attributes, text, memos)."""
    _, hits = _run_with_options(
        project,
        settings,
        expression,
        unit,
        coders,
        all_coders,
        where=where,
        documents=documents,
        speakers=speakers,
        overlap_only=overlap_only,
    )
    names = {code.id: code.name for code in project.codes.all()}
    _emit(render_rows(hit_rows(hits, names), HIT_KEYS, fmt), output, len(hits), "hit(s)")


@cli.command("search")
@common_options
@click.argument("text")
@_scope_options
@pass_project(readonly=True)
def search_command(
    settings: Settings,
    project: Project,
    text: str,
    where: tuple[str, ...],
    documents: tuple[str, ...],
    fmt: str,
    output: Path | None,
) -> None:
    """Find a word, prefix* or phrase across the corpus: one row per place, with its context."""
    hits = search_text(project, text, where=where, documents=documents)
    rows = [hit.__dict__ | {"document": hit.document_id} for hit in hits]
    _emit(render_rows(rows, SEARCH_KEYS, fmt), output, len(hits), "place(s)")


@cli.group("queries")
def queries_group() -> None:
    """Saved queries ("smart codes"): save, list, show, delete (each change undoable); use one as @NAME."""


@queries_group.command("save")
@common_options
@click.argument("name")
@click.argument("expression")
@query_options
@click.option("--where", multiple=True, metavar="KEY=VALUE", help="Saved with the query, as `query --where`.")
@click.option("--document", "documents", multiple=True, metavar="ID", help="Saved with the query: only this document.")
@click.option("--replace", is_flag=True, help="Replace a saved query of the same name.")
@pass_project(readonly=False)
def save_command(
    settings: Settings,
    project: Project,
    name: str,
    expression: str,
    unit: str,
    coders: str | None,
    all_coders: bool,
    speakers: tuple[str, ...],
    overlap_only: bool,
    where: tuple[str, ...],
    documents: tuple[str, ...],
    replace: bool,
) -> None:
    """Save EXPRESSION as NAME (checked by running it once first), as one undoable action."""
    # Run once first: a query that cannot run is not saved.
    chosen, hits = _run_with_options(
        project,
        settings,
        expression,
        unit,
        coders,
        all_coders,
        where=where,
        documents=documents,
        speakers=speakers,
        overlap_only=overlap_only,
    )
    project.queries.save(settings.coder, name, expression, chosen, replace=replace)
    click.echo(f"saved query {name!r} ({len(hits)} hit(s) now)")


@queries_group.command("list")
@common_options
@pass_project(readonly=True)
def list_command(settings: Settings, project: Project) -> None:
    """Every saved query: name, expression, who saved it."""
    click.echo("name\texpression\tcoder")
    for query in project.queries.all():
        click.echo(f"{escaped(query.name)}\t{escaped(query.expression)}\t{escaped(query.coder)}")


@queries_group.command("show")
@common_options
@click.argument("name")
@pass_project(readonly=True)
def show_command(settings: Settings, project: Project, name: str) -> None:
    """A saved query's expression and options."""
    query = project.queries.get(name)
    click.echo(f"name: {escaped(query.name)}\nexpression: {escaped(query.expression)}")
    for key, value in sorted(query.options.items()):
        click.echo(f"{key}: {escaped(json.dumps(value, ensure_ascii=False))}")
    click.echo(f"saved by: {escaped(query.coder)} at {query.created_at}")


@queries_group.command("delete")
@common_options
@click.argument("name")
@pass_project(readonly=False)
def delete_command(settings: Settings, project: Project, name: str) -> None:
    """Delete a saved query, as one undoable action (`annotator undo` brings it back)."""
    project.queries.delete(settings.coder, name)
    click.echo(f"deleted saved query {name!r}")
