"""The test suite (a package, so `pytest` from the root imports `tests.support`)."""

import sys

# Cache compiled modules even when the environment says not to (PYTHONDONTWRITEBYTECODE): every
# xdist worker would otherwise compile the package and the tests anew, about 2.5 s of each run.
# This package is imported before conftest, the annotator package and any test module; where
# __pycache__ cannot be written, Python goes on without it.
sys.dont_write_bytecode = False
