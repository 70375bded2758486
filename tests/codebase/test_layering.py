"""Layers point inward: the headless layers import no Textual or Rich, the TUI no CLI code
(checked in fresh interpreters, so that nothing imported by another test hides a miss)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEADLESS = [
    "annotator.domain",
    "annotator.storage",
    "annotator.transcripts",
    "annotator.query",
    "annotator.coding",
    "annotator.agreement",
    "annotator.exchange",
    "annotator.reports",
    "annotator.cli",
]
WATCHED = ("textual", "rich", "annotator.tui", "annotator.cli")


def imported_in_turn(packages: list[str]) -> dict[str, list[str]]:
    """For each package in turn, in one fresh interpreter: the WATCHED modules that importing every
    module of it added. A module a package imports is counted once, at the first package that loads
    it; so if any package loads Textual, the first one that does is named, and its test fails."""
    code = (
        "import importlib, json, pkgutil, sys\n"
        "found = {}\n"
        f"for name in {packages!r}:\n"
        "    before = set(sys.modules)\n"
        "    package = importlib.import_module(name)\n"
        "    for info in pkgutil.walk_packages(getattr(package, '__path__', []), name + '.'):\n"
        "        importlib.import_module(info.name)\n"
        f"    found[name] = sorted(m for m in set(sys.modules) - before if m.startswith({WATCHED!r}))\n"
        "print(json.dumps(found))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def headless_imports() -> dict[str, list[str]]:
    """What each headless package loads, the packages imported one after another, innermost first."""
    return imported_in_turn(HEADLESS)


@pytest.fixture(scope="module")
def tui_imports() -> list[str]:
    """What importing every module of the TUI loads, in an interpreter of its own."""
    return imported_in_turn(["annotator.tui"])["annotator.tui"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(headless_imports: dict[str, list[str]], module: str) -> None:
    ui = [name for name in headless_imports[module] if name.split(".")[0] in ("textual", "rich")]
    assert ui == [], f"{module} pulls in {','.join(ui)}"


def test_the_check_would_see_a_ui_import(tui_imports: list[str]) -> None:
    """Guard against a check that cannot fail: the TUI package does import Textual."""
    assert "textual" in tui_imports


def test_the_tui_does_not_import_the_cli(tui_imports: list[str]) -> None:
    """The CLI is the outermost layer: the TUI reads the library, never the command-line code."""
    cli = [name for name in tui_imports if name.startswith("annotator.cli")]
    assert cli == [], f"annotator.tui pulls in {','.join(cli)}"


def test_the_coding_core_does_not_import_the_screens(headless_imports: dict[str, list[str]]) -> None:
    """The headless coding core sits under the TUI: the screens call it, never the other way round."""
    tui = [name for name in headless_imports["annotator.coding"] if name.startswith("annotator.tui")]
    assert tui == [], f"annotator.coding pulls in {','.join(tui)}"


ROOT = Path(__file__).parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package with a config file (it reads the [tool.importlinter] tables)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )


def test_the_import_contract_in_pyproject_is_kept() -> None:
    result = lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 broken" in result.stdout


def test_the_import_contract_would_see_an_outward_import(tmp_path: Path) -> None:
    """The same contract with two layers swapped must break: storage does import the domain."""
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # The layers' lines swapped in place (comments between them stay where they are).
    swapped = (
        config.replace('    "annotator.storage",\n', "    STORAGE\n")
        .replace('    "annotator.domain",\n', '    "annotator.storage",\n')
        .replace("    STORAGE\n", '    "annotator.domain",\n')
    )
    assert swapped != config and swapped.count('    "annotator.storage",\n') == 1
    (tmp_path / "pyproject.toml").write_text(swapped, encoding="utf-8")
    result = lint_imports(tmp_path / "pyproject.toml")
    assert result.returncode != 0 and "BROKEN" in result.stdout
