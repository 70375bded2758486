"""Fixture projects built once per session and copied per test (a build is a migration and many commits)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from annotator.storage.database import database_files

Build = Callable[[Path], None]


class ProjectTemplates:
    """Closed project files, each built the first time a test asks for it, then handed out as copies.

    A template is copied only while no connection to it is open (the build closes it): opening and
    closing the file by hand while SQLite holds it would drop SQLite's POSIX locks (see STYLE.md).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[str, Path] = {}

    def copy(self, name: str, build: Build, target: Path) -> Path:
        """`target` as a copy of template `name` (made by `build(path)` if not made yet); returns `target`."""
        if name not in self.built:
            self.built[name] = self._build(name, build)
        shutil.copy(self.built[name], target)  # the bytes and the owner-only mode
        return target

    def _build(self, name: str, build: Build) -> Path:
        folder = self.folder / name
        folder.mkdir()
        path = folder / f"{name}.db"
        build(path)
        leftovers = [file.name for file in database_files(path)[1:] if file.exists()]
        # A -wal beside it would mean an open connection or writes the copy would miss.
        assert leftovers == [], f"template {name} is still open: {leftovers}"
        return path
