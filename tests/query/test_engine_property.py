"""On random projects, the engine's hits equal those of a brute-force evaluator written here: plain
Python over the spans and the unit boundaries, every pair compared, nothing indexed or bisected."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.models import Code, Codebook, Document
from annotator.domain.segments import paragraph_bounds, sentence_bounds
from annotator.query.engine import QueryOptions, run_query
from annotator.storage import Project
from annotator.storage.spans import NewSpan
from tests.support.hypothesis_profiles import examples

CODES = (
    Code(id="a", name="A", colour="#111111"),
    Code(id="b", name="B", parent="a", colour="#222222"),  # a child: `a` includes it, `a!` does not
    Code(id="c", name="C", colour="#333333"),
)
CODERS = ("x", "y")
Tree = tuple[Any, ...]
Seg = tuple[int, int]

words = st.sampled_from(["Pay", "was", "kept", "by", "the", "state", "we", "left"])
sentence = st.lists(words, min_size=1, max_size=4).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
texts = st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)


def leaf() -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.just("code"), st.sampled_from(["a", "b", "c"]), st.booleans()),
        st.tuples(st.just("text"), st.sampled_from(["state", "pay", "the state", "le*"])),
    )


def segment_trees() -> st.SearchStrategy[Tree]:
    """Trees whose value is segments: no NOT but beside something in an AND."""
    return st.recursive(
        leaf(),
        lambda inner: st.one_of(
            st.tuples(st.sampled_from(["AND", "OR"]), st.lists(inner, min_size=2, max_size=3).map(tuple)),
            st.tuples(st.just("ANDNOT"), inner, inner),
            st.tuples(st.just("ATLEAST"), st.integers(1, 2), st.lists(inner, min_size=2, max_size=3).map(tuple)),
            st.tuples(st.sampled_from(["WITHIN", "ENCLOSES", "OVERLAPS"]), inner, inner),
            st.tuples(
                st.just("NEAR"), inner, inner, st.sampled_from(["IN sentence", "IN paragraph", "WITHIN 5 characters"])
            ),
        ),
        max_leaves=5,
    )


def unit_trees() -> st.SearchStrategy[Tree]:
    """Trees over units: NOT anywhere above the relations."""
    return st.recursive(
        segment_trees(),
        lambda inner: st.one_of(
            st.tuples(st.just("NOT"), inner),
            st.tuples(st.sampled_from(["AND", "OR"]), st.lists(inner, min_size=2, max_size=3).map(tuple)),
        ),
        max_leaves=4,
    )


def render(tree: Tree) -> str:
    kind = tree[0]
    if kind == "code":
        return tree[1] + ("!" if tree[2] else "")
    if kind == "text":
        return f'text:"{tree[1]}"' if " " in tree[1] else f"text:{tree[1]}"
    if kind in ("AND", "OR"):
        return "(" + f" {kind} ".join(render(t) for t in tree[1]) + ")"
    if kind == "ANDNOT":
        return f"({render(tree[1])} AND NOT {render(tree[2])})"
    if kind == "NOT":
        return f"(NOT {render(tree[1])})"
    if kind == "ATLEAST":
        return f"AT LEAST {tree[1]} OF (" + ", ".join(render(t) for t in tree[2]) + ")"
    scope = (
        f" {tree[3]}" if kind == "NEAR" else f" WITHIN {tree[3]} sentences" if kind in ("FOLLOWS", "PRECEDES") else ""
    )
    return f"({render(tree[1])} {kind} {render(tree[2])}{scope})"


def overlap(s: Seg, t: Seg) -> bool:
    return s[0] < t[1] and t[0] < s[1]


class BruteForce:
    """The language's meaning, by the definitions in docs/queries.md, comparing every pair."""

    def __init__(self, text: str, spans: list[tuple[str, str, int, int]], coders: tuple[str, ...]) -> None:
        self.text = text
        self.spans = [(code, start, end) for coder, code, start, end in spans if coder in coders]

    def units_of(self, name: str) -> list[Seg]:
        return {"sentence": sentence_bounds, "paragraph": paragraph_bounds}[name](self.text)

    def shared_unit(self, s: Seg, t: Seg, name: str) -> bool:
        return any(overlap(u, s) and overlap(u, t) for u in self.units_of(name))

    def steps(self, first: Seg, then: Seg, reach: int) -> bool:
        """Whether `then` starts 1 to `reach` sentences after the last sentence `first` touches."""
        touched = [i for i, u in enumerate(self.units_of("sentence")) if overlap(u, first)]
        later = [i for i, u in enumerate(self.units_of("sentence")) if overlap(u, then)]
        return bool(touched and later) and 1 <= later[0] - touched[-1] <= reach

    def segments(self, tree: Tree) -> set[Seg]:
        kind = tree[0]
        if kind == "code":
            codes = {tree[1]} if tree[2] or tree[1] != "a" else {"a", "b"}
            return {(start, end) for code, start, end in self.spans if code in codes}
        if kind == "text":
            words = tree[1].rstrip("*").split()
            # FTS5 phrases: words in a row, whatever separates them (spaces, punctuation).
            pattern = r"\b" + r"[\W_]+".join(words) + (r"\w*" if tree[1].endswith("*") else r"\b")
            return {match.span() for match in re.finditer(pattern, self.text, re.IGNORECASE)}
        if kind == "OR":
            return set().union(*(self.segments(t) for t in tree[1]))
        if kind == "AND":
            values = [self.segments(t) for t in tree[1]]
            return {
                s
                for i, v in enumerate(values)
                for s in v
                if all(any(overlap(s, o) for o in w) for j, w in enumerate(values) if j != i)
            }
        if kind == "ANDNOT":
            left, right = self.segments(tree[1]), self.segments(tree[2])
            return {s for s in left if not any(overlap(s, o) for o in right)}
        if kind == "ATLEAST":
            values = [self.segments(t) for t in tree[2]]
            every = set().union(*values)
            return {s for s in every if sum(any(overlap(s, o) for o in v) for v in values) >= tree[1]}
        left, right = self.segments(tree[1]), self.segments(tree[2])
        tests = {
            "WITHIN": lambda s, o: o[0] <= s[0] and s[1] <= o[1],
            "ENCLOSES": lambda s, o: s[0] <= o[0] and o[1] <= s[1],
            "OVERLAPS": overlap,
            "FOLLOWS": lambda s, o: self.steps(o, s, tree[3]),
            "PRECEDES": lambda s, o: self.steps(s, o, tree[3]),
            "NEAR": lambda s, o: (
                max(s[0], o[0]) - min(s[1], o[1]) <= 5
                if tree[3].endswith("characters")
                else self.shared_unit(s, o, tree[3].split()[1])
            ),
        }
        return {s for s in left if any(tests[kind](s, o) for o in right)}

    def units(self, tree: Tree, name: str) -> set[Seg]:
        every = self.units_of(name)
        kind = tree[0]
        if kind == "NOT":
            return set(every) - self.units(tree[1], name)
        if kind in ("AND", "OR") and any(t[0] == "NOT" or t[0] in ("AND", "OR") for t in tree[1]):
            values = [self.units(t, name) for t in tree[1]]
            return set.intersection(*values) if kind == "AND" else set.union(*values)
        if kind in ("AND", "OR"):
            values = [self.units(t, name) for t in tree[1]]
            return set.intersection(*values) if kind == "AND" else set.union(*values)
        if kind in ("ANDNOT",):
            return self.units(tree[1], name) - self.units(tree[2], name)
        if kind == "ATLEAST":
            values = [self.units(t, name) for t in tree[2]]
            return {u for u in every if sum(u in v for v in values) >= tree[1]}
        return {u for u in every if any(overlap(u, s) for s in self.segments(tree))}


