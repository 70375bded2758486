"""Correcting testimony A of the bundled corpus: a spelling fix, a sentence deleted in a span, one inserted between two."""

from __future__ import annotations

from pathlib import Path

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.from_project import project_span_data
from annotator.exchange.new_project import init_project
from annotator.storage import NewSpan, Project

ROOT = Path(__file__).resolve().parents[2]
DELETED = "It is the same when we are coming back. "
INSERTED = "\nThe interviewer paused the recording here.\n"
UNTOUCHED_CODES = ("wage-deduction", "working-hours", "living-conditions", "contracts")


def _figures(project: Project) -> dict:
    options = SpanOptions(coders=["ana", "report"], documents=["A"], all_documents=True, per_document=False)
    return span_report(project_span_data(project, False), options).as_json()["codes"]


def test_testimony_a_corrected(tmp_path: Path) -> None:
    project = init_project(
        tmp_path / "p.db",
        ROOT / "corpora/nk-overseas-workers",
        ROOT / "codebooks/nk-overseas-labour.yaml",
        coder="report",
    )
    with project:
        old = project.documents.get("A").text
        skill = old.index("After this you had to have some sort of skill.")
        wage, hours = old.index("“Our monthly wage"), old.index("“I work on construction")
        project.spans.add_many(
            "ana",
            [
                NewSpan("A", "social-background", skill, skill + len("After this you had to have some sort of skill.")),
                NewSpan("A", "recruitment", old.index("After being selected"), old.index("We must stay in there")),
                NewSpan("A", "wage-deduction", wage, old.index("”", wage) + 1),
                NewSpan("A", "working-hours", hours + 2, old.index("”", hours) + 1),
            ],
        )
        before = {span.id: span for span in project.spans.select(document_id="A")}
        figures_before = _figures(project)
        old_sections = [old[p.start : p.end] for p in project.documents.passages("A")]
        assert "Pyoungyang" in old and DELETED in old
        gap = old.index("\n\n", wage)  # between the wage-deduction and working-hours spans
        new = old.replace("Pyoungyang", "Pyongyang").replace(DELETED, "")
        new_gap = new.index("\n\n", new.index("“Our monthly wage"))
        new = new[: new_gap + 1] + INSERTED + new[new_gap + 1 :]
        assert gap > 0
        result = project.documents.replace_text("report", "A", new)

        after = {span.id: span for span in project.spans.select(document_id="A")}
        assert set(after) == set(before)
        for span in after.values():
            assert span.text == new[span.start : span.end]
        by = {(s.coder, s.code_id): s for s in after.values()}
        # The report's first two sections were cut into: corrected text, on the review list.
        assert by[("report", "social-background")].text == before_text(before, "report", "social-background").replace(
            "Pyoungyang", "Pyongyang"
        )
        assert by[("report", "recruitment")].text == before_text(before, "report", "recruitment").replace(DELETED, "")
        flagged = {(item["coder"], item["code"]) for item in result.review if item["entity"] == "span"}
        assert flagged == {("report", "social-background"), ("report", "recruitment"), ("ana", "recruitment")}
        # Everything else keeps its quote exactly; the second coder's untouched sentence moves by one.
        for key, span in by.items():
            if key not in flagged:
                assert span.text == before_text(before, *key)
        assert by[("ana", "social-background")].start == skill - 1
        # Report sections (passages) still tile the paragraphs; the inserted sentence is in none.
        sections = project.documents.passages("A")
        assert [new[p.start : p.end] for p in sections][2:] == old_sections[2:]
        assert INSERTED.strip() not in "".join(new[p.start : p.end] for p in sections)
        figures_after = _figures(project)
        for code in UNTOUCHED_CODES:
            assert figures_after[code]["segments"] == figures_before[code]["segments"]
        # Where both coders agree exactly, every coefficient stays; only the number of units grew.
        counts = ("units", "pairable_units", "prevalence")
        assert {k: v for k, v in figures_after["wage-deduction"].items() if k not in counts} == {
            k: v for k, v in figures_before["wage-deduction"].items() if k not in counts
        }

        project.history.undo("report")
        assert project.documents.get("A").text == old
        assert {s.id: (s.start, s.end, s.text) for s in project.spans.select(document_id="A")} == {
            s.id: (s.start, s.end, s.text) for s in before.values()
        }


def before_text(spans: dict, coder: str, code: str) -> str:
    return next(s.text for s in spans.values() if s.coder == coder and s.code_id == code)
