"""How the CLI is wired: one --db callback, the project opened once per command, the transcript formats
from their one home, and exchange files handed to their importer by suffix."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click
import pytest

from annotator.cli import cli
from annotator.storage import Project
from annotator.transcripts import reading
from tests.support import command_tree, modules_loaded_by


def test_every_db_option_is_remembered_by_the_one_callback() -> None:
    callbacks = {
        getattr(param.callback, "__code__", None)
        for _, command in command_tree(cli)
        for param in command.params
        if param.name == "db"
    }
    assert len(callbacks) == 1 and None not in callbacks


def test_the_import_formats_are_the_transcript_readers_own() -> None:
    command = cli.get_command(click.Context(cli), "import")
    assert command is not None
    (format_option,) = [param for param in command.params if param.name == "format_name"]
    assert isinstance(format_option.type, click.Choice)
    assert tuple(format_option.type.choices) == reading.FORMATS
    assert "annotator.transcripts.reading" not in modules_loaded_by("import", "--help")  # `--help` stays light


def test_each_exchange_importer_the_suffix_table_names_exists() -> None:
    from annotator.cli.project import EXCHANGE_IMPORTERS

    assert set(EXCHANGE_IMPORTERS) == {".qdpx", ".qdc"}
    for module_name, into_project, into_new_project in EXCHANGE_IMPORTERS.values():
        module = importlib.import_module(module_name)
        assert callable(getattr(module, into_project)) and callable(getattr(module, into_new_project))


def test_import_loads_the_refi_reader_for_a_refi_file_only(tmp_path: Path) -> None:
    document = tmp_path / "a.txt"
    document.write_text("Some testimony.\n", encoding="utf-8")
    codebook = tmp_path / "c.qdc"
    codebook.write_text("<not a codebook/>", encoding="utf-8")
    plain = modules_loaded_by("--db", str(tmp_path / "p.db"), "import", str(document))
    refi = modules_loaded_by("--db", str(tmp_path / "q.db"), "import", str(codebook))
    assert "annotator.exchange.refi.importing" not in plain and "annotator.cli.exchange" not in plain
    assert "annotator.exchange.refi.importing" in refi and "annotator.cli.exchange" not in refi


@pytest.mark.parametrize(
    ("args", "modes"),
    [
        (["check", "--repair-totals"], ["write"]),
        (["check"], ["read"]),
        (["codes", "list"], ["read"]),
        (["export", "csv"], ["read"]),
        (["codebook", "export"], ["read"]),
        (["undo"], ["write"]),
        (["documents", "done", "A"], ["write"]),
        (["codebook", "sync", "missing.yaml", "--dry-run"], []),  # the file is read first, and refused
    ],
)
def test_a_command_opens_the_project_once_and_only_to_write_when_it_writes(
    run_cli: Any, small_project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], modes: list[str]
) -> None:
    opened: list[str] = []
    open_project = Project.open.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Project], *given: Any, **options: Any) -> Project:
        opened.append("read" if options.get("readonly") else "write")
        return open_project(cls, *given, **options)  # type: ignore[no-any-return]

    monkeypatch.setattr(Project, "open", classmethod(counted))
    run_cli("--db", small_project, *args)
    assert opened == modes
