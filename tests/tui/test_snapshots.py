"""Reviewed snapshots grouped by screen, one class each (fixed size, fixed coder and project name, no time stamps shown)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.memos import Memo
from annotator.storage import Project
from annotator.tui.widgets.transcript import Transcript
from tests.support.suggestions import FixedSuggester
from tests.support.tui import CODER, TEXT_A, make_app, settle

SIZE = (120, 34)
# The sizes every view issue 25 changed is reviewed at: the smallest terminal, and a roomy one.
NARROW_AND_WIDE = pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda size: f"at_{size[0]}x{size[1]}")


@pytest.fixture
def coded_project(project_path: Path) -> Path:
    """The test project with overlapping spans, a memo, spans in B and B marked done."""
    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "wage-deduction", 0, 37)
        project.spans.add(CODER, "A", "bribery", 0, 16, memo="the bribe was paid up front")
        project.spans.add(CODER, "A", "bribery", 38, 87)
        project.spans.add(CODER, "A", "remittances", TEXT_A.index("We sent"), len(TEXT_A))
        project.spans.add(CODER, "B", "surveillance", 0, len("Nobody could leave the site."))
        project.coders.set_done(CODER, "B")
    return project_path


def _placed(offset: int):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(Transcript).select_range(offset, offset)
        await pilot.pause()

    return run_before


def _after_keys(*keys: str, place: int | None = None):
    """Settle, place the cursor (optionally), press keys, wait for every worker, drop the toasts."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.clear_notifications()  # the first screen's hint, before a dialog covers its screen
        if place is not None:
            pilot.app.screen.query_one(Transcript).select_range(place, place)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


