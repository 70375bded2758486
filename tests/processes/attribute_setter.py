"""Set one attribute of a document again and again with `annotator documents set`, as a user would.

Usage: python attribute_setter.py DB DOCUMENT NAME ROUNDS GO. Prints `ready`, waits until the file
GO exists (so several setters start together), then runs `documents set DOCUMENT NAME=NAME-ROUND`
ROUNDS times, each opening the project afresh, printing each value once the command returned.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

from annotator.cli.app import cli


def main(db_path: str, document_id: str, name: str, rounds: str, go: str) -> None:
    """Wait for GO, then set the attribute ROUNDS times."""
    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.01)
    for round_ in range(int(rounds)):
        value = f"{name}-{round_}"
        with contextlib.redirect_stdout(io.StringIO()):  # what the command says is not an acknowledgement
            cli.main(
                ["--db", db_path, "--coder", name, "documents", "set", document_id, f"{name}={value}"],
                standalone_mode=False,
            )
        print(value, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
