"""`annotator codes ...` (list, show, edit, move, merge, split, delete, recode) and `annotator undo` / `redo`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from annotator.cli.app import Settings, cli, common_options, pass_project, pass_settings
from annotator.domain.errors import InputError
from annotator.domain.names import escaped

if TYPE_CHECKING:
    from annotator.domain.models import Code
    from annotator.storage import Project
    from annotator.storage.actions import Action


@cli.group("codes")
def codes_group() -> None:
    """List, show and change the project's codes: edit, move, merge, split, delete (each undoable)."""


def _echo_action(action: Action) -> None:
    click.echo(action.detail.get("summary", action.kind))
    click.echo("`annotator undo` reverts it")


@codes_group.command("list")
@common_options
@click.option("--tree", is_flag=True, help="Indent each code under its parent.")
@pass_project(readonly=True)
def list_command(settings: Settings, project: Project, tree: bool) -> None:
    """Every code with its key, colour, use count (every coder's spans) and name."""
    from annotator.query.selection import SpanSelection

    codes = project.codes.all()
    counts = SpanSelection().count_per(project, "code_id")
    depth = _depths(codes) if tree else {}
    for code in _tree_order(codes) if tree else codes:
        indent = "  " * depth.get(code.id, 0)
        parent = "" if tree or code.parent is None else f"  (under {code.parent})"
        click.echo(
            f"{code.key or '-'} {code.colour} {counts.get(code.id, 0):>6}  {indent}{code.id}: {escaped(code.name)}{parent}"
        )


@codes_group.command("show")
@common_options
@click.argument("code_id", metavar="ID")
@click.option("--all-coders", is_flag=True, help="List every coder's spans left to recode (default: yours only).")
@pass_project(readonly=True)
def show_command(settings: Settings, project: Project, code_id: str, all_coders: bool) -> None:
    """One code: its fields, where it sits in the tree, how many spans use it, spans left to recode."""
    from annotator.query.selection import SpanSelection

    code = project.codes.get(code_id)
    children = [other.id for other in project.codes.all() if other.parent == code_id]
    uses = SpanSelection(codes=(code_id,), exact=True).total(project)
    listed = _listed(project, None if all_coders else settings.coder, code_id)
    rows = [
        ("id", code.id),
        ("name", escaped(code.name)),
        ("parent", code.parent or "-"),
        ("children", ", ".join(children) or "-"),
        ("key", code.key or "-"),
        ("colour", code.colour),
        ("spans", str(uses)),
        ("definition", code.definition),
        ("include", code.include),
        ("exclude", code.exclude),
    ]
    for label, value in rows:
        click.echo(f"{label + ':':<12}{value}")
    for example in code.examples:
        click.echo(f"{'example:':<12}{example.quote}" + (f" ({example.document})" if example.document else ""))
    if listed:
        whose = "" if all_coders else " of yours (--all-coders lists every coder's)"
        click.echo(f"to recode:  {len(listed)} span(s){whose}, into {', '.join(listed[0][0]['choices'])}")
        for entry, owner in listed:
            click.echo(f"  {entry['span']}  {owner}")


def _listed(project: Project, coder: str | None, code_id: str | None = None) -> list[tuple[dict[str, Any], str]]:
    """The to-recode entries (of one split code, or all) on `coder`'s spans (None: every coder's), each
    with its span's coder: a blind coder never sees where others coded."""
    from annotator.coding.codebook_view import listed_spans

    owners = {span.id: span.coder for span in listed_spans(project, coder)}
    entries = project.codes.to_recode()
    return [
        (entry, owners[entry["span"]])
        for entry in entries
        if entry["span"] in owners and code_id in (None, entry["code"])
    ]


@codes_group.command("edit")
@common_options
@click.argument("code_id", metavar="ID")
@click.option("--name", default=None, help="The new name (unique, ignoring case).")
@click.option("--definition", default=None, help="The new definition.")
@click.option("--include", "include_", default=None, help="The new include rule.")
@click.option("--exclude", default=None, help="The new exclude rule.")
@click.option("--colour", default=None, help="The new colour, #RRGGBB.")
@click.option("--key", default=None, help="The new key, one digit 0-9; 'none' removes it.")
@click.option("--move-key", is_flag=True, help="Take the key from the code that holds it.")
@click.option(
    "--example",
    "examples",
    multiple=True,
    metavar="QUOTE",
    help="An example quotation; repeat for several. Replaces the code's examples.",
)
@click.option("--no-examples", is_flag=True, help="Remove the code's examples.")
@pass_settings
def edit_command(
    settings: Settings,
    code_id: str,
    name: str | None,
    definition: str | None,
    include_: str | None,
    exclude: str | None,
    colour: str | None,
    key: str | None,
    move_key: bool,
    examples: tuple[str, ...],
    no_examples: bool,
) -> None:
    """Change a code's name, definition, include or exclude rule, examples, colour or key."""
    given = {
        "name": name,
        "definition": definition,
        "include": include_,
        "exclude": exclude,
        "colour": colour,
        "key": key,
    }
    fields: dict[str, Any] = {field: value for field, value in given.items() if value is not None}
    if fields.get("key") == "none":
        fields["key"] = None
    if examples and no_examples:
        raise InputError(f"code {code_id!r}: give --example or --no-examples, not both")
    if examples or no_examples:
        fields["examples"] = [{"quote": quote} for quote in examples]
    if not fields:
        raise InputError(
            f"code {code_id!r}: nothing to change; give --name, --definition, --include, --exclude, "
            "--example, --no-examples, --colour or --key"
        )
    with settings.open_project() as project:
        _echo_action(project.codes.edit(settings.coder, code_id, move_key=move_key, **fields))


