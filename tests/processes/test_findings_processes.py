"""Memos, suggestions, the pseudonym register and saved queries written by several real processes at once,
each killed with SIGKILL at random moments: `annotator check` stays clean and every write whose command
printed its acknowledgement is in the file.

Two coders (ann, bob) add and edit memos and accept and reject their own suggestions; the lead adds
register entries and saves queries; each through the `annotator` command, one command at a time per
person, the three people at once. A seeded chooser decides which commands are killed and when (before,
during or after their write): a command killed after printing its acknowledgement must have written.
"""

from __future__ import annotations

import random
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.suggestions import Suggestion, suggestion_id
from annotator.storage import Project
from tests.support.processes import TIMEOUT, annotator
from tests.support.team import start

SEED = 20261207
COMMANDS_EACH = 14  # commands each person runs (a whole run stays well under a minute on two busy cores)
KILL_SHARE = 0.4  # share of the commands killed
KILL_WITHIN = 0.9  # seconds after its start by which a doomed command is killed (start-up, write, exit)
CODERS = ("ann", "bob")
LEAD = "lead"
SUGGESTED_CODES = ("bribery", "wage-deduction", "recruitment")


def _suggest(db_path: Path) -> dict[str, list[str]]:
    """Give each coder suggestions to decide on (derived rows, written as `annotator suggest` would); their ids."""
    ids: dict[str, list[str]] = {}
    with Project.open(db_path) as project:
        lengths = project.documents.lengths()
        for coder in CODERS:
            ids[coder] = []
            for document_id in sorted(lengths)[:6]:
                offered = [
                    Suggestion(
                        suggestion_id(coder, document_id, at, at + 20, code),
                        document_id,
                        at,
                        at + 20,
                        code,
                        0.7,
                        "test",
                        "sentence",
                        "t-1",
                    )
                    for at, code in zip(range(0, 60, 20), SUGGESTED_CODES, strict=True)
                ]
                project.suggestions.replace_for(coder, document_id, offered)
                ids[coder] += [suggestion.id for suggestion in offered]
    return ids


@dataclass
class Person:
    """One person's queue of commands: the next is made from what the earlier ones acknowledged."""

    name: str
    chooser: random.Random
    suggestions: list[str] = field(default_factory=list)
    memos: dict[str, list[str]] = field(default_factory=dict)  # memo id -> every text sent to it, in order
    made: int = 0

    def next_command(self) -> tuple[str, ...]:
        """The next command line (after `annotator`) this person runs."""
        self.made += 1
        if self.name == LEAD:
            if self.chooser.random() < 0.5:
                return ("pseudonyms", "add", f"Qorvath{self.made}", "--kind", "place")
            return ("queries", "save", f"q-{self.made}", self.chooser.choice(("bribery", "bribery OR wage-deduction")))
        roll = self.chooser.random()
        if roll < 0.3 or (roll < 0.6 and not self.memos):
            return ("memos", "add", "--on", "document", "A", "--text", f"{self.name} memo {self.made}.")
        if roll < 0.6:
            memo = self.chooser.choice(sorted(self.memos))
            text = f"{self.name} edit {self.made}."
            self.memos[memo].append(text)
            return ("memos", "edit", memo, "--text", text)
        verb = "accept" if roll < 0.8 else "reject"
        return ("suggest", verb, self.suggestions.pop(self.chooser.randrange(len(self.suggestions))))


