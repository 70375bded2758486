"""A stateful test: any run of add, remove, undo and redo keeps the counts equal to a recount from
storage, and undoing everything returns the project to where it started."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from annotator.coding.session import CodingSession, read_document
from annotator.coding.testimony import OpenTestimony
from annotator.domain.models import Codebook, Document
from annotator.storage import Project
from tests.support.coding import CODER, CODES, TEXT_A, TEXT_U, recount

TEXTS = {"A": TEXT_A, "U": TEXT_U}


class CodingHistory(RuleBasedStateMachine):
    """The coder codes and uncodes two testimonies (A on screen), undoing and redoing at will."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = tempfile.TemporaryDirectory()
        self.project = Project.create(Path(self.directory.name) / "machine.db", name="machine")
        self.project.documents.add([Document(id=key, title=key, text=text) for key, text in TEXTS.items()])
        self.project.codes.add_codebook(Codebook(name="machine", codes=CODES))
        self.session = CodingSession(self.project, CODER)
        self.shown = OpenTestimony(read_document(self.project, CODER, "A", False), CODER)
        self.start = self._snapshot()
        self.done_actions = 0  # actions in effect (added, removed or redone, not undone)

    def _snapshot(self) -> list[tuple[str, str, int, int]]:
        return sorted((s.document_id, s.code_id, s.start, s.end) for s in self.project.spans.select())

    @rule(
        document=st.sampled_from(sorted(TEXTS)),
        code=st.sampled_from([code.id for code in CODES]),
        start=st.integers(0, 60),
        length=st.integers(1, 20),
    )
    def add(self, document: str, code: str, start: int, length: int) -> None:
        text_length = len(TEXTS[document])
        start = min(start, text_length - 1)
        end = min(start + length, text_length)
        self.shown.apply(self.session.add_span(document, code, start, end))
        self.done_actions += 1

    @precondition(lambda self: self.project.spans.select(coder=CODER))
    @rule(pick=st.integers(0, 1000))
    def remove(self, pick: int) -> None:
        spans = sorted(self.project.spans.select(coder=CODER), key=lambda span: span.id)
        self.shown.apply(self.session.remove_span(spans[pick % len(spans)].id))
        self.done_actions += 1

    @rule()
    def undo(self) -> None:
        action = self.session.undo()
        assert (action is None) == (self.done_actions == 0)
        if action is not None:
            self.shown.apply(action)
            self.done_actions -= 1

    @rule()
    def redo(self) -> None:
        action = self.session.redo()
        if action is not None:
            self.shown.apply(action)
            self.done_actions += 1

    @invariant()
    def counts_equal_a_recount(self) -> None:
        per_document, per_code = recount(self.session, self.shown)
        assert +self.session.span_counts == per_document
        assert +self.shown.loaded.code_counts == per_code
        shown_spans = sorted(span.id for span in self.shown.loaded.spans)
        assert shown_spans == sorted(span.id for span in self.project.spans.select(document_id="A", coder=CODER))
        assert [span.id for span in self.shown.loaded.order.spans] == [
            span.id for span in sorted(self.shown.loaded.spans, key=lambda s: (s.start, s.end, s.coder, s.id))
        ]

    def teardown(self) -> None:
        try:
            while (action := self.session.undo()) is not None:
                self.shown.apply(action)
            assert self._snapshot() == self.start
            assert sum(self.session.span_counts.values()) == 0
            assert sum(self.shown.loaded.code_counts.values()) == 0
        finally:
            self.project.close()
            self.directory.cleanup()


CodingHistory.TestCase.settings = settings(derandomize=True, max_examples=20, stateful_step_count=20, deadline=None)
test_coding_history = CodingHistory.TestCase
