"""Model-based stress test of the team write path: coders and a lead as real processes, killed at random.

Three coders (tests/processes/actor.py, role `coder`: the library calls the coding screen makes:
add, remove, recode, resize, memo, undo, redo, done marks, a document attribute, a code's
definition) and a lead (role `lead`: the CLI's commands `documents replace`, `documents edit` with
a slow editor, `documents set`, `codes edit --move-key`, `codes merge`, `codebook sync`, `packet` +
coding in it + `merge`, `undo`, `redo`) work on one project, each choosing its actions with a
seeded random generator. Each round reads every row (one read transaction, no copy of the file),
starts the actors, SIGKILLs random ones at random moments and restarts them, then kills them all
and checks:

1. `annotator check` exits 0;
2. every span's stored text equals its document's slice at its offsets;
3. every acknowledged write (an actor writes an acknowledgement only after its call returned,
   naming the batch its write logged) is in the event log, and each row it wrote is as it
   left it or changed by a later logged event;
4. every entity table (spans, codes, documents, passages, progress, project, coders) equals the
   rows read before the round with every later event's `after` state applied in commit (id)
   order; the mix holds no bulk `import` (its spans have no event each, so they cannot be replayed);
5. no write started from a stale read: each logged change's `before` is the state the previous
   logged change of that row (or the round's starting rows) left.

Every coder is registered before the first round: registering one writes a row and no event.

The CI run is small and seeded (ANNOTATOR_STRESS_SEED, default SEED; ANNOTATOR_STRESS_ROUNDS,
default CI_ROUNDS); the `fuzz` Hypothesis profile (`make fuzz`) runs FUZZ_ROUNDS rounds with a
fresh seed each run, named in any failure. Actions in KNOWN_RACES_BEFORE_WRITERULE are left out of
the mix until the write rule of issue 20 lands; `ANNOTATOR_STRESS_SKIP=` (empty) puts them back,
`ANNOTATOR_STRESS_SKIP=lead:edit,coder:undo` leaves out others instead.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.models import Code, Codebook, Document, Passage
from annotator.storage import Project
from annotator.storage.check import BULK_KINDS
from annotator.storage.entities import SPAN, TABLES, RowTable, read_state
from annotator.storage.rows import SPAN_COLUMNS, span_from_row
from tests.support.hypothesis_profiles import FUZZ, profile_name

ACTOR = Path(__file__).parent / "actor.py"
SEED = 20261207
CI_ROUNDS, FUZZ_ROUNDS = 3, 40
CODERS = ("ann", "bob", "cat")
LEAD, PACKET_CODER = "lead", "pat"
TIMEOUT = 120
# Action kinds (tests/processes/actor.py) that race on the code before the write rule of issue 20
# (branch writerule): emptied when it is merged, so the whole mix runs in CI.
KNOWN_RACES_BEFORE_WRITERULE: tuple[str, ...] = ()  # emptied when the write rule of issue 20 landed

State = dict[str, Any]
Rows = dict[str, dict[str, State]]  # entity -> key -> state


def stress_settings() -> tuple[int, int]:
    """(seed, rounds) for this run: fixed in CI, a fresh seed and many rounds under the fuzz profile."""
    fuzz = profile_name() == FUZZ
    seed = os.environ.get("ANNOTATOR_STRESS_SEED") or (random.randrange(10**9) if fuzz else SEED)
    rounds = os.environ.get("ANNOTATOR_STRESS_ROUNDS") or (FUZZ_ROUNDS if fuzz else CI_ROUNDS)
    return int(seed), int(rounds)


# --- the project the actors start from ------------------------------------------------------------

WORDS = (
    "we",
    "were",
    "sent",
    "abroad",
    "to",
    "work",
    "the",
    "broker",
    "took",
    "money",
    "and",
    "watched",
    "every",
    "night",
)


def _prose(chooser: random.Random, paragraphs: int) -> str:
    return "\n\n".join(
        " ".join(chooser.choice(WORDS) for _ in range(chooser.randint(20, 60))).capitalize() + "."
        for _ in range(paragraphs)
    )


def build_project(path: Path, seed: int) -> None:
    """Three documents (one a transcript with turn passages), eight codes with keys, every actor's coder."""
    chooser = random.Random(seed)
    turns = [(speaker, _prose(chooser, 1)) for speaker in ("I", "P") * 4]
    transcript, passages, start = "", [], 0
    for speaker, words in turns:
        transcript += words + "\n\n"
        passages.append(
            Passage(
                document_id="C", start=start, end=start + len(words), attributes={"kind": "turn", "speaker": speaker}
            )
        )
        start = len(transcript)
    documents = [
        Document(id="A", title="A", text=_prose(chooser, 6), attributes={"country": "Russia"}),
        Document(id="B", title="B", text=_prose(chooser, 6)),
        Document(id="C", title="C", text=transcript.rstrip("\n")),
    ]
    codes = [
        Code(id=f"theme-{index}", name=f"Theme {index}", key=str(index), colour="#1f77b4") for index in range(1, 8)
    ]
    codes.append(Code(id="detail", name="Detail", parent="theme-1", colour="#17becf"))
    with Project.create(path) as project:
        project.documents.add(documents, passages)
        project.codes.add_codebook(Codebook(name="stress", codes=tuple(codes)))
        with project.transaction():  # coders exist first: registering one writes no event
            for name in (*CODERS, LEAD, PACKET_CODER):
                project.coders.ensure(name)


