"""Reliability data: units × coders, each cell a value or missing, held as weighted distinct rows.

A unit table is what every coefficient of section 1 reads. Identical rows are stored once with a
weight (how many units have exactly those values), so the character units of a long document,
where almost every character has the same value vector, cost one row per distinct vector instead
of one per character. A table of plain rows (`--table FILE.csv`) is the special case of weight 1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from annotator.domain.errors import InputError

Value = Hashable
Row = tuple[Value | None, ...]


@dataclass(frozen=True)
class UnitTable:
    """Units × coders: `rows` maps each distinct row of values (`None` = missing) to its number of units.

    `categories`, when given, is the full set of categories the coders could choose from (the
    codebook); Brennan–Prediger and Gwet's AC1 then count `q` over it. Otherwise `q` counts the
    categories observed in the table.
    """

    coders: tuple[str, ...]
    rows: Mapping[Row, float]
    categories: tuple[Value, ...] | None = None
    _check: bool = field(default=True, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._check:
            return
        width = len(self.coders)
        if len(set(self.coders)) != width:
            raise InputError(f"coder names must be distinct: {', '.join(self.coders)}")
        for row, weight in self.rows.items():
            if len(row) != width:
                raise InputError(f"a unit has {len(row)} values for {width} coders: {row!r}")
            if weight < 0:
                raise InputError(f"a unit weight must not be negative: {weight!r}")
        if self.categories is not None:
            unknown = set(self.observed_categories) - set(self.categories)
            if unknown:
                raise InputError(f"values not among the given categories: {', '.join(map(str, sort_values(unknown)))}")

    @classmethod
    def from_rows(
        cls, coders: Sequence[str], rows: Iterable[Sequence[Value | None]], categories: Sequence[Value] | None = None
    ) -> UnitTable:
        """A table from one row per unit (one value or `None` per coder), counting identical rows."""
        counts = Counter(tuple(row) for row in rows)
        return cls(tuple(coders), dict(counts), tuple(categories) if categories is not None else None)

    @cached_property
    def observed_categories(self) -> tuple[Value, ...]:
        """The distinct values present in the table, sorted."""
        seen = {value for row, weight in self.rows.items() if weight for value in row if value is not None}
        return sort_values(seen)

    @property
    def unit_count(self) -> float:
        """Number of units with at least one value (units with none carry no information)."""
        return sum(weight for row, weight in self.rows.items() if any(value is not None for value in row))

    def expanded(self) -> list[list[Value | None]]:
        """One row per unit (weights must be whole numbers); for tests and small tables."""
        out: list[list[Value | None]] = []
        for row, weight in self.rows.items():
            if weight != int(weight):
                raise ValueError("only tables with whole-number weights expand to rows")
            out.extend([list(row)] * int(weight))
        return out


def sort_values(values: Iterable[Value]) -> tuple[Value, ...]:
    """Values in their natural order when comparable (numbers, strings), else by type then text."""
    values = list(values)
    try:
        return tuple(sorted(values))  # type: ignore[type-var]
    except TypeError:
        return tuple(sorted(values, key=lambda value: (type(value).__name__, str(value))))


def merge_tables(tables: Iterable[UnitTable]) -> UnitTable:
    """The tables stacked (units of all of them), e.g. per-code tables pooled over codes."""
    tables = list(tables)
    if not tables:
        raise ValueError("nothing to stack")
    coders = tables[0].coders
    total: Counter[Row] = Counter()
    for table in tables:
        if table.coders != coders:
            raise ValueError("stacked tables must have the same coders in the same order")
        total.update(table.rows)
    return UnitTable(coders, dict(total), tables[0].categories, _check=False)
