"""Consensus coders: the coder each adjudicated pair writes into, and which coders are consensus ones."""

from __future__ import annotations

CONSENSUS = "consensus"


def consensus_name(first: str, second: str, base: str = CONSENSUS) -> str:
    """The coder adjudicating `first` × `second` writes into by default: `consensus-ann-bob` (names
    sorted, so bob × ann writes there too), a coder of its own per pair, so adjudicating ann × report
    after ann × bob neither carries over nor overwrites ann × bob's decisions."""
    low, high = sorted((first, second))
    return f"{base}-{low}-{high}"


def is_consensus_coder(name: str, explicit: str | None = None) -> bool:
    """Whether a coder holds adjudicated decisions: `consensus`, a per-pair `consensus-…`, or the
    name given with --consensus / --into."""
    return name == CONSENSUS or name.startswith(f"{CONSENSUS}-") or (explicit is not None and name == explicit)
