"""Commands that compare coders: `annotator agreement` and `annotator disagreements`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from annotator.agreement.analysis import SpanOptions, table_report
from annotator.agreement.coefficients import LEVELS
from annotator.agreement.disagreements import Disagreement
from annotator.agreement.gamma_options import DEFAULT_SAMPLES, DEFAULT_SEED, SAMPLER_NAMES, GammaOptions
from annotator.agreement.project_comparison import compare_coders, project_disagreements, with_gamma
from annotator.agreement.render_text import (
    render_disagreements_csv,
    render_disagreements_json,
    render_disagreements_table,
)
from annotator.agreement.report import FORMATS, render
from annotator.agreement.table_file import read_unit_table
from annotator.agreement.units import UNITS
from annotator.cli.app import Settings, cli, common_options, pass_settings
from annotator.cli.output import check_excel, excel_option, for_spreadsheet
from annotator.cli.progress import progress_bar
from annotator.domain.errors import InputError
from annotator.domain.models import Document
from annotator.exchange.files import default_output, write_private_text
from annotator.exchange.pseudonymised import pseudonymised_report
from annotator.pseudonyms.scan import ScanFound
from annotator.pseudonyms.view import PseudonymisedView

BAND_COLOURS = {
    "good": "green",
    "tentative": "yellow",
    "poor": "red",
    "undefined": "bright_black",
    "degenerate": "magenta",
}


def terminal_style(text: str, band: str) -> str:
    """Colour a figure by its band (click drops the colours when stdout is not a terminal)."""
    if band == "heading":
        return click.style(text, bold=True)
    colour = BAND_COLOURS.get(band)
    return click.style(text, fg=colour) if colour else text


def split_list(value: str | None) -> list[str] | None:
    """`a,b, c` → ['a', 'b', 'c']; None stays None."""
    if value is None:
        return None
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise InputError(f"an empty list: {value!r}")
    return items


def write_output(
    text: str, output: Path | None, format: str, default_name: str, colour: bool = False, excel: bool = False
) -> None:
    """Print to stdout, or write an owner-only file (HTML goes to exports/ unless -o says otherwise);
    with `excel`, CSV made safe for a spreadsheet."""
    text = for_spreadsheet(text, excel, format)
    if output is None and format == "html":
        output = default_output(default_name)
    if output is None or str(output) == "-":
        click.echo(text, nl=False, color=None if colour else False)
        return
    write_private_text(output, click.unstyle(text))
    click.echo(f"wrote {format} report to {output}")


@cli.command("agreement")
@common_options
@click.option(
    "--coders",
    metavar="A,B,...",
    help="Coders to compare (default: every person with spans; a reference coding or consensus only when named).",
)
@click.option("--codes", metavar="X,Y,...", help="Codes to compare (default: every code a compared coder used).")
@click.option("--documents", metavar="D1,D2,...", help="Documents to compare (default: all).")
@click.option("--all-documents", is_flag=True, help="Count every document as coded by every compared coder.")
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default="character",
    show_default=True,
    help="Unit of the unit-table statistics.",
)
@click.option(
    "--threshold",
    default="0.9",
    show_default=True,
    metavar="θ",
    help="Segment matching: overlap / union needed for a match (compared exactly, as a decimal).",
)
@click.option(
    "--bootstrap",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Resample documents (or --table units) N times for 95% intervals.",
)
@click.option("--seed", type=int, default=None, help="Bootstrap seed (default: a fixed seed, so reports repeat).")
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format (HTML: a report with every code's disagreements).",
)
@click.option(
    "--statistics",
    metavar="S1,S2,...",
    help="With --format methods: the statistics the paragraph reports, by JSON key"
    " (default: krippendorff_alpha,alpha_u; on --table: krippendorff_alpha).",
)
@excel_option
@click.option(
    "--per-document/--no-per-document",
    "per_document",
    default=None,
    help="Also compute every code's figures in each document (default: for --format html and csv).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to FILE (default: stdout; HTML: exports/PROJECT-agreement.html).",
)
@click.option(
    "--table",
    "table_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Read a unit table from CSV instead (one row per unit, one column per coder).",
)
@click.option("--level", type=click.Choice(LEVELS), default=None, help="With --table: Krippendorff's alpha level.")
@click.option(
    "--categories",
    metavar="C1,C2,...",
    help="With --table: the codebook's categories (q of Brennan–Prediger and AC1 counts them).",
)
@click.option(
    "--missing",
    "missing",
    multiple=True,
    metavar="VALUE",
    help="With --table: a cell text meaning no rating (repeat for several; blank cells always are).",
)
@click.option(
    "--gamma",
    is_flag=True,
    help="Also Mathet's γ, γ-cat and γ-k per code, in every format (random continua: slower on large projects).",
)
@click.option(
    "--gamma-samples",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=f"γ: random continua for the expected disorder (default {DEFAULT_SAMPLES}; implies --gamma).",
)
@click.option(
    "--gamma-sampler",
    type=click.Choice(SAMPLER_NAMES),
    default=None,
    help=f"γ: how random continua are drawn (default {SAMPLER_NAMES[0]}; implies --gamma).",
)
@click.option(
    "--gamma-seed", type=int, default=None, help=f"γ: the seed of the random continua (default {DEFAULT_SEED})."
)
@click.option(
    "--gamma-alpha", type=click.FloatRange(min=0), default=None, help="γ: the positional weight α (default 1)."
)
@click.option(
    "--gamma-beta", type=click.FloatRange(min=0), default=None, help="γ: the categorical weight β (default 1)."
)
@click.option(
    "--gamma-empty",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="γ: Δ∅, the cost of a unit left unaligned (default 1).",
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="HTML or Markdown: replace every identifier of the register in the quotes; nothing is written if the scan finds one.",
)
@pass_settings
def agreement_command(
    settings: Settings,
    coders: str | None,
    codes: str | None,
    documents: str | None,
    all_documents: bool,
    unit: str,
    threshold: str,
    bootstrap: int,
    seed: int | None,
    format_: str,
    statistics: str | None,
    excel: bool,
    per_document: bool | None,
    output: Path | None,
    table_file: Path | None,
    level: str | None,
    categories: str | None,
    missing: tuple[str, ...],
    gamma: bool,
    gamma_samples: int | None,
    gamma_sampler: str | None,
    gamma_seed: int | None,
    gamma_alpha: float | None,
    gamma_beta: float | None,
    gamma_empty: float | None,
    pseudonymise: bool,
) -> None:
    """Agreement between coders on the project's spans, or on a unit table (--table FILE.csv)."""
    check_excel(excel, format_)
    if pseudonymise and (format_ not in ("html", "markdown") or table_file is not None):
        raise InputError("--pseudonymise applies to the project's --format html and markdown reports (their quotes)")
    if statistics is not None and format_ != "methods":
        raise InputError("--statistics chooses what --format methods reports; the other formats show every statistic")
    chosen = split_list(statistics)
    ctx = click.get_current_context()
    if table_file is not None:
        span_only = [
            name
            for name in ("coders", "codes", "documents", "all_documents", "unit", "threshold", "per_document", *GAMMA)
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
        ]
        if span_only:
            raise InputError(f"--table compares the coders of the file; drop --{span_only[0].replace('_', '-')}")
        table, rows = read_unit_table(table_file, split_list(categories), missing or None, level or "nominal")
        with progress_bar("bootstrap") as progress:
            report = table_report(table, level or "nominal", bootstrap, seed, units=rows, progress=progress)
        text = render(report, format_, style=terminal_style, statistics=chosen)
        write_output(text, output, format_, "agreement.html", colour=True, excel=excel)
        return
    if level is not None or categories is not None or missing:
        raise InputError(
            "--level, --categories and --missing apply to --table; on spans each code is coded / not coded"
        )
    options = SpanOptions(
        coders=split_list(coders),
        codes=split_list(codes),
        documents=split_list(documents),
        all_documents=all_documents,
        unit=unit,
        threshold=threshold,
        bootstrap=bootstrap,
        seed=seed,
        # Per-document figures cost more than the rest of the report on a large project: computed
        # when asked for, or for the formats that show them (HTML's drill-down, CSV's document rows).
        per_document=format_ in ("html", "csv") if per_document is None else per_document,
    )
    with settings.open_project(readonly=True) as project, progress_bar("bootstrap") as progress:
        # HTML lists every disagreement with its text beside the figures.
        comparison = compare_coders(project, options, quotes=format_ == "html", progress=progress)
        name = project.path.stem
        view = PseudonymisedView(project) if pseudonymise else None
        # The quotes are taken from the pseudonymised texts.
        quoted = project.documents.all() if view is not None and format_ == "html" else []
    asked = {name: value for name, value in ctx.params.items() if name in GAMMA[1:] and value is not None}
    if gamma or asked:
        comparison = with_gamma(
            comparison, GammaOptions(**{GAMMA_FIELDS[name]: value for name, value in asked.items()})
        )
    disagreements = comparison.disagreements() if format_ == "html" else None
    if view is not None and disagreements is not None:
        disagreements = _pseudonymised_quotes(view, quoted, disagreements, output or Path("-"))
    text = render(comparison.report, format_, style=terminal_style, disagreements=disagreements, statistics=chosen)
    if view is not None:
        text = pseudonymised_report(view, text, output or Path("-"), html=format_ == "html")
    write_output(text, output, format_, f"{name}-agreement.html", colour=True, excel=excel)


