"""The coding screen's views across coders and testimonies: retrieval, agreement, compare view, adjudication."""

from __future__ import annotations

from collections.abc import Callable

from annotator.coding.pairs import reuse_notice
from annotator.coding.query_view import CodedHits
from annotator.tui.dialogs.partner_picker import PartnerPicker
from annotator.tui.errors import notify_errors
from annotator.tui.messages import Adjudicate, Jump
from annotator.tui.screens.coding.search import SearchActions
from annotator.tui.screens.coding.view import CodingView

# The screens these keys open (and the agreement code behind them) are imported when a key asks
# for one: the coding screen starts without them (docs/benchmarks.md, the 10M first open).


class CompareActions(CodingView):
    """Keys that open another screen or change whose spans are on show."""

    def action_retrieve(self) -> None:
        """Every segment of a code across all testimonies (the code under the cursor first)."""
        from annotator.tui.screens.retrieval import RetrievalScreen

        under = self._spans_under_cursor()

        self.app.push_screen(RetrievalScreen(self.session, under[0].code_id if under else None), self._jump)

    def action_overview(self) -> None:
        """Testimonies (or attribute values) by codes with span counts; enter on a cell lists its passages."""
        from annotator.tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.session), self._jump)

    def action_query(self) -> None:
        """A query over the coding, or a search of every testimony, with a jump to any hit."""
        from annotator.tui.screens.query import QueryScreen

        self.app.push_screen(QueryScreen(self.session), self._queried)

    def _queried(self, answer: Jump | CodedHits | None) -> None:
        """Go to the hit chosen, or show the hits the query screen coded."""
        if not isinstance(answer, CodedHits):
            self._jump(answer)
            return
        self.transcript.focus()
        name = self.session.code_name(answer.code_id)
        if answer.skipped:
            self.notify(
                f"Already coded {name}: {answer.skipped} hit{'' if answer.skipped == 1 else 's'} inside your spans; "
                f"{'nothing added' if answer.action is None else 'coded the others'}.",
                severity="warning",
            )
        if answer.action is not None:
            self.post_message(SearchActions.HitsCoded(answer.action, answer.code_id))

    def _jump(self, place: Jump | None) -> None:
        self.transcript.focus()
        if place is None:
            return
        if place.document_id == self.document_id:
            self.transcript.select_range(place.start, place.end, center=True)
        else:
            self.open_testimony(place.document_id, (place.start, place.end))

    def pick_partner(self, purpose: str, then: Callable[[tuple[str, str]], None], nobody: str) -> None:
        """Ask whom to compare with (the likely partner highlighted), then go on with the pair;
        warn with `nobody` when no other coder has coded."""
        choice = None
        with notify_errors(self):
            choice = self.session.partners(self.document_id)
            if choice is None:
                self.notify(nobody, severity="warning")
        if choice is None:
            return

        def picked(pair: tuple[str, str] | None) -> None:
            self.transcript.focus()
            if pair is not None:
                then(pair)

        self.app.push_screen(PartnerPicker(choice, purpose), picked)

    def action_agreement(self) -> None:
        """Ask whom to compare with, then open the agreement screen on that pair (others with `c` there)."""
        self.pick_partner("Agreement", self.show_agreement, "Agreement needs another coder who has coded.")

    def show_agreement(self, pair: tuple[str, str]) -> None:
        """The agreement screen on a pair, the other pairs after it."""
        from annotator.tui.screens.agreement import AgreementScreen

        with notify_errors(self):
            pairs = self.session.agreement_pairs(pair)

            def chosen(answer: Jump | Adjudicate | None) -> None:
                if isinstance(answer, Adjudicate):
                    self.start_adjudication(answer.first, answer.second)
                elif answer is not None:
                    # A disagreement is read with both codings in view, even while coding blind.
                    self.transcript.focus()
                    pair = self.session.resume_compare()
                    if pair is not None:
                        self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined); v: back.")
                    self.open_testimony(answer.document_id, (answer.start, answer.end))
                else:
                    self._jump(None)

            self.app.push_screen(AgreementScreen(self.session.db_path, self.session.codes, pairs), chosen)

    def action_toggle_compare(self) -> None:
        """Ask whom to compare with and show both codings, or go back to the normal view."""
        if self.session.compare_view:
            self.session.stop_compare()
            self._show_compare()
            return

        def compare(pair: tuple[str, str]) -> None:
            self.session.start_compare(pair)
            self.notify(f"Comparing {pair[0]} (background) with {pair[1]} (underlined).")
            self._show_compare()

        self.pick_partner("Compare view", compare, "No other coder has coded anything to compare with.")

    def _show_compare(self) -> None:
        with notify_errors(self):
            self._refresh_codes()
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())

    def action_adjudicate(self) -> None:
        """Ask whom to adjudicate with, then open adjudication mode on that pair."""
        self.pick_partner(
            "Adjudication", lambda pair: self.start_adjudication(*pair), "Adjudication needs two coders who have coded."
        )

    def start_adjudication(self, first: str, second: str) -> None:
        """Open adjudication mode for two coders, writing into the pair's consensus coder (or the one
        named with --consensus, saying whose decisions it holds already)."""
        from annotator.tui.screens.adjudication import AdjudicationScreen

        with notify_errors(self):
            into = self.session.consensus_for(first, second)
            adjudication = self.app.open_adjudication(first, second, into)  # type: ignore[attr-defined]
            self.session.remember_pair(first, second)
            reused = reuse_notice(into, adjudication.reused_decisions())

            def back(_: None) -> None:
                if self.document_id is not None:
                    self.open_testimony(self.document_id, self.transcript.selected_range())

            self.app.push_screen(AdjudicationScreen(self.session, adjudication), back)
            if reused is not None:
                self.notify(reused, severity="warning")

    def _refresh_codes(self) -> None:
        """The codes on show follow whether others' spans are (redrawn only when they changed)."""
        before = self.session.codes
        self.session.refresh_codes()
        if self.session.codes != before:
            self._show_codes()

    def action_toggle_others(self) -> None:
        """Show or hide other coders' spans (hidden by default: blind coding)."""
        shown = self.session.toggle_others()
        self._refresh_codes()  # blind coding hides other coders' in-vivo codes too
        self.notify("Showing other coders' spans." if shown else "Blind coding: only your spans.")
        self._update_header()
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())
