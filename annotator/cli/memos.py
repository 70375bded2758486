"""`annotator memos`: list memos (span memos beside them), and add, edit and remove them (each undoable)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project, pass_settings
from annotator.domain.errors import InputError
from annotator.domain.memos import MEMO_KEYS, MEMO_KINDS, SPAN_MEMO, memo_record
from annotator.domain.names import escaped

if TYPE_CHECKING:
    from annotator.storage import Action, Project

FORMATS = ("table", "markdown", "jsonl")
# What each kind of memo is on, as the words after `--on KIND` name it: (the fewest, the most).
_TARGETS = {"project": (0, 0), "document": (1, 1), "code": (1, 1), "grid": (2, 2)}
_LISTED = {"project": (0, 0), "document": (0, 1), "code": (0, 1), "grid": (0, 2), "spans": (0, 0)}
_TABLE_TEXT = 60  # characters of a memo's text a table row shows
# Memo text read from a file: a million characters of UTF-8 fit in 4 MB.
_MAX_MEMO_FILE_BYTES = 4 * 1024 * 1024


class MemosGroup(click.Group):
    """`memos [--on KIND [ID ...]] [...]` is short for `memos list ...`: what is not a sub-command is the listing's."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands:
            return "list", self.commands["list"], args
        return super().resolve_command(ctx, args)


@cli.group("memos", cls=MemosGroup, invoke_without_command=True, context_settings={"ignore_unknown_options": True})
@common_options
@click.pass_context
def memos_group(ctx: click.Context) -> None:
    """Memos on the project, documents, codes and grid cells (and span memos): list, add, edit, remove (each undoable)."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_command)


def _target(kind: str, ids: tuple[str, ...], counts: dict[str, tuple[int, int]]) -> dict[str, str | None]:
    """The document and code `--on KIND ID...` names; InputError when the ids do not fit the kind."""
    fewest, most = counts[kind]
    if not fewest <= len(ids) <= most:
        wanted = {"project": "no id", "spans": "no id", "grid": "a document id and a code id"}.get(kind, f"a {kind} id")
        raise InputError(f"--on {kind} takes {wanted}" + (" (or none, to list them all)" if fewest == 0 < most else ""))
    document = ids[0] if kind in ("document", "grid") and ids else None
    code = ids[-1] if (kind == "code" and ids) or (kind == "grid" and len(ids) == 2) else None
    return {"document_id": document, "code_id": code}


def _memo_text(text: str | None, file: Path | None, initial: str, name: str) -> str:
    """The memo's text from --text, --file, or else the editor ($VISUAL, $EDITOR) opened on `initial`."""
    if text is not None and file is not None:
        raise InputError("give the memo's text with --text or --file, not both")
    if text is not None:
        return text
    if file is not None:
        from annotator.domain.textfiles import read_text_file

        return read_text_file(file, _MAX_MEMO_FILE_BYTES)
    from annotator.coding.editing import choose_editor, edit_in_editor

    editor = choose_editor()
    if editor.notice:
        click.echo(editor.notice, err=True)
    return edit_in_editor(name, initial, editor.command, what="the memo", suffix=".md")


def _text_options(function: Any) -> Any:
    function = click.option(
        "--file", type=click.Path(path_type=Path), default=None, help="Read the memo's text (Markdown) from this file."
    )(function)
    return click.option("--text", default=None, help="The memo's text (Markdown); else --file, else the editor.")(
        function
    )


def _owner_option(function: Any) -> Any:
    return click.option("--owner", default=None, metavar="NAME", help="Change another author's memo: name its author.")(
        function
    )


def _report(action: Action, verb: str) -> None:
    detail = action.detail
    on = " × ".join(str(detail[key]) for key in ("document", "code") if key in detail)
    click.echo(f"{verb} {detail['kind']} memo {detail['memo']}" + (f" on {escaped(on)}" if on else ""))
    click.echo("`annotator undo` reverts it")


@memos_group.command("add")
@common_options
@click.option(
    "--on", "kind", type=click.Choice(MEMO_KINDS), required=True, help="What the memo is on; ids follow: see below."
)
@click.argument("ids", nargs=-1, metavar="[DOC] [CODE]")
@_text_options
@pass_project(readonly=False)
def add_command(
    settings: Settings, project: Project, kind: str, ids: tuple[str, ...], text: str | None, file: Path | None
) -> None:
    """Write a memo: --on project | document ID | code ID | grid DOC CODE, its text from --text, --file or the editor."""
    target = _target(kind, ids, _TARGETS)
    body = _memo_text(text, file, "", "memo")
    _report(project.memos.add(settings.coder, kind, body, **target), "added")


