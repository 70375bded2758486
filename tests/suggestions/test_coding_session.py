"""A simulated coding session: a coder accepts and rejects suggestions testimony after testimony; each
accept is one span of theirs, each reject is remembered, undo works, and what is learned changes the
next testimony's suggestions. Blind coding: a coder's suggester learns from their own spans only."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project
from annotator.suggestions.from_project import CoderSuggester, make_suggestions

PAY = "The company kept most of our pay every month."
GUARD = "A guard followed us whenever we went to the market."
FOOD = "We ate rice and cabbage soup."
NAMED = "Everyone spoke of the wage deduction."
WATCHED = "A guard watched the gate day and night."
TEXTS = {
    "D1": f"{NAMED}\n\n{GUARD}\n\n{FOOD}",
    "D2": f"They kept our pay for the state.\n\n{FOOD}\n\n{WATCHED}",
    "D3": f"{FOOD}\n\nOur pay was kept by the company again.\n\n{GUARD}",
    "D4": f"{PAY}\n\n{FOOD}",
}
CODES = (
    Code(id="wage-deduction", name="Wage deduction"),
    Code(id="surveillance", name="Surveillance", include="Watching the workers: informants, cameras."),
    Code(id="food", name="Food"),
)


def _project(path: Path) -> Path:
    with Project.create(path) as project:
        project.documents.add([Document(id=doc, title=doc, text=text) for doc, text in TEXTS.items()])
        project.codes.add_codebook(Codebook(name="session", codes=CODES))
    return path


def _offered(project: Project, coder: str, doc: str) -> dict[tuple[str, str], str]:
    """(unit text, code) -> suggestion id of the coder's open suggestions in a document, made afresh."""
    text = TEXTS[doc]
    found = make_suggestions(project, coder, [doc])[doc]
    return {(text[s.start : s.end], s.code_id): s.id for s in found}


def test_a_coding_session_accepts_rejects_undoes_and_learns(tmp_path: Path) -> None:
    with Project.open(_project(tmp_path / "p.db")) as project:
        # Before anything is coded: the codebook alone speaks (the name of a code, word for word).
        first = _offered(project, "ann", "D1")
        assert set(first) == {(NAMED, "wage-deduction")}
        assert ("Our pay was kept by the company again.", "wage-deduction") not in _offered(project, "ann", "D3")
        project.suggestions.accept("ann", first[NAMED, "wage-deduction"])
        project.spans.add("ann", "D1", "surveillance", TEXTS["D1"].index(GUARD), TEXTS["D1"].index(GUARD) + len(GUARD))
        project.coders.set_done("ann", "D1")

        # The second testimony: the coder codes what the suggester could not know yet.
        second = _offered(project, "ann", "D2")
        assert all(code != "wage-deduction" for _, code in second)
        project.spans.add("ann", "D2", "wage-deduction", 0, len("They kept our pay for the state."))
        watched = TEXTS["D2"].index(WATCHED)
        project.spans.add("ann", "D2", "surveillance", watched, watched + len(WATCHED))
        project.coders.set_done("ann", "D2")

        # The third: what ann coded is learned; the pay paragraph is now proposed, with the words why.
        third = make_suggestions(project, "ann", ["D3"])["D3"]
        pay = [s for s in third if s.code_id == "wage-deduction"]
        assert [TEXTS["D3"][s.start : s.end] for s in pay] == ["Our pay was kept by the company again."]
        assert pay[0].why.startswith("learned words: ") and "pay" in pay[0].why
        guard = [s for s in third if s.code_id == "surveillance"]
        assert [TEXTS["D3"][s.start : s.end] for s in guard] == [GUARD]
        project.suggestions.accept("ann", pay[0].id)
        project.suggestions.reject("ann", guard[0].id)

        spans = project.spans.select(coder="ann")
        assert len(spans) == 5 and {span.coder for span in spans} == {"ann"}
        accepted = [event for event in project.history.events(coder="ann") if "suggestion" in event.detail]
        assert len(accepted) == 3 and [e.kind for e in accepted] == ["add", "add", "suggestion-reject"]
        # The rejection is remembered: the same unit and code are never proposed again ...
        assert (GUARD, "surveillance") not in _offered(project, "ann", "D3")
        # ... until it is undone; undoing the accept takes its span away and brings the suggestion back.
        project.history.undo("ann")
        assert (GUARD, "surveillance") in _offered(project, "ann", "D3")
        project.history.undo("ann")
        assert len(project.spans.select(coder="ann")) == 4
        assert ("Our pay was kept by the company again.", "wage-deduction") in _offered(project, "ann", "D3")


def test_blind_coding_learns_from_the_coders_own_spans_only(tmp_path: Path) -> None:
    with Project.open(_project(tmp_path / "p.db")) as project:
        before = CoderSuggester(project, "ann").suggest("D4", 0.3)
        for doc in ("D1", "D2", "D3"):  # bob codes every pay and food paragraph
            for start, end in ((0, TEXTS[doc].index("\n")),):
                project.spans.add("bob", doc, "food", start, end)
        for doc, sentence in (
            ("D2", "They kept our pay for the state."),
            ("D3", "Our pay was kept by the company again."),
        ):
            start = TEXTS[doc].index(sentence)
            project.spans.add("bob", doc, "wage-deduction", start, start + len(sentence))
        assert CoderSuggester(project, "ann").suggest("D4", 0.3) == before
        learned = CoderSuggester(project, "ann", learn_from="bob").suggest("D4", 0.3)
        assert learned != before
