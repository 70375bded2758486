"""The agreement library is pure Python: no UI toolkit and none of the test-only reference libraries at runtime."""

from __future__ import annotations

import subprocess
import sys

# The statistics modules (the package also holds adjudication, which reads the project database).
MODULES = (
    "annotator.agreement",
    "annotator.agreement.analysis",
    "annotator.agreement.bootstrap",
    "annotator.agreement.coefficients",
    "annotator.agreement.disagreements",
    "annotator.agreement.estimate",
    "annotator.agreement.labels",
    "annotator.agreement.matching",
    "annotator.agreement.render_html",
    "annotator.agreement.render_text",
    "annotator.agreement.report",
    "annotator.agreement.spans",
    "annotator.agreement.table_file",
    "annotator.agreement.unit_table",
    "annotator.agreement.unitizing",
    "annotator.agreement.unitizing2016",
    "annotator.agreement.units",
    "annotator.domain.segments",
)
FORBIDDEN = ("textual", "rich", "numpy", "pandas", "krippendorff", "statsmodels", "sklearn", "nltk", "irrCAC", "scipy")


def test_agreement_imports_only_the_standard_library_and_the_domain() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(','.join(sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"annotator.agreement pulls in {result.stdout.strip()}"


def test_the_check_can_fail() -> None:
    code = f"import numpy, sys; print(','.join(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "numpy" in result.stdout
