"""Layers point inward: the headless layers import no Textual or Rich, the TUI no CLI code
(each checked in a fresh interpreter, so that nothing imported by another test hides a miss)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEADLESS = [
    "annotator.domain",
    "annotator.storage",
    "annotator.transcripts",
    "annotator.coding",
    "annotator.agreement",
    "annotator.exchange",
    "annotator.cli",
]


def imported_by(package: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of `prefixes` that importing every module of `package` loads."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"package = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(getattr(package, '__path__', []), package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        f"print(','.join(sorted(name for name in sys.modules if name.startswith({prefixes!r}))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(module: str) -> None:
    ui = [name for name in imported_by(module, ("textual", "rich")) if name.split(".")[0] in ("textual", "rich")]
    assert ui == [], f"{module} pulls in {','.join(ui)}"


def test_the_check_would_see_a_ui_import() -> None:
    """Guard against a check that cannot fail: the TUI package does import Textual."""
    assert "textual" in imported_by("annotator.tui", ("textual",))


def test_the_tui_does_not_import_the_cli() -> None:
    """The CLI is the outermost layer: the TUI reads the library, never the command-line code."""
    cli = imported_by("annotator.tui", ("annotator.cli",))
    assert cli == [], f"annotator.tui pulls in {','.join(cli)}"


def test_the_coding_core_does_not_import_the_screens() -> None:
    """The headless coding core sits under the TUI: the screens call it, never the other way round."""
    tui = imported_by("annotator.coding", ("annotator.tui",))
    assert tui == [], f"annotator.coding pulls in {','.join(tui)}"


ROOT = Path(__file__).parent.parent
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
    swapped = config.replace(
        '    "annotator.storage",\n    "annotator.domain",\n', '    "annotator.domain",\n    "annotator.storage",\n'
    )
    assert swapped != config
    (tmp_path / "pyproject.toml").write_text(swapped, encoding="utf-8")
    result = lint_imports(tmp_path / "pyproject.toml")
    assert result.returncode != 0 and "BROKEN" in result.stdout
