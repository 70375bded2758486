"""A simulated coding session on the bundled corpus, at library level: a coder accepts and rejects the
screen's suggestions testimony after testimony (as the coding screen's keys do, through the session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.coding.session import CodingSession
from annotator.domain.suggestions import Suggestion
from annotator.storage import Project
from annotator.suggestions.refresh import SuggestionMaker

CODER = "ann"  # a new coder, coding blind: their suggester learns from their own answers and the codebook
ORACLE = "report"  # the bundled reference coding stands in for what the coder thinks
TESTIMONIES = tuple("ABCDEFGHIJLMNOPQR")  # every testimony of the corpus with text, in order


def _wanted(oracle: set[tuple[str, str, int, int]], suggestion: Suggestion) -> bool:
    """Whether the reference coder coded any of the suggested passage with the suggested code."""
    return any(
        document == suggestion.document_id
        and code == suggestion.code_id
        and start < suggestion.end
        and suggestion.start < end
        for document, code, start, end in oracle
    )


def _undo_and_redo(project: Project, session: CodingSession, suggestion: Suggestion, *, accepted: bool) -> None:
    """Undo takes an answer back (the suggestion is offered again), redo gives it again."""
    spans, rejected = len(project.spans.select(coder=CODER)), project.suggestions.rejected(CODER)
    assert session.undo() is not None
    assert suggestion in project.suggestions.of(CODER, suggestion.document_id)
    if accepted:
        assert len(project.spans.select(coder=CODER)) == spans - 1
    else:
        assert project.suggestions.rejected(CODER) == rejected - {
            (suggestion.document_id, suggestion.start, suggestion.end, suggestion.code_id)
        }
    assert session.redo() is not None
    assert suggestion not in project.suggestions.of(CODER, suggestion.document_id)
    assert len(project.spans.select(coder=CODER)) == spans
    assert project.suggestions.rejected(CODER) == rejected


def _keys(suggestions: list[Suggestion]) -> dict[tuple[int, int, str], tuple[float, str]]:
    return {(s.start, s.end, s.code_id): (s.score, s.why) for s in suggestions}


def test_accepting_and_rejecting_testimony_after_testimony_teaches_the_suggester(bundled: Path) -> None:
    with Project.open(bundled) as project:
        oracle = {(s.document_id, s.code_id, s.start, s.end) for s in project.spans.select(coder=ORACLE)}
        session = CodingSession(project, CODER)
        maker = SuggestionMaker(bundled, CODER)
        accepted: list[tuple[str, int, int, str]] = []
        rejected: set[tuple[str, int, int, str]] = set()
        learned_whys = 0
        changed_by_learning = 0
        offered = 0
        by_hand: list[tuple[str, int, int, str]] = []
        for number, document_id in enumerate(TESTIMONIES):
            suggestions = maker.refresh(document_id)
            offered += len(suggestions)
            if number:
                # What a coder who has coded nothing would be offered here: the codebook rules alone.
                cold = SuggestionMaker(bundled, f"newcomer-{number}").refresh(document_id)
                changed_by_learning += _keys(cold) != _keys(suggestions)
            learned_whys += sum(s.why.startswith("learned") for s in suggestions)
            for suggestion in suggestions:
                where = (document_id, suggestion.start, suggestion.end, suggestion.code_id)
                if _wanted(oracle, suggestion):
                    action = session.accept_suggestion(suggestion.id)
                    # One span, the accepting coder's, exactly the suggested passage and code.
                    [(before, after)] = action.changes
                    assert before is None and after is not None
                    assert (after.coder, after.document_id, after.start, after.end, after.code_id) == (CODER, *where)
                    [event] = project.history.events(batch=action.batch)
                    assert event.detail["suggestion"] == suggestion.id
                    assert event.detail["score"] == pytest.approx(suggestion.score, abs=1e-4)
                    assert event.detail["suggester"] == suggestion.suggester
                    accepted.append(where)
                else:
                    action = session.reject_suggestion(suggestion.id)
                    assert not action.changes  # nothing coded
                    rejected.add(where)
                if len(accepted) + len(rejected) <= 2 or suggestion is suggestions[-1]:
                    _undo_and_redo(project, session, suggestion, accepted=where in accepted)
            # What no suggestion offered, the coder codes by hand; then marks the testimony done (`d`).
            for document, code_id, start, end in sorted(oracle):
                taken = any(a[0] == document and a[3] == code_id and a[1] < end and start < a[2] for a in accepted)
                if document == document_id and not taken:
                    session.add_span(document_id, code_id, start, end)
                    by_hand.append((document_id, start, end, code_id))
            session.set_done(document_id, True)
            # Every answer stays: each accept a span of the coder, each reject remembered and never offered again.
            spans = project.spans.select(coder=CODER)
            assert sorted((s.document_id, s.start, s.end, s.code_id) for s in spans) == sorted(accepted + by_hand)
            assert project.suggestions.rejected(CODER) == rejected
            again = {(document_id, *key) for key in _keys(maker.refresh(document_id))}
            assert not again & rejected
            assert not again & set(accepted)
        assert offered and accepted and rejected
        # Later testimonies' suggestions differ from what a coder who taught nothing is offered (codes the
        # coder never uses fall silent, learned models join the rules), and some say they were learned.
        assert changed_by_learning >= len(TESTIMONIES) // 4
        assert learned_whys >= 1
        # The reference coding the answers came from is as it was.
        assert {(s.document_id, s.code_id, s.start, s.end) for s in project.spans.select(coder=ORACLE)} == oracle
