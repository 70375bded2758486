"""Hold a project's write lock, as a long write of another process does, until told to let go.

Usage: python bare_lock.py DB. Takes the lock with `BEGIN IMMEDIATE`, prints `locked`, waits
for a line on stdin, rolls back (nothing written) and prints `released`.
"""

from __future__ import annotations

import sqlite3
import sys


def main(db_path: str) -> None:
    """Take the write lock, wait for a line, let go."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.readline()
    connection.execute("ROLLBACK")
    print("released", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
