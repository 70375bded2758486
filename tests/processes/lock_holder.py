"""Hold a project's write lock, after writing something in that transaction, until told to commit.

Usage: python lock_holder.py DB ACTION [ARGS...], ACTION one of
  nothing                              (only hold the lock)
  add-spans CODER DOCUMENT CODE COUNT  (COUNT five-character spans spread over the document)
  recode CODER SPAN CODE               (recode one of the coder's spans)
  rename-code CODER CODE NAME          (edit a code's name)
Prints `ready` once the lock is held and the write made (not yet committed), waits for a line on
stdin, commits, prints `committed` and then one line per span it added (so each id is a promise kept).
"""

from __future__ import annotations

import sys

from annotator.storage import NewSpan, Project


def write(project: Project, action: str, args: list[str]) -> list[str]:
    """Make the action's change in the caller's transaction; the ids of spans it added."""
    if action == "add-spans":
        coder, document_id, code_id, count = args[0], args[1], args[2], int(args[3])
        length = project.documents.require(document_id)
        step = (length - 5) // (count + 1)
        items = [NewSpan(document_id, code_id, step * (n + 1), step * (n + 1) + 5) for n in range(count)]
        return [after.id for _, after in project.spans.add_many(coder, items).changes if after is not None]
    if action == "recode":
        project.spans.recode(args[0], args[1], args[2])
    elif action == "rename-code":
        project.codes.edit(args[0], args[1], name=args[2])
    else:
        assert action == "nothing", f"unknown action {action!r}"
    return []


def main(db_path: str, action: str, *args: str) -> None:
    """Hold the lock with the action written until a line arrives on stdin, then commit."""
    with Project.open(db_path) as project:
        with project.transaction():
            added = write(project, action, list(args))
            print("ready", flush=True)
            sys.stdin.readline()
        print("committed", flush=True)
        for span_id in added:
            print(span_id, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