# --- the actors ------------------------------------------------------------------------------------


@dataclass
class Cast:
    """The running actor processes, restarted after each kill; every incarnation keeps its own files."""

    db_path: Path
    folder: Path
    chooser: random.Random
    skipped: str
    running: dict[str, tuple[subprocess.Popen[str], Path]] = field(default_factory=dict)
    ack_files: list[Path] = field(default_factory=list)
    error_files: list[Path] = field(default_factory=list)
    kills: int = 0

    def start(self, name: str) -> None:
        """Start NAME's actor with a fresh seed (not yet waiting for it to be ready)."""
        role = "lead" if name == LEAD else "coder"
        incarnation = len(self.ack_files)
        acks, errors = (
            self.folder / f"acks-{incarnation}-{name}.jsonl",
            self.folder / f"errors-{incarnation}-{name}.txt",
        )
        self.ack_files.append(acks)
        self.error_files.append(errors)
        with errors.open("w") as stderr:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(ACTOR),
                    str(self.db_path),
                    role,
                    name,
                    str(self.chooser.randrange(2**32)),
                    str(acks),
                ],
                cwd=self.folder,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                env={**os.environ, "ANNOTATOR_BACKUPS": "0", "ANNOTATOR_STRESS_SKIP": self.skipped},
            )
        self.running[name] = (process, errors)

    def wait_ready(self, name: str) -> None:
        """Wait until NAME's actor has the project open."""
        process, errors = self.running[name]
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line == "ready", f"actor {name} did not start: {errors.read_text()[-2000:]}"

    def kill(self, name: str) -> None:
        """SIGKILL NAME's actor (it must still be running: an actor never stops by itself)."""
        process, errors = self.running.pop(name)
        assert process.poll() is None, f"actor {name} stopped by itself: {errors.read_text()[-2000:]}"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        assert process.stdout is not None
        process.stdout.close()
        self.kills += 1

    def stop_all(self) -> None:
        """SIGKILL whatever still runs (after a failed assertion), asking nothing of it."""
        for process, _ in self.running.values():
            process.kill()
            process.wait(timeout=TIMEOUT)
            if process.stdout is not None:
                process.stdout.close()
        self.running.clear()

    def play_round(self, names: tuple[str, ...]) -> None:
        """All actors work for a while; random ones are killed and restarted; then every one is killed."""
        for name in names:
            self.start(name)
        for name in names:
            self.wait_ready(name)
        began = time.monotonic()
        length = self.chooser.uniform(1.0, 2.0)
        for moment in sorted(self.chooser.uniform(0.1, length) for _ in range(self.chooser.randint(1, 2))):
            time.sleep(max(0.0, began + moment - time.monotonic()))
            victim = self.chooser.choice(names)
            self.kill(victim)
            self.start(victim)
            self.wait_ready(victim)
        time.sleep(max(0.0, began + length - time.monotonic()))
        for name in names:
            self.kill(name)

    def acknowledgements(self) -> list[dict[str, str]]:
        """Every acknowledgement written so far (a line cut by a kill cannot happen: one write each)."""
        return [json.loads(line) for path in self.ack_files if path.exists() for line in path.read_text().splitlines()]

    def refusals(self) -> Counter[str]:
        """How many times each action was refused (one-line errors), over every incarnation."""
        counts: Counter[str] = Counter()
        for path in self.error_files:
            for line in path.read_text().splitlines():
                if line.startswith("refused "):
                    counts[line.split()[1].rstrip(":")] += 1
        return counts


