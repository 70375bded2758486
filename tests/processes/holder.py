"""Hold a project open twice, as the coding screen does, and code spans until killed.

Usage: python holder.py DB CODER. Prints `ready` once both handles are open, then the id of
every span after its transaction has committed (so each printed id is a promise kept).
"""

from __future__ import annotations

import sys
import time

from annotator.storage import Project


def main(db_path: str, coder: str) -> None:
    """Code one-character spans in turn through two handles of one project, forever."""
    first = Project.open(db_path)
    second = Project.open(db_path)  # the screen's session, workers and other screens open it again
    document_id = first.documents.ids()[0]
    length = first.documents.require(document_id)
    code_id = first.codes.all()[0].id
    print("ready", flush=True)
    written = 0
    while True:
        handle = first if written % 2 == 0 else second
        start = written % (length - 1)
        span = handle.spans.add(coder, document_id, code_id, start, start + 1)
        print(span.id, flush=True)
        written += 1
        time.sleep(0.005)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
