"""cu-α and Cu-α, completing Krippendorff et al.'s (2016) family: a hand-worked case, a per-character oracle,
and the three-coder reading settled (docs/agreement.md, "The unitizing alphas of Krippendorff et al.")."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.report_model import SpanReport
from annotator.agreement.spans import SpanData
from annotator.agreement.unitizing2016 import semantic_domains
from tests.support.agreement import partitions
from tests.support.hypothesis_profiles import examples

SETTINGS = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def report(data: SpanData) -> SpanReport:
    """The report with every document counting for every coder."""
    coders = list(data.coders or [])
    return span_report(data, SpanOptions(coders=coders, codes=list(data.codes or []), all_documents=True))


def test_hand_worked_two_coders():
    # a: x 0–4, y 4–8; b: x 0–6, y 6–10. Valued coincidences (both ways): xx 8, xy 2, yx 2, yy 4
    # (8–10 is b's y against a's gap: not coding of a shared stretch). ℓ*_x = 10, ℓ*_y = 6, ℓ* = 16.
    # Pairable lengths p_g: a's x 4, a's y 4, b's x 6, b's y 2 → e* = 16 + 16 + 36 + 4 = 72.
    # cu-α = 1 − 4 · (16 − 72/16) / (16² − 10² − 6²) = 1 − 46/120 = 37/60.
    spans = [("d", "a", "x", 0, 4), ("d", "a", "y", 4, 8), ("d", "b", "x", 0, 6), ("d", "b", "y", 6, 10)]
    found = report(SpanData({"d": 10}, spans, codes=["x", "y"], coders=["a", "b"]))
    assert found.overall["cu_alpha"].value == pytest.approx(37 / 60)
    assert found.overall["domain_cu_alpha"].value == pytest.approx(37 / 60)  # no parents: each code is its own domain


def test_domains_are_top_level_codes():
    parents = {"wage": None, "late-pay": "wage", "cut": "late-pay", "exit": None, "loop": "loop2", "loop2": "loop"}
    domains = semantic_domains(parents)
    assert domains["cut"] == "wage" and domains["late-pay"] == "wage" and domains["exit"] == "exit"
    assert domains["loop"] in {"loop", "loop2"}  # a cycle ends without hanging


def test_cu_alpha_over_domains_forgives_disagreement_inside_a_domain():
    # a codes late-pay where b codes cut: both are in the wage domain; exit agrees.
    spans = [
        ("d", "a", "late-pay", 0, 10),
        ("d", "b", "cut", 0, 10),
        ("d", "a", "exit", 20, 30),
        ("d", "b", "exit", 20, 30),
    ]
    parents = {"wage": None, "late-pay": "wage", "cut": "wage", "exit": None}
    data = SpanData({"d": 40}, spans, codes=list(parents), coders=["a", "b"], code_parents=parents)
    found = report(data)
    assert found.overall["domain_cu_alpha"].value == pytest.approx(1.0)
    assert found.overall["cu_alpha"].value < 0.5


def test_undefined_when_no_stretch_is_coded_by_two_coders():
    data = SpanData({"d": 20}, [("d", "a", "x", 0, 5), ("d", "b", "y", 10, 15)], codes=["x", "y"], coders=["a", "b"])
    found = report(data)
    assert (
        found.overall["cu_alpha"].value is None
        and "no stretch was coded by two coders" in found.overall["cu_alpha"].reason
    )


def per_character_cu_alpha(data: SpanData, coders: list[str], union: bool = False) -> float | None:
    """cu-α straight from the definitions, one value per coder per character; `union` takes a segment's
    pairable length as its overlap with the union of the others' coded stretches (the other reading)."""
    m = len(coders)
    lines = {coder: [] for coder in coders}
    segments = []  # (coder, code, start, end) on the continuum
    offset = 0
    for doc in sorted(data.documents):
        length = data.length(doc)
        for coder in coders:
            line = [None] * length
            for span_doc, span_coder, code, start, end in data.spans:
                if span_doc == doc and span_coder == coder:
                    line[start:end] = [code] * (end - start)
                    segments.append((coder, code, offset + start, offset + end))
            lines[coder].extend(line)
        offset += length
    coincidence: dict[tuple[str, str], float] = {}
    for i in coders:
        for j in coders:
            if i != j:
                for a, b in zip(lines[i], lines[j]):
                    if a is not None and b is not None:
                        coincidence[(a, b)] = coincidence.get((a, b), 0) + 1 / (m - 1)
    marginal: dict[str, float] = {}
    for (c, _), size in coincidence.items():
        marginal[c] = marginal.get(c, 0) + size
    total = sum(marginal.values())
    correction = 0.0
    for coder, _, start, end in segments:
        others = [other for other in coders if other != coder]
        if union:
            share = sum(any(lines[o][x] is not None for o in others) for x in range(start, end))
        else:
            share = sum(lines[o][x] is not None for o in others for x in range(start, end)) / (m - 1)
        correction += share * share
    expected = total * total - sum(v * v for v in marginal.values())
    scale = total - correction / total if total else 0
    if total == 0 or expected == 0 or scale == 0:
        return None
    observed = sum(size for (c, k), size in coincidence.items() if c != k)
    return 1 - observed * scale / expected