# --- reading the project and its log ---------------------------------------------------------------


@dataclass(frozen=True)
class LoggedChange:
    """One event of the log that names a row."""

    id: int
    batch: str
    kind: str
    coder: str
    entity: str
    key: str
    before: State | None
    after: State | None


def read_rows(db_path: Path) -> tuple[Rows, int]:
    """Every row of every entity table, as the event log records states, and the last event id."""
    rows: Rows = {}
    with Project.open(db_path, readonly=True) as project:
        db = project.db
        for entity, table in TABLES.items():
            if entity == SPAN:
                found = {
                    state["id"]: state
                    for state in (span_from_row(row).state() for row in db.execute(f"SELECT {SPAN_COLUMNS} FROM spans"))
                }
            else:
                assert isinstance(table, RowTable)
                cursor = db.execute(f"SELECT * FROM {table.name}")
                columns = [description[0] for description in cursor.description]
                found = {table.key_of(state): state for state in (dict(zip(columns, row)) for row in cursor)}
            rows[entity] = found
        last = int(db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
    return rows, last


def read_log(db_path: Path, after_id: int) -> tuple[list[LoggedChange], set[str], list[str]]:
    """The events after `after_id` that name a row, the batches of all of them, and the faults of those
    that cannot be replayed (bulk writes)."""
    changes, batches, faults = [], set(), []
    with Project.open(db_path, readonly=True) as project:
        cursor = project.db.execute(
            "SELECT id, batch, kind, coder, entity, entity_id, before, after FROM events WHERE id > ? ORDER BY id",
            [after_id],
        )
        for event_id, batch, kind, coder, entity, key, before, after in cursor:
            batches.add(batch)
            if kind in BULK_KINDS:
                faults.append(f"replay: event {event_id} ({kind} by {coder}) wrote rows without an event each")
            if key is not None:
                load = lambda value: json.loads(value) if value else None  # noqa: E731
                changes.append(LoggedChange(event_id, batch, kind, coder, entity, key, load(before), load(after)))
    return changes, batches, faults


def _where(state: State) -> tuple[Any, ...]:
    return state["start"], state["end"], state["text"]


def _differing(first: State | None, second: State | None) -> str:
    """Which fields differ (names only: a message never quotes testimony text)."""
    if first is None or second is None:
        return "absent" if first is None else "present"
    return ", ".join(sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name)))


# --- the invariants ---------------------------------------------------------------------------------


def check_command_faults(db_path: Path) -> list[str]:
    """Invariant 1: `annotator check`, as its own process, exits 0."""
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db_path), "check"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "ANNOTATOR_BACKUPS": "0"},
    )
    if result.returncode == 0:
        return []
    lines = (result.stdout + result.stderr).splitlines()
    return [f"check: exit {result.returncode}: {line}" for line in lines[:10]] + (
        [f"check: ... {len(lines) - 10} more"] if len(lines) > 10 else []
    )