@dataclass
class Acknowledged:
    """What the commands acknowledged (printed before they ended, killed or not)."""

    memos: dict[str, str] = field(default_factory=dict)  # memo id -> author
    edits: list[tuple[str, str]] = field(default_factory=list)  # (memo id, text)
    spans: dict[str, str] = field(default_factory=dict)  # span id -> coder
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (coder, suggestion id)
    entries: set[str] = field(default_factory=set)  # register originals
    queries: set[str] = field(default_factory=set)

    def read(self, person: Person, command: tuple[str, ...], out: str) -> None:
        """Note what one command's stdout acknowledges."""
        if match := re.search(r"^added document memo ([0-9a-f]{32})", out, re.M):
            self.memos[match[1]] = person.name
            person.memos.setdefault(match[1], [command[-1]])
        elif re.search(r"^edited document memo", out, re.M):
            self.edits.append((command[2], command[-1]))
        elif match := re.search(r"^accepted \S+: .*\(span ([0-9a-f]{32})\)", out, re.M):
            self.spans[match[1]] = person.name
        elif re.search(r"^rejected ", out, re.M):
            self.rejections.append((person.name, command[-1]))
        elif re.search(r"^added register entry", out, re.M):
            self.entries.add(command[2])
        elif re.search(r"^saved query ", out, re.M):
            self.queries.add(command[2])


def _play(folder: Path, people: list[Person], chooser: random.Random) -> tuple[Acknowledged, int]:
    """Run every person's commands, the people at once, killing some; what was acknowledged and how many kills."""
    acknowledged, kills = Acknowledged(), 0
    running: dict[str, tuple[subprocess.Popen[str], tuple[str, ...], float | None]] = {}
    left = {person.name: COMMANDS_EACH for person in people}
    by_name = {person.name: person for person in people}
    while any(left.values()) or running:
        for name, count in left.items():
            if count and name not in running:
                command = by_name[name].next_command()
                doomed = chooser.random() < KILL_SHARE
                deadline = time.monotonic() + chooser.uniform(0.0, KILL_WITHIN) if doomed else None
                running[name] = (start(*command, cwd=folder, ANNOTATOR_CODER=name), command, deadline)
                left[name] -= 1
        time.sleep(0.01)
        for name, (process, command, deadline) in list(running.items()):
            if deadline is not None and time.monotonic() >= deadline and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            if process.poll() is None:
                continue
            out, err = process.communicate(timeout=TIMEOUT)
            assert process.returncode in (0, -signal.SIGKILL), f"annotator {' '.join(command)}: {err}"
            acknowledged.read(by_name[name], command, out)
            del running[name]
    return acknowledged, kills


def _texts(project: Project) -> Iterator[tuple[str, str, str]]:
    for memo in project.memos.all():
        yield memo.id, memo.author, memo.text


def test_memos_suggestions_register_and_queries_by_killed_processes_keep_every_acknowledged_write(
    bundled: Path,
) -> None:
    db_path = bundled / "annotator.db"
    offered = _suggest(db_path)
    chooser = random.Random(SEED)
    people = [Person(name, random.Random(chooser.random()), list(offered[name])) for name in CODERS]
    people.append(Person(LEAD, random.Random(chooser.random())))
    acknowledged, kills = _play(bundled, people, chooser)

    result = annotator("check", cwd=bundled, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert kills > 0 and acknowledged.memos and acknowledged.spans and acknowledged.entries
    with Project.open(db_path, readonly=True) as project:
        memos = {memo_id: (author, text) for memo_id, author, text in _texts(project)}
        for memo_id, author in acknowledged.memos.items():
            assert memos[memo_id][0] == author
        for memo_id, text in acknowledged.edits:  # this text, or one sent to the memo after it
            sent = next(person.memos[memo_id] for person in people if memo_id in person.memos)
            assert memos[memo_id][1] in sent[sent.index(text) :]
        spans = {span.id: span.coder for span in project.spans.select()}
        assert {span: spans.get(span) for span in acknowledged.spans} == acknowledged.spans
        for coder, rejected in acknowledged.rejections:
            decided = project.suggestions.get(rejected)
            assert (decided.document_id, decided.start, decided.end, decided.code_id) in project.suggestions.rejected(
                coder
            )
        assert acknowledged.entries <= {entry.original for entry in project.pseudonyms.all()}
        assert acknowledged.queries <= {query.name for query in project.queries.all()}
