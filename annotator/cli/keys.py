"""`annotator keys`: the coding screen's keys in effect after the keymap file, and what is wrong with that file."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.app import cli, common_options, fail
from annotator.coding.keymap import (
    KEYMAP_VARIABLE,
    describe_keymap_problems,
    effective_bindings,
    keymap_problems,
    load_keymap,
)


@cli.command("keys")
@common_options
@click.option(
    "--keymap",
    "keymap_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The keymap file to apply (default: {KEYMAP_VARIABLE}, else none).",
)
def keys_command(keymap_file: Path | None) -> None:
    """Print every key binding in effect (part, id, keys, action), tab-separated; a bad keymap fails after it."""
    import os

    from annotator.tui.key_table import key_bindings  # Textual, loaded only for this command

    named = keymap_file or os.environ.get(KEYMAP_VARIABLE)
    keymap = load_keymap(named) if named else {}
    bindings = key_bindings()
    click.echo("part\tid\tkeys\taction")
    for binding in effective_bindings(bindings, keymap):
        moved = " (keymap)" if binding.binding_id in keymap else ""
        click.echo(f"{binding.section}\t{binding.binding_id}\t{','.join(binding.keys)}{moved}\t{binding.description}")
    problems = keymap_problems(bindings, keymap)
    if problems:
        fail(describe_keymap_problems(problems, str(keymap_file) if keymap_file else KEYMAP_VARIABLE))
