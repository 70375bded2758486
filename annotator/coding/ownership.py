"""Whose spans a coder may change, and whose review or to-recode items they may see: their own
always; another person's once named (or agreed to on screen); a reference coding or a consensus
only when named; coding blind, nobody else's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from annotator.domain.consensus import is_consensus_coder
from annotator.domain.errors import InputError

if TYPE_CHECKING:
    from annotator.storage import Action, Project

# The command-line option that names the coder whose span a command may change (`codes recode`).
OWNER_OPTION = "--owner"


class May(Enum):
    """What a coder may do to a span, by whose it is."""

    CHANGE = "change"  # their own, or its coder was named (or agreed to on screen)
    ASK = "ask"  # another person's: the screen asks once per coder; the command line needs it named
    NAME = "name"  # a reference coding or a consensus: changed only when named, never on a yes


@dataclass
class Ownership:
    """The rule for one coder: who they are, which coders are reference codings, the consensus coder
    named for the session (`--consensus`), and the coders named (or agreed to) so far."""

    coder: str
    references: frozenset[str] = frozenset()
    consensus: str | None = None
    named: set[str] = field(default_factory=set)

    def kind(self, owner: str) -> str:
        """`reference coding`, `consensus` or `` (a person coding, or the coder themself)."""
        if owner in self.references:
            return "reference coding"
        return "consensus" if is_consensus_coder(owner, self.consensus) else ""

    def may(self, owner: str) -> May:
        """Whether the coder may change a span of `owner`: at once, after asking, or only when named."""
        if owner == self.coder or owner in self.named:
            return May.CHANGE
        return May.NAME if self.kind(owner) else May.ASK

    def name(self, owner: str) -> None:
        """Record `owner` as named: their spans may be changed from now on (this rule's life)."""
        self.named.add(owner)

    def whose(self, owner: str) -> str:
        """`your span`, `bob's span`, `report's span (a reference coding)`: what the screen says."""
        if owner == self.coder:
            return "your span"
        kind = self.kind(owner)
        return f"{owner}'s span" + (f" (a {kind})" if kind else "")

    def question(self, owner: str) -> str:
        """What the screen asks, once per coder, before changing another person's span."""
        return (
            f"Recode {owner}'s spans too? This changes {owner}'s coding, not yours; "
            f"you are asked once for {owner} while this screen is open."
        )

    def refusal(self, span_id: str, owner: str) -> str:
        """The one line that refuses a change the coder may not make without naming the span's coder."""
        kind = self.kind(owner)
        return (
            f"span {span_id} is {owner}'s" + (f" (a {kind})" if kind else "") + f", not {self.coder}'s; "
            f"to change another coder's span, name its coder ({OWNER_OPTION} {owner})"
        )

    def require(self, span_id: str, owner: str) -> None:
        """InputError unless the coder may change `owner`'s span now (their own, or a coder named)."""
        if self.may(owner) is not May.CHANGE:
            raise InputError(self.refusal(span_id, owner))


def sees_item(owner: str | None, coder: str, sees_others: bool) -> bool:
    """Whether a review or to-recode item is shown to a coder: one on nobody's span (a passage's) or
    on their own span always; on another coder's span only with others shown, never coding blind."""
    return owner is None or owner == coder or sees_others


def visible_review(items: Sequence[dict[str, Any]], coder: str, sees_others: bool) -> list[dict[str, Any]]:
    """The stored review items a coder may see: passages' and their own spans', every coder's only
    with others shown; coding blind, never another coder's."""
    return [
        item for item in items if sees_item(item.get("coder") if item["entity"] == "span" else None, coder, sees_others)
    ]


def project_ownership(
    project: Project, coder: str, *, consensus: str | None = None, named: Iterable[str] = ()
) -> Ownership:
    """The rule for `coder` on a project (its reference codings read from it)."""
    return Ownership(coder, frozenset(project.coders.references()), consensus, set(named))


def recode_listed_span(project: Project, rule: Ownership, span_id: str, code_id: str) -> Action:
    """Recode a span of the to-recode list if the rule lets its coder change it; the span's owner is
    read inside the write transaction that recodes it, so the check and the change see one state."""
    with project.transaction():
        rule.require(span_id, project.spans.get(span_id).coder)
        return project.codes.recode_listed(rule.coder, span_id, code_id)
