"""`annotator report codebook|query|grid|memos`: reports to write from, in Markdown, HTML or Word, under exports/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.cli.exchange import pseudonymise_option, write_export
from annotator.cli.output import check_excel, excel_option
from annotator.cli.progress import progress_bar
from annotator.cli.queries import chosen_coders, document_filters, query_options, query_settings

if TYPE_CHECKING:
    from annotator.pseudonyms.view import PseudonymisedView
    from annotator.query.engine import QueryOptions
    from annotator.reports.model import Report
    from annotator.storage import Project

# The formats every report is written in; `report grid` also writes CSV. Kept here (not imported
# from annotator.reports) so `report --help` loads no report code.
FORMATS = ("md", "html", "docx")


@cli.group("report")
def report_group() -> None:
    """Reports to write from: the codebook with its quotes, a query's quotes, the summary grid, the memos."""


def _output_options(formats: tuple[str, ...]) -> Callable[[Any], Any]:
    def decorate(function: Any) -> Any:
        function = click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default="md",
            show_default=True,
            help="Markdown, self-contained HTML, Word" + (", or CSV for a spreadsheet." if "csv" in formats else "."),
        )(function)
        return click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            default=None,
            help="Output file (default: exports/PROJECT-REPORT.FORMAT).",
        )(function)

    return decorate


def _coder_options(function: Any) -> Any:
    function = click.option("--coders", default=None, metavar="A,B", help="These coders' coding.")(function)
    return click.option("--all-coders", is_flag=True, help="Every coder's coding.")(function)


def _options(project: Project, settings: Settings, scope: dict[str, Any]) -> QueryOptions:
    """Whose coding and which documents (--coder/--coders/--all-coders, --where, --document), as the query layer takes them."""
    from annotator.query.engine import QueryOptions

    chosen = chosen_coders(project, settings, scope["coders"], scope["all_coders"])
    return QueryOptions(coders=chosen, where=tuple(scope["where"]), documents=tuple(scope["documents"]))


def _write(
    project: Project, report: Report, fmt: str, output: Path | None, name: str, *, pseudonymise: bool = False
) -> None:
    """Write the report (to -o or exports/PROJECT-NAME.FORMAT) with a progress bar on a terminal, and say where;
    `pseudonymise`: every text through the register, and the file kept only when the scan finds nothing."""
    from annotator.reports.model import identity
    from annotator.reports.writing import SUFFIXES, write_report

    def writer(project: Project, path: Path, view: PseudonymisedView | None = None) -> int:
        text_filter = view.pseudonymiser.text if view is not None else identity
        return write_report(report, path, fmt, text_filter=text_filter)

    path, count = write_export(project, output, f"-{name}{SUFFIXES[fmt]}", writer, pseudonymise=pseudonymise)
    click.echo(f"wrote {count} quote(s) to {path}")


@report_group.command("codebook")
@common_options
@_coder_options
@document_filters
@click.option("--code", "codes", multiple=True, metavar="ID", help="Only this code (id or name; repeatable).")
@click.option(
    "--quotes", "limit", type=click.IntRange(min=0), default=None, help="At most N quotes per code (counts are of all)."
)
@_output_options(FORMATS)
@pseudonymise_option
@pass_project(readonly=True)
def codebook_command(
    settings: Settings,
    project: Project,
    codes: tuple[str, ...],
    limit: int | None,
    fmt: str,
    output: Path | None,
    pseudonymise: bool,
    **scope: Any,
) -> None:
    """The codebook as a document: each code in tree order, its rules, memo, counts and quotes by testimony."""
    from annotator.reports.codebook import codebook_report

    options = _options(project, settings, scope)
    with progress_bar("codebook") as progress:
        report = codebook_report(project, options, quotes=limit, codes=codes, progress=progress)
        _write(project, report, fmt, output, "codebook", pseudonymise=pseudonymise)


@report_group.command("query")
@common_options
@click.argument("expression")
@query_options
@document_filters
@click.option(
    "--group-by",
    default="code",
    show_default=True,
    metavar="code|document|attribute:NAME",
    help="One heading per code (a hit under each code it holds), per testimony, or per value of an attribute.",
)
@_output_options(FORMATS)
@pseudonymise_option
@pass_project(readonly=True)
def query_command(
    settings: Settings,
    project: Project,
    expression: str,
    group_by: str,
    fmt: str,
    output: Path | None,
    pseudonymise: bool,
    **query: Any,
) -> None:
    """A query's hits as a quote list (query options as in `annotator query`), grouped by code, testimony or attribute."""
    from annotator.query.engine import QueryOptions
    from annotator.reports.query_report import query_report

    chosen = query_settings(project, settings, **query)
    with progress_bar("query") as progress:
        report = query_report(
            project, expression, QueryOptions.from_saved(chosen), group_by=group_by, progress=progress
        )
        _write(project, report, fmt, output, "query", pseudonymise=pseudonymise)


@report_group.command("grid")
@common_options
@_coder_options
@document_filters
@click.option(
    "--rows", default="documents", show_default=True, metavar="documents|attribute:NAME", help="What a row is."
)
@click.option(
    "--codes", default=None, metavar="A,B", help="These codes as columns (ids or names; default: every code)."
)
@click.option(
    "--quotes/--counts", "quotes", default=True, help="Each cell's quotes (the default), or only how many there are."
)
@click.option(
    "--per-cell", type=click.IntRange(min=0), default=None, help="At most N quotes per cell (counts are of all)."
)
@excel_option
@_output_options((*FORMATS, "csv"))
@pseudonymise_option
@pass_project(readonly=True)
def grid_command(
    settings: Settings,
    project: Project,
    rows: str,
    codes: str | None,
    quotes: bool,
    per_cell: int | None,
    excel: bool,
    fmt: str,
    output: Path | None,
    pseudonymise: bool,
    **scope: Any,
) -> None:
    """The summary grid: testimonies (or attribute values) × codes, each cell's summary and its quotes or counts."""
    from annotator.reports.grid import build_grid, grid_report, write_grid_csv
    from annotator.reports.model import identity
    from annotator.reports.quotes import split_names

    check_excel(excel, fmt)
    options = _options(project, settings, scope)
    mode = "quotes" if quotes else "counts"
    with progress_bar("grid") as progress:
        grid = build_grid(project, options, rows=rows, codes=split_names(codes), per_cell=per_cell, progress=progress)
    if fmt != "csv":
        _write(project, grid_report(grid, project, options, mode=mode), fmt, output, "grid", pseudonymise=pseudonymise)
        return

    def writer(project: Project, path: Path, view: PseudonymisedView | None = None) -> int:
        text_filter = view.pseudonymiser.text if view is not None else identity
        return write_grid_csv(grid, path, mode=mode, excel=excel, text_filter=text_filter)

    path, count = write_export(
        project, output, f"-grid{'-excel' if excel else ''}.csv", writer, pseudonymise=pseudonymise
    )
    click.echo(f"wrote a {count} x {len(grid.codes)} grid to {path}")


@report_group.command("memos")
@common_options
@_output_options(FORMATS)
@pseudonymise_option
@pass_project(readonly=True)
def memos_command(settings: Settings, project: Project, fmt: str, output: Path | None, pseudonymise: bool) -> None:
    """Every memo grouped by what it is on: the project, testimonies, codes, grid cells, spans."""
    from annotator.reports.memo_blocks import memos_report

    _write(project, memos_report(project), fmt, output, "memos", pseudonymise=pseudonymise)
