"""The `annotator` command group: common options, settings, and turning our errors into one line."""

from __future__ import annotations

import functools
import getpass
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from annotator import __version__
from annotator.domain.errors import AnnotatorError
from annotator.domain.names import escaped
from annotator.paths import default_db_path

if TYPE_CHECKING:
    from pydantic import ValidationError

    from annotator.storage import Project

F = TypeVar("F", bound=Callable[..., Any])

# Each command's module and its one-line help, so `annotator --help` lists them all and
# `annotator X` imports only X's module: start-up is what the command uses, not what the tool
# holds (tests/cli/test_cli_startup.py checks the lines against the commands' own help).
COMMANDS: dict[str, tuple[str, str]] = {
    "adjudicate": (
        "annotator.cli.adjudicate",
        "Walk the places where two coders differ and write the agreed coding as its own coder.",
    ),
    "agreement": (
        "annotator.cli.agreement",
        "Agreement between coders on the project's spans, or on a unit table (--table FILE.csv).",
    ),
    "backup": (
        "annotator.cli.maintenance",
        "Write a consistent copy of the project (owner-only), safe while coders are working.",
    ),
    "check": (
        "annotator.cli.maintenance",
        "Check the project: SQLite's integrity check, references, span texts, hashes, the event log.",
    ),
    "code": (
        "annotator.cli.project",
        "Open the coding screen (creating the default project first when there is none).",
    ),
    "codebook": (
        "annotator.cli.codebook",
        "Check a codebook file, write the project's codebook to YAML, or sync the project to one.",
    ),
    "codes": (
        "annotator.cli.codes",
        "List, show and change the project's codes: edit, move, merge, split, delete (each undoable).",
    ),
    "cooccurrence": (
        "annotator.cli.matrices",
        "How often two codes overlap or share a passage, within each coder's coding.",
    ),
    "disagreements": (
        "annotator.cli.agreement",
        "Every stretch where the compared coders differ: document, offsets, text, and who coded what.",
    ),
    "documents": (
        "annotator.cli.documents",
        "List documents, correct their text keeping every span, edit attributes, rename or remove them.",
    ),
    "export": (
        "annotator.cli.exchange",
        "Write spans or the project to a file (under exports/ unless -o says otherwise).",
    ),
    "import": (
        "annotator.cli.project",
        "Add documents (.txt, .md, .docx) and transcripts (.vtt, .srt, .json), all or none; .qdpx / .qdc import REFI-QDA.",
    ),
    "import-spans": (
        "annotator.cli.project",
        "Add coded spans from a CSV (document, coder, code, start, end[, memo, text, id]), all or none.",
    ),
    "init": (
        "annotator.cli.project",
        "Create a project from a corpus folder and a codebook; never overwrites an existing file.",
    ),
    "keys": (
        "annotator.cli.keys",
        "Print every key binding in effect (part, id, keys, action), tab-separated; a bad keymap fails after it.",
    ),
    "matrix": ("annotator.cli.matrices", "Counts of spans per code and testimony (or attribute value, or coder)."),
    "merge": (
        "annotator.cli.teamwork",
        "Bring back a packet coder's own actions, replayed as theirs; merging the same packet again changes nothing.",
    ),
    "packet": (
        "annotator.cli.teamwork",
        "Write a blind coding packet for the --coder: the documents and codebook, and none of anyone's spans.",
    ),
    "play": (
        "annotator.cli.play",
        "Play a transcript's recording (its `media` attribute) from a turn's start with mpv or ffplay.",
    ),
    "queries": (
        "annotator.cli.queries",
        'Saved queries ("smart codes"): save, list, show, delete (each change undoable); use one as @NAME.',
    ),
    "query": (
        "annotator.cli.queries",
        "Ask the coded corpus: one row per hit (document, offsets, codes, coders, attributes, text, memos).",
    ),
    "redo": ("annotator.cli.codes", "Redo the coder's latest undone action, as ctrl+y does."),
    "search": (
        "annotator.cli.queries",
        "Find a word, prefix* or phrase across the corpus: one row per place, with its context.",
    ),
    "share": (
        "annotator.cli.sharing",
        "Let a Unix group read and write the project (0660, the folder set-group-id), or --private.",
    ),
    "speakers": (
        "annotator.cli.speakers",
        "List the speakers of each transcript (turns, words); `rename OLD NEW` and `role NAME ROLE` change them, undoably.",
    ),
    "status": ("annotator.cli.status", "Say what the project holds and what to run next."),
    "suggest": (
        "annotator.cli.suggest",
        "Suggest codes for units of the testimonies, from the codebook and your own coding; nothing leaves the machine.",
    ),
    "undo": ("annotator.cli.codes", "Undo the coder's latest action (any kind: coding, codes, sync), as ctrl+z does."),
}


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

    def open_project(self, *, readonly: bool = False) -> Project:
        """Open the project named by --db to read and write, or (`readonly`) to read only, which works
        in a read-only folder too (ProjectError when there is none)."""
        from annotator.storage import Project

        return Project.open(self.db_path, readonly=readonly)