class TestCodingScreen:
    """The coding screen: every size, a search, an empty testimony, the legend, a transcript, the compare view."""

    def test_main_screen(self, snap_compare, coded_project: Path) -> None:
        """Spans coloured by code, an overlap (bold underline), another coder's span underlined, the
        span under the cursor named in the status line, counts, the done mark."""
        app = make_app(coded_project, show_others=True)
        assert snap_compare(app, terminal_size=SIZE, run_before=_placed(5))

    @pytest.mark.parametrize(
        "size", [(80, 24), (120, 40), (160, 48), (200, 60)], ids=lambda size: f"at_{size[0]}x{size[1]}"
    )
    def test_main_screen_sizes(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """The layout at each terminal size: 80x24 keeps the codebook and spans beside 50 columns of
        text (the testimony list hidden), from 120 every panel shows, wider terminals grow the panels."""
        app = make_app(coded_project, show_others=True)
        assert snap_compare(app, terminal_size=size, run_before=_placed(5))

    def test_narrow_with_testimony_list(self, snap_compare, coded_project: Path) -> None:
        """`T` at 80x24: the testimony list takes the codebook's place, the text keeps 50 columns."""
        app = make_app(coded_project, show_others=True)
        assert snap_compare(app, terminal_size=(80, 24), run_before=_after_keys("T", place=5))

    def test_narrow_and_tall_stacks_the_panels(self, snap_compare, coded_project: Path) -> None:
        """70x40: no room beside the text, so the codebook and spans sit side by side under it."""
        app = make_app(coded_project, show_others=True)
        assert snap_compare(app, terminal_size=(70, 40), run_before=_placed(5))

    def test_main_screen_blind_with_search_hits(self, snap_compare, coded_project: Path) -> None:
        """Blind coding (only the coder's spans) and the hits of a search marked."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("slash", *"the", "enter")
            await pilot.pause()

        app = make_app(coded_project)
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_empty_testimony(self, snap_compare, coded_project: Path) -> None:
        """Testimony K has no text: a placeholder, no crash."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            pilot.app.screen.open_testimony("K")
            await settle(pilot)

        assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)

    def test_legend_snapshot(self, snap_compare, project_path: Path) -> None:
        """The legend under the text of A (three codes, one nested in another), the cursor left at the start."""
        with Project.open(project_path) as project:
            project.spans.add(CODER, "A", "wage-deduction", 0, 37)
            project.spans.add(CODER, "A", "bribery", 0, 16)
            project.spans.add(CODER, "A", "remittances", TEXT_A.index("We sent"), len(TEXT_A))

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("C")
            await pilot.pause()

        assert snap_compare(make_app(project_path), terminal_size=(120, 34), run_before=run_before)

    def test_transcript_snapshot(self, snap_compare, interview_path: Path) -> None:
        """The interview with a speaker label (and start time) above each turn, the first answer coded
        with Wage deduction and its end selected, the status line naming the turn under the cursor."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("right_curly_bracket", "u", "1", "escape")
            await settle(pilot)
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(make_app(interview_path), terminal_size=(120, 34), run_before=run_before)

    @NARROW_AND_WIDE
    def test_header_footer_and_span_rows(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """After the first screen's hint: the header keeps the coder and the place (the title cut first),
        `f1 Keys` leads the footer, and at 80 columns each span row leads with its start and first words."""
        app = make_app(coded_project, show_others=True)
        assert snap_compare(app, terminal_size=size, run_before=_after_keys(place=5))

    def test_compare_view(self, snap_compare, agreement_path: Path) -> None:
        """Compare view: tester's spans as background, alice's underlined, bob's not shown; the legend
        in the status line, `compare` in the header."""
        app = make_app(agreement_path)
        assert snap_compare(app, terminal_size=SIZE, run_before=_after_keys("v", "enter", place=45))


class TestCodePicker:
    """The fuzzy code picker."""

    def test_code_picker(self, snap_compare, coded_project: Path) -> None:
        """The fuzzy picker after typing 'surv': matching codes, and the in-vivo option."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            pilot.app.screen.query_one(Transcript).select_range(38, 53)
            await pilot.press("c", *"surv")
            await pilot.pause()

        assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)

    @NARROW_AND_WIDE
    def test_in_vivo_offer(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """`c` on a selection: the selected words typed in as a new code's name, `+ New code` first
        and highlighted (enter creates it), every code listed under it."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            pilot.app.clear_notifications()
            pilot.app.screen.query_one(Transcript).select_range(37, 53)  # " We paid a bribe"
            await pilot.press("c")
            await pilot.pause()

        assert snap_compare(make_app(coded_project), terminal_size=size, run_before=run_before)


class TestSearchPrompt:
    """The search prompt and its options."""

    @NARROW_AND_WIDE
    def test_search_prompt(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """`/` with "work" typed, whole words on (alt+w) and "sentences" chosen for coding the hits."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            pilot.app.clear_notifications()
            await pilot.press("slash", *"work", "alt+w", "tab", "tab", "tab", "right", "enter")
            await pilot.pause()

        assert snap_compare(make_app(coded_project), terminal_size=size, run_before=run_before)


class TestPartnerPicker:
    """Whom to compare with."""

    def test_partner_picker(self, snap_compare, agreement_path: Path) -> None:
        """`v` asks whom to compare with: alice (most coded alongside tester) highlighted, then bob, each
        with their spans in this testimony and overall."""
        app = make_app(agreement_path)
        assert snap_compare(app, terminal_size=SIZE, run_before=_after_keys("v"))


class TestRetrievalScreen:
    """Retrieval of a code across testimonies."""

    @NARROW_AND_WIDE
    def test_code_retrieval(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """Retrieval of the code under the cursor (Bribery) across testimonies: the title says the codes
        below are included, the highlighted segment's whole quote under the list."""

        assert snap_compare(make_app(coded_project), terminal_size=size, run_before=_after_keys("g", place=40))


class TestOverviewScreen:
    """The overview: testimonies by codes with the coder's span counts."""

    @NARROW_AND_WIDE
    def test_overview(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """All, A, B, K, C by All and the codes in tree order (Informants after Surveillance), names cut
        to their column; blank cells a dot; the line under the grid names the cell under the cursor."""
        assert snap_compare(make_app(coded_project), terminal_size=size, run_before=_after_keys("O"))


@pytest.fixture
def memo_project(coded_project: Path) -> Path:
    """The coded project with a memo of each kind, at fixed times (the browser's preview shows them)."""
    stamp = "2026-12-07T14:02:00.000+00:00"
    memos = [
        ("project", None, None, CODER, "The study's analytic log: wages first, then surveillance."),
        ("document", "A", None, CODER, "A speaks of wages only when asked."),
        ("code", None, "bribery", CODER, "Bribery: paying to be chosen, or to be left alone."),
        ("grid", "A", "bribery", CODER, "Paid up front to be chosen for the work abroad."),
        ("grid", "A", "wage-deduction", "alice", "Eighty percent taken, says A."),
    ]
    with Project.open(coded_project) as project:
        project.memos.insert(
            [
                Memo(f"{number:032x}", kind, document_id, code_id, author, text, stamp, stamp)
                for number, (kind, document_id, code_id, author, text) in enumerate(memos)
            ],
            coder=CODER,
        )
    return coded_project


class TestSummaryGrid:
    """The summary grid: counts with summaries marked, the cell's quotes and its summary box."""

    @NARROW_AND_WIDE
    def test_summary_grid(self, snap_compare, memo_project: Path, size: tuple[int, int]) -> None:
        app = make_app(memo_project)
        assert snap_compare(app, terminal_size=size, run_before=_after_keys("G", "right"))


class TestMemoBrowser:
    """The memo browser: every kind listed with target and author, the highlighted memo whole."""

    @NARROW_AND_WIDE
    def test_memo_browser(self, snap_compare, memo_project: Path, size: tuple[int, int]) -> None:
        app = make_app(memo_project)
        assert snap_compare(app, terminal_size=size, run_before=_after_keys("M"))


class TestQueryScreen:
    """The query screen: a query's hits in context with their counts per testimony, and a refused query."""

    @NARROW_AND_WIDE
    def test_query_hits(self, snap_compare, coded_project: Path, size: tuple[int, int]) -> None:
        """`bribery OR surveillance` over every coder's coding, hits being sentences: the status line says
        so; each hit with its offsets, code names (alice's Surveillance in A too) and context."""

        async def run_before(pilot) -> None:
            await _after_keys("Q")(pilot)
            pilot.app.screen.query_one("#query-input").value = "bribery OR surveillance"
            pilot.app.screen.query_one("#query-options").value = "--all-coders --in sentence"
            pilot.app.screen.query_one("#query-input").focus()
            await _after_keys("enter")(pilot)

        assert snap_compare(make_app(coded_project), terminal_size=size, run_before=run_before)

    def test_saved_query_picker(self, snap_compare, coded_project: Path) -> None:
        """ctrl+o: the saved queries by name, each with its query and who saved it."""
        with Project.open(coded_project) as project:
            project.queries.save(CODER, "watching", "surveillance OR informants", {"coders": [CODER]})
            project.queries.save("alice", "bribes", "bribery AND NOT wage-deduction", {"coders": ["alice"]})

        assert snap_compare(make_app(coded_project), terminal_size=(80, 24), run_before=_after_keys("Q", "ctrl+o"))

    def test_refused_query(self, snap_compare, coded_project: Path) -> None:
        """An unknown code: one red line under the input, the caret under its column, no hits."""

        async def run_before(pilot) -> None:
            await _after_keys("Q")(pilot)
            pilot.app.screen.query_one("#query-input").value = "bribery AND bogus"
            await _after_keys("enter")(pilot)

        assert snap_compare(make_app(coded_project), terminal_size=(80, 24), run_before=run_before)


class TestHelpScreen:
    """The key table."""

    def test_help_screen(self, snap_compare, coded_project: Path) -> None:
        """The key table, generated from the bindings."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("f1")
            await pilot.pause()

        assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)

    def test_help_screen_layout_keys(self, snap_compare, coded_project: Path) -> None:
        """The help screen scrolled to its layout section: T, P and W with what they do."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("f1")
            await pilot.pause()
            layout = next(s for s in pilot.app.screen.query(".help-section") if "Layout" in str(s.content.title))
            layout.scroll_visible(top=True, animate=False)
            await pilot.pause()

        assert snap_compare(make_app(coded_project), terminal_size=SIZE, run_before=run_before)


class TestCodebookScreen:
    """The codebook screen."""

    def test_codebook_screen_snapshot(self, snap_compare, defined_path: Path) -> None:
        """The codebook screen with others shown: the tree (Informants under Surveillance), keys, colours,
        use as yours/everyone's (alice's Surveillance span), Wage deduction's definition on its line and,
        highlighted, its definition, rules and example below."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("K")
            await pilot.pause()
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(make_app(defined_path, show_others=True), terminal_size=(120, 34), run_before=run_before)

    @NARROW_AND_WIDE
    def test_code_form(self, snap_compare, defined_path: Path, size: tuple[int, int]) -> None:
        """The code form of Wage deduction: one-line name, key and colour; the definition (three lines)
        and the rules (two each) in multi-line inputs; the examples below."""

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("K")
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(make_app(defined_path), terminal_size=size, run_before=run_before)


class TestAgreementScreen:
    """Agreement figures and disagreements."""

    @NARROW_AND_WIDE
    def test_agreement_columns_fit(self, snap_compare, agreement_path: Path, size: tuple[int, int]) -> None:
        """A long code name is cut so every figure column fits at 80 columns (whole at 160)."""
        with Project.open(agreement_path) as project:
            project.codes.edit("lead", "wage-deduction", name="Wage deduction and state extraction of earnings")
        app = make_app(agreement_path)
        assert snap_compare(app, terminal_size=size, run_before=_after_keys("A", "enter"))

    def test_agreement_screen(self, snap_compare, agreement_path: Path) -> None:
        """Agreement of tester × alice: full code names, figures coloured by band (— undefined), the
        pooled row, and the disagreements of the highlighted code (Bribery)."""
        app = make_app(agreement_path)
        assert snap_compare(app, terminal_size=SIZE, run_before=_after_keys("A", "enter", "down"))


class TestAdjudicationScreen:
    """Adjudication of the disagreements."""

    def test_adjudication_screen(self, snap_compare, agreement_path: Path) -> None:
        """Adjudication after taking alice's version of the first disagreement: the progress, the items
        (✓ decided, ○ not), the next disagreement selected in its testimony, A's, B's and the consensus."""
        app = make_app(agreement_path)
        assert snap_compare(app, terminal_size=SIZE, run_before=_after_keys("J", "enter", "b"))


class TestPseudonyms:
    """Stepping through pseudonym candidates."""

    def test_candidate_dialog(self, snap_compare, candidates_path: Path) -> None:
        """`b`: the first candidate of the testimony selected ("site"), the dialog asking what it is:
        the kinds to accept it as, no entry suggested for a variant, reject, skip, escape."""
        assert snap_compare(make_app(candidates_path), terminal_size=SIZE, run_before=_after_keys("b"))

    def test_candidate_close_to_an_entry(self, snap_compare, candidates_path: Path) -> None:
        """After skipping: "guard" selected, close to register entry 1, so `v` makes it that entry's variant."""
        assert snap_compare(make_app(candidates_path), terminal_size=SIZE, run_before=_after_keys("b", "s"))


class TestSuggestions:
    """Code suggestions in the text (italic in the code's colour, ▐ in the margin) beside a coded span."""

    @NARROW_AND_WIDE
    def test_suggestions_in_the_text(
        self, snap_compare, project_path: Path, suggester: FixedSuggester, size: tuple[int, int]
    ) -> None:
        """A span of the coder's, three suggestions (one over the span), the status line on the surveillance one."""
        with Project.open(project_path) as project:
            project.spans.add(CODER, "A", "wage-deduction", 0, 37)
        assert snap_compare(
            make_app(project_path), terminal_size=size, run_before=_after_keys(place=TEXT_A.index("manager"))
        )
