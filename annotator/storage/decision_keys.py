"""Adjudication decisions carried across text corrections: each moved item keeps the keys decided for it.

A decision names the items it settled by key, a hash of the two coders' segments with their
offsets (`annotator/domain/adjudication_items.py`), so a correction that shifts offsets gives every
item after the edit a new key. A correction therefore also writes the project row
`decision-keys:DOC`, JSON `{"after_event": N, "items": {consensus coder: {key now: history}}}`:
for each consensus coder that ever decided, every item of its pairs in the document whose
decisions were made under other keys, found through the spans the correction moved (an item is
the item its spans were in). A *history* holds one list per item it was joined from (usually
one), of `[key, after, until]`: decisions logged under `key` with an event id in `(after, until]`
were this item's (a key can come back as another item's, when a correction moves an item onto
the segments another had). `after_event` is the last event before the correction: decisions
logged after it under the key now were made for the item as it is. The row is a change of the
correction's own action, so undo and redo of the correction restore it with the spans; the
decisions stay in the event log, so undoing a decision still undecides its item.
`annotator/agreement/adjudication.py` reads it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from annotator.domain.adjudication_items import DECIDE, build_items, item_keys_of_spans
from annotator.domain.models import Span
from annotator.storage.entities import Change, State, read_state
from annotator.storage.sqlite_library import sqlite_utils

DECISION_KEYS = "decision-keys:"  # project-table key of a document's carried keys, followed by its id
_PAST_DECISION_KEYS = "decision-keys;"  # the first key after every DECISION_KEYS row (';' follows ':')
# The first event of each decision, read from the partial index events_decide alone (the literal
# kind lets SQLite use it; a bound value would not).
_FIRST_EVENTS = f"SELECT min(id) FROM events WHERE kind = '{DECIDE}' GROUP BY batch"

Pair = tuple[str, str]
Stretch = tuple[str, int, int]  # (key, after, until): decisions under key logged in (after, until]
History = list[list[Stretch]]  # an item's stretches, one list per item it was joined from


class Earlier(NamedTuple):
    """What the document's last correction left: the histories of one consensus coder's items, and
    the last event before it."""

    items: Mapping[str, History]
    after_event: int


class Decided(NamedTuple):
    """A consensus coder's decisions (the first event id of each, by item key), and the last event
    before the correction."""

    events: Mapping[str, list[int]]
    last_event: int

    def within(self, stretch: Stretch) -> bool:
        """Whether a decision under the stretch's key was logged within it."""
        key, after, until = stretch
        return any(after < event <= until for event in self.events.get(key, ()))


class Carried(NamedTuple):
    """An item a correction moved: its history, and the last event before that correction."""

    history: History
    after_event: int


def decided_pairs(db: sqlite_utils.Database) -> dict[str, tuple[set[Pair], dict[str, list[int]]]]:
    """Each consensus coder that ever decided (undone decisions included, as a redo can bring them
    back): the pairs it decided for, and every item key it decided with the first event id of each
    decision; read through the index."""
    rows = db.execute(f"SELECT id, coder, detail FROM events WHERE id IN ({_FIRST_EVENTS}) ORDER BY id")
    found: dict[str, tuple[set[Pair], dict[str, list[int]]]] = {}
    for event, coder, detail in rows.fetchall():
        values = json.loads(detail)
        pairs, keys = found.setdefault(coder, (set(), {}))
        coders = values.get("coders", [])
        if len(coders) == 2:
            pairs.add((coders[0], coders[1]))
        for key in values.get("items", []):
            keys.setdefault(key, []).append(event)
    return found


def decision_event_ids(db: sqlite_utils.Database, into: str) -> dict[str, int]:
    """The first event id of each decision batch of a consensus coder (their order in the log)."""
    rows = db.execute(
        f"SELECT batch, min(id) FROM events WHERE coder = ? AND kind = '{DECIDE}' GROUP BY batch", [into]
    ).fetchall()
    return dict(rows)


