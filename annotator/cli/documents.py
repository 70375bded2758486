"""The `documents` commands: list, correct the text (edit, replace, review), attributes, done marks, rename, remove."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project, pass_settings
from annotator.cli.output import excel_option, for_spreadsheet
from annotator.domain.errors import InputError, shown
from annotator.domain.names import ATTRIBUTE_NAME, DOCUMENT_ID, check_name, escaped

if TYPE_CHECKING:
    from annotator.storage import Project


@cli.group("documents")
def documents_group() -> None:
    """List documents, correct their text keeping every span, edit attributes, rename or remove them."""


@documents_group.command("list")
@common_options
@pass_project(readonly=True)
def list_command(settings: Settings, project: Project) -> None:
    """Each document: id, title, length, attributes and span counts per coder."""
    from annotator.query.selection import SpanSelection

    counts: dict[str, dict[str, int]] = {}
    per_coder = SpanSelection().count(project, by=("coder", "document_id"))
    for (coder, document_id), count in sorted(per_coder.items()):
        counts.setdefault(document_id, {})[coder] = count
    lengths = project.documents.lengths()
    for document in project.documents.all():
        # Escaped: a tab or escape sequence stored by hand (or before the rule for names) must
        # not break the columns or reach the terminal raw; `annotator check` reports it.
        attributes = " ".join(f"{escaped(key)}={escaped(value)}" for key, value in document.attributes.items())
        spans = (
            ", ".join(f"{escaped(coder)} {count}" for coder, count in counts.get(document.id, {}).items()) or "no spans"
        )
        click.echo(
            f"{escaped(document.id)}\t{escaped(document.title)}\t{lengths[document.id]} characters\t{spans}\t{attributes}".rstrip()
        )


def _report(result: Any, coder: str) -> None:
    # Coding blind is the default here too: only the items of the coder's own spans (and passages).
    shown = _visible(result.review, coder)
    click.echo(
        f"replaced the text of {result.document_id}: {result.kept} span(s) unchanged, {result.moved} moved, "
        f"{result.reanchored} re-anchored, {result.passages_moved} passage(s) moved; {len(shown)} to review"
    )
    for item in shown:
        click.echo(f"  review {_describe(item)}")
    if len(shown) < len(result.review):
        click.echo(f"items on other coders' spans: `annotator documents review {result.document_id} --all-coders`")
    elif shown:
        click.echo(f"list them again with `annotator documents review {result.document_id}`")


def _visible(items: list[dict[str, Any]], coder: str | None) -> list[dict[str, Any]]:
    """The review items `coder` sees (None: everyone's, asked for with --all-coders)."""
    from annotator.coding.ownership import visible_review

    return items if coder is None else visible_review(items, coder, sees_others=False)


def _describe(item: dict[str, Any]) -> str:
    if item["entity"] == "span":
        return f"span {item['id']} ({item['coder']}, {item['code']}) now {item['start']}-{item['end']}"
    return f"passage {item['id']} ({item['section'] or 'no section'}) now {item['start']}-{item['end']}"


@documents_group.command("replace")
@common_options
@click.argument("document_id", metavar="ID")
@click.argument("file", type=click.Path(path_type=Path))
@pass_project(readonly=False)
def replace_command(settings: Settings, project: Project, document_id: str, file: Path) -> None:
    """Replace a document's text with FILE (UTF-8); spans are carried across, cut ones listed for review."""
    from annotator.domain.limits import MAX_DOCUMENT_BYTES
    from annotator.domain.textfiles import read_text_file

    project.documents.get(document_id)  # an unknown id is named before the file is read
    text = read_text_file(file, MAX_DOCUMENT_BYTES)
    if not text.strip():
        raise InputError("is empty; a document needs text (remove the document instead)", path=file)
    _report(project.documents.replace_text(settings.coder, document_id, text), settings.coder)


@documents_group.command("edit")
@common_options
@click.argument("document_id", metavar="ID")
@pass_settings
def edit_command(settings: Settings, document_id: str) -> None:
    """Open the text in $VISUAL or $EDITOR (else editor, nano or vi; a private copy); on save it replaces the document's text."""
    from annotator.coding.editing import choose_editor, edit_in_editor
    from annotator.coding.text_conflict import correct_or_keep

    editor = choose_editor()
    if editor.notice:
        click.echo(editor.notice, err=True)
    with settings.open_project() as project:
        old = project.documents.get(document_id).text
        text = edit_in_editor(document_id, old, editor.command)
        if text == old:
            click.echo(f"{document_id}: the text is unchanged")
            return
        _report(correct_or_keep(project, settings.coder, document_id, text, opened=old), settings.coder)


@documents_group.command("review")
@common_options
@click.argument("document_id", metavar="[ID]", required=False)
@click.option(
    "--all-coders", is_flag=True, help="Also the items on other coders' spans (default: yours and passages')."
)
@pass_project(readonly=True)
def review_command(settings: Settings, project: Project, document_id: str | None, all_coders: bool) -> None:
    """List the spans and passages that text corrections left for review, with their old quotes."""
    items = _visible(project.reviews.list(document_id), None if all_coders else settings.coder)
    for item in items:
        click.echo(f"{_describe(item)}; was {item['old_quote']!r}")
    click.echo(f"{len(items)} item(s) to review" + ("" if all_coders else " (yours; --all-coders lists all)"))


def _assignments(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals:
            raise InputError(f"{shown(pair)} is not KEY=VALUE")
        values[check_name(ATTRIBUTE_NAME, name)] = value
    return values


@documents_group.command("set")
@common_options
@click.argument("document_id", metavar="ID")
@click.argument("pairs", metavar="KEY=VALUE...", nargs=-1)
@click.option("--unset", "unset", multiple=True, metavar="KEY", help="Remove this attribute (repeatable).")
@pass_settings
def set_command(settings: Settings, document_id: str, pairs: tuple[str, ...], unset: tuple[str, ...]) -> None:
    """Set (KEY=VALUE) and remove (--unset KEY) attributes of one document, as one action."""
    values = _assignments(pairs)
    if not values and not unset:
        raise InputError("give KEY=VALUE pairs or --unset KEY")
    with settings.open_project() as project:
        attributes = project.documents.set_attributes(settings.coder, document_id, values, list(unset))
    click.echo(
        f"{document_id}: " + (" ".join(f"{key}={value}" for key, value in attributes.items()) or "no attributes")
    )


@documents_group.command("done")
@common_options
@click.argument("document_id", metavar="ID")
@click.option("--not-done", "not_done", is_flag=True, help="Take the mark off instead.")
@pass_project(readonly=False)
def done_command(settings: Settings, project: Project, document_id: str, not_done: bool) -> None:
    """Mark a document done by the coder (or, with --not-done, not done), undoably, as d does."""
    project.coders.set_done(settings.coder, document_id, not not_done)
    click.echo(f"{document_id} marked {'not done' if not_done else 'done'} by {settings.coder}")
    click.echo("`annotator undo` reverts it")


@documents_group.group("attributes")
def attributes_group() -> None:
    """Write every document's attributes to CSV, or load them from one."""


@attributes_group.command("export")
@common_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="CSV file (default: stdout).")
@excel_option
@pass_project(readonly=True)
def attributes_export_command(settings: Settings, project: Project, output: Path | None, excel: bool) -> None:
    """One row per document id, one column per attribute."""
    from annotator.exchange.attributes_csv import attributes_csv
    from annotator.exchange.files import write_private_text

    text = attributes_csv(project.documents.all())
    shown_text = for_spreadsheet(text, excel, "csv")
    if output is None:
        click.echo(shown_text, nl=False)
    else:
        write_private_text(output, shown_text)
        click.echo(f"wrote the attributes of {text.count(chr(10)) - 1} document(s) to {output}")


@attributes_group.command("import")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
@pass_settings
def attributes_import_command(settings: Settings, file: Path) -> None:
    """Replace the attributes of the documents FILE names (all or nothing; an empty cell unsets)."""
    from annotator.domain.textfiles import read_text_file
    from annotator.exchange.attributes_csv import read_attributes_csv

    table, lines = read_attributes_csv(read_text_file(file), file)
    with settings.open_project() as project:
        known = set(project.documents.ids())
        for document_id in table:
            if document_id not in known:
                raise InputError(
                    f"names document {document_id!r}, which is not in the project", path=file, line=lines[document_id]
                )
        changed = project.documents.set_all_attributes(settings.coder, table)
    click.echo(f"{file}: attributes of {changed} document(s) changed, {len(table) - changed} already as given")


@documents_group.command("rename")
@common_options
@click.argument("old_id", metavar="OLD")
@click.argument("new_id", metavar="NEW")
@pass_project(readonly=False)
def rename_command(settings: Settings, project: Project, old_id: str, new_id: str) -> None:
    """Give a document a new id; its spans, passages and done marks follow (refused if NEW exists)."""
    project.documents.rename(settings.coder, old_id, check_name(DOCUMENT_ID, new_id))
    click.echo(f"renamed {escaped(old_id)} to {escaped(new_id.strip())}")


@documents_group.command("remove")
@common_options
@click.argument("document_id", metavar="ID")
@click.option(
    "--with-spans", is_flag=True, help="Also remove the document's spans (refused without it while it has any)."
)
@pass_project(readonly=False)
def remove_command(settings: Settings, project: Project, document_id: str, with_spans: bool) -> None:
    """Remove a document (undoable); refused while it has spans unless --with-spans."""
    spans = project.documents.remove(settings.coder, document_id, with_spans=with_spans)
    click.echo(f"removed {document_id}" + (f" and its {spans} span(s)" if spans else ""))
