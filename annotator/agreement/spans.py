"""Plain span input (`SpanData`) and its preparation: selection, checks, "who coded which document", merging.

Everything downstream reads a `PreparedSpans`: the compared coders, codes and documents, which
documents count for which coder (AGREEMENT.md, "Data"), and each coder's *segments* per code and
document, i.e. the coder's spans of that code with overlapping ones merged (adjacent spans stay
apart: they are two segments for unitizing alpha and segment matching, and the same coverage for
unit tables).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from annotator.domain.consensus import is_consensus_coder
from annotator.domain.errors import InputError
from annotator.domain.intervals import Interval, merge_overlapping
from annotator.domain.intervals import merge_touching as merge_touching  # re-exported: units.py reads it here

SpanTuple = tuple[str, str, str, int, int]
"""(document id, coder, code id, start, end): a half-open code-point range `[start, end)`."""


@dataclass(frozen=True)
class SpanData:
    """Everything agreement needs from a project, as plain values (no database).

    `documents` maps each document id to its length or its text (text is needed for word,
    sentence and paragraph units and for the text of disagreements). `coded_documents` maps a
    coder to the documents they marked done; a coder also counts for every document they have a
    span in. `codes` lists the codebook's code ids in codebook order and `coders` every coder the
    project knows (both optional: they let a code or a coder without spans be named). `turns`
    maps a transcript's id to its speaker turns' offset ranges, in order (for turn units).
    `code_parents` maps a code to its parent code (None at the top), for Cu-α's semantic domains.
    `reference_coders` are reference codings (compared only when named, as consensus coders are);
    `code_names` maps code ids to the names reports show.
    """

    documents: Mapping[str, int | str]
    spans: Sequence[SpanTuple]
    coded_documents: Mapping[str, Collection[str]] | None = None
    codes: Sequence[str] | None = None
    coders: Sequence[str] | None = None
    turns: Mapping[str, Sequence[Interval]] | None = None
    code_parents: Mapping[str, str | None] | None = None
    reference_coders: Collection[str] = ()
    code_names: Mapping[str, str] | None = None

    def length(self, document_id: str) -> int:
        """The document's length in code points."""
        value = self.documents[document_id]
        return value if isinstance(value, int) else len(value)

    def text(self, document_id: str) -> str | None:
        """The document's text, when it was given."""
        value = self.documents[document_id]
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class PreparedSpans:
    """The compared coders, codes and documents, and each coder's segments per code and document.

    `segments[code][document]` is a tuple with one sorted list of segments per compared coder
    (in `coders` order); it holds only the (code, document) pairs someone coded. `present[document]`
    is a bit mask of the coders the document counts for (bit `i` = `coders[i]`).
    """

    data: SpanData
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    documents: tuple[str, ...]
    present: dict[str, int]
    segments: dict[str, dict[str, tuple[list[Interval], ...]]]
    all_documents: bool
    unused_codes: tuple[str, ...] = ()
    left_out: tuple[tuple[str, str], ...] = ()  # (coder with spans not compared by default, why)

    @property
    def full_mask(self) -> int:
        """The mask of every compared coder."""
        return (1 << len(self.coders)) - 1

    @cached_property
    def continuum(self) -> tuple[str, ...]:
        """Documents that count for every compared coder, in id order (the continuum of α_U and u-α)."""
        return tuple(doc for doc in self.documents if self.present[doc] == self.full_mask)

    @cached_property
    def lengths(self) -> dict[str, int]:
        """Length of each compared document."""
        return {doc: self.data.length(doc) for doc in self.documents}

    @cached_property
    def counted(self) -> tuple[str, ...]:
        """Documents that count for at least two compared coders: those the figures compare."""
        return tuple(doc for doc in self.documents if self.present[doc].bit_count() >= 2)

    def coder_segments(self, code: str, document: str) -> tuple[list[Interval], ...]:
        """Each compared coder's segments of `code` in `document` (empty lists when nobody coded it)."""
        found = self.segments.get(code, {}).get(document)
        return found if found is not None else tuple([] for _ in self.coders)