def carried_items(db: sqlite_utils.Database, into: str) -> dict[str, Carried]:
    """Every document's items of one consensus coder that corrections moved, by their key now."""
    rows = db.execute(
        "SELECT value FROM project WHERE key >= ? AND key < ?", [DECISION_KEYS, _PAST_DECISION_KEYS]
    ).fetchall()
    found: dict[str, Carried] = {}
    for (value,) in rows:
        row = json.loads(value)
        for key, history in row["items"].get(into, {}).items():
            found[key] = Carried(
                [[(k, after, until) for k, after, until in part] for part in history], row["after_event"]
            )
    return found


def decision_key_changes(
    db: sqlite_utils.Database, document_id: str, moves: Sequence[tuple[State, State]]
) -> list[Change]:
    """The change to the document's carried keys that a correction moving its spans (`moves`: each
    span's state before and after) makes; none when no item of a decided pair changes its key."""
    decided = decided_pairs(db)
    last_event = db.execute("SELECT max(id) FROM events").fetchone()[0] or 0
    row_key = DECISION_KEYS + document_id
    current = read_state(db, "meta", row_key)
    row: dict[str, Any] = json.loads(current["value"]) if current else {"after_event": 0, "items": {}}
    earlier: dict[str, dict[str, History]] = row["items"]
    coders = {coder for pairs, _ in decided.values() for pair in pairs for coder in pair}
    before: dict[str, list[Span]] = defaultdict(list)
    after: dict[str, list[Span]] = defaultdict(list)
    for was, now in moves:
        if was["coder"] in coders:
            before[was["coder"]].append(Span.from_state(was))
            after[now["coder"]].append(Span.from_state(now))
    items: dict[str, dict[str, History]] = {}
    for into, (pairs, keys) in sorted(decided.items()):
        histories: dict[str, History] = {}
        for first, second in sorted(pairs):
            histories.update(
                histories_after(
                    document_id,
                    (before[first], before[second]),
                    (after[first], after[second]),
                    Earlier(earlier.get(into, {}), row["after_event"]),
                    Decided(keys, last_event),
                )
            )
        if histories:
            items[into] = dict(sorted(histories.items()))
    if not items:
        return [] if current is None else [Change("meta", row_key, current, None)]
    value = {"after_event": last_event, "items": items}
    return [Change("meta", row_key, current, {"key": row_key, "value": json.dumps(value, ensure_ascii=False)})]


def histories_after(
    document_id: str,
    before: tuple[Sequence[Span], Sequence[Span]],
    after: tuple[Sequence[Span], Sequence[Span]],
    earlier: Earlier,
    decided: Decided,
) -> dict[str, History]:
    """One pair's items after a correction that were decided under other keys: key now -> history.

    `before` and `after` are the two coders' spans, `earlier` the histories the last correction
    left, `decided` every decision of the consensus coder and the last event before this correction.
    """
    key_before = item_keys_of_spans(build_items(document_id, *before), (*before[0], *before[1]))
    key_after = item_keys_of_spans(build_items(document_id, *after), (*after[0], *after[1]))
    sources: dict[str, set[str]] = defaultdict(set)
    for span_id, key in key_after.items():
        sources[key].add(key_before[span_id])
    # Decisions under a key the last correction moved, logged before it, were another item's.
    moved = set(earlier.items) | {k for history in earlier.items.values() for part in history for k, *_ in part}
    histories: dict[str, set[tuple[Stretch, ...]]] = {}
    for key, was in sources.items():
        # An item with the segments of an item it took spans from is that item (a span moved inside
        # a segment of its code adds nothing); any other item carries the histories of the items it
        # took spans from, each with the stretch of the key it had (stretches holding no decision
        # are left out).
        histories[key] = set()
        for old in [key] if key in was else was:
            own: Stretch = (old, earlier.after_event if old in moved else 0, decided.last_event)
            for part in earlier.items.get(old, [[]]):
                stretches = [(k, after, until) for k, after, until in part] + [own]
                histories[key].add(tuple(sorted(stretch for stretch in stretches if decided.within(stretch))))
    referenced = {k for key, history in histories.items() for part in history for k, *_ in part if k != key}
    return {
        key: sorted(list(part) for part in history)
        for key, history in histories.items()
        # An item that is what it always was needs nothing, unless another's history names its key.
        if any(history) and (history != {((key, 0, decided.last_event),)} or key in referenced)
    }
