"""Helpers shared by tests (the `tests.support` package; conftest.py files only hold fixtures)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from annotator.domain.models import Code

SMALL_TEXTS = {
    "A": "They took eighty percent of the wage. We paid a bribe to be chosen.\n\nThe manager watched us.",
    "B": "Nobody could leave the site.\n\nWe worked from dawn to midnight.",
}
SMALL_CODES = (
    Code(id="wage-deduction", name="Wage deduction", key="1", colour="#d62728"),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e"),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf"),
)


def database_fingerprint(path: Path) -> str:
    """A hash of every row of every table: equal before and after means nothing was written."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def command_tree(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    """Every command and group under `group` as typed after `annotator` (e.g. 'export csv'), with the command."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the registry: commands load when asked for
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from command_tree(command, f"{prefix}{name} ")


def modules_loaded_by(*args: str) -> set[str]:
    """The modules a fresh interpreter holds after running `annotator ARGS` (exit status ignored)."""
    script = (
        "import sys\nfrom annotator.cli import cli\n"
        f"try:\n    cli({list(args)!r}, prog_name='annotator')\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(run.stdout.split())
