"""Adjudication decisions carried across text corrections: each moved item keeps the keys decided for it.

A decision names the items it settled by key, a hash of the two coders' segments with their
offsets (`annotator/domain/adjudication_items.py`), so a correction that shifts offsets gives every
item after the edit a new key. A correction therefore also writes the project row
`decision-keys:DOC` (JSON `{consensus coder: {item key now: [[keys decided], ...]}}`): for each
consensus coder that ever decided, every item of its pairs in the document whose decisions were
made under other keys, with those keys, found through the spans the correction moved (an item is
the item its spans were in). An item a correction joined from several keeps one list per item it
joins; `annotator/agreement/adjudication.py` reads the latest decision of each list. The row is a change of the correction's own action, so undo
and redo of the correction restore it with the spans; the decisions themselves stay in the event
log, so undoing a decision still undecides its item.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from annotator.domain.adjudication_items import DECIDE, build_items, item_keys_of_spans
from annotator.domain.models import Span
from annotator.storage.entities import Change, State, read_state
from annotator.storage.sqlite_library import sqlite_utils

DECISION_KEYS = "decision-keys:"  # project-table key of a document's carried keys, followed by its id
_AFTER_PREFIX = "decision-keys;"  # the first key past every DECISION_KEYS row (';' follows ':')

Pair = tuple[str, str]
Aliases = dict[str, list[list[str]]]  # item key now -> its history: the keys decided, per item it joins


def decided_pairs(db: sqlite_utils.Database) -> dict[str, tuple[set[Pair], set[str]]]:
    """Each consensus coder that ever decided (undone decisions included, as a redo can bring them
    back): the pairs it decided for and every item key it decided."""
    # The literal kind lets SQLite use the partial index events_decide (a bound value would not):
    # one row per decision read, not a scan of the whole log.
    rows = db.execute(
        "SELECT coder, detail FROM events WHERE id IN"
        f" (SELECT min(id) FROM events WHERE kind = '{DECIDE}' GROUP BY batch)"
    ).fetchall()
    found: dict[str, tuple[set[Pair], set[str]]] = {}
    for coder, detail in rows:
        values = json.loads(detail)
        pairs, keys = found.setdefault(coder, (set(), set()))
        coders = values.get("coders", [])
        if len(coders) == 2:
            pairs.add((coders[0], coders[1]))
        keys.update(values.get("items", []))
    return found


def key_aliases(db: sqlite_utils.Database, into: str) -> Aliases:
    """Every document's carried keys of one consensus coder: item key now -> its history."""
    rows = db.execute("SELECT value FROM project WHERE key >= ? AND key < ?", [DECISION_KEYS, _AFTER_PREFIX]).fetchall()
    aliases: Aliases = {}
    for (value,) in rows:
        aliases.update(json.loads(value).get(into, {}))
    return aliases


def decision_key_changes(
    db: sqlite_utils.Database, document_id: str, moves: Sequence[tuple[State, State]]
) -> list[Change]:
    """The change to the document's carried keys that a correction moving its spans (`moves`: each
    span's state before and after) makes; none when no item of a decided pair changes its key."""
    decided = decided_pairs(db)
    row_key = DECISION_KEYS + document_id
    current = read_state(db, "meta", row_key)
    carried: dict[str, Aliases] = json.loads(current["value"]) if current else {}
    coders = {coder for pairs, _ in decided.values() for pair in pairs for coder in pair}
    before: dict[str, list[Span]] = defaultdict(list)
    after: dict[str, list[Span]] = defaultdict(list)
    for was, now in moves:
        if was["coder"] in coders:
            before[was["coder"]].append(Span.from_state(was))
            after[now["coder"]].append(Span.from_state(now))
    value: dict[str, Aliases] = {}
    for into, (pairs, keys) in sorted(decided.items()):
        aliases: Aliases = {}
        for first, second in sorted(pairs):
            aliases.update(
                carried_keys(
                    document_id,
                    (before[first], before[second]),
                    (after[first], after[second]),
                    carried.get(into, {}),
                    keys,
                )
            )
        if aliases:
            value[into] = dict(sorted(aliases.items()))
    wanted = {"key": row_key, "value": json.dumps(value, ensure_ascii=False)} if value else None
    return [] if wanted == current else [Change("meta", row_key, current, wanted)]


def carried_keys(
    document_id: str,
    before: tuple[Sequence[Span], Sequence[Span]],
    after: tuple[Sequence[Span], Sequence[Span]],
    aliases: Mapping[str, list[list[str]]],
    decided: AbstractSet[str],
) -> Aliases:
    """One pair's items after a correction whose decision is not (only) under their own key: item
    key now -> its history, one list of decided keys per item it was joined from (usually one)."""
    key_before = item_keys_of_spans(build_items(document_id, *before), (*before[0], *before[1]))
    key_after = item_keys_of_spans(build_items(document_id, *after), (*after[0], *after[1]))
    sources: dict[str, set[str]] = defaultdict(set)
    for span_id, key in key_after.items():
        sources[key].add(key_before[span_id])
    histories = {
        # An item with the segments of an item before is that item (a span moved inside a segment
        # of its code adds nothing); any other item carries the histories of the items it took
        # spans from, each with the key it had (keys never decided are left out).
        key: {
            tuple(sorted(k for k in {*part, old} if k in decided))
            for old in ([key] if key in was else was)
            for part in aliases.get(old, [[]])
        }
        for key, was in sources.items()
    }
    referenced = {k for history in histories.values() for part in history for k in part}
    return {
        key: sorted(list(part) for part in history)
        for key, history in histories.items()
        # An item that is what it was needs nothing, unless its key is also in another's history.
        if any(history) and (history != {(key,)} or key in referenced)
    }
