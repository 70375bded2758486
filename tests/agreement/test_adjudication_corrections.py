"""Adjudication decisions survive text corrections (and their undo and redo): issue 20.

A decision names its items by a key that hashes the segments' offsets, so a correction that
shifts the text used to leave every later item undecided although the consensus spans were there.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.agreement.adjudication import Adjudication, Item, build_items
from annotator.domain.models import Codebook, Document, Span
from annotator.storage import NewSpan, Project
from tests.support import SMALL_CODES, SMALL_TEXTS
from tests.support.hypothesis_profiles import examples

PREFIX = "Indeed, "  # inserted before a document's text: every item moves by its length
Listed = tuple[str, str, bool, str | None]


@pytest.fixture
def coded(small_project: Path) -> Path:
    """ann, bob and cy coded A and B (ann × bob: one agreed item, four disagreements)."""
    with Project.open(small_project) as project:
        for coder, doc, code, start, end in (
            ("ann", "A", "wage-deduction", 0, 36),
            ("bob", "A", "wage-deduction", 5, 36),  # boundaries differ
            ("ann", "A", "bribery", 38, 67),
            ("bob", "A", "bribery", 38, 67),  # agreed
            ("ann", "A", "surveillance", 69, 92),
            ("bob", "A", "informants", 69, 92),  # codes differ
            ("cy", "A", "bribery", 38, 50),
            ("bob", "B", "surveillance", 0, 28),  # only bob
            ("ann", "B", "wage-deduction", 30, 62),  # only ann
        ):
            project.spans.add(coder, doc, code, start, end)
    return small_project


CHOICES = ["b", "both", "neither", "a"]  # of the four disagreements, in listing order


@pytest.fixture
def decided(coded: Path) -> Path:
    """Every item of ann × bob decided into its consensus coder, through the library."""
    with Project.open(coded) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        items = adjudication.items()
        adjudication.accept_agreed(items)
        for item, choice in zip([item for item in items if not item.agreed], CHOICES):
            adjudication.decide(item, choice)
    return coded


def listed(project: Project, first: str = "ann", second: str = "bob", into: str | None = None) -> list[Listed]:
    """Each item as a reader sees it: document, text, agreed, decision (the offsets are what moves)."""
    adjudication = Adjudication(project, first, second, into=into, decided_by="x")
    decisions = adjudication.decisions()
    texts = {document.id: document.text for document in project.documents.all()}
    return [
        (item.document_id, texts[item.document_id][item.start : item.end], item.agreed, decisions.get(item.key))
        for item in adjudication.items()
    ]


def items(project: Project, first: str = "ann", second: str = "bob") -> list[Item]:
    return Adjudication(project, first, second, decided_by="x").items()


EXPECTED = [
    ("A", SMALL_TEXTS["A"][0:36], False, "b"),
    ("A", SMALL_TEXTS["A"][38:67], True, "agreed"),
    ("A", SMALL_TEXTS["A"][69:92], False, "both"),
    ("B", SMALL_TEXTS["B"][0:28], False, "neither"),
    ("B", SMALL_TEXTS["B"][30:62], False, "a"),
]


def test_a_shifting_correction_its_undo_and_redo_keep_every_decision(decided: Path) -> None:
    with Project.open(decided) as project:
        assert listed(project) == EXPECTED
        before = [item.start for item in items(project)]
        project.documents.replace_text("lead", "A", PREFIX + SMALL_TEXTS["A"])
        assert [item.start for item in items(project)] == [start + len(PREFIX) for start in before[:3]] + before[3:]
        assert listed(project) == EXPECTED
        project.history.undo("lead")
        assert [item.start for item in items(project)] == before and listed(project) == EXPECTED
        project.history.redo("lead")
        assert listed(project) == EXPECTED
    with Project.open(decided) as project:  # read again from the file, as another process would
        assert listed(project) == EXPECTED


def test_the_cli_listing_and_progress_stay_through_corrections_their_undo_and_redo(
    coded: Path, run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def listing() -> tuple[str, list[str | None]]:
        result = run_cli("adjudicate", "--coders", "ann,bob", "--db", coded)
        assert result.exit_code == 0, result.stderr
        return result.stdout.splitlines()[0], [record["decision"] for record in records()]

    def records() -> list[dict[str, Any]]:
        return json.loads(run_cli("adjudicate", "--coders", "ann,bob", "--format", "json", "--db", coded).stdout)

    keys = [record["key"] for record in records() if not record["agreed"]]
    decide = [arg for key, choice in zip(keys, CHOICES) for arg in ("--decide", f"{key}={choice}")]
    assert run_cli("adjudicate", "--coders", "ann,bob", "--accept-agreed", *decide, "--db", coded).exit_code == 0
    progress = "5 item(s): 1 agreed, 4 disagreement(s); 5 decided into 'consensus-ann-bob'"
    everything = (progress, ["b", "agreed", "both", "neither", "a"])
    assert listing() == everything
    corrected = tmp_path / "A.txt"
    corrected.write_text(PREFIX + SMALL_TEXTS["A"], encoding="utf-8")
    assert run_cli("documents", "replace", "A", corrected, "--db", coded).exit_code == 0
    assert listing() == everything
    editor = tmp_path / "editor.py"  # `documents edit` with an editor that puts a word in front
    editor.write_text(f"import sys, pathlib\np = pathlib.Path(sys.argv[1])\np.write_text({PREFIX!r} + p.read_text())\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    assert run_cli("documents", "edit", "B", "--db", coded).exit_code == 0
    assert listing() == everything and records()[3]["start"] == len(PREFIX)
    for step in ("undo", "undo", "redo", "redo"):
        assert run_cli(step, "--db", coded).stdout.startswith(step + "ne:")  # undone:, redone:
        assert listing() == everything
    # Deciding by the key the listing now shows still works, and replaces the carried decision.
    assert (
        run_cli("adjudicate", "--coders", "ann,bob", "--decide", f"{records()[0]['key']}=a", "--db", coded).exit_code
        == 0
    )
    assert listing() == (progress, ["a", "agreed", "both", "neither", "a"])


def test_a_correction_back_keeps_the_decisions_made_in_between(decided: Path) -> None:
    """A correction restoring the old text (what undoing a correction does once it is a correction
    itself) carries back the decisions made meanwhile: the latest decision of an item counts."""
    with Project.open(decided) as project:
        project.documents.replace_text("lead", "A", PREFIX + SMALL_TEXTS["A"])
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        adjudication.decide(items(project)[0], "a")  # was b, before the correction
        project.documents.replace_text("lead", "A", SMALL_TEXTS["A"])
        redecided = [("A", SMALL_TEXTS["A"][0:36], False, "a"), *EXPECTED[1:]]
        assert listed(project) == redecided
        project.documents.replace_text("lead", "A", PREFIX + SMALL_TEXTS["A"])
        assert listed(project) == redecided


def test_an_edit_inside_decided_items_keeps_them_decided(decided: Path) -> None:
    """The items' own text changes (a word inserted, one coder's boundary cut): their spans were carried."""
    text = SMALL_TEXTS["A"].replace("took ", "").replace("a bribe", "a large bribe")
    with Project.open(decided) as project:
        project.documents.replace_text("lead", "A", text)
        assert [decision for *_, decision in listed(project)] == ["b", "agreed", "both", "neither", "a"]
        assert listed(project)[1] == ("A", "We paid a large bribe to be chosen.", True, "agreed")


def test_decisions_of_several_pairs_and_consensus_coders_on_one_document(decided: Path) -> None:
    with Project.open(decided) as project:
        for first, second, into in (("ann", "cy", None), ("bob", "cy", "final"), ("ann", "cy", "final")):
            adjudication = Adjudication(project, first, second, into=into, decided_by="lead")
            for item in adjudication.items():
                if item.key not in adjudication.decisions():
                    adjudication.decide(item, "a")
        pairs = [("ann", "bob", None), ("ann", "cy", None), ("bob", "cy", "final"), ("ann", "cy", "final")]
        shown = {pair: listed(project, *pair) for pair in pairs}
        assert all(decision is not None for rows in shown.values() for *_, decision in rows)
        reused = Adjudication(project, "ann", "cy", into="final", decided_by="x").reused_decisions()
        project.documents.replace_text("lead", "A", PREFIX + SMALL_TEXTS["A"])
        project.documents.replace_text("lead", "B", PREFIX + SMALL_TEXTS["B"])
        assert {pair: listed(project, *pair) for pair in pairs} == shown
        assert Adjudication(project, "ann", "cy", into="final", decided_by="x").reused_decisions() == reused


def test_a_decision_is_undone_and_redone_across_a_correction(decided: Path) -> None:
    with Project.open(decided) as project:
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        adjudication.undo()  # B 30-62 'a' (ann's span only)
        adjudication.undo()  # B 0-28 'neither' (no span: its undo needs no row)
        project.documents.replace_text("lead", "B", PREFIX + SMALL_TEXTS["B"])
        assert [decision for *_, decision in listed(project)] == ["b", "agreed", "both", None, None]
        adjudication.redo()  # a decision made before the correction, redone after it
        assert [decision for *_, decision in listed(project)] == ["b", "agreed", "both", "neither", None]
        adjudication.undo()
        assert [decision for *_, decision in listed(project)] == ["b", "agreed", "both", None, None]
        adjudication.decide(items(project)[4], "b")  # a decision of the moved item, then its undo
        assert [decision for *_, decision in listed(project)] == ["b", "agreed", "both", None, "b"]
        adjudication.undo()
        assert [decision for *_, decision in listed(project)] == ["b", "agreed", "both", None, None]


def test_a_correction_of_an_older_project_finds_its_decisions_by_an_index(decided: Path) -> None:
    """Decisions made before the index existed count; the correction reads them without scanning the log."""
    conn = sqlite3.connect(decided)
    with conn:
        conn.execute("DROP INDEX IF EXISTS events_decide")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_decisions'")
        conn.execute("PRAGMA user_version = 4")
    conn.close()
    with Project.open(decided) as project:  # migrated as it opens
        statements: list[str] = []
        project.db.conn.set_trace_callback(statements.append)
        project.documents.replace_text("lead", "A", PREFIX + SMALL_TEXTS["A"])
        project.db.conn.set_trace_callback(None)
        reads = [sql for sql in statements if "FROM events" in sql and sql.lstrip().upper().startswith("SELECT")]
        plans = [str(project.db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()) for sql in reads]
        assert any("events_decide" in plan for plan in plans)
        assert not any("SCAN events" in plan and "USING" not in plan for plan in plans)
        assert listed(project) == EXPECTED


def test_item_keys_are_those_decisions_recorded_before() -> None:
    """Decisions of older projects name their items by these keys (computed by annotator cfc705b)."""
    first = [Span("1", "A", "bribery", "a", 0, 10, ""), Span("2", "A", "wage", "a", 5, 12, "")]
    assert [item.key for item in build_items("A", first, [Span("3", "A", "bribery", "b", 8, 20, "")])] == [
        "b7d16fa6d271"
    ]


def test_an_item_joined_by_a_correction_is_decided_when_every_part_was() -> None:
    from annotator.agreement.adjudication import Decision, decisions_in_effect  # new with issue 20
    from annotator.storage.decision_keys import Carried

    pair = ("ann", "bob")
    a, b, c = Decision("a", pair, 1), Decision("b", pair, 2), Decision("a", pair, 3)
    direct = {"k0": [a], "k1": [b], "k2": [c]}

    def effect(history: list[list[tuple[str, int, int]]], key: str = "j", given=direct) -> Decision | None:
        return decisions_in_effect(given, {key: Carried(history, 10)}).get(key)

    assert effect([[("k0", 0, 10)], [("k1", 0, 10)]]) == Decision("edit", pair, 2)  # joined, decided differently
    assert effect([[("k0", 0, 10)], [("k2", 0, 10)]]) == c
    assert effect([[("k0", 0, 10)], []]) is None  # a part never decided
    assert effect([[("k0", 0, 10), ("k1", 0, 10)]]) == b  # one item decided under two keys: the latest
    assert "k0" not in decisions_in_effect(direct, {"j": Carried([[("k0", 0, 10)]], 10)})  # no longer an item
    assert effect([[("k1", 0, 10)]], given={**direct, "j": [Decision("neither", pair, 11)]}).choice == "neither"
    # A key that was another item's before the correction: its decisions then are not this item's,
    # nor are those made under a history's key for another item after it.
    assert effect([[("k1", 0, 10)]], key="k0") == b
    assert effect([[("k0", 0, 10)]], given={**direct, "k0": [a, Decision("b", pair, 5)]}) == Decision("b", pair, 5)
    assert effect([[("k0", 0, 4)]], given={**direct, "k0": [a, Decision("b", pair, 5)]}) == a


def test_an_item_moved_onto_where_another_decided_item_was_keeps_its_own_decision(small_project: Path) -> None:
    """Its key (document and segments) is the other item's old key; each item keeps its decision."""
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "bribery", 10, 12)
        project.spans.add("ann", "A", "bribery", 20, 22)
        project.spans.add("bob", "A", "bribery", 80, 90)
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        first, second, third = adjudication.items()
        for item, choice in ((first, "a"), (second, "neither"), (third, "b")):
            adjudication.decide(item, choice)
        project.documents.replace_text("lead", "A", SMALL_TEXTS["A"][10:])  # every item moves back by 10
        moved = adjudication.items()
        assert moved[1].key == first.key and [item.start for item in moved] == [0, 10, 70]
        decisions = adjudication.decisions()
        assert [decisions.get(item.key) for item in moved] == ["a", "neither", "b"]


