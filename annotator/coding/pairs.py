"""Pairs of coders: whom to compare a coder with (the partner picker's rows and default), the pairs
the agreement screen offers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from annotator.domain.consensus import is_consensus_coder
from annotator.query.selection import SpanSelection
from annotator.storage import Project


@dataclass(frozen=True)
class Partner:
    """A coder one can compare with: their spans in the testimony on screen and overall, and what
    kind of coder they are (a reference coding or a consensus is never the default partner)."""

    coder: str
    here: int
    overall: int
    overlap: int
    reference: bool = False
    consensus: bool = False

    @property
    def human(self) -> bool:
        """A person coding, not a reference coding nor a consensus."""
        return not (self.reference or self.consensus)


@dataclass(frozen=True)
class PartnerChoice:
    """Whom `anchor`'s spans can be compared with: every other coder with spans, people first (the
    most overlap first), then consensus coders, then reference codings; `default` is the row to
    highlight (None: no person to compare with, so nothing is chosen for the coder)."""

    anchor: str
    partners: list[Partner]
    default: int | None

    def pair(self, partner: Partner) -> tuple[str, str]:
        """The pair compared when `partner` is picked: the anchor first."""
        return (self.anchor, partner.coder)


def overlap(first: Mapping[str, int], second: Mapping[str, int]) -> int:
    """How much two coders coded alongside each other: per testimony both coded, the smaller of their
    span counts, summed (read from the span totals: no span is read)."""
    return sum(min(count, second[document]) for document, count in first.items() if document in second)


def partner_choice(
    project: Project,
    coder: str,
    document_id: str | None,
    *,
    consensus: str | None,
    remembered: tuple[str, str] | None = None,
) -> PartnerChoice | None:
    """The partner picker for `coder` on `document_id`: None when nobody else has coded. A coder
    without spans of their own (a lead adjudicating) is stood in for by the person with the most
    spans, if any person has coded (else the coder's empty coding is compared: a new user and the
    bundled reference coding). The partner compared last with the anchor is the default again; else the person with
    the most overlap; never a reference coding or a consensus unless picked."""
    counts: dict[str, dict[str, int]] = {}
    for (name, document), spans in SpanSelection().count(project, by=("coder", "document_id")).items():
        counts.setdefault(name, {})[document] = spans
    totals = {name: sum(per_document.values()) for name, per_document in counts.items()}
    here = SpanSelection(documents=(document_id,)).count_per(project, "coder") if document_id is not None else {}
    references = project.coders.references()

    def describe(name: str, anchor: str) -> Partner:
        return Partner(
            name,
            here.get(name, 0),
            totals[name],
            overlap(counts.get(anchor, {}), counts[name]),
            reference=name in references,
            consensus=is_consensus_coder(name, consensus),
        )

    anchor = coder
    people = [name for name in counts if name not in references and not is_consensus_coder(name, consensus)]
    if coder not in counts and people:
        anchor = min(people, key=lambda name: (-totals[name], name))
    partners = sorted(
        (describe(name, anchor) for name in counts if name != anchor),
        key=lambda partner: (not partner.human, partner.reference, -partner.overlap, -partner.overall, partner.coder),
    )
    if not partners:
        return None
    last = _partner_in(remembered, anchor)
    default = next((row for row, partner in enumerate(partners) if partner.coder == last), None)
    if default is None and partners[0].human:
        default = 0
    return PartnerChoice(anchor, partners, default)


def coder_pairs(default: tuple[str, str] | None, coders: Sequence[str]) -> list[tuple[str, str]]:
    """The default pair first, then every other pair of coders with spans."""
    pairs = [default] if default is not None else []
    pairs += [pair for pair in combinations(coders, 2) if default is None or set(pair) != set(default)]
    return pairs


def reuse_notice(into: str, reused: Mapping[tuple[str, str], int]) -> str | None:
    """What adjudication says when its consensus coder (a name given for every pair) already holds
    decisions of other pairs (`Writing into agreed, which holds decisions of other pairs (3 of
    tester × bob): …`); None when it holds none."""
    if not reused:
        return None
    pairs = ", ".join(f"{count} of {first} × {second}" for (first, second), count in sorted(reused.items()))
    return f"Writing into {into}, which holds decisions of other pairs ({pairs}): reused where items match."


def _partner_in(pair: tuple[str, str] | None, anchor: str) -> str | None:
    if pair is None or anchor not in pair:
        return None
    return pair[1] if pair[0] == anchor else pair[0]
