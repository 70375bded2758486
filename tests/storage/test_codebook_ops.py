"""Codebook operations: each one action, undone and redone also after a restart, refusals changing nothing."""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.models import Codebook, Document
from annotator.storage import Project
from annotator.storage.code_changes import code_states
from tests.support import SMALL_CODES, SMALL_TEXTS, database_fingerprint
from tests.support.hypothesis_profiles import examples


def _state(path: Path) -> dict[str, Any]:
    """Everything a codebook operation may change: code rows, spans (without update times), the to-recode list."""
    with Project.open(path) as project:
        return {
            "codes": code_states(project.db),
            "spans": sorted((span.state() for span in project.spans.select()), key=lambda state: state["id"]),
            "to_recode": project.meta("to_recode"),
        }


@pytest.fixture
def coded(small_project: Path) -> Path:
    """The small project with spans of two coders: ann's wage-deduction span touches her bribery span."""
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "wage-deduction", 0, 10, "first memo")
        project.spans.add("ann", "A", "bribery", 10, 20, "second memo")
        project.spans.add("ann", "B", "surveillance", 0, 6)
        project.spans.add("bob", "A", "bribery", 30, 40)
        project.spans.add("bob", "B", "informants", 5, 12)
    return small_project


def _round_trip(path: Path, operation: Callable[[Project], object]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run the operation, then undo and redo it each on a fresh connection (a restart); the states before and after."""
    before = _state(path)
    with Project.open(path) as project:
        operation(project)
    after = _state(path)
    assert after != before
    with Project.open(path) as project:
        assert project.history.undo("ann") is not None
    assert _state(path) == before
    with Project.open(path) as project:
        assert project.history.redo("ann") is not None
    assert _state(path) == after
    return before, after


def test_edit_renames_and_moves_a_key_taken_from_another_code(coded: Path) -> None:
    _, after = _round_trip(
        coded, lambda p: p.codes.edit("ann", "bribery", name="Bribes", key="1", colour="#ABCDEF", move_key=True)
    )
    assert after["codes"]["bribery"]["name"] == "Bribes"
    assert after["codes"]["bribery"]["key"] == "1" and after["codes"]["wage-deduction"]["key"] is None
    assert after["codes"]["bribery"]["colour"] == "#abcdef"


def test_edit_changes_the_texts_and_examples(coded: Path) -> None:
    examples_given = [{"quote": "We paid a bribe to be chosen.", "document": "A"}]
    _, after = _round_trip(
        coded,
        lambda p: p.codes.edit(
            "ann",
            "bribery",
            definition="Paying to be chosen.",
            include="gifts",
            exclude="wages",
            examples=examples_given,
        ),
    )
    assert json.loads(after["codes"]["bribery"]["examples"]) == examples_given
    assert after["codes"]["bribery"]["definition"] == "Paying to be chosen."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"key": "2"}, "key 2 is held by code 'bribery'"),
        ({"name": "BRIBERY"}, "already used by code 'bribery'"),
        ({"colour": "red"}, "colour"),
        ({"key": "x"}, "key"),
        ({"name": "Wage deduction"}, "nothing to change"),
    ],
)
def test_edit_refusals_name_the_code_and_change_nothing(coded: Path, fields: dict[str, str], message: str) -> None:
    fingerprint = database_fingerprint(coded)
    with Project.open(coded) as project, pytest.raises(InputError) as error:
        project.codes.edit("ann", "wage-deduction", **fields)
    assert message in str(error.value) and "'wage-deduction'" in str(error.value)
    assert "\n" not in str(error.value)
    assert database_fingerprint(coded) == fingerprint


def test_move_under_another_code_to_the_top_and_among_siblings(coded: Path) -> None:
    _, after = _round_trip(coded, lambda p: p.codes.move("ann", "bribery", "surveillance", index=0))
    assert after["codes"]["bribery"]["parent_id"] == "surveillance"
    order = list(after["codes"])
    assert order.index("surveillance") < order.index("bribery") < order.index("informants")
    _, after = _round_trip(coded, lambda p: p.codes.move("ann", "informants", None))
    assert after["codes"]["informants"]["parent_id"] is None


def test_a_move_making_a_cycle_is_refused(coded: Path) -> None:
    fingerprint = database_fingerprint(coded)
    with Project.open(coded) as project:
        for parent in ("informants", "surveillance"):
            with pytest.raises(InputError, match="'surveillance' cannot move under"):
                project.codes.move("ann", "surveillance", parent)
        with pytest.raises(InputError, match="no code 'nowhere'"):
            project.codes.move("ann", "surveillance", "nowhere")
    assert database_fingerprint(coded) == fingerprint


def test_merge_recodes_joins_touching_spans_keeps_memos_and_moves_children(coded: Path) -> None:
    _, after = _round_trip(coded, lambda p: p.codes.merge("ann", "wage-deduction", "bribery"))
    assert "wage-deduction" not in after["codes"]
    ann = [span for span in after["spans"] if span["coder"] == "ann" and span["document_id"] == "A"]
    assert [(span["code_id"], span["start"], span["end"], span["memo"]) for span in ann] == [
        ("bribery", 0, 20, "first memo\n\nsecond memo")
    ]
    assert ann[0]["text"] == SMALL_TEXTS["A"][0:20]
    bob = [span for span in after["spans"] if span["coder"] == "bob" and span["document_id"] == "A"]
    assert [(span["start"], span["end"]) for span in bob] == [(30, 40)]  # another coder's span is not joined
    _, after = _round_trip(coded, lambda p: p.codes.merge("ann", "surveillance", "bribery"))
    assert after["codes"]["informants"]["parent_id"] == "bribery"


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("bribery", "bribery", "cannot be merged into itself"),
        ("surveillance", "informants", "one of its own descendants"),
        ("bribery", "nothing", "no code 'nothing'"),
    ],
)
def test_merge_refusals(coded: Path, source: str, target: str, message: str) -> None:
    fingerprint = database_fingerprint(coded)
    with Project.open(coded) as project, pytest.raises(InputError, match=message):
        project.codes.merge("ann", source, target)
    assert database_fingerprint(coded) == fingerprint


def test_split_lists_the_spans_and_recoding_takes_them_off(coded: Path) -> None:
    _, after = _round_trip(coded, lambda p: p.codes.split("ann", "bribery", ["bribe-money", "bribe-gifts"]))
    assert after["codes"]["bribe-money"]["parent_id"] == "bribery"
    with Project.open(coded) as project:
        listed = project.codes.to_recode()
        assert {entry["span"] for entry in listed} == {span.id for span in project.spans.select(code_id="bribery")}
        assert all(entry["choices"] == ["bribe-money", "bribe-gifts"] for entry in listed)
        first = listed[0]["span"]
    _, after = _round_trip(coded, lambda p: p.codes.recode_listed("ann", first, "bribe-gifts"))
    with Project.open(coded) as project:
        assert project.spans.get(first).code_id == "bribe-gifts"
        assert [entry["span"] for entry in project.codes.to_recode()] == [entry["span"] for entry in listed[1:]]
        with pytest.raises(InputError, match="not on the to-recode list"):
            project.codes.recode_listed("ann", first, "bribe-money")
        with pytest.raises(InputError, match="'informants' already exists"):
            project.codes.split("ann", "bribery", ["informants"])


def test_delete_is_refused_while_spans_use_the_code(coded: Path) -> None:
    fingerprint = database_fingerprint(coded)
    with Project.open(coded) as project, pytest.raises(InputError, match="code 'bribery' is used by 2 span"):
        project.codes.delete("ann", "bribery")
    assert database_fingerprint(coded) == fingerprint


def test_delete_with_spans_and_with_recode_to(coded: Path) -> None:
    _, after = _round_trip(coded, lambda p: p.codes.delete("ann", "bribery", with_spans=True))
    assert "bribery" not in after["codes"] and all(span["code_id"] != "bribery" for span in after["spans"])
    with Project.open(coded) as project:
        project.history.undo("ann")
    _, after = _round_trip(coded, lambda p: p.codes.delete("ann", "surveillance", recode_to="bribery"))
    assert after["codes"]["informants"]["parent_id"] == "bribery"
    assert sum(span["code_id"] == "bribery" for span in after["spans"]) == 3


def test_an_unused_in_vivo_code_can_be_deleted(coded: Path) -> None:
    with Project.open(coded) as project:
        project.codes.create("Fear", coder="ann")
    _, after = _round_trip(coded, lambda p: p.codes.delete("ann", "fear"))
    assert "fear" not in after["codes"]


def test_undo_of_a_merge_is_refused_when_a_span_changed_since(coded: Path) -> None:
    with Project.open(coded) as project:
        project.codes.merge("ann", "informants", "surveillance")
        (span,) = project.spans.select(coder="bob", code_id="surveillance")
        project.spans.set_memo("bob", span.id, "later")
        with pytest.raises(AnnotatorError, match="cannot undo"):
            project.history.undo("ann")


# --- property: random code operations and span actions, with undos and redos, replay to the spans --


def _replayed(project: Project) -> tuple[dict[str, Any], dict[str, Any]]:
    """Spans and codes rebuilt from the event log alone: each row is its last event's `after`."""
    rows: dict[tuple[str, str], Any] = {}
    for event in project.history.events():
        if event.entity_id is not None:
            rows[(event.entity, event.entity_id)] = event.after
    spans = {key: state for (entity, key), state in rows.items() if entity == "span" and state is not None}
    codes = {key: state for (entity, key), state in rows.items() if entity == "code" and state is not None}
    return spans, codes


def _random_step(project: Project, rng: random.Random) -> None:
    coder = rng.choice(["ann", "bob"])
    codes = [code.id for code in project.codes.all()] or ["gone"]  # every code deleted: each step is refused
    spans = project.spans.select(coder=coder)
    choice = rng.randrange(11)
    code, other = rng.choice(codes), rng.choice(codes)
    if choice == 0:
        start = rng.randrange(30)
        project.spans.add(coder, rng.choice("AB"), code, start, start + rng.randrange(1, 20))
    elif choice == 1 and spans:
        project.spans.remove(coder, rng.choice(spans).id)
    elif choice == 2:
        project.codes.edit(
            coder, code, name=f"Name {rng.randrange(6)}", key=rng.choice([None, "1", "2"]), move_key=rng.random() < 0.5
        )
    elif choice == 3:
        project.codes.move(coder, code, rng.choice([None, other]), index=rng.choice([None, 0]))
    elif choice == 4:
        project.codes.merge(coder, code, other)
    elif choice == 5:
        project.codes.split(coder, code, [f"{code[:20]}-{rng.randrange(100)}"])
    elif choice == 6:
        project.codes.delete(coder, code, with_spans=rng.random() < 0.5)
    elif choice == 7 and project.codes.to_recode():
        project.codes.recode_listed(coder, rng.choice(project.codes.to_recode())["span"], other)
    elif choice == 8 and spans:
        project.spans.recode(coder, rng.choice(spans).id, code)
    elif choice == 9:
        project.history.undo(coder)
    else:
        project.history.redo(coder)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(5, 40))
