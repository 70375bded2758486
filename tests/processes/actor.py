"""A stress-test actor: one coder or the lead doing seeded random actions on a project until killed.

Usage: python actor.py DB ROLE NAME SEED ACKS
  ROLE `coder`: the library calls the coding screen makes, on one Project held open (add, add
  several, remove, recode, resize, memo, undo, redo, done mark, a document attribute, a code's
  definition).
  ROLE `lead`: the CLI's own commands run in this process (`documents replace`, `documents edit`
  with a slow editor, `documents set`, `codes edit --move-key`, `codes merge`, `codebook sync`,
  `packet` + coding in it + `merge`, `undo`, `redo`).
Prints `ready` on stdout once the project is open. After every call that wrote (and only once it
returned) appends one JSON line to ACKS: the actor, the action, and the batch and kind of the
event the write logged (the latest event by NAME: no other process writes as NAME). A refused
action (our one-line errors) is one line on stderr. Actions named in ANNOTATOR_STRESS_SKIP
(comma-separated, e.g. `lead:replace`) are left out of the mix.

python actor.py editor SEED PATH: the slow editor `documents edit` runs (waits, then edits PATH).
"""

from __future__ import annotations

import json
import os
import random
import shlex
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from annotator.cli import cli
from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Span
from annotator.storage import Project

PACKET_CODER = "pat"
# Words corrections insert: plain ASCII, so a test failure message never quotes a testimony.
WORDS = ("they", "paid", "the", "broker", "wage", "site", "watched", "night", "we", "left", "money", "again")
MIN_CODES = 5  # the lead merges codes away only while more than this many remain


def edited(text: str, chooser: random.Random) -> str:
    """A small correction of `text`: a word inserted, a stretch deleted or a word replaced."""
    where = chooser.randrange(len(text) + 1)
    operation = chooser.choice(("insert", "delete", "replace"))
    if operation == "delete" and len(text) > 200:
        return text[:where] + text[where + chooser.randint(1, 30) :]
    word = " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(1, 3)))
    if operation == "replace":
        return text[:where] + word + text[where + chooser.randint(1, 12) :]
    return text[:where] + word + " " + text[where:]