@memos_group.command("edit")
@common_options
@click.argument("memo_id", metavar="ID")
@_text_options
@_owner_option
@pass_settings
def edit_command(settings: Settings, memo_id: str, text: str | None, file: Path | None, owner: str | None) -> None:
    """Replace a memo's text from --text, --file or the editor (opened on the memo); yours, or --owner's."""
    with settings.open_project() as project:
        memo = project.memos.get(memo_id)
        body = _memo_text(text, file, memo.text, memo.id)
        if body == memo.text:
            click.echo(f"memo {memo.id}: the text is unchanged")
            return
        from annotator.coding.text_conflict import write_or_keep

        # The edit reads the memo again inside its write: a change made meanwhile (say, while the editor
        # was open) is refused, not overwritten, and the edited text is kept in an owner-only file.
        action = write_or_keep(
            project,
            f"memo-{memo.id}",
            body,
            lambda: project.memos.edit(settings.coder, memo_id, body, owner=owner, expected_text=memo.text),
        )
        _report(action, "edited")


@memos_group.command("remove")
@common_options
@click.argument("memo_id", metavar="ID")
@_owner_option
@pass_project(readonly=False)
def remove_command(settings: Settings, project: Project, memo_id: str, owner: str | None) -> None:
    """Remove a memo (yours, or --owner's); `annotator undo` brings it back."""
    _report(project.memos.remove(settings.coder, memo_id, owner=owner), "removed")


@memos_group.command("import")
@common_options
@click.argument("file", type=click.Path(path_type=Path))
@pass_project(readonly=False)
def import_command(settings: Settings, project: Project, file: Path) -> None:
    """Add the memos of a JSONL export (`annotator export jsonl`), all or none, as one undoable action."""
    from annotator.exchange.jsonl import import_memos_jsonl

    added, present = import_memos_jsonl(project, file, coder=settings.coder)
    click.echo(f"imported {added} memo(s) from {file}" + (f"; already present: {present}" if present else ""))


@memos_group.command("list")
@common_options
@click.option(
    "--on", "kind", type=click.Choice([*_LISTED]), default=None, help="Only memos of this kind (ids may follow)."
)
@click.argument("ids", nargs=-1, metavar="[DOC] [CODE]")
@click.option("--author", default=None, metavar="NAME", help="Only memos by this author.")
@click.option(
    "--search", default=None, metavar="TEXT", help="Only memos holding these words (case and accents folded)."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@pass_project(readonly=True)
def list_command(
    settings: Settings,
    project: Project,
    kind: str | None,
    ids: tuple[str, ...],
    author: str | None,
    search: str | None,
    fmt: str,
) -> None:
    """List memos (the project's, documents', codes', grid cells' and spans'), oldest first; span memos last."""
    if ids and kind is None:
        raise InputError(f"{escaped(ids[0])!r} is not a memos command; to list memos on something, use --on KIND ID")
    target = _target(kind, ids, _LISTED) if kind else {}
    listed = project.memos.listing(SPAN_MEMO if kind == "spans" else kind, author=author, search=search, **target)
    rows = [memo_record(memo) for memo in listed]
    click.echo(render_memos(rows, fmt), nl=False)
    click.echo(f"{len(rows)} memo(s)", err=True)


def render_memos(rows: list[dict[str, Any]], fmt: str) -> str:
    """Memo rows as a table (tab-separated, text cut to one line), JSON lines, or Markdown (a section per memo)."""
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "markdown":
        sections = []
        for row in rows:
            on = " × ".join(str(row[key]) for key in ("document", "code") if row[key] is not None)
            heading = (
                f"## {row['kind']} memo" + (f" on {on}" if on else "") + f" ({row['author']}, {row['updated_at']})"
            )
            # Tabs and line breaks are the memo's own; anything a terminal would act on is escaped.
            body = "\n".join("\t".join(map(escaped, line.split("\t"))) for line in row["text"].split("\n"))
            sections.append(f"{escaped(heading)}\n\n<!-- memo {row['id']} -->\n\n{body}\n")
        return "\n".join(sections)
    lines = ["\t".join(MEMO_KEYS)]
    for row in rows:
        cells = ["" if row[key] is None else str(row[key]) for key in MEMO_KEYS]
        text = " ".join(cells[-1].split())
        cells[-1] = text if len(text) <= _TABLE_TEXT else text[: _TABLE_TEXT - 1] + "…"
        lines.append("\t".join(escaped(cell) for cell in cells))
    return "\n".join(lines) + "\n"