def test_random_operations_with_undo_and_redo_replay_to_the_spans(seed: int, steps: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.db"
        with Project.create(path) as project:
            project.documents.add(
                [Document(id=doc_id, title=doc_id, text=text) for doc_id, text in SMALL_TEXTS.items()]
            )
            project.codes.add_codebook(Codebook(name="small", codes=SMALL_CODES))
            before = code_states(project.db)
            for _ in range(steps):
                logged = len(project.history.events())
                try:
                    _random_step(project, rng)
                except AnnotatorError:
                    # A refused operation (a cycle, a conflict, ...) logged and so changed nothing.
                    assert len(project.history.events()) == logged
            spans, codes = _replayed(project)
            assert {span.id: span.state() for span in project.spans.select()} == spans
            # Codes with no event keep their codebook state; every other code is its last event's.
            expected_codes = {
                **{key: state for key, state in before.items() if ("code", key) not in _touched(project)},
                **codes,
            }
            assert code_states(project.db) == expected_codes


def _touched(project: Project) -> set[tuple[str, str]]:
    return {(event.entity, event.entity_id) for event in project.history.events() if event.entity_id is not None}  # type: ignore[misc]


def test_blind_coding_hides_another_coders_in_vivo_codes(coded: Path) -> None:
    with Project.open(coded) as project:
        project.codes.create("Fear", coder="ann")
        project.codes.create("Hope", coder="bob")
        project.spans.add("bob", "A", "fear", 0, 4)
        visible = {coder: [code.id for code in project.codes.visible_to(coder)] for coder in ("ann", "bob", "cat")}
        every = [code.id for code in project.codes.visible_to("cat", show_others=True)]
    assert "fear" in visible["ann"] and "hope" not in visible["ann"]
    assert "hope" in visible["bob"] and "fear" in visible["bob"]  # bob's own span uses it
    assert "fear" not in visible["cat"] and "hope" not in visible["cat"] and "bribery" in visible["cat"]
    assert {"fear", "hope"} <= set(every)
