"""The docs stay true: every command has help and a section in docs/cli.md, and the README opens with the two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from annotator.cli import cli
from tests.support import command_tree

ROOT = Path(__file__).resolve().parents[2]
CLI_DOCS = ROOT / "docs" / "cli.md"


def command_paths(group: click.Group) -> list[str]:
    """Every command that runs something, as typed after `annotator` (groups left out)."""
    return [path for path, command in command_tree(group) if not isinstance(command, click.Group)]


def documented_commands(markdown: str) -> set[str]:
    """The commands that docs/cli.md gives a section: each `annotator WORDS ...` in a heading, read up to
    its first argument or option (`annotator codes show ID [--all-coders]` documents 'codes show')."""
    documented = set()
    for heading in re.findall(r"^#+ (.*)$", markdown, flags=re.MULTILINE):
        for usage in re.findall(r"`annotator((?: [a-z][a-z-]*)*)", heading):
            documented.add(usage.strip())
    return documented


EVERY_COMMAND = [(path, command) for path, command in command_tree(cli)]


@pytest.mark.parametrize("command", [command for _, command in EVERY_COMMAND], ids=[path for path, _ in EVERY_COMMAND])
def test_each_command_and_option_has_help(command: click.Command) -> None:
    assert command.help and command.help.strip(), "no help text"
    unexplained = [param.opts[0] for param in command.params if isinstance(param, click.Option) and not param.help]
    assert not unexplained, f"options without help: {unexplained}"


@pytest.fixture(scope="module")
def documented() -> set[str]:
    """The commands docs/cli.md has a heading for."""
    return documented_commands(CLI_DOCS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", command_paths(cli))
def test_each_command_has_a_section_in_docs_cli_md(path: str, documented: set[str]) -> None:
    assert path in documented, f"docs/cli.md has no heading for `annotator {path}`"


def test_docs_cli_md_documents_only_commands_that_exist(documented: set[str]) -> None:
    stale = documented - {""} - {path for path, _ in EVERY_COMMAND}  # "": `annotator` alone, as `code`
    assert not stale, f"docs/cli.md has headings for commands that do not exist: {sorted(stale)}"


def test_the_walk_finds_commands() -> None:
    assert {"init", "import-spans", "export csv", "codebook check", "documents attributes import"} <= set(
        command_paths(cli)
    )


def test_a_heading_documents_the_command_up_to_its_first_argument() -> None:
    headings = "## Codes\n### `annotator codes show ID [--all-coders]` and `annotator undo`\ntext `annotator redo`\n"
    assert documented_commands(headings) == {"codes show", "undo"}


def test_readme_opens_with_make_run_and_make_test() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "make run" in head and "make test" in head


def test_readme_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)\)", readme):
        assert (ROOT / target).exists(), f"README links to missing {target}"
