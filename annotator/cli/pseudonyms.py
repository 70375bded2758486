"""`annotator pseudonyms`: the register of identifiers (add, edit, remove, list, export) and the scan of files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.app import Settings, cli, common_options, pass_project
from annotator.domain.errors import AnnotatorError
from annotator.domain.names import escaped
from annotator.domain.pseudonyms import KINDS

if TYPE_CHECKING:
    from annotator.domain.pseudonyms import Candidate, Identifier
    from annotator.storage import Project


@cli.group("pseudonyms")
def pseudonyms_group() -> None:
    """The register of identifiers pseudonymised exports replace (each change undoable); scan any file for them."""


def _described(entry: Identifier) -> str:
    return f"register entry {entry.id} ({entry.kind}) -> {escaped(entry.replacement)}"


@pseudonyms_group.command("add")
@common_options
@click.argument("original")
@click.option("--variant", "variants", multiple=True, metavar="V", help="Another spelling (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), default="other", show_default=True, help="What it is.")
@click.option(
    "--as", "pseudonym", default=None, metavar="TEXT", help="The pseudonym (default: [Town 3], [Person 7] ...)."
)
@click.option(
    "--generalise-to",
    "generalisation",
    default=None,
    metavar="TEXT",
    help="A larger class instead (a year, a province).",
)
@pass_project(readonly=False)
def add_command(
    settings: Settings,
    project: Project,
    original: str,
    variants: tuple[str, ...],
    kind: str,
    pseudonym: str | None,
    generalisation: str | None,
) -> None:
    """Add ORIGINAL with its variants to the register, as one undoable action."""
    entry = project.pseudonyms.add(
        settings.coder, original, variants=variants, kind=kind, pseudonym=pseudonym, generalisation=generalisation
    )
    click.echo(f"added {_described(entry)}")


@pseudonyms_group.command("edit")
@common_options
@click.argument("entry_id", metavar="ID", type=int)
@click.option("--original", default=None, metavar="TEXT", help="A new original.")
@click.option("--variant", "variants", multiple=True, metavar="V", help="Add a variant (repeatable).")
@click.option("--drop-variant", "dropped", multiple=True, metavar="V", help="Remove a variant (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="A new kind (a new automatic pseudonym).")
@click.option("--as", "pseudonym", default=None, metavar="TEXT", help="A new pseudonym.")
@click.option("--generalise-to", "generalisation", default=None, metavar="TEXT", help="A generalisation instead.")
@pass_project(readonly=False)
def edit_command(
    settings: Settings,
    project: Project,
    entry_id: int,
    original: str | None,
    variants: tuple[str, ...],
    dropped: tuple[str, ...],
    kind: str | None,
    pseudonym: str | None,
    generalisation: str | None,
) -> None:
    """Change register entry ID, as one undoable action."""
    entry = project.pseudonyms.edit(
        settings.coder,
        entry_id,
        original=original,
        add_variants=variants,
        drop_variants=dropped,
        kind=kind,
        pseudonym=pseudonym,
        generalisation=generalisation,
    )
    click.echo(f"edited {_described(entry)}")


@pseudonyms_group.command("remove")
@common_options
@click.argument("entry_id", metavar="ID", type=int)
@pass_project(readonly=False)
def remove_command(settings: Settings, project: Project, entry_id: int) -> None:
    """Remove register entry ID, as one undoable action (`annotator undo` brings it back)."""
    entry = project.pseudonyms.remove(settings.coder, entry_id)
    click.echo(f"removed register entry {entry.id}")


@pseudonyms_group.command("list")
@common_options
@pass_project(readonly=True)
def list_command(settings: Settings, project: Project) -> None:
    """Every register entry: id, kind, original, variants, replacement (the register's words: keep it private)."""
    click.echo("id\tkind\toriginal\tvariants\treplacement\tmethod")
    for entry in project.pseudonyms.all():
        variants = "; ".join(escaped(variant) for variant in entry.variants)
        click.echo(
            f"{entry.id}\t{entry.kind}\t{escaped(entry.original)}\t{variants}\t{escaped(entry.replacement)}\t{entry.method}"
        )


@pseudonyms_group.command("export")
@common_options
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The file (JSON, owner-only).")
@pass_project(readonly=True)
def export_command(settings: Settings, project: Project, output: Path) -> None:
    """Write the register to FILE as JSON, owner-only: only the project file's owner may (it holds every name)."""
    from annotator.exchange.files import write_private_text
    from annotator.pseudonyms.register_file import register_json

    if project.path.stat().st_uid != os.getuid():
        raise AnnotatorError(
            f"{project.path}: only the project file's owner may export the register; nothing was written"
        )
    entries = project.pseudonyms.all()
    write_private_text(output, register_json(entries))
    click.echo(f"wrote {len(entries)} register entr{'y' if len(entries) == 1 else 'ies'} to {output}")


@pseudonyms_group.command("scan")
@common_options
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@pass_project(readonly=True)
def scan_command(settings: Settings, project: Project, files: tuple[Path, ...]) -> None:
    """Check FILE... for every registered original and variant and every unreviewed candidate (exit 1 on a hit)."""
    from annotator.pseudonyms.scan import ScanFound, Scanner

    scanner = Scanner(project.pseudonyms.all(), project.pseudonyms.candidates(status="unreviewed"))
    found = 0
    for path in files:
        try:
            scanner.check_file(path)
        except ScanFound as hit:
            found += 1
            click.echo(f"annotator: {hit}", err=True)
            continue
        click.echo(f"{path}: clean")
    if found:
        raise SystemExit(1)


@pseudonyms_group.command("import")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
@pass_project(readonly=False)
def import_command(settings: Settings, project: Project, file: Path) -> None:
    """Add every entry of a register FILE (as `pseudonyms export` writes it), all or none, each an undoable action."""
    from annotator.domain.errors import InputError
    from annotator.pseudonyms.register_file import read_register_file

    entries = read_register_file(file)
    with project.transaction():
        for number, entry in enumerate(entries, start=1):
            try:
                project.pseudonyms.add(settings.coder, **entry)
            except InputError as error:
                raise InputError(error.detail, path=file, row=number) from None
    click.echo(f"added {len(entries)} register entr{'y' if len(entries) == 1 else 'ies'} from {file}")


_CONTEXT = 30  # characters each side of a candidate that `detect` shows


@pseudonyms_group.command("detect")
@common_options
@click.option("--document", "documents", multiple=True, metavar="ID", help="Only this document (repeatable).")
@pass_project(readonly=False)
def detect_command(settings: Settings, project: Project, documents: tuple[str, ...]) -> None:
    """Propose candidates (patterns, proper nouns, close spellings of register forms), store the new ones
    unreviewed, and list every unreviewed one with its context; nothing is replaced until reviewed."""
    from annotator.pseudonyms.detect import detect_document, document_fields

    texts: dict[tuple[str, str], str] = {}

    def find(register: list[Identifier]) -> list[Candidate]:
        # Called inside propose's write transaction: the texts read here are those the candidates fit.
        chosen = [project.documents.get(document_id) for document_id in documents] or project.documents.all()
        for document in chosen:
            texts.update(((document.id, field), text) for field, text in document_fields(document).items())
        return [candidate for document in chosen for candidate in detect_document(document, register)]

    found, added = project.pseudonyms.propose(settings.coder, find)
    click.echo("id\tdocument\tstart\tend\tsource\ttext\tcontext")
    unreviewed = [c for c in project.pseudonyms.candidates(status="unreviewed") if (c.document_id, c.field) in texts]
    for candidate in unreviewed:
        text = texts[candidate.document_id, candidate.field]
        context = text[max(0, candidate.start - _CONTEXT) : candidate.end + _CONTEXT]
        where = f" ({escaped(candidate.field)})" if candidate.field else ""  # a title or an attribute value
        click.echo(
            f"{candidate.id}\t{escaped(candidate.document_id)}{where}\t{candidate.start}\t{candidate.end}\t{candidate.source}"
            f"\t{escaped(candidate.text)}\t{escaped(' '.join(context.split()))}"
        )
    click.echo(f"{found} candidate(s) found, {added} new; {len(unreviewed)} unreviewed", err=True)


@pseudonyms_group.command("review")
@common_options
@click.argument("candidate_id", metavar="ID", type=int)
@click.argument("decision", type=click.Choice(["accept", "variant", "reject"]))
@click.option("--kind", type=click.Choice(KINDS), default=None, help="accept: the new entry's kind.")
@click.option("--entry", "entry_id", type=int, default=None, help="variant: the register entry it belongs to.")
@pass_project(readonly=False)
def review_command(
    settings: Settings, project: Project, candidate_id: int, decision: str, kind: str | None, entry_id: int | None
) -> None:
    """Decide candidate ID (and every unreviewed one of the same words) as one undoable action."""
    decided = project.pseudonyms.review(settings.coder, candidate_id, decision, kind=kind, entry_id=entry_id)
    into = f" (register entry {decided[0].entry})" if decided[0].entry is not None else ""
    click.echo(f"{decided[0].status}: {len(decided)} candidate(s){into}")
