"""Random edit scripts over random overlapping spans of several coders: nothing lost, untouched quotes kept, undo exact."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.anchoring import TextMap, diff_opcodes
from annotator.domain.models import Codebook, Document, Passage
from annotator.storage import NewSpan, Project
from tests.support import SMALL_CODES
from tests.support.hypothesis_profiles import examples

SETTINGS = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ALPHABET = "ab .\n"  # few letters: repeated quotes, so re-anchoring must tell places apart
CODERS = ("ana", "ben", "chu")


@st.composite
def edited_texts(draw):
    """An old text, random spans on it, and the text after a script of insertions, deletions, replacements."""
    old = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=60))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(old) - 1))
        spans.append((draw(st.sampled_from(CODERS)), start, draw(st.integers(start + 1, len(old)))))
    new = old
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(new)))
        cut = draw(st.integers(0, min(8, len(new) - at)))
        new = new[:at] + draw(st.text(alphabet=ALPHABET + "xy", max_size=6)) + new[at + cut :]
    if not new.strip():
        new += "x"
    return old, spans, new


@SETTINGS
@given(st.text(alphabet=ALPHABET + "xyé", max_size=80), st.text(alphabet=ALPHABET + "xyé", max_size=80))
def test_opcodes_rebuild_the_new_text(old: str, new: str) -> None:
    rebuilt = ""
    for tag, i1, i2, j1, j2 in diff_opcodes(old, new):
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        rebuilt += new[j1:j2]
    assert rebuilt == new


@SETTINGS
@given(edited_texts())
def test_spans_survive_an_edit_script(tmp_path_factory, case) -> None:
    old, spans, new = case
    path = Path(tmp_path_factory.mktemp("replace")) / "p.db"
    with Project.create(path) as project:
        project.documents.add([Document(id="T", text=old)])
        project.codes.add_codebook(Codebook(name="c", codes=SMALL_CODES))
        added = []
        for coder, start, end in spans:
            added += [
                span.id for _, span in project.spans.add_many(coder, [NewSpan("T", "bribery", start, end)]).changes
            ]
        before = {span.id: span for span in project.spans.select()}
        text_map = TextMap(old, new)
        result = project.documents.replace_text("editor", "T", new)
        after = {span.id: span for span in project.spans.select()}
        assert set(after) == set(before) == set(added)  # no span lost
        flagged = {item["id"] for item in result.review}
        for span_id, span in after.items():
            assert span.text == new[span.start : span.end] and span.end > span.start
            old_span = before[span_id]
            if text_map.untouched(old_span.start, old_span.end):
                assert span.text == old_span.text  # untouched: quote byte-identical
            elif span.text != old_span.text:
                assert span_id in flagged  # never silently changed
        assert {item["id"] for item in project.reviews.list("T")} == flagged
        project.history.undo("editor")
        assert project.documents.get("T").text == old
        assert {s.id: (s.start, s.end, s.text) for s in project.spans.select()} == {
            span_id: (s.start, s.end, s.text) for span_id, s in before.items()
        }
        assert project.reviews.list("T") == []


@SETTINGS
@given(edited_texts(), st.lists(st.integers(0, 60), max_size=5))
def test_passages_that_tile_the_text_still_tile_it(tmp_path_factory, case, cuts) -> None:
    old, _, new = case
    bounds = sorted({0, len(old), *(cut for cut in cuts if cut < len(old))})
    path = Path(tmp_path_factory.mktemp("tile")) / "p.db"
    with Project.create(path) as project:
        passages = [Passage(document_id="T", start=a, end=b, section=f"s{a}") for a, b in itertools.pairwise(bounds)]
        project.documents.add([Document(id="T", text=old)], passages)
        project.documents.replace_text("editor", "T", new)
        moved = project.documents.passages("T")
        assert [p.section for p in moved] == [p.section for p in passages]
        # Text inserted before the first or after the last stays outside, as at any passage's outer edge.
        assert moved[0].start >= 0 and moved[-1].end <= len(new)
        assert all(a.end == b.start for a, b in itertools.pairwise(moved))
        project.history.undo("editor")
        assert [(p.start, p.end) for p in project.documents.passages("T")] == [(p.start, p.end) for p in passages]


@SETTINGS
@given(
    st.lists(st.sampled_from(["we", "paid", "the", "bribe", "Pyongyang", "camp"]), min_size=100, max_size=400),
    st.lists(st.tuples(st.integers(0, 2_000), st.integers(0, 12), st.sampled_from(["", "x", "the camp "])), max_size=6),
)
def test_long_units_without_sentence_ends_are_diffed_exactly(words, edits) -> None:
    old = " ".join(words)  # one unit longer than _LONG_UNIT: cut into pieces by content
    new = old
    for at, cut, inserted in edits:
        at = min(at, len(new))
        new = new[:at] + inserted + new[at + cut :]
    rebuilt = ""
    for tag, i1, i2, j1, j2 in diff_opcodes(old, new):
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        rebuilt += new[j1:j2]
    assert rebuilt == new