def slice_faults(rows: Rows, changes: list[LoggedChange]) -> list[str]:
    """Invariant 2: every span's stored text is its document's slice at its offsets; a fault names the
    event that placed the span and the text changes of its document logged after it (where to look)."""
    placed = {  # each span's last event that gave it its offsets and text
        change.key: change
        for change in changes
        if change.entity == SPAN
        and change.after is not None
        and (change.before is None or _where(change.before) != _where(change.after))
    }
    text_changes: list[LoggedChange] = []
    texts: dict[str, str] = {}  # each document's text as the log leaves it (a stale write may put an old one back)
    for change in changes:
        if change.entity == "document" and change.after is not None:
            previous = texts.get(change.key, (change.before or {}).get("text"))
            if previous is not None and previous != change.after["text"]:
                text_changes.append(change)
            texts[change.key] = change.after["text"]
    faults = []
    for span in rows[SPAN].values():
        document = rows["document"].get(span["document_id"])
        if document is None:
            faults.append(f"slice: span {span['id']} names a missing document")
        elif span["end"] > len(document["text"]) or document["text"][span["start"] : span["end"]] != span["text"]:
            last = placed.get(span["id"])
            since = [
                f"{change.id} ({change.kind} by {change.coder})"
                for change in text_changes
                if change.key == span["document_id"] and (last is None or change.id > last.id)
            ]
            faults.append(
                f"slice: span {span['id']} ({span['coder']}) in {span['document_id']} at {span['start']}-{span['end']}"
                f" does not hold its document's text there; placed by event "
                + (f"{last.id} ({last.kind} by {last.coder})" if last else "before the round")
                + f"; text changes of the document since: {', '.join(since) or 'none'}"
            )
    return faults


def acknowledged_faults(
    acks: list[dict[str, str]], changes: list[LoggedChange], batches: set[str], rows: Rows
) -> list[str]:
    """Invariant 3: every acknowledged write is logged, and each of its rows is as it left it or changed later."""
    last_change = {(change.entity, change.key): change.id for change in changes}
    by_batch: dict[str, list[LoggedChange]] = {}
    for change in changes:
        by_batch.setdefault(change.batch, []).append(change)
    faults = []
    for ack in acks:
        what = f"{ack['actor']}'s {ack['action']} ({ack['kind']}, batch {ack['batch'][:8]})"
        if ack["batch"] not in batches:
            faults.append(f"acknowledged: {what} is not in the event log")
            continue
        for change in by_batch.get(ack["batch"], []):
            current = rows.get(change.entity, {}).get(change.key)
            if current != change.after and last_change[(change.entity, change.key)] == change.id:
                faults.append(
                    f"acknowledged: {what}: {change.entity} {change.key} differs from what it wrote"
                    f" ({_differing(change.after, current)}) and no later event changed it"
                )
    return faults


def replay_faults(start: Rows, changes: list[LoggedChange], rows: Rows) -> list[str]:
    """Invariants 4 and 5: the round's starting rows with every later change applied in id order equal
    the project, and each change starts from the state the one before it left."""
    replayed = {entity: dict(states) for entity, states in start.items()}
    faults = []
    for change in changes:
        states = replayed.setdefault(change.entity, {})
        if states.get(change.key) != change.before:
            faults.append(
                f"stale write: event {change.id} ({change.kind} by {change.coder}) of {change.entity} {change.key}"
                f" replaced a state the log never left ({_differing(change.before, states.get(change.key))})"
            )
        if change.after is None:
            states.pop(change.key, None)
        else:
            states[change.key] = change.after
    for entity in sorted(replayed.keys() | rows.keys()):
        expected, found = replayed.get(entity, {}), rows.get(entity, {})
        for key in sorted(expected.keys() | found.keys()):
            if expected.get(key) != found.get(key):
                faults.append(
                    f"replay: {entity} {key} differs from the replayed log ({_differing(expected.get(key), found.get(key))})"
                )
    return faults