@codes_group.command("move")
@common_options
@click.argument("code_id", metavar="ID")
@click.option("--parent", default=None, metavar="ID", help="The code to put it under.")
@click.option("--top", is_flag=True, help="Put it at the top of the tree (no parent).")
@click.option(
    "--index",
    type=click.IntRange(min=1),
    default=None,
    help="Its place among its new siblings, from 1 (default: last).",
)
@pass_settings
def move_command(settings: Settings, code_id: str, parent: str | None, top: bool, index: int | None) -> None:
    """Put a code under another code or at the top, and at a place among its siblings."""
    if (parent is None) == (not top):
        raise InputError(f"code {code_id!r}: give either --parent ID or --top")
    with settings.open_project() as project:
        _echo_action(project.codes.move(settings.coder, code_id, parent, index=None if index is None else index - 1))


@codes_group.command("merge")
@common_options
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@pass_project(readonly=False)
def merge_command(settings: Settings, project: Project, source: str, target: str) -> None:
    """Merge code SOURCE into TARGET: its spans become TARGET's (joined where they overlap); SOURCE goes."""
    _echo_action(project.codes.merge(settings.coder, source, target))


@codes_group.command("split")
@common_options
@click.argument("code_id", metavar="ID")
@click.argument("new_ids", nargs=-1, required=True, metavar="NEW-ID...")
@pass_project(readonly=False)
def split_command(settings: Settings, project: Project, code_id: str, new_ids: tuple[str, ...]) -> None:
    """Create child codes of ID and put ID's spans on the to-recode list (`codes recode`)."""
    _echo_action(project.codes.split(settings.coder, code_id, new_ids))
    click.echo(
        f"next: `annotator codes show {code_id}` lists your spans (--all-coders everyone's); "
        "`annotator codes recode SPAN-ID NEW-ID` recodes one of yours (--owner CODER names another coder's)"
    )


@codes_group.command("recode")
@common_options
@click.argument("span_id", metavar="SPAN-ID")
@click.argument("code_id", metavar="CODE-ID")
@click.option(
    "--owner",
    default=None,
    metavar="CODER",
    help="The span's coder when it is not you: naming them is how another coder's span "
    "(a reference coding or a consensus too) is recoded.",
)
@pass_project(readonly=False)
def recode_command(settings: Settings, project: Project, span_id: str, code_id: str, owner: str | None) -> None:
    """Recode one of your spans on the to-recode list (left by a split) and take it off the list."""
    from annotator.coding.ownership import project_ownership, recode_listed_span

    rule = project_ownership(project, settings.coder, named=[owner] if owner else ())
    _echo_action(recode_listed_span(project, rule, span_id, code_id))
    owners = {settings.coder} | ({owner} if owner else set())
    left = sum(1 for _, listed_owner in _listed(project, None) if listed_owner in owners)
    whose = " and ".join(["yours", *(f"{name}'s" for name in sorted(owners - {settings.coder}))])
    click.echo(f"{left} span(s) left to recode ({whose})")


@codes_group.command("delete")
@common_options
@click.argument("code_id", metavar="ID")
@click.option("--recode-to", default=None, metavar="ID", help="Give its spans to this code first (as merge).")
@click.option("--with-spans", is_flag=True, help="Remove its spans with it.")
@pass_project(readonly=False)
def delete_command(settings: Settings, project: Project, code_id: str, recode_to: str | None, with_spans: bool) -> None:
    """Delete a code; refused while spans use it, unless --recode-to ID or --with-spans."""
    _echo_action(project.codes.delete(settings.coder, code_id, recode_to=recode_to, with_spans=with_spans))


@cli.command("undo")
@common_options
@pass_project(readonly=False)
def undo_command(settings: Settings, project: Project) -> None:
    """Undo the coder's latest action (any kind: coding, codes, sync), as ctrl+z does."""
    _revert(settings, project, "undo")


@cli.command("redo")
@common_options
@pass_project(readonly=False)
def redo_command(settings: Settings, project: Project) -> None:
    """Redo the coder's latest undone action, as ctrl+y does."""
    _revert(settings, project, "redo")


def _revert(settings: Settings, project: Project, verb: str) -> None:
    event = project.history.next_undo(settings.coder) if verb == "undo" else project.history.next_redo(settings.coder)
    action = project.history.undo(settings.coder) if verb == "undo" else project.history.redo(settings.coder)
    if action is None or event is None:
        raise InputError(f"nothing to {verb} for coder {settings.coder!r}")
    from annotator.coding.history import history_step  # the same words as the coding screen's ctrl+z

    step = history_step(action, "Undone" if verb == "undo" else "Redone")
    click.echo(f"{'undone' if verb == 'undo' else 'redone'}: {step.what}")


def _depths(codes: list[Code]) -> dict[str, int]:
    parents = {code.id: code.parent for code in codes}
    depths: dict[str, int] = {}
    for code in codes:
        depth, current, seen = 0, code.parent, {code.id}
        while current is not None and current not in seen:
            seen.add(current)
            depth, current = depth + 1, parents.get(current)
        depths[code.id] = depth
    return depths


def _tree_order(codes: list[Code]) -> list[Code]:
    """Codes depth first: each parent followed by its children, in codebook order."""
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent, []).append(code)
    ordered: list[Code] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        code = stack.pop()
        ordered.append(code)
        stack.extend(reversed(children.get(code.id, [])))
    return ordered
