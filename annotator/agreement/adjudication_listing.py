"""The adjudication listing: items found by key prefix, and shown as text lines or JSON records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from annotator.agreement.adjudication import Item
from annotator.domain.errors import InputError

EXCERPT = 50  # characters of the stretch shown in a text line


def find_item(items: Sequence[Item], prefix: str) -> Item:
    """The one item whose key starts with `prefix`; InputError when none or several do."""
    found = [item for item in items if item.key.startswith(prefix)] if prefix else []
    if len(found) != 1:
        raise InputError(
            f"item {prefix!r} " + ("matches several items; give more of its key" if found else "is not in the listing")
        )
    return found[0]


def item_record(
    item: Item, decided: Mapping[str, str], texts: Mapping[str, str], names: Sequence[str]
) -> dict[str, Any]:
    """An item as the JSON listing writes it: stretch, text, whether agreed, decision, each coder's codes."""
    return {
        "key": item.key,
        "document": item.document_id,
        "start": item.start,
        "end": item.end,
        "text": texts[item.document_id][item.start : item.end],
        "agreed": item.agreed,
        "decision": decided.get(item.key),
        "coders": {
            name: [{"code": s.code_id, "start": s.start, "end": s.end} for s in segments]
            for name, segments in zip(names, (item.first, item.second), strict=True)
        },
    }


def listing_lines(
    items: Sequence[Item], decided: Mapping[str, str], texts: Mapping[str, str], names: Sequence[str], into: str
) -> Iterator[str]:
    """The text listing: a summary line, then each item with an excerpt and what each coder coded."""
    disagreements = sum(1 for item in items if not item.agreed)
    yield (
        f"{len(items)} item(s): {len(items) - disagreements} agreed, {disagreements} disagreement(s); "
        f"{len(decided.keys() & {item.key for item in items})} decided into {into!r}"
    )
    for item in items:
        status = "agreed" if item.agreed else "differs"
        choice = decided.get(item.key, "-")
        excerpt = texts[item.document_id][item.start : item.end].replace("\n", " ")
        shown = excerpt[:EXCERPT] + ("…" if len(excerpt) > EXCERPT else "")
        yield f"{item.key}  {item.document_id} {item.start}-{item.end}  {status:<7}  decided: {choice:<7}  {shown}"
        for name, segments in zip(names, (item.first, item.second), strict=True):
            coded = ", ".join(f"{s.code_id} {s.start}-{s.end}" for s in segments) or "(nothing)"
            yield f"    {name}: {coded}"
