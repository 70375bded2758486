"""One fault `annotator check` finds: which check, where (ids and offsets only), what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.names import escaped


@dataclass(frozen=True)
class Fault:
    """One thing wrong with a project: which check found it and where (ids and offsets only)."""

    check: str
    where: str
    problem: str

    def __str__(self) -> str:
        # Ids and names come from the file, which may hold escape sequences: never shown raw.
        return escaped(f"{self.check}: {self.where}: {self.problem}")