class Actor:
    """The shared part: the project held open, the acknowledgement file, the action loop."""

    def __init__(self, db_path: str, name: str, seed: int, acks: str) -> None:
        self.db_path = db_path
        self.name = name
        self.chooser = random.Random(seed)
        self.project = Project.open(db_path)
        self.acks = os.open(acks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        skipped = os.environ.get("ANNOTATOR_STRESS_SKIP", "")
        self.skipped = {action for action in skipped.split(",") if action}

    def actions(self) -> dict[str, tuple[int, Callable[[], None]]]:
        """Action name -> (weight, call)."""
        raise NotImplementedError

    def pause(self) -> float:
        """Seconds to wait between actions."""
        return self.chooser.uniform(0.01, 0.06)

    def run(self) -> None:
        """Choose and do actions forever; acknowledge each write once its call returned."""
        mix = {name: entry for name, entry in self.actions().items() if name not in self.skipped}
        names = sorted(mix)
        weights = [mix[name][0] for name in names]
        print("ready", flush=True)
        while True:
            action = self.chooser.choices(names, weights)[0]
            last = self._last_event_id()
            try:
                mix[action][1]()
            except (AnnotatorError, sqlite3.IntegrityError) as error:
                print(f"refused {action}: {error}", file=sys.stderr, flush=True)
            except SystemExit as stop:  # the CLI said no (one line on stderr) and exited 1
                if stop.code not in (0, None):
                    print(f"refused {action}: exit {stop.code}", file=sys.stderr, flush=True)
            self._acknowledge(action, last)
            time.sleep(self.pause())

    def _last_event_id(self) -> int:
        row = self.project.db.execute("SELECT coalesce(max(id), 0) FROM events WHERE coder = ?", [self.name])
        return int(row.fetchone()[0])

    def _acknowledge(self, action: str, last: int) -> None:
        """One line for the write the action logged, if it logged one (an exit after writing counts:
        `merge` exits 2 when it kept conflicts)."""
        row = self.project.db.execute(
            "SELECT batch, kind FROM events WHERE coder = ? AND id > ? ORDER BY id DESC LIMIT 1", [self.name, last]
        ).fetchone()
        if row is not None:
            line = json.dumps({"actor": self.name, "action": action, "batch": row[0], "kind": row[1]}) + "\n"
            os.write(self.acks, line.encode())  # one write: a kill never leaves half a line


class Coder(Actor):
    """A coder at the coding screen: every call is the library call the screen makes."""

    def actions(self) -> dict[str, tuple[int, Callable[[], None]]]:
        return {
            "coder:add": (8, self.add),
            "coder:add-several": (2, self.add_several),
            "coder:remove": (2, lambda: self.project.spans.remove(self.name, self._own_span().id)),
            "coder:recode": (2, lambda: self.project.spans.recode(self.name, self._own_span().id, self._code())),
            "coder:resize": (2, self.resize),
            "coder:memo": (2, self.memo),
            "coder:undo": (3, lambda: self.project.history.undo(self.name)),
            "coder:redo": (1, lambda: self.project.history.redo(self.name)),
            "coder:done": (
                1,
                lambda: self.project.coders.set_done(self.name, self._document(), self.chooser.random() < 0.7),
            ),
            "coder:attribute": (1, self.attribute),
            "coder:code-edit": (1, self.define),
        }

    def _document(self) -> str:
        return self.chooser.choice(self.project.documents.ids())

    def _code(self) -> str:
        return self.chooser.choice(self.project.codes.all()).id

    def _stretch(self, document_id: str) -> tuple[int, int]:
        length = self.project.documents.require(document_id)
        start = self.chooser.randrange(length - 1)
        return start, min(length, start + self.chooser.randint(1, 60))

    def _own_span(self) -> Span:
        spans = self.project.spans.select(coder=self.name)
        if not spans:
            raise AnnotatorError("no span of mine yet")
        return self.chooser.choice(spans)

    def add(self) -> None:
        document_id = self._document()
        self.project.spans.add(self.name, document_id, self._code(), *self._stretch(document_id))

    def add_several(self) -> None:
        from annotator.storage.spans import NewSpan

        document_id = self._document()
        items = [NewSpan(document_id, self._code(), *self._stretch(document_id)) for _ in range(3)]
        self.project.spans.add_many(self.name, items)

    def resize(self) -> None:
        span = self._own_span()
        length = self.project.documents.require(span.document_id)
        start = max(0, span.start + self.chooser.randint(-5, 5))
        end = min(length, max(start + 1, span.end + self.chooser.randint(-5, 5)))
        self.project.spans.resize(self.name, span.id, start, end)

    def memo(self) -> None:
        self.project.spans.set_memo(
            self.name, self._own_span().id, f"memo {self.chooser.randrange(1000)} by {self.name}"
        )

    def define(self) -> None:
        """A definition sharpened from the codebook screen (the code form writes through `codes.edit`)."""
        code_id = self._code()
        self.project.codes.edit(
            self.name, code_id, definition=f"as {self.name} reads it, {self.chooser.randrange(1000)}"
        )

    def attribute(self) -> None:
        self.project.documents.set_attributes(
            self.name, self._document(), {f"seen_by_{self.name}": str(self.chooser.randrange(99))}
        )


class Lead(Actor):
    """The lead in a shell: each action is an `annotator` command, run in this process."""

    def __init__(self, db_path: str, name: str, seed: int, acks: str) -> None:
        super().__init__(db_path, name, seed, acks)
        self.folder = Path(db_path).parent / f"lead-files-{seed}"
        self.folder.mkdir(exist_ok=True)
        self.files = 0

    def pause(self) -> float:
        return self.chooser.uniform(0.01, 0.08)

    def actions(self) -> dict[str, tuple[int, Callable[[], None]]]:
        return {
            "lead:replace": (3, self.replace),
            "lead:edit": (2, self.edit),
            "lead:attribute": (3, self.attribute),
            "lead:key": (2, self.move_key),
            "lead:code-merge": (1, self.merge_codes),
            "lead:sync": (2, self.sync),
            "lead:packet": (2, self.packet),
            "lead:undo": (3, lambda: self.command("undo")),
            "lead:redo": (1, lambda: self.command("redo")),
        }

    def command(self, *args: object) -> None:
        """Run `annotator --db DB --coder NAME ARGS...` here, as the shell would (SystemExit on refusal)."""
        cli.main(
            ["--db", self.db_path, "--coder", self.name, *map(str, args)], prog_name="annotator", standalone_mode=False
        )

    def _file(self, suffix: str) -> Path:
        self.files += 1
        return self.folder / f"{self.files}{suffix}"

    def _document(self) -> str:
        return self.chooser.choice(self.project.documents.ids())

    def replace(self) -> None:
        document_id = self._document()
        path = self._file(".txt")
        path.write_text(edited(self.project.documents.get(document_id).text, self.chooser), encoding="utf-8")
        self.command("documents", "replace", document_id, path)

    def edit(self) -> None:
        editor = [sys.executable, os.path.abspath(__file__), "editor", str(self.chooser.randrange(10**9))]
        os.environ["EDITOR"] = shlex.join(editor)
        os.environ.pop("VISUAL", None)
        self.command("documents", "edit", self._document())

    def attribute(self) -> None:
        name = self.chooser.choice(("country", "occupation", "checked"))
        self.command("documents", "set", self._document(), f"{name}={self.chooser.randrange(99)}")

    def move_key(self) -> None:
        code = self.chooser.choice(self.project.codes.all())
        self.command("codes", "edit", code.id, "--key", self.chooser.randint(1, 9), "--move-key")

    def merge_codes(self) -> None:
        codes = self.project.codes.all()
        if len(codes) <= MIN_CODES:
            raise AnnotatorError("few codes left: no merge")
        source, target = self.chooser.sample(codes, 2)
        self.command("codes", "merge", source.id, target.id)

    def sync(self) -> None:
        """Export the codebook, change it as a lead editing the YAML would, sync it back."""
        path = self._file(".yaml")
        self.command("codebook", "export", "-o", path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes = data["codes"]
        change = self.chooser.choice(("define", "add", "remove", "swap"))
        if change == "add" or (change == "remove" and len(codes) <= MIN_CODES):
            code_id = f"theme-{self.chooser.randrange(10**6)}"
            codes.append({"id": code_id, "name": code_id.replace("-", " "), "colour": "#336699"})
        elif change == "remove":
            gone, kept = self.chooser.sample(codes, 2)
            codes.remove(gone)
            for code in codes:  # its children move up to its parent
                if code.get("parent") == gone["id"]:
                    code["parent"] = gone.get("parent")
            codes.append({"id": gone["id"], "merged_into": kept["id"]})
        elif change == "swap":
            first, second = self.chooser.sample(codes, 2)
            first["key"], second["key"] = second.get("key"), first.get("key")
            for code in (first, second):
                if code["key"] is None:
                    del code["key"]
        else:
            self.chooser.choice(codes)["definition"] = f"revised {self.chooser.randrange(1000)}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        self.command("codebook", "sync", path)

    def packet(self) -> None:
        """A blind packet for PACKET_CODER, coded (through the library, on the packet file), merged back."""
        path = self._file(".db")
        self.command("packet", "--coder", PACKET_CODER, "-o", path)
        with Project.open(path) as packet:
            document_id = self.chooser.choice(packet.documents.ids())
            length = packet.documents.require(document_id)
            code_id = self.chooser.choice(packet.codes.all()).id
            for _ in range(self.chooser.randint(1, 3)):
                start = self.chooser.randrange(length - 1)
                span = packet.spans.add(PACKET_CODER, document_id, code_id, start, min(length, start + 20))
            packet.spans.set_memo(PACKET_CODER, span.id, "from the packet")
        self.command("merge", path)


def slow_editor(seed: str, path: str) -> None:
    """What `documents edit` runs as the editor: wait a little (the lead reads), then correct the file."""
    chooser = random.Random(int(seed))
    time.sleep(chooser.uniform(0.05, 0.3))
    file = Path(path)
    file.write_text(edited(file.read_text(encoding="utf-8"), chooser), encoding="utf-8")


def main(arguments: list[str]) -> None:
    """Run the actor the arguments name (or the editor)."""
    if arguments[0] == "editor":
        slow_editor(arguments[1], arguments[2])
        return
    db_path, role, name, seed, acks = arguments
    actor = {"coder": Coder, "lead": Lead}[role](db_path, name, int(seed), acks)
    actor.run()


if __name__ == "__main__":
    main(sys.argv[1:])