def _remember(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """The callback that keeps an option's value on the shared Settings (given before or after the sub-command)."""

    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            setattr(ctx.ensure_object(Settings), name, Path(value) if name == "db_path" else value)
        return value

    return callback


def db_option(function: F) -> F:
    """--db, accepted before or after the sub-command (part of `common_options`)."""
    return click.option(
        "--db",
        callback=_remember("db_path"),
        expose_value=False,
        metavar="PATH",
        type=click.Path(dir_okay=False),
        help="Project database (default: ANNOTATOR_DB, else annotator.db).",
    )(function)


def common_options(function: F) -> F:
    """--db and --coder, accepted before or after the sub-command."""
    function = click.option(
        "--coder",
        callback=_remember("coder"),
        expose_value=False,
        metavar="NAME",
        help="Coder name (default: ANNOTATOR_CODER, else the login name).",
    )(function)
    return db_option(function)


pass_settings = click.make_pass_decorator(Settings, ensure=True)


def pass_project(*, readonly: bool) -> Callable[[F], F]:
    """Open the project named by --db once, as the command starts, and pass the settings and the
    project as the command's first two arguments; closed when the command ends (`readonly`: to read only)."""

    def decorator(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            settings = click.get_current_context().ensure_object(Settings)
            with settings.open_project(readonly=readonly) as project:
                return function(settings, project, *args, **kwargs)

        return cast(F, run)

    return decorator


class AnnotatorGroup(click.Group):
    """A click group that reports AnnotatorError (and database failures) as one line on stderr,
    and imports a command's module only when that command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name][0])  # its decorators register it on `cli`
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, from COMMANDS: listing does not import every command."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            # A bare Command carrying the summary shortens it exactly as the real one would.
            command = self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as error:
            fail(str(error))
        except sqlite3.DatabaseError as error:
            settings = ctx.find_object(Settings)
            from annotator.storage.database import describe_database_error

            where = f"{settings.db_path}: " if settings is not None else ""
            fail(where + describe_database_error(error))
        except Exception as error:
            # A last resort for pydantic's errors: readers turn them into InputError naming file
            # and row. Looked up, not imported: a command that never loaded pydantic cannot raise one.
            pydantic = sys.modules.get("pydantic")
            if pydantic is None or not isinstance(error, pydantic.ValidationError):
                raise
            fail(describe_validation_error(error))


def describe_validation_error(error: ValidationError) -> str:
    """One line for a pydantic error: the model, the field and what is wrong, without the value given."""
    first = error.errors(include_input=False, include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"]) or "value"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"invalid {error.title} {field}: {first['msg']}{more}"


def fail(message: str) -> None:
    """Print `annotator: MESSAGE` (each line of it) on stderr and exit with status 1."""
    # Split at line feeds only (str.splitlines also splits at U+2028 and at C0/C1 separators a file
    # name may hold), and escape what a name may not hold, so no path or name reaches the terminal raw.
    for line in message.rstrip("\n").split("\n"):
        click.echo(f"annotator: {escaped(line)}", err=True)
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