def round_faults(db_path: Path, start: Rows, start_id: int, acks: list[dict[str, str]]) -> list[str]:
    """Every invariant's faults after a round (no actor running)."""
    rows, _ = read_rows(db_path)
    changes, batches, faults = read_log(db_path, start_id)
    return (
        check_command_faults(db_path)
        + slice_faults(rows, changes)
        + acknowledged_faults(acks, changes, batches, rows)
        + faults
        + replay_faults(start, changes, rows)
    )


def test_coders_and_a_lead_killed_at_random_keep_every_invariant(tmp_path: Path) -> None:
    seed, rounds = stress_settings()
    skipped = os.environ.get("ANNOTATOR_STRESS_SKIP", ",".join(KNOWN_RACES_BEFORE_WRITERULE))
    db_path = tmp_path / "annotator.db"
    build_project(db_path, seed)
    cast = Cast(db_path, tmp_path, random.Random(seed), skipped)
    rerun = f"ANNOTATOR_STRESS_SEED={seed} ANNOTATOR_STRESS_ROUNDS={rounds} ANNOTATOR_STRESS_SKIP={skipped!r}"
    try:
        for round_number in range(1, rounds + 1):
            start, start_id = read_rows(db_path)
            acknowledged = len(cast.acknowledgements())
            cast.play_round((*CODERS, LEAD))
            acks = cast.acknowledgements()[acknowledged:]
            faults = round_faults(db_path, start, start_id, acks)
            summary = (
                f"seed {seed}, round {round_number} of {rounds}, {cast.kills} SIGKILLs so far; acknowledged this round: "
                f"{dict(Counter(ack['action'] for ack in acks))}; refused so far: {dict(cast.refusals())}"
            )
            print(summary)
            assert not faults, (
                f"{summary}\n" + "\n".join(faults[:40]) + f"\nrerun: {rerun} pytest tests/processes/test_stress.py"
            )
    finally:
        cast.stop_all()


def test_each_invariant_reports_what_it_guards(small_project: Path) -> None:
    """The checks are not vacuous: a logged action passes them; a lost acknowledged write, a span
    changed without an event (off its text), and a write from a stale read are each reported."""
    with Project.open(small_project) as project, project.transaction():
        for name in ("ann", LEAD):
            project.coders.ensure(name)
    start, start_id = read_rows(small_project)
    with Project.open(small_project) as project:
        span = project.spans.add("ann", "A", "bribery", 0, 4)
        batch = project.history.events(coder="ann")[-1].batch
    acks = [{"actor": "ann", "action": "coder:add", "kind": "add", "batch": batch}]
    assert round_faults(small_project, start, start_id, acks) == []

    lost = {**acks[0], "batch": "0" * 32}
    with Project.open(small_project) as project, project.transaction():
        project.db.execute("UPDATE spans SET text = upper(text) WHERE id = ?", [span.id])
        document = read_state(project.db, "document", "B")
        assert document is not None
        stale = {**document, "attributes": '{"read": "long ago"}'}
        # Planted by hand as a writer without the write rule would have logged it (the rule refuses it now).
        project.db.execute("UPDATE documents SET attributes = '{}' WHERE id = 'B'")
        project.history.log(
            "document-attributes",
            coder=LEAD,
            before=stale,
            after={**document, "attributes": "{}"},
            entity="document",
            entity_id="B",
        )
    faults = "\n".join(round_faults(small_project, start, start_id, [*acks, lost]))
    assert "check: exit 1: spans: span " + span.id in faults
    assert f"slice: span {span.id} (ann) in A at 0-4 does not hold its document's text there" in faults
    assert "acknowledged: ann's coder:add (add, batch 00000000) is not in the event log" in faults
    assert (
        f"acknowledged: ann's coder:add (add, batch {batch[:8]}): span {span.id} differs from what it wrote (text)"
        in faults
    )
    assert f"replay: span {span.id} differs from the replayed log (text)" in faults
    assert "(document-attributes by lead) of document B replaced a state the log never left (attributes)" in faults
