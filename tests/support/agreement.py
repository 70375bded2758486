"""The worked agreement cases, and slow, obviously-correct oracles written straight from AGREEMENT.md."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from annotator.agreement.spans import SpanData, merge_overlapping

HERE = Path(__file__).resolve().parents[1] / "agreement"
REPO = Path(__file__).resolve().parents[2]
SHARED_CASES = (REPO / "../shared/agreement-cases").resolve()
LOCAL_CASES = HERE / "cases"


def case_files(folder: Path) -> list[Path]:
    """The case files of a folder, sorted (empty when the folder is missing)."""
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def load_case(path: Path) -> dict[str, Any]:
    """One case file."""
    return json.loads(path.read_text(encoding="utf-8"))


def case_span_data(case: dict[str, Any]) -> SpanData:
    """A span case as SpanData: documents from `params.continuum`, spans relative to each document.

    A document of the continuum is the `length` characters from `begin`. Spans are read as
    document-relative offsets, unless `begin` is not 0 and every span of the document lies in
    `[begin, begin + length]`, in which case they are continuum offsets and `begin` is subtracted.
    Documents are renamed `NNNNNNNNNNNN:id` after their `begin`, so that our id order (the order
    of the continuum) is the case's order on its continuum even when the ids sort otherwise.
    """
    continuum = case["params"]["continuum"]
    names = {doc: f"{int(place.get('begin', 0)):012d}:{doc}" for doc, place in continuum.items()}
    lengths = {names[doc]: int(place["length"]) for doc, place in continuum.items()}
    spans = []
    for doc, place in continuum.items():
        begin = int(place.get("begin", 0))
        length = int(place["length"])
        own = [span for span in case["data"] if span["doc"] == doc]
        absolute = begin != 0 and all(begin <= span["start"] and span["end"] <= begin + length for span in own)
        shift = begin if absolute else 0
        spans.extend(
            (names[doc], span["coder"], span["code"], span["start"] - shift, span["end"] - shift) for span in own
        )
    return SpanData(lengths, spans)


# --- oracles -------------------------------------------------------------------------------------


def digitise(
    lengths: dict[str, int],
    spans: list[tuple[str, str, str, int, int]],
    coders: list[str],
    code: str,
    present: dict[str, set[str]],
) -> list[list[int | None]]:
    """One row per character of every document (id order): 1 covered by the coder's spans of `code`, 0 not, None missing."""
    rows: list[list[int | None]] = []
    for doc in sorted(lengths):
        covered = {coder: [0] * lengths[doc] for coder in coders}
        for span_doc, coder, span_code, start, end in spans:
            if span_doc == doc and span_code == code and coder in covered:
                for position in range(start, end):
                    covered[coder][position] = 1
        for position in range(lengths[doc]):
            rows.append([covered[coder][position] if coder in present[doc] else None for coder in coders])
    return rows


def presence(data: SpanData, coders: list[str], all_documents: bool = False) -> dict[str, set[str]]:
    """Which compared coders each document counts for (done, or a span in it)."""
    found = {doc: set(coders) if all_documents else set() for doc in data.documents}
    for doc, coder, *_ in data.spans:
        if coder in coders:
            found[doc].add(coder)
    for coder, done in (data.coded_documents or {}).items():
        for doc in done:
            if coder in coders:
                found[doc].add(coder)
    return found


def continuum_units(data: SpanData, coders: list[str], code: str) -> tuple[int, dict[str, list[tuple[int, int]]]]:
    """All documents end to end (id order): length L and each coder's units (overlaps merged) as (begin, length)."""
    offset = 0
    units: dict[str, list[tuple[int, int]]] = {coder: [] for coder in coders}
    for doc in sorted(data.documents):
        for coder in coders:
            own = [(s, e) for d, c, k, s, e in data.spans if d == doc and c == coder and k == code]
            units[coder].extend((offset + s, e - s) for s, e in merge_overlapping(own))
        offset += data.length(doc)
    return offset, units


