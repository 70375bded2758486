"""The span totals the triggers keep (schema m004) always equal a count of the spans table."""

from __future__ import annotations

import random
from pathlib import Path

from annotator.storage import NewSpan, Project
from annotator.storage.check import check_database
from annotator.storage.summary import read_summary
from tests.support import SMALL_TEXTS

CODES = ["wage-deduction", "bribery", "surveillance", "informants"]


def counted(project: Project) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """Counts by (coder, document) and (coder, code), straight from the spans table."""
    by_document = {
        (c, d): n for c, d, n in project.db.execute("SELECT coder, document_id, count(*) FROM spans GROUP BY 1, 2")
    }
    by_code = {(c, k): n for c, k, n in project.db.execute("SELECT coder, code_id, count(*) FROM spans GROUP BY 1, 2")}
    return by_document, by_code


def kept(project: Project) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    by_document = {
        (c, d): n for c, d, n in project.db.execute("SELECT coder, document_id, spans FROM span_totals_by_document")
    }
    by_code = {(c, k): n for c, k, n in project.db.execute("SELECT coder, code_id, spans FROM span_totals_by_code")}
    return by_document, by_code


def test_totals_follow_every_kind_of_action(small_project: Path) -> None:
    rng = random.Random(20261202)
    with Project.open(small_project) as project:
        for _ in range(300):
            coder = rng.choice(["ann", "bob", "cho"])
            own = project.spans.select(coder=coder)
            move = rng.random()
            if move < 0.35 or not own:
                document = rng.choice(list(SMALL_TEXTS))
                start = rng.randrange(len(SMALL_TEXTS[document]) - 1)
                end = rng.randrange(start + 1, len(SMALL_TEXTS[document]) + 1)
                project.spans.add_many(coder, [NewSpan(document, rng.choice(CODES), start, end)])
            elif move < 0.5:
                project.spans.remove(coder, rng.choice(own).id)
            elif move < 0.65:
                project.spans.recode(coder, rng.choice(own).id, rng.choice(CODES))
            elif move < 0.85 and project.history.can_undo(coder):
                project.history.undo(coder)
            elif project.history.can_redo(coder):
                project.history.redo(coder)
            assert kept(project) == counted(project)
        by_code = counted(project)[1]
        assert project.counts.spans() == sum(by_code.values())
        assert project.counts.spans("ann") == sum(n for (c, _), n in by_code.items() if c == "ann")
        assert project.coders.with_spans() == sorted({c for c, _ in by_code})
        assert project.counts.by_document("bob") == {d: n for (c, d), n in counted(project)[0].items() if c == "bob"}
        assert project.counts.by_code(coder="cho") == {k: n for (c, k), n in by_code.items() if c == "cho"}
    summary = read_summary(small_project)
    assert summary.spans == sum(by_code.values())


def test_check_finds_totals_edited_by_hand_and_repair_recounts_them(small_project: Path, run_cli) -> None:
    with Project.open(small_project) as project:
        project.spans.add("ann", "A", "bribery", 0, 4)
        project.db.execute("UPDATE span_totals_by_code SET spans = 7")
        project.db.conn.commit()
    with Project.open(small_project, readonly=True) as project:
        faults = [str(fault) for fault in check_database(project.db)]
    assert faults == [
        "totals: span_totals_by_code ann / bribery: says 7 span(s), the spans table holds 1; "
        "rebuild with `annotator check --repair-totals`"
    ]
    assert run_cli("--db", small_project, "check").exit_code == 1
    repaired = run_cli("--db", small_project, "check", "--repair-totals")
    assert repaired.exit_code == 0 and "span totals recounted" in repaired.stdout


def test_a_read_only_handle_reads_one_snapshot_while_another_process_writes(small_project: Path) -> None:
    """`check` and every report read one moment: a write landing between two of its queries
    (here: between the count and the check) is not half seen, so no false "totals" fault."""
    with Project.open(small_project, readonly=True) as reader, Project.open(small_project) as writer:
        before = reader.counts.spans()
        writer.spans.add_many("ann", [NewSpan("A", "bribery", 0, 5)])
        assert writer.counts.spans() == before + 1
        assert reader.counts.spans() == before
        assert list(check_database(reader.db)) == []
    with Project.open(small_project, readonly=True) as later:
        assert later.counts.spans() == before + 1
