"""Commands that write the project out: `annotator export FORMAT` (and the helper `codebook export` shares)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.cli.output import excel_option

if TYPE_CHECKING:
    from annotator.storage import Project

# Each command imports its writer when it runs: `annotator export csv` never loads lxml.

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., object])


@cli.group("export")
def export_group() -> None:
    """Write spans or the project to a file (under exports/ unless -o says otherwise)."""


def output_option(suffix: str) -> Callable[[F], F]:
    """The `-o FILE` option of an export whose default is exports/PROJECT{suffix}."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        default=None,
        help=f"Output file (default: exports/PROJECT{suffix}).",
    )


def write_export(
    project: Project,
    output: Path | None,
    suffix: str,
    writer: Callable[..., T],
    *,
    pseudonymise: bool = False,
) -> tuple[Path, T]:
    """Run one writer on the project, to `-o` or to exports/PROJECT{suffix}; returns the path and what it
    wrote. `pseudonymise`: the writer gets the register applied (`view=`), and the file is kept only
    when the scan finds no original, variant or unreviewed candidate in it."""
    from annotator.exchange.files import default_output

    if pseudonymise:
        from annotator.exchange.pseudonymised import qdpx_members, write_pseudonymised

        path = output or default_output(f"{project.path.stem}-pseudonymised{suffix}")
        members = qdpx_members(project) if suffix == ".qdpx" else None
        written = write_pseudonymised(
            project, path, lambda project, target, view: writer(project, target, view=view), members=members
        )
        return path, written
    path = output or default_output(f"{project.path.stem}{suffix}")
    return path, writer(project, path)


def pseudonymise_option(function: F) -> F:
    """--pseudonymise: replace every registered identifier, and scan the file before it is kept."""
    return click.option(
        "--pseudonymise",
        is_flag=True,
        help="Replace every identifier of the register (`annotator pseudonyms`); nothing is written if the scan finds one.",
    )(function)


@export_group.command("csv")
@common_options
@output_option("-spans.csv")
@excel_option
@pseudonymise_option
@pass_project(readonly=True)
def export_csv(settings: Settings, project: Project, output: Path | None, excel: bool, pseudonymise: bool) -> None:
    """Every span, one row each: document, coder, code, offsets, text, memo, ids, times, attributes."""
    from annotator.exchange.spans_csv import write_spans_csv

    suffix = "-spans-excel.csv" if excel else "-spans.csv"
    writer = functools.partial(write_spans_csv, excel=excel)
    path, count = write_export(project, output, suffix, writer, pseudonymise=pseudonymise)
    click.echo(f"wrote {count} span(s) to {path}")


@export_group.command("jsonl")
@common_options
@output_option("-spans.jsonl")
@pseudonymise_option
@pass_project(readonly=True)
def export_jsonl(settings: Settings, project: Project, output: Path | None, pseudonymise: bool) -> None:
    """Every span as one JSON object per line, with the same fields as the CSV."""
    from annotator.exchange.jsonl import write_spans_jsonl

    path, count = write_export(project, output, "-spans.jsonl", write_spans_jsonl, pseudonymise=pseudonymise)
    click.echo(f"wrote {count} span(s) to {path}")


@export_group.command("qdc")
@common_options
@output_option(".qdc")
@pass_project(readonly=True)
def export_qdc(settings: Settings, project: Project, output: Path | None) -> None:
    """The codebook as a REFI-QDA codebook (.qdc): hierarchy, colours, descriptions, stable GUIDs."""
    from annotator.exchange.refi.codebook import write_qdc

    path, count = write_export(project, output, ".qdc", write_qdc)
    click.echo(f"wrote {count} code(s) to {path}")


@export_group.command("qdpx")
@common_options
@output_option(".qdpx")
@pseudonymise_option
@pass_project(readonly=True)
def export_qdpx(settings: Settings, project: Project, output: Path | None, pseudonymise: bool) -> None:
    """The whole project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    from annotator.exchange.refi.project import write_qdpx

    path, summary = write_export(project, output, ".qdpx", write_qdpx, pseudonymise=pseudonymise)
    turns = f", {summary.turns} speaker turn(s)" if summary.turns else ""
    click.echo(
        f"wrote {summary.sources} source(s), {summary.codes} code(s), {summary.users} user(s), "
        f"{summary.selections} selection(s){turns} and {summary.notes} memo(s) to {path}"
    )
