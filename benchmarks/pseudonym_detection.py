"""Recall and precision of `annotator pseudonyms detect` on the bundled corpus, against its example register.

Run: .venv/bin/python benchmarks/pseudonym_detection.py

Detection runs with an empty register (as on a new project), on each document's text, title and
attribute values (as `detect` does). An occurrence of a register entry in
a document counts as proposed when a candidate overlaps it; recall is over the entries that occur
(and over their occurrences), precision over the candidates (and over their distinct texts, as a
reviewer sees them: one decision settles every candidate of the same words). Then the close
spellings: with each entry's variants taken out of the register, how many variant occurrences
detection proposes as a close spelling (`fuzzy:ENTRY`) of the right entry.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.domain.pseudonyms import Identifier, fold
from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.pseudonyms.detect import detect, document_fields
from annotator.pseudonyms.register_file import read_register_file
from annotator.pseudonyms.replace import register_matcher

REGISTER_FILE = BUNDLED_CORPUS.parent / f"{BUNDLED_CORPUS.name}-pseudonyms.json"


def main() -> None:
    """Print recall and precision."""
    with tempfile.TemporaryDirectory() as folder:
        with init_project(Path(folder) / "bench.db", BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="bench") as project:
            for entry in read_register_file(REGISTER_FILE):
                project.pseudonyms.add("bench", **entry)
            register = project.pseudonyms.all()
            # Each text detection reads (a document's text, title and attribute values) under one key.
            texts = {
                f"{document.id}/{field}": text
                for document in project.documents.all()
                for field, text in document_fields(document).items()
            }
    occurrences = [
        (document_id, place.start, place.end, place.owner)
        for document_id, text in texts.items()
        for place in register_matcher(register).find(text)
    ]
    candidates = [candidate for document_id, text in texts.items() for candidate in detect(document_id, text, [])]

    def hit(document_id: str, start: int, end: int) -> bool:
        return any(c.document_id == document_id and c.start < end and start < c.end for c in candidates)

    found = [occurrence for occurrence in occurrences if hit(*occurrence[:3])]
    entries = {occurrence[3].id for occurrence in occurrences}
    entries_found = {occurrence[3].id for occurrence in found}
    useful = [
        c for c in candidates if any(o[0] == c.document_id and o[1] < c.end and c.start < o[2] for o in occurrences)
    ]
    distinct = {fold(c.text) for c in candidates}
    distinct_useful = {fold(c.text) for c in useful}
    print(f"register: {len(register)} entries, {len(entries)} occurring in the corpus, {len(occurrences)} occurrences")
    print(f"recall: {len(entries_found)}/{len(entries)} entries, {len(found)}/{len(occurrences)} occurrences")
    print(
        f"precision: {len(useful)}/{len(candidates)} candidates, {len(distinct_useful)}/{len(distinct)} distinct texts"
    )
    missed = sorted(entries - entries_found)
    print(f"entries never proposed: {missed or 'none'}")
    print(_close_spellings(register, texts))


def _close_spellings(register: list[Identifier], texts: dict[str, str]) -> str:
    """Variants found as close spellings of their entry when the register holds only originals."""
    originals = [replace(entry, variants=()) for entry in register]
    variant_places = [
        (document_id, place.start, place.end, place.owner.id)
        for document_id, text in texts.items()
        for place in register_matcher([e for e in register if e.variants]).find(text)
        if fold(text[place.start : place.end]) != fold(place.owner.original)
    ]
    proposed = {
        (c.document_id, c.start, c.end, c.source)
        for document_id, text in texts.items()
        for c in detect(document_id, text, originals)
    }
    right = [p for p in variant_places if (p[0], p[1], p[2], f"fuzzy:{p[3]}") in proposed]
    return f"close spellings: {len(right)}/{len(variant_places)} variant occurrences proposed as their entry's"


if __name__ == "__main__":
    main()
