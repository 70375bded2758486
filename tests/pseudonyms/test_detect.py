"""Detection: patterns, proper nouns not at a sentence's start, close spellings; review decides alike candidates at once."""

from __future__ import annotations

import time
from pathlib import Path

from annotator.domain.pseudonyms import Candidate, Identifier
from annotator.pseudonyms.detect import detect, patterns, proper_nouns
from annotator.storage import Project

REGISTER = [Identifier(1, "place", "Pyongyang", (), "[Town 1]", "automatic")]


def _texts(candidates: list[Candidate]) -> list[tuple[str, str]]:
    return [(candidate.source, candidate.text) for candidate in candidates]


def test_patterns_find_addresses_numbers_and_dates_but_not_ranges() -> None:
    text = (
        "Write to kim.jong@example.org or call +82 10 1234 5678; passport M12345678; see https://example.org/a?b=1 "
        "on 2012-08-01, the 7th of May 1988 or in March 1991. About 150-200 people, 2004-2005, 1,500,000 won."
    )
    assert _texts(patterns("A", text)) == [
        ("email", "kim.jong@example.org"),
        ("url", "https://example.org/a?b=1"),
        ("phone", "+82 10 1234 5678"),
        ("id-number", "M12345678"),
        ("date", "2012-08-01"),
        ("date", "7th of May 1988"),
        ("date", "March 1991"),
    ]


def test_proper_nouns_skip_sentence_starts_initials_and_i() -> None:
    text = "In Pyongyang I met Bak Nam-gi. Then we left. “Chengdu was far,” said Kim’s friend. We bought a T.V there."
    assert _texts(proper_nouns("A", text)) == [
        ("proper-noun", "Pyongyang"),
        ("proper-noun", "Bak Nam-gi"),
        ("proper-noun", "Kim"),
    ]


def test_close_spellings_of_a_register_form_are_marked_with_its_entry() -> None:
    found = detect("A", "We met Pyoungyangg people in Pyongyang and Seoul.", REGISTER)
    assert _texts(found) == [("fuzzy:1", "Pyoungyangg"), ("proper-noun", "Seoul")]  # Pyongyang is replaced already


def test_patterns_take_linear_time_on_hostile_input() -> None:
    hostile = ("a" * 60 + "@" + "b." * 30) * 2_000 + "1-" * 50_000 + "Aa " * 50_000
    started = time.perf_counter()
    detect("A", hostile, REGISTER)
    assert time.perf_counter() - started < 60  # generous: a catastrophic pattern would take hours


def test_review_decides_every_candidate_of_the_same_words_and_undoes(small_project: Path) -> None:
    with Project.open(small_project) as project:
        project.pseudonyms.add("lead", "Pyongyang", kind="place")
        project.pseudonyms.propose(
            "lead",
            lambda register: [
                Candidate("A", 0, 5, "Dandong", "proper-noun"),
                Candidate("B", 3, 8, "DANDONG", "proper-noun"),
                Candidate("A", 9, 20, "Pyoungyangg", "fuzzy:1"),
                Candidate("A", 30, 36, "Seoul", "proper-noun"),
            ],
        )
        assert project.pseudonyms.propose(
            "lead", lambda register: [Candidate("A", 0, 5, "Dandong", "proper-noun")]
        ) == (1, 0)
        dandong, fuzzy, seoul, _ = project.pseudonyms.candidates()  # by document, then offset
        decided = project.pseudonyms.review("lead", dandong.id, "accept", kind="place")
        assert [(c.status, c.entry) for c in decided] == [("accepted", 2), ("accepted", 2)]
        assert project.pseudonyms.get(2).replacement == "[Town 2]"
        project.pseudonyms.review("lead", fuzzy.id, "variant")  # the close spelling's entry by default
        assert project.pseudonyms.get(1).variants == ("Pyoungyangg",)
        project.pseudonyms.review("lead", seoul.id, "reject")
        assert project.pseudonyms.candidates(status="unreviewed") == []
        project.history.undo("lead")
        project.history.undo("lead")
        assert [c.text for c in project.pseudonyms.candidates(status="unreviewed")] == ["Pyoungyangg", "Seoul"]
        assert project.pseudonyms.get(1).variants == ()


