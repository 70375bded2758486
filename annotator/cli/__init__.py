"""Command line: a thin layer that parses, calls the library and reports errors in one line."""

from __future__ import annotations

import os

from annotator.cli.app import cli

# Each module registers its commands on `cli` when imported.
from annotator.cli import project, exchange, codebook  # noqa: E402,F401  (registration)
from annotator.cli import teamwork, matrices  # noqa: E402,F401  (registration: packet, merge, matrix, cooccurrence)
from annotator.cli import agreement  # noqa: E402,F401  (registration: agreement, disagreements)
from annotator.cli import adjudicate  # noqa: E402,F401  (registration: adjudicate)
from annotator.cli import maintenance  # noqa: E402,F401  (registration: check, backup)


def main() -> None:
    """Entry point of the `annotator` console script."""
    # Databases and exports hold sensitive testimony: whatever we create is the owner's alone.
    os.umask(0o077)
    cli(prog_name="annotator")