@st.composite
def projects(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, int, int]]]:
    text = draw(texts)
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 40)))
        spans.append((draw(st.sampled_from(CODERS)), draw(st.sampled_from(["a", "b", "c"])), start, end))
    return text, spans


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.too_slow])
@given(
    projects(),
    st.one_of(
        st.tuples(st.just("segment"), segment_trees()),
        st.tuples(st.sampled_from(["sentence", "paragraph"]), unit_trees()),
    ),
    st.sampled_from([("x",), ("x", "y")]),
)
def test_engine_equals_brute_force(project_data: Any, unit_and_tree: Any, coders: tuple[str, ...]) -> None:
    text, spans = project_data
    unit, tree = unit_and_tree
    brute = BruteForce(text, spans, coders)
    expected = sorted(brute.segments(tree) if unit == "segment" else brute.units(tree, unit))
    with tempfile.TemporaryDirectory() as folder:
        with Project.create(Path(folder) / "p.db") as project:
            project.documents.add([Document(id="D", title="D", text=text)])
            project.codes.add_codebook(Codebook(name="random", codes=CODES))
            with project.transaction():
                for coder in CODERS:
                    project.coders.ensure(coder)
            for coder in CODERS:
                mine = [NewSpan("D", code, start, end) for who, code, start, end in spans if who == coder]
                if mine:
                    project.spans.add_many(coder, mine)
            hits = run_query(project, render(tree), QueryOptions(unit=unit, coders=coders))
    assert [(hit.start, hit.end) for hit in hits] == expected, render(tree)
