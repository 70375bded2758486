"""Command line: a thin layer that parses, calls the library and reports errors in one line."""

from __future__ import annotations

import os

from annotator.cli.app import cli


def main() -> None:
    """Entry point of the `annotator` console script."""
    # Databases and exports hold sensitive testimony: whatever we create is the owner's alone.
    os.umask(0o077)
    cli(prog_name="annotator")


__all__ = ["cli", "main"]
