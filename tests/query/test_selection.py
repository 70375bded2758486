"""`SpanSelection`, the one place that decides which spans a listing, count or export reads: on random
projects its spans, tuples and counts equal a brute-force filter of every span written here, and a
count reads the totals the triggers keep when the selection allows."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.models import Code, Codebook, Document, Span
from annotator.query.errors import QueryError
from annotator.query.selection import COUNT_COLUMNS, SpanSelection
from annotator.storage import Project
from annotator.storage.spans import NewSpan
from tests.support.hypothesis_profiles import examples

CODES = (
    Code(id="a", name="A", colour="#111111"),
    Code(id="b", name="B", parent="a", colour="#222222"),
    Code(id="d", name="D", parent="b", colour="#444444"),  # a grandchild: `a` holds it too
    Code(id="c", name="C", colour="#333333"),
)
BELOW = {"a": {"a", "b", "d"}, "b": {"b", "d"}, "c": {"c"}, "d": {"d"}}
CODERS = ("x", "y", "z")
DOCUMENTS = {"P": "Russia", "Q": "Russia, Yemen", "R": "China"}
TEXT = "We were paid little and the state kept the rest of it."
WHERE = {"": (), "country~Russia": ("country~Russia",), "country=China|Yemen": ("country=China|Yemen",)}
BY = [by for size in range(4) for by in combinations(COUNT_COLUMNS, size)]

spans_drawn = st.lists(
    st.tuples(
        st.sampled_from(sorted(DOCUMENTS)),
        st.sampled_from(CODERS),
        st.sampled_from([code.id for code in CODES]),
        st.integers(0, len(TEXT) - 2),
        st.integers(1, 10),
    ),
    max_size=25,
)
selections = st.builds(
    SpanSelection,
    coders=st.none() | st.lists(st.sampled_from(CODERS), max_size=3, unique=True).map(tuple),
    codes=st.none() | st.lists(st.sampled_from([code.id for code in CODES]), max_size=2, unique=True).map(tuple),
    exact=st.booleans(),
    documents=st.none() | st.lists(st.sampled_from(sorted(DOCUMENTS)), max_size=3, unique=True).map(tuple),
    where=st.sampled_from(sorted(WHERE)).map(WHERE.get),
)


def build(folder: Path, drawn: list[tuple[str, str, str, int, int]]) -> Project:
    project = Project.create(folder / "selection.db")
    documents = [Document(id=doc, title=doc, text=TEXT, attributes={"country": c}) for doc, c in DOCUMENTS.items()]
    project.documents.add(documents)
    project.codes.add_codebook(Codebook(name="selection", codes=CODES))
    for coder in CODERS:
        project.coders.ensure(coder)
        mine = [
            NewSpan(doc, code, start, min(start + size, len(TEXT)))
            for doc, who, code, start, size in drawn
            if who == coder
        ]
        if mine:
            project.spans.add_many(coder, mine)
    return project


def brute_force(project: Project, selection: SpanSelection) -> list[Span]:
    """Every span, kept or not by reading the selection's fields one by one."""
    codes = None
    if selection.codes is not None:
        codes = set(selection.codes) if selection.exact else set().union(*(BELOW[code] for code in selection.codes))
    documents = set(DOCUMENTS) if selection.documents is None else set(selection.documents)
    for condition in selection.where:
        if condition == "country~Russia":
            documents &= {doc for doc, country in DOCUMENTS.items() if "russia" in country.casefold()}
        else:
            documents &= {doc for doc, country in DOCUMENTS.items() if country in ("China", "Yemen")}
    return [
        span
        for span in project.spans.select()
        if span.document_id in documents
        and (selection.coders is None or span.coder in selection.coders)
        and (codes is None or span.code_id in codes)
    ]


@settings(max_examples=examples(30), suppress_health_check=[HealthCheck.too_slow])
@given(drawn=spans_drawn, chosen=st.lists(selections, min_size=1, max_size=6))
def test_selection_equals_brute_force(drawn: Any, chosen: list[SpanSelection]) -> None:
    with tempfile.TemporaryDirectory() as folder, build(Path(folder), drawn) as project:
        for selection in chosen:
            expected = brute_force(project, selection)
            assert list(selection.spans(project)) == expected  # the same spans, in project order
            light = [(s.document_id, s.coder, s.code_id, s.start, s.end) for s in expected]
            assert sorted(selection.tuples(project)) == sorted(light)
            for by in BY:
                position = {"document_id": 0, "coder": 1, "code_id": 2}
                counted = Counter(tuple(span[position[column]] for column in by) for span in light)
                assert selection.count(project, by) == dict(counted), (selection, by)
            assert selection.total(project) == len(expected)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    drawn = [("P", "x", "a", 0, 5), ("P", "x", "b", 3, 9), ("Q", "y", "c", 10, 20), ("R", "x", "d", 1, 4)]
    with build(tmp_path, drawn) as built:
        yield built


def test_counts_read_the_totals_when_the_selection_allows(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per coder and document, per code, or one document's coders: no span is counted, the totals answer."""

    def no_grouping(*args: object, **kwargs: object) -> None:
        raise AssertionError("the span rows were grouped where the totals answer")

    monkeypatch.setattr(project.counts, "grouped", no_grouping)
    assert SpanSelection(coders=("x",)).count_per(project, "document_id") == {"P": 2, "R": 1}
    assert SpanSelection().count_per(project, "code_id") == {"a": 1, "b": 1, "c": 1, "d": 1}
    assert SpanSelection(documents=("P",)).count_per(project, "coder") == {"x": 2}
    assert SpanSelection(coders=("x",), documents=("R",)).total(project) == 1
    assert SpanSelection(where=("country~Russia",)).count(project, ("coder", "document_id")) == {
        ("x", "P"): 2,
        ("y", "Q"): 1,
    }


def test_codes_hold_their_descendants_unless_exact(project: Project) -> None:
    assert [span.code_id for span in SpanSelection(codes=("a",)).spans(project)] == ["a", "b", "d"]
    assert [span.code_id for span in SpanSelection(codes=("a",), exact=True).spans(project)] == ["a"]


def test_rows_are_streamed(project: Project) -> None:
    rows = SpanSelection().rows(project)
    assert isinstance(rows, Iterator)  # an export reads them one by one: flat memory on millions
    assert [row[2] for row in rows] == ["a", "b", "c", "d"]


def test_where_on_an_unknown_attribute_is_refused(project: Project) -> None:
    with pytest.raises(QueryError, match="unknown attribute 'region'"):
        SpanSelection(where=("region=Asia",)).total(project)


def test_a_count_groups_only_on_known_columns(project: Project) -> None:
    with pytest.raises(ValueError, match="counted by some of"):
        SpanSelection().count(project, ("memo",))
