"""The `annotator` command group: common options, settings, and turning our errors into one line."""

from __future__ import annotations

import getpass
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from annotator import __version__
from annotator.domain.errors import AnnotatorError
from annotator.paths import default_db_path
from annotator.storage import Project
from annotator.storage.database import describe_database_error

F = TypeVar("F", bound=Callable[..., Any])


def default_coder() -> str:
    """`ANNOTATOR_CODER` if set, else the login name."""
    name = os.environ.get("ANNOTATOR_CODER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers; a name is still needed
        return "coder"


@dataclass
class Settings:
    """Options shared by every command: the project file and the coder."""

    db_path: Path = field(default_factory=default_db_path)
    coder: str = field(default_factory=default_coder)

    def open_project(self) -> Project:
        """Open the project named by --db to read and write (ProjectError when there is none)."""
        return Project.open(self.db_path)

    def read_project(self) -> Project:
        """Open the project named by --db to read only: works in a read-only folder too."""
        return Project.open(self.db_path, readonly=True)


def _remember(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            setattr(ctx.ensure_object(Settings), name, Path(value) if name == "db_path" else value)
        return value

    return callback


def common_options(function: F) -> F:
    """--db and --coder, accepted before or after the sub-command."""
    function = click.option(
        "--coder", callback=_remember("coder"), expose_value=False, metavar="NAME",
        help="Coder name (default: ANNOTATOR_CODER, else the login name).",
    )(function)
    function = click.option(
        "--db", callback=_remember("db_path"), expose_value=False, metavar="PATH", type=click.Path(dir_okay=False),
        help="Project database (default: ANNOTATOR_DB, else annotator.db).",
    )(function)
    return function


pass_settings = click.make_pass_decorator(Settings, ensure=True)


class AnnotatorGroup(click.Group):
    """A click group that reports AnnotatorError (and database failures) as one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as error:
            fail(str(error))
        except ValidationError as error:
            # A last resort: readers turn these into InputError naming file and row. The input
            # itself is left out, since it may be testimony.
            fail(describe_validation_error(error))
        except sqlite3.DatabaseError as error:
            settings = ctx.find_object(Settings)
            where = f"{settings.db_path}: " if settings is not None else ""
            fail(where + describe_database_error(error))


def describe_validation_error(error: ValidationError) -> str:
    """One line for a pydantic error: the model, the field and what is wrong, without the value given."""
    first = error.errors(include_input=False, include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"]) or "value"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"invalid {error.title} {field}: {first['msg']}{more}"


def fail(message: str) -> None:
    """Print `annotator: MESSAGE` (each line of it) on stderr and exit with status 1."""
    for line in message.splitlines() or [message]:
        click.echo(f"annotator: {line}", err=True)
    sys.exit(1)


def is_terminal() -> bool:
    """Whether stderr is a terminal (progress bars only then; quiet when piped)."""
    return sys.stderr.isatty()


@click.group(cls=AnnotatorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(__version__, prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Code interview testimonies in the terminal.

    With no command, opens the coding screen on the project (creating the default project from
    the bundled corpus and codebook first when there is none).
    """
    ctx.ensure_object(Settings)
    if ctx.invoked_subcommand is None:
        from annotator.cli.project import open_coding_screen

        ctx.invoke(open_coding_screen)