def _pseudonymised_quotes(
    view: PseudonymisedView, documents: list[Document], disagreements: list[Disagreement], path: Path
) -> list[Disagreement]:
    """Each quote from its pseudonymised document, before the page escapes it (view.quote says why);
    ScanFound naming the document and `path`, nothing written, when one still holds a form."""
    try:
        view.documents(documents)
        return [
            replace(item, text=view.quote(item.document_id, item.start, item.end)) if item.text is not None else item
            for item in disagreements
        ]
    except ScanFound as found:
        raise ScanFound(f"{found.detail}; nothing was written", path=path) from None


GAMMA = ("gamma", "gamma_samples", "gamma_sampler", "gamma_seed", "gamma_alpha", "gamma_beta", "gamma_empty")
"""The γ options (each of the others implies --gamma)."""
GAMMA_FIELDS = {name: name.removeprefix("gamma_").replace("empty", "delta_empty") for name in GAMMA[1:]}
"""Each --gamma-* option's field of GammaOptions."""


@cli.command("disagreements")
@common_options
@click.option(
    "--coders",
    metavar="A,B,...",
    help="Coders to compare (default: every person with spans; a reference coding or consensus only when named).",
)
@click.option("--code", "code_ids", multiple=True, metavar="X", help="Only this code (repeat for several).")
@click.option("--documents", metavar="D1,D2,...", help="Documents to read (default: all).")
@click.option("--all-documents", is_flag=True, help="Count every document as coded by every compared coder.")
@click.option(
    "--format",
    "format_",
    type=click.Choice(("table", "csv", "json")),
    default="table",
    show_default=True,
    help="Output format.",
)
@excel_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to FILE (default: stdout).",
)
@pass_settings
def disagreements_command(
    settings: Settings,
    coders: str | None,
    code_ids: tuple[str, ...],
    documents: str | None,
    all_documents: bool,
    format_: str,
    excel: bool,
    output: Path | None,
) -> None:
    """Every stretch where the compared coders differ: document, offsets, text, and who coded what."""
    check_excel(excel, format_)
    options = SpanOptions(
        coders=split_list(coders),
        codes=list(code_ids) or None,
        documents=split_list(documents),
        all_documents=all_documents,
    )
    with settings.open_project(readonly=True) as project:
        items, compared = project_disagreements(project, options)
    renderers = {
        "table": render_disagreements_table,
        "csv": render_disagreements_csv,
        "json": render_disagreements_json,
    }
    text = renderers[format_](items, list(compared))
    write_output(text, output, format_, "disagreements.txt", excel=excel)
