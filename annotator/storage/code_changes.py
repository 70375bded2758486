"""Building blocks of codebook operations: code rows as states, the tree's rules, spans joined by a merge."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from annotator.domain.errors import InputError
from annotator.domain.models import Code, CodeExample, Span
from annotator.storage.entities import SPAN, Change, State
from annotator.storage.rows import SPAN_COLUMNS, span_from_row
from annotator.storage.sqlite_library import sqlite_utils

CODE = "code"
# The project setting holding the spans a split left to recode: JSON, [{"span", "code", "choices"}].
TO_RECODE = "to_recode"
# Memos of spans a merge joins are kept, one after the other, separated so each stays readable.
MEMO_SEPARATOR = "\n\n"


def code_states(db: sqlite_utils.Database) -> dict[str, State]:
    """Every code row as the state an event records, in codebook order (position)."""
    cursor = db.execute("SELECT * FROM codes ORDER BY position")
    columns = [description[0] for description in cursor.description]
    return {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


def require_code(states: Mapping[str, State], code_id: str) -> State:
    """The code's state; InputError naming it when there is no such code."""
    if code_id not in states:
        raise InputError(f"no code {code_id!r} in the codebook")
    return states[code_id]


def descendants(states: Mapping[str, State], code_id: str) -> set[str]:
    """Every code below `code_id` in the tree (children, their children, ...)."""
    children: dict[str, list[str]] = {}
    for state in states.values():
        if state["parent_id"] is not None:
            children.setdefault(state["parent_id"], []).append(state["id"])
    found: set[str] = set()
    stack = list(children.get(code_id, []))
    while stack:
        child = stack.pop()
        if child not in found:
            found.add(child)
            stack.extend(children.get(child, []))
    return found


def examples_json(examples: Iterable[Any]) -> str:
    """Examples as the codes table stores them (JSON list of {quote, document})."""
    return json.dumps([example.model_dump(exclude_none=True) for example in examples], ensure_ascii=False)


def spans_of_codes(db: sqlite_utils.Database, code_ids: Iterable[str]) -> list[Span]:
    """Every span (any coder) of the given codes, in id order."""
    code_ids = list(dict.fromkeys(code_ids))
    if not code_ids:
        return []
    marks = ", ".join("?" for _ in code_ids)
    rows = db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE code_id IN ({marks}) ORDER BY id", code_ids)
    return [span_from_row(row) for row in rows]


def span_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Spans per code, every coder's (from the totals the triggers keep)."""
    return dict(db.execute("SELECT code_id, sum(spans) FROM span_totals_by_code GROUP BY code_id").fetchall())


def merge_span_changes(db: sqlite_utils.Database, targets: Mapping[str, str]) -> tuple[list[Change], int, int]:
    """The span changes that put each source code's spans on its target (`targets`: source → target).

    Within one coder and document, spans of a target that overlap or touch after recoding, where
    at least one came from a source, are joined into one span: the first keeps its id, covers
    them all, and holds their memos in order; the others are removed. Returns the changes and
    how many spans were recoded and how many were removed by joining.
    """
    by_target: dict[str, list[str]] = {}
    for source, target in targets.items():
        by_target.setdefault(target, []).append(source)
    changes: list[Change] = []
    recoded = joined = 0
    for target, sources in by_target.items():
        spans = spans_of_codes(db, [target, *sources])
        groups: dict[tuple[str, str], list[Span]] = {}
        for span in spans:
            groups.setdefault((span.coder, span.document_id), []).append(span)
        for group in groups.values():
            group.sort(key=lambda span: (span.start, span.end, span.created_at, span.id))
            for cluster in _touching_clusters(group):
                moved = [span for span in cluster if span.code_id != target]
                if not moved:
                    continue
                recoded += len(moved)
                joined += len(cluster) - 1
                changes.extend(_joined(db, cluster, target))
    return changes, recoded, joined


def _touching_clusters(spans: list[Span]) -> list[list[Span]]:
    """Spans sorted by start, grouped where each overlaps or touches the stretch before it."""
    clusters: list[list[Span]] = []
    reach = -1
    for span in spans:
        if clusters and span.start <= reach:
            clusters[-1].append(span)
            reach = max(reach, span.end)
        else:
            clusters.append([span])
            reach = span.end
    return clusters


def _joined(db: sqlite_utils.Database, cluster: list[Span], target: str) -> list[Change]:
    """Changes making the cluster's first span cover them all with the target code, the rest removed."""
    first = cluster[0]
    start, end = first.start, max(span.end for span in cluster)
    if len(cluster) == 1:
        text = first.text
    else:
        text = db.execute(
            "SELECT substr(text, ?, ?) FROM documents WHERE id = ?", [start + 1, end - start, first.document_id]
        ).fetchone()[0]
    memo = MEMO_SEPARATOR.join(span.memo for span in cluster if span.memo)
    after = {**first.state(), "code_id": target, "start": start, "end": end, "text": text, "memo": memo}
    changes = [Change(SPAN, first.id, first.state(), after)]
    changes.extend(Change(SPAN, span.id, span.state(), None) for span in cluster[1:])
    return changes


def checked_fields(code_id: str, before: State, fields: dict[str, Any]) -> dict[str, Any]:
    """The given fields as codes-table values, validated as a Code would be (one line naming the code)."""
    values = {
        "id": before["id"],
        "name": before["name"],
        "definition": before["definition"],
        "include": before["include"],
        "exclude": before["exclude"],
        "colour": before["colour"],
        "key": before["key"],
        "examples": [CodeExample.model_validate(item) for item in json.loads(before["examples"])],
    }
    given = dict(fields)
    if "examples" in given:
        given["examples"] = [
            item if isinstance(item, CodeExample) else CodeExample.model_validate(item) for item in given["examples"]
        ]
    try:
        code = Code.model_validate({**values, **given})
    except ValidationError as error:
        first = error.errors(include_input=False, include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InputError(f"code {code_id!r}: {field}: {first['msg']}") from None
    checked = {name: getattr(code, name) for name in given}
    if "examples" in checked:
        checked["examples"] = examples_json(code.examples)
    return checked


def after_subtree(order: list[str], states: dict[str, State], code_id: str) -> int:
    """The place in `order` just after `code_id` and every code below it."""
    below = (descendants(states, code_id) | {code_id}) & set(order)
    return max(order.index(other) for other in below) + 1


def renumbered(states: dict[str, State], goal: dict[str, State], order: list[str]) -> list[Change]:
    """Changes giving the codes the goal states with positions 0, 1, ... in `order`; only changed rows."""
    changes = []
    for position, code_id in enumerate(order):
        after = {**goal[code_id], "position": position}
        if after != states[code_id]:
            changes.append(Change(CODE, code_id, states[code_id], after))
    return changes