def prepare(
    data: SpanData,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    all_documents: bool = False,
) -> PreparedSpans:
    """Check `data`, select coders / codes / documents, decide who counts where, merge overlaps.

    Defaults: every person with spans (sorted by name; reference codings and consensus coders only
    when named), every code some compared coder used in the compared documents (codebook order
    first), every document (id order).
    """
    _check_spans(data)
    coders_with_spans = sorted({span[1] for span in data.spans})
    left_out: tuple[tuple[str, str], ...] = ()
    if coders is None:
        left_out = tuple((coder, why) for coder in coders_with_spans if (why := not_a_person(data, coder)))
        chosen_coders = tuple(coder for coder in coders_with_spans if not not_a_person(data, coder))
        if len(chosen_coders) < 2 and left_out:
            found = ", ".join(chosen_coders) or "none"
            named = ", ".join(f"{coder} ({why})" for coder, why in left_out)
            raise InputError(
                f"agreement needs at least two coders; people who coded: {found}; not compared unless"
                f" named with --coders: {named}"
            )
    else:
        chosen_coders = tuple(dict.fromkeys(coders))
        known = set(coders_with_spans) | set(data.coded_documents or {}) | set(data.coders or ())
        unknown = [coder for coder in chosen_coders if coder not in known]
        if unknown:
            raise InputError(f"unknown coder(s): {', '.join(unknown)}; coders: {', '.join(sorted(known))}")
    if len(chosen_coders) < 2:
        found = ", ".join(chosen_coders) or "none"
        raise InputError(f"agreement needs at least two coders; compared: {found}")

    if documents is None:
        chosen_documents = tuple(sorted(data.documents))
    else:
        unknown = [doc for doc in documents if doc not in data.documents]
        if unknown:
            raise InputError(f"unknown document(s): {', '.join(unknown)}")
        chosen_documents = tuple(sorted(set(documents)))
    document_set = set(chosen_documents)

    bit = {coder: 1 << index for index, coder in enumerate(chosen_coders)}
    full = (1 << len(chosen_coders)) - 1
    present = dict.fromkeys(chosen_documents, full if all_documents else 0)
    if not all_documents:
        for coder, done in (data.coded_documents or {}).items():
            if coder in bit:
                for doc in done:
                    if doc in present:
                        present[doc] |= bit[coder]
        for doc, coder, _, _, _ in data.spans:
            if coder in bit and doc in present:
                present[doc] |= bit[coder]

    grouped: dict[tuple[str, str, str], list[Interval]] = defaultdict(list)
    for doc, coder, code, start, end in data.spans:
        if coder in bit and doc in document_set:
            grouped[(code, doc, coder)].append((start, end))
    used = {code for code, _, _ in grouped}
    if codes is None:
        codebook = list(data.codes or ())
        chosen_codes = tuple([code for code in codebook if code in used] + sorted(used - set(codebook)))
        unused = tuple(code for code in codebook if code not in used)
    else:
        known_codes = set(data.codes or ()) | {span[2] for span in data.spans}
        unknown = [code for code in codes if code not in known_codes]
        if unknown:
            raise InputError(f"unknown code(s): {', '.join(unknown)}")
        chosen_codes = tuple(dict.fromkeys(codes))
        unused = ()
    code_set = set(chosen_codes)

    segments: dict[str, dict[str, tuple[list[Interval], ...]]] = {}
    index = {coder: position for position, coder in enumerate(chosen_coders)}
    for (code, doc, coder), intervals in grouped.items():
        if code not in code_set:
            continue
        per_document = segments.setdefault(code, {})
        if doc not in per_document:
            per_document[doc] = tuple([] for _ in chosen_coders)
        per_document[doc][index[coder]].extend(merge_overlapping(intervals))
    return PreparedSpans(
        data, chosen_coders, chosen_codes, chosen_documents, present, segments, all_documents, unused, left_out
    )


def not_a_person(data: SpanData, coder: str) -> str:
    """Why `coder` is not a person coding ("a reference coding", "a consensus"), or "" for a person."""
    if coder in data.reference_coders:
        return "a reference coding"
    if is_consensus_coder(coder):
        return "a consensus of adjudicated decisions"
    return ""


def _check_spans(data: SpanData) -> None:
    """Every span names a known document and lies inside it, with `start < end`."""
    lengths: dict[str, int] = {}
    for number, span in enumerate(data.spans, start=1):
        if len(span) != 5:
            raise InputError(f"span {number}: expected (document, coder, code, start, end), got {span!r}")
        doc, coder, code, start, end = span
        if doc not in data.documents:
            raise InputError(f"span {number} ({coder}, {code}): unknown document {doc!r}")
        if doc not in lengths:
            lengths[doc] = data.length(doc)
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= lengths[doc]:
            raise InputError(
                f"span {number} ({coder}, {code}) in {doc!r}: [{start}, {end}) is not a non-empty range"
                f" inside the document (length {lengths[doc]})"
            )