@SETTINGS
@given(partitions())
def test_cu_alpha_equals_the_per_character_definition(data):
    found = report(data)
    expected = per_character_cu_alpha(data, list(data.coders))
    if expected is None:
        assert found.overall["cu_alpha"].value is None and found.overall["cu_alpha"].reason
    else:
        assert found.overall["cu_alpha"].value == pytest.approx(expected, abs=1e-9)


@SETTINGS
@given(partitions().filter(lambda data: len(data.coders) == 2))
def test_two_coders_read_the_same_either_way(data):
    """For two coders the union of "the others" is the other coder: both readings agree."""
    assert (
        per_character_cu_alpha(data, ["a", "b"])
        == pytest.approx(per_character_cu_alpha(data, ["a", "b"], union=True), abs=1e-9)
        or per_character_cu_alpha(data, ["a", "b"]) is None
    )


THREE = SpanData(
    {"d": 60},
    [
        ("d", "a", "x", 0, 20),
        ("d", "a", "y", 20, 40),
        ("d", "b", "x", 0, 30),
        ("d", "b", "y", 30, 40),
        ("d", "c", "x", 10, 20),
        ("d", "c", "y", 20, 50),
    ],
    codes=["x", "y"],
    coders=["a", "b", "c"],
)


def test_three_coders_settled_on_the_marginals_reading():
    """Ours takes p_g = mean over the other coders; the union reading (another implementation) differs."""
    found = report(THREE).overall["cu_alpha"].value
    assert found == pytest.approx(per_character_cu_alpha(THREE, ["a", "b", "c"]), abs=1e-12)
    assert found == pytest.approx(0.674, abs=5e-5)
    assert per_character_cu_alpha(THREE, ["a", "b", "c"], union=True) == pytest.approx(0.692, abs=5e-5)


def test_union_reading_can_expect_negative_coincidences():
    """Coder c codes nothing here. The union reading counts each of a's and b's segments at its whole
    length though it puts only half of it into the marginals (c adds nothing): the correction e*
    exceeds ℓ*², ℓ* − e*/ℓ* turns negative and "alpha" comes out 1.48 with disagreement observed.
    The marginals reading gives 0.303, worked by hand in docs/agreement.md."""
    data = SpanData(
        {"d": 20},
        [("d", "a", "x", 0, 10), ("d", "b", "x", 0, 10), ("d", "a", "y", 10, 12), ("d", "b", "x", 10, 12)],
        codes=["x", "y"],
        coders=["a", "b", "c"],
    )
    ours = report(data).overall["cu_alpha"].value
    union = per_character_cu_alpha(data, ["a", "b", "c"], union=True)
    assert ours == pytest.approx(per_character_cu_alpha(data, ["a", "b", "c"]), abs=1e-12)
    assert -1 <= ours <= 1
    assert ours == pytest.approx(1 - 2 * (12 - 52 / 12) / 22)
    assert union == pytest.approx(1 - 2 * (12 - 208 / 12) / 22)
    assert union > 1
