"""The command registry: `--help` lists every command without importing it, and only what is asked for loads."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from annotator.cli import cli
from annotator.cli.app import COMMANDS
from tests.support import modules_loaded_by


def test_each_registered_summary_is_the_commands_own_help() -> None:
    ctx = click.Context(cli)
    for name, (module, summary) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None, name
        assert command.callback is not None and (
            command.callback.__module__ == module or isinstance(command, click.Group)
        )
        assert command.get_short_help_str(limit=10_000) == summary, name


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    assert set(COMMANDS) <= set(listed)


HEAVY = (
    "textual",
    "pydantic",
    "numpy",
    "pandas",
    "lxml",
    "sqlite_utils",
    "sklearn",
    "scipy",
    "annotator.agreement",
    "annotator.exchange",
    "annotator.suggestions",
)


def test_help_and_status_load_none_of_the_heavy_libraries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from annotator.storage import Project

    Project.create(tmp_path / "p.db").close()
    for args in (["--help"], ["--db", str(tmp_path / "none.db"), "status"], ["--db", str(tmp_path / "p.db"), "status"]):
        loaded = modules_loaded_by(*args)
        heavy = sorted(name for name in loaded if name.startswith(HEAVY))
        assert heavy == [], (args, heavy[:5])
    assert "annotator.cli.agreement" not in modules_loaded_by("matrix", "--help")
    # Asking for the suggestions' help loads their command, not the machine-learning library.
    assert not any(name.startswith("sklearn") for name in modules_loaded_by("suggest", "--help"))


def test_sqlite_utils_is_loaded_without_dataframe_libraries() -> None:
    script = "import sys\nfrom annotator.storage import Project\nprint('pandas' in sys.modules, 'numpy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "False"]