def naive_alpha_u_parts(length: int, units: dict[str, list[tuple[int, int]]]) -> tuple[float, float]:
    """D_O and D_E of α_U by the double sums of AGREEMENT.md section 4, literally."""
    coders = list(units)
    m = len(coders)

    def segments(coder: str) -> list[tuple[int, int, bool]]:
        """The coder's units and gaps as (begin, length, is_unit), in order."""
        found = []
        position = 0
        for begin, size in sorted(units[coder]):
            if begin > position:
                found.append((position, begin - position, False))
            found.append((begin, size, True))
            position = begin + size
        if position < length:
            found.append((position, length - position, False))
        return found

    observed = 0
    for i in coders:
        for j in coders:
            if i == j:
                continue
            for bg, lg, unit_g in segments(i):
                for bh, lh, unit_h in segments(j):
                    if unit_g and unit_h and -lg < bg - bh < lh:
                        observed += (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
                    elif unit_g and not unit_h and bh <= bg and bg + lg <= bh + lh:
                        observed += lg**2
                    elif not unit_g and unit_h and bg <= bh and bh + lh <= bg + lg:
                        observed += lh**2
    d_o = observed / (m * (m - 1) * length**2)
    all_units = [size for coder in coders for _, size in units[coder]]
    gaps = [size for coder in coders for _, size, unit in segments(coder) if not unit]
    n_k = len(all_units)
    total = 0.0
    for lg in all_units:
        total += (n_k - 1) * (2 * lg**3 - 3 * lg**2 + lg) / 3
        total += lg**2 * sum(lh - lg + 1 for lh in gaps if lh >= lg)
    denominator = m * length * (m * length - 1) - sum(lg * (lg - 1) for lg in all_units)
    d_e = (2 / length) * total / denominator
    return d_o, d_e


def naive_u_alphas(data: SpanData, coders: list[str], codes: list[str]) -> tuple[float | None, float | None]:
    """u-α and |u-α of section 5, from one value per coder per character of the continuum.

    Each alpha is `1 − Σ_{c≠k} ℓ_ck / Σ_{c≠k} ε_ck`; it is undefined (None, as the implementation's
    `undefined`) when its expected disagreement `Σ ε_ck` is 0 (one value everywhere, e.g. two
    coders giving a one-character document the same code) or when `ℓ − e/ℓ` is 0.
    """
    values: dict[str, list[str | None]] = {coder: [] for coder in coders}
    squares: Counter[str | None] = Counter()
    for doc in sorted(data.documents):
        length = data.length(doc)
        for coder in coders:
            line: list[str | None] = [None] * length
            for code in codes:
                own = [(s, e) for d, c, k, s, e in data.spans if d == doc and c == coder and k == code]
                for start, end in merge_overlapping(own):
                    squares[code] += (end - start) ** 2
                    for position in range(start, end):
                        assert line[position] is None, "overlapping codes"
                        line[position] = code
            values[coder].extend(line)
    m = len(coders)
    coincidence: Counter[tuple[str | None, str | None]] = Counter()
    for i in coders:
        for j in coders:
            if i != j:
                for a, b in zip(values[i], values[j]):
                    coincidence[(a, b)] += 1 / (m - 1)
    marginal: Counter[str | None] = Counter()
    for (c, _), size in coincidence.items():
        marginal[c] += size
    total = sum(marginal.values())
    e = {c: squares[c] for c in marginal if c is not None}
    e[None] = marginal[None]  # summed gap length over coders
    e_total = sum(e.values())
    categories = list(marginal)
    scale = total - e_total / total
    if scale == 0:
        return None, None

    def expected(c: str | None, k: str | None) -> float:
        """ε_ck."""
        return (marginal[c] * marginal[k] - (e.get(c, 0) if c == k else 0)) / scale

    def alpha(observed: float, expect: float) -> float | None:
        """`1 − observed / expected`, undefined when nothing is expected to disagree."""
        return None if expect == 0 else 1 - observed / expect

    observed = sum(size for (c, k), size in coincidence.items() if c != k)
    expect = sum(expected(c, k) for c in categories for k in categories if c != k)
    binary_observed = sum(size for (c, k), size in coincidence.items() if (c is None) != (k is None))
    binary_expect = sum(expected(c, k) for c in categories for k in categories if (c is None) != (k is None))
    return alpha(observed, expect), alpha(binary_observed, binary_expect)


# --- strategies ----------------------------------------------------------------------------------


@st.composite
def partitions(draw):
    """Projects where no coder's spans overlap (any code): what u-α needs."""
    coders = ["a", "b", "c"][: draw(st.integers(2, 3))]
    lengths = {f"d{i}": draw(st.integers(1, 40)) for i in range(draw(st.integers(1, 3)))}
    spans = []
    for doc, length in lengths.items():
        for coder in coders:
            cuts = sorted(set(draw(st.lists(st.integers(0, length), max_size=8))))
            for start, end in zip(cuts, cuts[1:]):
                if draw(st.booleans()):
                    spans.append((doc, coder, draw(st.sampled_from(["x", "y", "z"])), start, end))
    return SpanData(lengths, spans, codes=["x", "y", "z"], coders=coders)