def _item_of(found: list[Item], span: Span) -> Item:
    return next(item for item in found if item.start <= span.start < item.end)


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=561332)  # `make fuzz`: an undo mapped an untouched span next to the edit one character off
@example(seed=858)  # `make fuzz`: an undo mapped decision keys the correction had left alone
@example(seed=6940)  # `make fuzz`: a decision made after a correction under a key an older item once had
def test_random_corrections_keep_decided_items_decided(seed: int) -> None:
    """Random spans, some items decided, random edits: an item is decided after a correction exactly
    when every item its spans came from was, with their choice ('edit' when they differ), or, with the
    segments of one of those, as that one was; undo and redo give back each listing."""
    rng = random.Random(seed)
    text = SMALL_TEXTS["A"] * 3
    with tempfile.TemporaryDirectory() as folder, Project.create(Path(folder) / "p.db") as project:
        project.documents.add([Document(id="A", title="A", text=text)])
        project.codes.add_codebook(Codebook(name="small", codes=SMALL_CODES))
        new = []
        for coder in ("ann", "bob"):
            for _ in range(rng.randint(1, 8)):
                start = rng.randrange(len(text) - 1)
                end = min(len(text), start + rng.randint(1, 40))
                new.append(NewSpan("A", rng.choice(["bribery", "wage-deduction"]), start, end))
            project.spans.add_many(coder, new)
            new = []
        adjudication = Adjudication(project, "ann", "bob", decided_by="lead")
        for item in adjudication.items():
            if rng.random() < 0.7:
                adjudication.decide(item, rng.choice(["a", "b", "both", "neither"]))
        for _ in range(4):
            now = adjudication.items()
            for item in rng.sample(now, k=min(2, len(now))):  # deciding between corrections too
                adjudication.decide(item, rng.choice(["a", "b", "both", "neither"]))
            decisions = adjudication.decisions()
            spans = project.spans.select(document_id="A", coder="ann") + project.spans.select(
                document_id="A", coder="bob"
            )
            found = adjudication.items()
            key_of = {span.id: _item_of(found, span).key for span in spans}
            shown = listed(project)
            text = _random_edit(rng, project.documents.get("A").text)
            project.documents.replace_text("lead", "A", text)
            after = adjudication.decisions()
            spans_now = project.spans.select(document_id="A", coder="ann") + project.spans.select(
                document_id="A", coder="bob"
            )
            found_now = adjudication.items()
            sources: dict[str, set[str]] = {item.key: set() for item in found_now}
            for span in spans_now:
                sources[_item_of(found_now, span).key].add(key_of[span.id])
            for item in found_now:
                if item.key in sources[item.key]:  # the segments of an item it took spans from: that item
                    expected = decisions.get(item.key)
                else:
                    choices = {decisions.get(key) for key in sources[item.key]}
                    expected = None if None in choices else (choices.pop() if len(choices) == 1 else "edit")
                assert after.get(item.key) == expected
            moved = listed(project)
            project.history.undo("lead")
            assert listed(project) == shown
            project.history.redo("lead")
            assert listed(project) == moved


def _random_edit(rng: random.Random, text: str) -> str:
    """Text with one to three random insertions, deletions or replacements: changed, never emptied."""
    edited = text
    while edited == text:
        for _ in range(rng.randint(1, 3)):
            start = rng.randrange(len(edited))
            end = min(len(edited), start + rng.randint(0, 15))
            inserted = rng.choice(["", "so ", "very large ", " ", "X"])
            if len(edited) - (end - start) + len(inserted) > 10:
                edited = edited[:start] + inserted + edited[end:]
    return edited
