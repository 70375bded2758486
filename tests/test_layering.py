"""The headless layers must not import Textual or Rich (checked in a fresh interpreter each)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = ["annotator.domain", "annotator.storage", "annotator.agreement", "annotator.export", "annotator.cli"]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(module: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"package = importlib.import_module({module!r})\n"
        "for info in pkgutil.walk_packages(getattr(package, '__path__', []), package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "bad = sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"


def test_the_check_would_see_a_ui_import() -> None:
    """Guard against a check that cannot fail: the TUI package does import Textual."""
    code = "import sys, annotator.tui; print(any(n.startswith('textual') for n in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def test_the_tui_does_not_import_the_cli() -> None:
    """The CLI is the outermost layer: the TUI reads the library, never the command-line code."""
    code = (
        "import importlib, pkgutil, sys, annotator.tui as tui\n"
        "for info in pkgutil.walk_packages(tui.__path__, 'annotator.tui.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(','.join(sorted(n for n in sys.modules if n.startswith('annotator.cli'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"annotator.tui pulls in {result.stdout.strip()}"
