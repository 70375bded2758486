"""Commands that count coded spans: `annotator matrix` and `annotator cooccurrence`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.cli.output import check_excel, excel_option, for_spreadsheet
from annotator.exchange.files import write_private_text
from annotator.exchange.matrix import (
    COOCCURRENCE_MEASURES,
    FORMATS,
    MEASURES,
    UNITS,
    Matrix,
    coefficients,
    cooccurrence_matrix,
    imbalanced_pairs,
    render,
    span_matrix,
)

if TYPE_CHECKING:
    from annotator.storage import Project

_format = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)
_output = click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to a file instead of the screen."
)
# A filter of its own name: `--coder` names who runs a command, in every command alike, so
# ANNOTATOR_CODER (or `annotator --coder bob matrix`) never narrows a count by accident.
_spans_of = click.option(
    "--spans-of", "only", default=None, metavar="NAME", help="Count only this coder's spans (default: every coder)."
)


_hide = click.option("--hide-empty", is_flag=True, help="Leave out rows and columns that are all zeros.")
_where = click.option(
    "--where",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only documents whose attribute matches: KEY=V, KEY!=V, KEY~V (contains); V1|V2 is either; repeat for AND.",
)


def _counting_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options matrix and cooccurrence share, after their own: whose spans, which documents, output."""
    for option in reversed((_spans_of, _where, _hide, _format, excel_option, _output, pass_settings)):
        command = option(command)
    return command


def _documents(project: Project, where: tuple[str, ...]) -> set[str] | None:
    """The documents `--where` keeps (None: all), by the query layer's rule."""
    from annotator.query.selection import documents_where

    return documents_where(project, where)


def _emit(matrix: Matrix, fmt: str, output: Path | None, hide_empty: bool, excel: bool) -> None:
    text = for_spreadsheet(render(matrix.without_empty() if hide_empty else matrix, fmt), excel, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    write_private_text(output, text)
    click.echo(f"wrote a {len(matrix.rows)} x {len(matrix.columns)} matrix to {output}", err=True)


@cli.command("matrix")
@common_options
@click.option(
    "--rows",
    default="code",
    show_default=True,
    help="code, document, coder, speaker, role, attribute:NAME, items:NAME (each item of a comma-separated value),"
    " or queries (each saved query's hits).",
)
@click.option(
    "--cols",
    default="document",
    show_default=True,
    help="code, document, coder, speaker, role, attribute:NAME or items:NAME (each item of a comma-separated value).",
)
@click.option(
    "--measure",
    type=click.Choice(MEASURES),
    default="spans",
    show_default=True,
    help="Count spans, or distinct coded characters (overlaps counted once).",
)
@_counting_options
def matrix_command(
    settings: Settings,
    rows: str,
    cols: str,
    measure: str,
    only: str | None,
    where: tuple[str, ...],
    hide_empty: bool,
    fmt: str,
    excel: bool,
    output: Path | None,
) -> None:
    """Counts of spans per code and testimony (or attribute value, or coder)."""
    check_excel(excel, fmt)
    with settings.open_project(readonly=True) as project:
        documents = _documents(project, where)
        matrix = span_matrix(project, rows=rows, cols=cols, coder=only, measure=measure, documents=documents)
    _emit(matrix, fmt, output, hide_empty, excel)


@cli.command("cooccurrence")
@common_options
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default="overlap",
    show_default=True,
    help="overlap: pairs of overlapping spans; passage / document: units holding both codes.",
)
@click.option(
    "--measure",
    type=click.Choice(COOCCURRENCE_MEASURES),
    default="count",
    show_default=True,
    help="count; c: the c-coefficient n12/(n1+n2-n12); share: n12/n1, the row code's share holding the column code.",
)
@click.option(
    "--codes",
    "items",
    multiple=True,
    metavar="A,B,query:NAME",
    help="The rows and columns: codes by id or name, query:NAME a saved query's hits (comma-separated, repeatable;"
    " default every code).",
)
@_counting_options
def cooccurrence_command(
    settings: Settings,
    unit: str,
    measure: str,
    items: tuple[str, ...],
    only: str | None,
    where: tuple[str, ...],
    hide_empty: bool,
    fmt: str,
    excel: bool,
    output: Path | None,
) -> None:
    """How often two codes overlap or share a passage, within each coder's coding."""
    check_excel(excel, fmt)
    with settings.open_project(readonly=True) as project:
        documents = _documents(project, where)
        named = [item for given in items for item in given.split(",") if item.strip()] if items else None
        counts = cooccurrence_matrix(project, coder=only, unit=unit, documents=documents, items=named)
    # The coefficients come from the counts: one pass over the spans serves both them and the warning.
    matrix = counts if measure == "count" else coefficients(counts, measure)
    if measure == "c":
        names = counts.row_names
        for first, second in imbalanced_pairs(counts):
            click.echo(
                f"warning: {names.get(first, first)} and {names.get(second, second)}: one is used over 5 times as often as the other;"
                " their c-coefficient understates how often the rarer one comes with the other",
                err=True,
            )
    _emit(matrix, fmt, output, hide_empty, excel)
