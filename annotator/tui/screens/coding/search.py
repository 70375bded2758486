"""The coding screen's search: ask for a term, step through its hits, code every hit in a worker."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.worker import Worker

from annotator.coding.search import SearchTerms
from annotator.coding.session import code_ranges
from annotator.storage import Action
from annotator.tui.dialogs.search import SearchPrompt
from annotator.tui.errors import report_worker_failure
from annotator.tui.screens.coding.view import CodingView


class SearchActions(CodingView):
    """Search keys (the hits and which one is next come from the coding core)."""

    @dataclass
    class HitsCoded(Message):
        """A worker committed the coding of every search hit."""

        action: Action
        code_id: str

    def action_search(self) -> None:
        """Ask for a search term (and how it matches) and select its first hit after the cursor."""

        def search(terms: SearchTerms | None) -> None:
            self.transcript.focus()
            if terms is None:
                return
            self.open.run_search(terms)
            self._show_search()
            if terms.query and not self.hits:
                self.notify(f"{terms.describe()} is not in this testimony.", severity="warning")
            elif self.hits:
                self.action_next_hit(1, from_cursor=True)

        self.app.push_screen(SearchPrompt(self.open.search.terms, turns=bool(self.open.turns)), search)

    def _show_search(self) -> None:
        self.transcript.set_hits(self.hits)
        self.hit_count = len(self.hits)
        self._update_status()

    def action_next_hit(self, direction: int, from_cursor: bool = False) -> None:
        """Select the next (1) or previous (-1) search hit, wrapping around."""
        start, _ = self.transcript.selected_range()
        search = self.open.search
        hit = search.first_from(start) if from_cursor else search.next_hit(start, direction)
        if hit is not None:
            self.transcript.select_range(*hit, center=True)

    def action_code_hits(self) -> None:
        """Code every hit of the search with one code, in a worker, as one undoable action."""
        if not self.hits or self.document_id is None:
            return
        hits, document_id = self.open.hit_ranges(), self.document_id
        terms = self.open.search.terms
        widened = f" (each widened to its {terms.widen}: {len(hits)} spans)" if terms.widen else ""
        title = f"Code all {len(self.hits)} hits of {terms.describe()}{widened} with…"

        def code_all(code_id: str) -> None:
            if self.document_id != document_id:
                return
            # Hits already inside the coder's span of that code would only be duplicates.
            fresh = [hit for hit in hits if self.open.already_coded(code_id, *hit) is None]
            if len(fresh) < len(hits):
                skipped = len(hits) - len(fresh)
                name = self.session.code_name(code_id)
                self.notify(
                    f"Already coded {name}: {skipped} hit{'' if skipped == 1 else 's'} inside your spans; "
                    f"{'nothing added' if not fresh else 'coding the others'}.",
                    severity="warning",
                )
            if fresh:
                self.transcript.border_subtitle = f"coding {len(fresh)} hits…"
                self._code_hits(document_id, code_id, fresh)

        self.app.push_screen(self._code_picker(title), self._with_picked(code_all))

    @work(thread=True, group="code-hits", exit_on_error=False)
    def _code_hits(self, document_id: str, code_id: str, hits: list[tuple[int, int]]) -> None:
        action = code_ranges(self.session.db_path, self.session.coder, document_id, code_id, hits)
        self.post_message(self.HitsCoded(action, code_id))

    @on(HitsCoded)
    def _hits_coded(self, event: HitsCoded) -> None:
        self.transcript.border_subtitle = ""
        self._show_action(self.session.count(event.action))
        count = len(event.action.changes)
        self.notify(
            f"Coded {count} hit{'' if count == 1 else 's'} with {self.session.code_name(event.code_id)}; ctrl+z undoes them all."
        )

    def other_worker_failed(self, worker: Worker[object]) -> None:
        """Coding the hits failed."""
        self.transcript.border_subtitle = ""
        report_worker_failure(self, "Coding the hits", worker.error)
