"""The coding screen's views across coders and testimonies: retrieval, agreement, compare view, adjudication."""

from __future__ import annotations

from annotator.tui.messages import Adjudicate, Jump
from annotator.tui.reporting import notify_errors
from annotator.tui.screens.coding_view import CodingView

# The screens these keys open (and the agreement code behind them) are imported when a key asks
# for one: the coding screen starts without them (docs/benchmarks.md, the 10M first open).


class CompareActions(CodingView):
    """Keys that open another screen or change whose spans are on show."""

    def action_retrieve(self) -> None:
        """Every segment of a code across all testimonies (the code under the cursor first)."""
        from annotator.tui.screens.retrieval import RetrievalScreen

        under = self._spans_under_cursor()
        self.app.push_screen(RetrievalScreen(self.session, under[0].code_id if under else None), self._jump)

    def _jump(self, place: Jump | None) -> None:
        self.transcript.focus()
        if place is None:
            return
        if place.document_id == self.document_id:
            self.transcript.select_range(place.start, place.end, center=True)
        else:
            self.open_testimony(place.document_id, (place.start, place.end))

    def action_agreement(self) -> None:
        """Open the agreement screen on the default pair of coders (others with `c` there)."""
        from annotator.tui.screens.agreement import AgreementScreen

        with notify_errors(self):
            pairs = self.session.agreement_pairs()

            def chosen(answer: Jump | Adjudicate | None) -> None:
                if isinstance(answer, Adjudicate):
                    self.start_adjudication(answer.first, answer.second)
                elif answer is not None:
                    # A disagreement is read with both codings in view, even while coding blind.
                    self.transcript.focus()
                    if not self.session.compare_view:
                        self.session.compare_view = True
                        pair = self.session.compare_pair()
                        if pair is not None:
                            self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined); v: back.")
                    self.open_testimony(answer.document_id, (answer.start, answer.end))
                else:
                    self._jump(None)

            self.app.push_screen(AgreementScreen(self.session.db_path, self.session.codes, pairs), chosen)

    def action_toggle_compare(self) -> None:
        """Show this coder's spans against another coder's, or go back to the normal view."""
        with notify_errors(self):
            was_comparing = self.session.compare_view
            pair = self.session.toggle_compare()
            if not was_comparing and pair is None:
                self.notify("No other coder has coded anything to compare with.", severity="warning")
                return
            if pair is not None:
                self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined).")
            self._refresh_codes()
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())

    def action_adjudicate(self) -> None:
        """Adjudicate the pair last compared (else the default pair)."""
        with notify_errors(self):
            pair = self.session.default_pair()
            if pair is None:
                self.notify("Adjudication needs two coders who have coded.", severity="warning")
                return
            self.start_adjudication(*pair)

    def start_adjudication(self, first: str, second: str) -> None:
        """Open adjudication mode for two coders, writing into the consensus coder."""
        from annotator.agreement.adjudication import Adjudication
        from annotator.tui.screens.adjudication import AdjudicationScreen

        with notify_errors(self):
            adjudication = Adjudication(
                self.session.project, first, second, into=self.session.consensus, decided_by=self.session.coder
            )
            self.session.compared = (first, second)

            def back(_: None) -> None:
                if self.document_id is not None:
                    self.open_testimony(self.document_id, self.transcript.selected_range())

            self.app.push_screen(AdjudicationScreen(self.session, adjudication), back)

    def _refresh_codes(self) -> None:
        """The codes on show follow whether others' spans are (redrawn only when they changed)."""
        before = self.session.codes
        self.session.refresh_codes()
        if self.session.codes != before:
            self._show_codes()

    def action_toggle_others(self) -> None:
        """Show or hide other coders' spans (hidden by default: blind coding)."""
        self.session.show_others = not self.session.show_others
        self._refresh_codes()  # blind coding hides other coders' in-vivo codes too
        self.notify("Showing other coders' spans." if self.session.show_others else "Blind coding: only your spans.")
        self._update_header()
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())