def test_detect_and_review_from_the_command_line(project_db: Path, run_cli, tmp_path: Path) -> None:
    (tmp_path / "C.txt").write_text(
        "We met Bak Nam-gi in Chengdu on 7 May 2004.\n\nLater Bak Nam-gi left.\n", encoding="utf-8"
    )
    assert run_cli("import", "--db", "p.db", "C.txt").exit_code == 0
    listing = run_cli("pseudonyms", "detect", "--db", "p.db")
    assert listing.exit_code == 0, listing.stderr
    rows = [line.split("\t") for line in listing.stdout.splitlines()[1:]]
    assert [row[1:6] for row in rows] == [
        ["C", "7", "17", "proper-noun", "Bak Nam-gi"],
        ["C", "21", "28", "proper-noun", "Chengdu"],
        ["C", "32", "42", "date", "7 May 2004"],
        ["C", "51", "61", "proper-noun", "Bak Nam-gi"],
    ]
    result = run_cli("pseudonyms", "review", "--db", "p.db", rows[0][0], "accept", "--kind", "person")
    assert result.stdout == "accepted: 2 candidate(s) (register entry 1)\n"
    again = run_cli("pseudonyms", "detect", "--db", "p.db")
    assert [line.split("\t")[5] for line in again.stdout.splitlines()[1:]] == ["Chengdu", "7 May 2004"]
    assert again.stderr == "2 candidate(s) found, 0 new; 2 unreviewed\n"


def test_detect_logs_each_candidate_it_stores_and_undo_leaves_them(project_db: Path, run_cli, tmp_path: Path) -> None:
    """Proposing is a logged action (the audit trail names who proposed each candidate), not undone."""
    (tmp_path / "C.txt").write_text("We met Bak Nam-gi in Chengdu.\n", encoding="utf-8")
    assert run_cli("import", "--db", "p.db", "C.txt").exit_code == 0
    assert run_cli("pseudonyms", "detect", "--db", "p.db").exit_code == 0
    with Project.open(project_db) as project:
        stored = project.pseudonyms.candidates()
        events = [event for event in project.history.all_events() if event.kind == "pseudonym-propose"]
        assert sorted(event.entity_id for event in events) == sorted(str(candidate.id) for candidate in stored)
        assert {(event.coder, event.entity) for event in events} == {("tester", "pseudonym_candidate")}
        assert not project.history.can_undo("tester")
    assert run_cli("pseudonyms", "detect", "--db", "p.db").exit_code == 0  # nothing new: no new event
    with Project.open(project_db) as project:
        assert len([event for event in project.history.all_events() if event.kind == "pseudonym-propose"]) == 2


def test_detect_reads_titles_and_attribute_values(project_db: Path, run_cli) -> None:
    """A name said only in an attribute value (the bundled corpus's "Arab Emirates, Abu Dhabi") is proposed."""
    with Project.open(project_db) as project:
        project.documents.set_attributes("lead", "A", {"country": "Arab Emirates, Abu Dhabi"})
    listing = run_cli("pseudonyms", "detect", "--db", "p.db", "--document", "A")
    assert listing.exit_code == 0, listing.stderr
    rows = [line.split("\t") for line in listing.stdout.splitlines()[1:]]
    (row,) = [row for row in rows if row[5] == "Abu Dhabi"]
    assert row[1:5] == ["A (attribute:country)", "15", "24", "proper-noun"]
    assert row[6] == "Arab Emirates, Abu Dhabi"  # the context is the value's, not the text's
    with Project.open(project_db) as project:
        (candidate,) = [c for c in project.pseudonyms.candidates() if c.text == "Abu Dhabi"]
        assert candidate.field == "attribute:country"
        project.pseudonyms.review("lead", candidate.id, "accept", kind="place")
        assert [entry.original for entry in project.pseudonyms.all()] == ["Abu Dhabi"]
