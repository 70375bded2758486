"""Commands that create a project and bring documents and spans into it."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.app import Settings, cli, common_options, pass_project, pass_settings
from annotator.cli.progress import progress_bar
from annotator.cli.status import describe
from annotator.domain.errors import InputError
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.transcripts.formats import FORMATS as TRANSCRIPT_FORMATS

if TYPE_CHECKING:
    from annotator.storage import Project

# The exchange readers are imported inside each command: another command need not load them.

# What `import` does with a whole-project exchange file, by suffix: the module that reads it (loaded
# only when such a file is given), its function that imports the file into the project, and the one
# that creates a new project from it when --db does not exist yet.
EXCHANGE_IMPORTERS: dict[str, tuple[str, str, str]] = {
    ".qdpx": ("annotator.exchange.refi.importing", "import_qdpx", "create_from_qdpx"),
    ".qdc": ("annotator.exchange.refi.importing", "import_qdc", "create_from_qdc"),
}


@cli.command("init")
@common_options
@click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of .txt / .md documents and transcripts (default: the bundled corpus).",
)
@click.option(
    "--codebook",
    type=click.Path(path_type=Path),
    default=None,
    help="Codebook YAML file (default: the bundled codebook).",
)
@pass_settings
def init_command(settings: Settings, corpus: Path | None, codebook: Path | None) -> None:
    """Create a project from a corpus folder and a codebook; never overwrites an existing file."""
    from annotator.exchange.new_project import init_project
    from annotator.storage.summary import count_contents

    project = init_project(
        settings.db_path, corpus or BUNDLED_CORPUS, codebook or BUNDLED_CODEBOOK, coder=settings.coder
    )
    with project:
        describe(project.path, count_contents(project.db.conn))


@cli.command("import")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(TRANSCRIPT_FORMATS),
    default=None,
    help="Read every file as this transcript format (default: detected by extension and content).",
)
@click.option(
    "--speaker-pattern",
    metavar="REGEX",
    default=None,
    help="Regex with a (?P<speaker>...) group that opens a turn at a line's start (text and .docx transcripts).",
)
@pass_settings
def import_command(
    settings: Settings, files: tuple[Path, ...], format_name: str | None, speaker_pattern: str | None
) -> None:
    """Add documents (.txt, .md, .docx) and transcripts (.vtt, .srt, .json), all or none; .qdpx / .qdc import REFI-QDA."""
    exchange = [path for path in files if path.suffix.lower() in EXCHANGE_IMPORTERS]
    if exchange:
        if len(files) > 1:
            raise InputError("import one REFI-QDA file at a time, and without other files")
        import_exchange_file(settings, exchange[0])
        return
    from annotator.exchange.documents import read_document_files

    read = read_document_files(files, format_name, speaker_pattern)
    documents = [document for document, _ in read]
    with settings.open_project() as project:
        added = project.documents.add(documents, [passage for _, turns in read for passage in turns])
        click.echo(f"added {added} document(s): {', '.join(document.id for document in documents)}")


def import_exchange_file(settings: Settings, path: Path) -> None:
    """`annotator import FILE.qdpx|FILE.qdc`: into the project, or into a new one when --db does not exist yet."""
    module_name, into_project, into_new_project = EXCHANGE_IMPORTERS[path.suffix.lower()]
    module = importlib.import_module(module_name)
    if settings.db_path.exists():
        with settings.open_project() as project:
            report = getattr(module, into_project)(path, project, coder=settings.coder)
    else:
        report = getattr(module, into_new_project)(path, settings.db_path, coder=settings.coder)
        click.echo(f"created {settings.db_path} from {path}")
    click.echo(report.summary())
    for note in report.notes:
        click.echo(f"annotator: note: {note}", err=True)


@cli.command("import-spans")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--add-codes", is_flag=True, help="Create codes the codebook lacks instead of refusing the file.")
@click.option(
    "--reference",
    is_flag=True,
    help="The file's coders are a reference coding (as a corpus's own): never the default partner to compare with.",
)
@pass_project(readonly=False)
def import_spans_command(settings: Settings, project: Project, file: Path, add_codes: bool, reference: bool) -> None:
    """Add coded spans from a CSV (document, coder, code, start, end[, memo, text, id]), all or none."""
    from annotator.exchange.spans_csv import import_spans_csv

    with progress_bar(f"checking {file.name}") as progress:
        result = import_spans_csv(
            file, project, coder=settings.coder, add_codes=add_codes, reference=reference, progress=progress
        )
    message = f"imported {len(result.spans)} span(s) from {file}"
    if result.skipped:
        message += f"; {result.skipped} already present, skipped"
    if result.new_codes:
        message += f"; new code(s): {', '.join(code.id for code in result.new_codes)}"
    click.echo(message)


@cli.command("code")
@common_options
@click.option("--show-others", is_flag=True, help="Show other coders' spans too (off: blind coding).")
@click.option(
    "--consensus",
    default=None,
    metavar="NAME",
    help="The one coder every adjudication writes into (default: each pair its own, consensus-A-B).",
)
@pass_settings
def open_coding_screen(settings: Settings, show_others: bool = False, consensus: str | None = None) -> None:
    """Open the coding screen (creating the default project first when there is none)."""
    if not settings.db_path.exists():
        from annotator.exchange.new_project import init_project

        project = init_project(settings.db_path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder=settings.coder)
        click.echo(f"created {settings.db_path} from the bundled corpus and codebook", err=True)
        project.close()
    from annotator.tui import run_app  # it refuses a foreign or newer file before the screen starts

    run_app(settings.db_path, settings.coder, show_others=show_others, consensus=consensus)
