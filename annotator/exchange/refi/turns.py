"""Transcript turns in QDA-XML: one uncoded PlainTextSelection per turn, gathered under a Case per speaker.

A `<Case>` named after the speaker, its `<Description>` the marker `SPEAKER_CASE`, refers to each
of the speaker's turns with a `<SelectionRef>`; each turn is a PlainTextSelection without a
Coding, named with the start of its words (as span selections are, so offsets are checked on the
way back) and described by the turn's other attributes (start and end seconds, role) as a JSON
object. Only cases carrying the marker are read as speakers: cases from other tools (persons with
variables, MAXQDA's document cases) stay what they were. See docs/formats.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from lxml import etree

from annotator.domain.errors import InputError
from annotator.domain.models import Passage
from annotator.exchange.refi.xml import PROJECT_NS, derived_guid, element, text_element, xml_text
from annotator.transcripts.passages import TURN_KIND
from annotator.transcripts.timestamps import stored_seconds

SPEAKER_CASE = "Speaker of transcript turns (annotator)"
_KEPT_IN_CASE = ("kind", "speaker")  # what the selection's description leaves out: the case says it


def is_turn(passage: Passage) -> bool:
    """Whether a passage is a transcript turn (and not, e.g., a report section)."""
    return passage.attributes.get("kind") == TURN_KIND


def turn_guid(passage: Passage) -> str:
    """The same GUID for the same turn in every export."""
    return derived_guid("turn", f"{passage.document_id}:{passage.start}:{passage.end}")


def add_turn_selection(source: etree._Element, passage: Passage, name: str) -> str:
    """Write one turn as an uncoded selection of its source; returns its GUID."""
    guid = turn_guid(passage)
    selection = element(
        source,
        PROJECT_NS,
        "PlainTextSelection",
        guid=guid,
        name=xml_text(name),
        startPosition=str(passage.start),
        endPosition=str(passage.end),
    )
    rest = {key: value for key, value in passage.attributes.items() if key not in _KEPT_IN_CASE}
    text_element(selection, PROJECT_NS, "Description", json.dumps(rest, ensure_ascii=False, sort_keys=True))
    return guid


def add_speaker_cases(root: etree._Element, turns: Iterable[tuple[str, str]]) -> etree._Element | None:
    """`<Cases>`: a case per speaker (in order of first turn) referring to each of their turns' selections.

    `turns` are (speaker, selection GUID) pairs. Written before `<Sources>`, as the schema orders them."""
    by_speaker: dict[str, list[str]] = {}
    for speaker, guid in turns:
        by_speaker.setdefault(speaker, []).append(guid)
    if not by_speaker:
        return None
    cases = element(root, PROJECT_NS, "Cases")
    for speaker, guids in by_speaker.items():
        case = element(cases, PROJECT_NS, "Case", guid=derived_guid("speaker", speaker), name=xml_text(speaker))
        text_element(case, PROJECT_NS, "Description", SPEAKER_CASE)
        for guid in guids:
            element(case, PROJECT_NS, "SelectionRef", targetGUID=guid)
    return cases


def turn_attributes(speaker: str, description: str, *, where: str, line: int | None) -> dict[str, str]:
    """A turn passage's attributes from its speaker case and its selection's description (InputError if unreadable)."""
    try:
        rest = json.loads(description) if description.strip() else {}
    except json.JSONDecodeError:
        rest = None
    if not isinstance(rest, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in rest.items()):
        raise InputError(
            "a turn selection's Description must be its attributes as a JSON object of strings "
            '(e.g. {"start": "4", "end": "12"})',
            path=where,
            line=line,
        )
    for name in ("start", "end"):
        if name in rest and stored_seconds(rest[name]) is None:  # the time rule transcripts meet (docs/formats.md)
            raise InputError(
                f'a turn\'s {name!r} must be seconds as a plain decimal from 0 to 3,600,000 (e.g. "220.5")',
                path=where,
                line=line,
            )
    attributes = {"kind": TURN_KIND, "speaker": speaker} if speaker else {"kind": TURN_KIND}
    return attributes | {key: value for key, value in rest.items() if key not in _KEPT_IN_CASE}
