"""Pilot tests of the agreement screen, the compare view and adjudication mode, checked against the
agreement library and, for decisions, against the database through a fresh connection."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from textual import events
from textual.widgets import OptionList

from annotator.agreement import SpanOptions, span_report
from annotator.agreement.from_project import project_span_data
from annotator.agreement.gamma_spans import span_gamma
from annotator.agreement.labels import fmt
from annotator.agreement.report_model import SpanReport
from annotator.agreement.report_rows import span_rows
from annotator.storage import Project
from annotator.tui import AnnotatorApp
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.dialogs.partner_picker import PartnerPicker
from annotator.tui.screens.adjudication import AdjudicationScreen
from annotator.tui.screens.agreement import POOLED, AgreementScreen, AgreementTable, shown_columns
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.widgets.item_list import ItemList
from annotator.tui.widgets.place_list import PlaceList
from annotator.tui.widgets.status_line import StatusLine
from tests.support.tui import CODER, OTHER_CODER, THIRD_CODER, Notice, make_app, place, settle, stored, transcript_of

SIZE = (130, 40)
# The adjudication items of tester (A) × alice (B) in the `agreement_path` project, in order.
ITEMS = [("A", 0, 37), ("A", 38, 87), ("A", 89, 122), ("A", 123, 167), ("A", 169, 235), ("B", 0, 28), ("B", 30, 86)]
AGREED = {0, 2, 5}
ACCEPTED = {("A", "wage-deduction", 0, 37), ("A", "surveillance", 89, 122), ("B", "surveillance", 0, 28)}
# Each adjudicated pair writes into a consensus coder of its own (names sorted).
PAIR_CONSENSUS = "consensus-alice-tester"


# --- helpers -------------------------------------------------------------------------------------


def _coding(app) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen)
    return app.screen


def _status(app) -> str:
    return str(app.screen.query_one(StatusLine).content)


async def _press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def _type_fast(pilot, *keys: str) -> None:
    """Keys typed faster than the screen handles its messages: all are queued before any is handled."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await settle(pilot)


def _library_report(path: Path, pair: tuple[str, str]) -> SpanReport:
    with Project.open(path) as project:
        data = project_span_data(project, with_text=True)
    return span_report(data, SpanOptions(coders=list(pair)))


async def _agreement(pilot) -> AgreementScreen:
    await _press(pilot, "A")
    assert isinstance(pilot.app.screen, PartnerPicker)
    await _press(pilot, "enter")  # the likely partner, highlighted
    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen)
    assert screen.result is not None  # the worker finished and the table is filled
    return screen


def _rows(screen: AgreementScreen) -> list[str]:
    return [str(key.value) for key in screen.query_one(AgreementTable).rows]


def _cell(screen: AgreementScreen, row: str, column: str) -> str:
    value = screen.query_one(AgreementTable).get_cell(row, column)
    return str(getattr(value, "plain", value))


def _listed(screen: AgreementScreen) -> list[str]:
    """The disagreements listed, as `A · 38–41` (the first line of each)."""
    listed = screen.query_one("#agreement-disagreements", PlaceList)
    return [str(listed.row_content(row)).split("  ")[0] for row in range(listed.row_count())]


async def _adjudication(pilot) -> AdjudicationScreen:
    await _press(pilot, "J")
    if isinstance(pilot.app.screen, PartnerPicker):  # from the coding screen, not the agreement screen
        await _press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, AdjudicationScreen)
    return screen


def _at(screen: AdjudicationScreen) -> tuple[str, int, int]:
    """The highlighted item (the screen's and the list's highlight must agree) and its selection."""
    assert screen.query_one("#adjudication-items", ItemList).highlighted == screen.current
    item = screen.item
    assert screen.loaded is not None and screen.loaded.document.id == item.document_id
    assert screen.transcript.selected_range() == (item.start, item.end)
    return (item.document_id, item.start, item.end)


def _progress(screen: AdjudicationScreen) -> str:
    return str(screen.query_one("#adjudication-progress").content)


def _consensus(path: Path, coder: str = PAIR_CONSENSUS) -> set[tuple[str, str, int, int]]:
    return {(s.document_id, s.code_id, s.start, s.end) for s in stored(path, coder=coder)}


def _decisions(path: Path, coder: str = PAIR_CONSENSUS) -> list[tuple[str, str]]:
    """(choice, decided_by) of each `decide` action in the event log, oldest first."""
    with Project.open(path) as project:
        decide = [event for event in project.history.events(coder=coder) if event.kind == "decide"]
    batches = [next(group) for _batch, group in groupby(decide, key=lambda event: event.batch)]
    return [(event.detail["choice"], event.detail["decided_by"]) for event in batches]


# --- the agreement screen ------------------------------------------------------------------------


async def test_agreement_table_has_the_library_figures(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _agreement(pilot)
        report = _library_report(agreement_path, (CODER, OTHER_CODER))
        assert screen.result.coders == (CODER, OTHER_CODER)
        # A row per code either coder used (not bob's "informants"), then the pooled row.
        assert _rows(screen) == ["wage-deduction", "bribery", "surveillance", "remittances", POOLED]
        assert list(report.codes) == _rows(screen)[:-1]
        for code in ("bribery", "surveillance"):
            for statistic in ("cohen_kappa", "krippendorff_alpha", "percent_agreement"):
                assert _cell(screen, code, statistic) == fmt(report.codes[code].figure((statistic,)).value)
        assert _cell(screen, "bribery", "segments/f1") == "—"  # no segment matched either way: 0/0, issue 23
        assert _cell(screen, "remittances", "segments/f1") == "—"  # alice has no remittances segment
        assert _cell(screen, POOLED, "alpha_u") == fmt(report.overall["alpha_u"].value)
        assert _cell(screen, "wage-deduction", "code") == "Wage deduction"
        # Coloured by band: AC1 0.861 good, κ 0.355 poor; % agreement not banded. alice never used
        # remittances: its AC1 of 0.748 is drawn as degenerate, not tentative, and its name is marked.
        table = screen.query_one(AgreementTable)
        colour = {
            band: table.get_component_rich_style(f"agreement--{band}").color for band in ("good", "tentative", "poor")
        }
        assert len(set(colour.values())) == 3
        assert table.get_cell("bribery", "gwet_ac1").style.color == colour["good"]
        assert table.get_cell("bribery", "cohen_kappa").style.color == colour["poor"]
        degenerate = table.get_component_rich_style("agreement--degenerate")
        assert table.get_cell("remittances", "gwet_ac1").style.color == degenerate.color not in colour.values()
        assert str(table.get_cell("remittances", "code")) == "Remittances†"
        assert table.get_cell("bribery", "percent_agreement").style.color is None
        assert "tester × alice" in str(screen.query_one("#agreement-title").content)


async def test_agreement_table_painted_before_its_idle_shows_whole_columns(agreement_path: Path, monkeypatch) -> None:
    """A paint of the table before its idle (when DataTable measures auto-width columns; a race with
    the worker's message) used to freeze every cell cut to its header's width ("Wage", "0.5"): here
    the table is painted after each row added."""
    add_row = AgreementTable.add_row

    def add_and_paint(table: AgreementTable, *cells, **options):
        key = add_row(table, *cells, **options)
        for y in range(table.row_count + 1):
            table.render_line(y)
        return key

    monkeypatch.setattr(AgreementTable, "add_row", add_and_paint)
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _agreement(pilot)
        report = _library_report(agreement_path, (CODER, OTHER_CODER))
        table = screen.query_one(AgreementTable)
        shown = [" ".join(table.render_line(y).text.split()) for y in range(1, table.row_count + 1)]
        names = {code_id: code.name for code_id, code in screen.codes.items()}
        assert shown == [
            " ".join(
                [
                    names.get(label, label) + ("†" if entry.warning else ""),
                    *(fmt(entry.figure(column).value) for column in shown_columns(report)),
                ]
            )
            for label, entry in span_rows(report)
        ]
        assert shown[0].startswith("Wage deduction 0.735")


async def test_a_codes_disagreements_are_listed_and_enter_jumps_there(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _agreement(pilot)
        assert _listed(screen) == ["A · 206–235", "B · 30–86"]  # the first row: wage deduction
        await _press(pilot, "down")
        assert _listed(screen) == ["A · 38–41", "A · 53–87"]  # bribery
        assert "Bribery: 2 disagreements" in str(screen.query_one("#agreement-heading").content)
        await _press(pilot, "down", "down")
        assert _listed(screen) == ["A · 169–235"]  # remittances
        await _press(pilot, "down")
        # pooled: tester's remittances alone, then against alice's wage deduction
        assert _listed(screen) == ["A · 38–41", "A · 53–87", "A · 123–167", "A · 169–206", "A · 206–235", "B · 30–86"]
        await _press(pilot, "up", "up", "up", "up")  # back to wage deduction, then into its list
        await _press(pilot, "enter", "down", "enter")
        coding = _coding(app)
        assert coding.document_id == "B"
        assert transcript_of(app).selected_range() == (30, 86)
        # The place is shown in the compare view: both codings of the disagreement in sight.
        assert coding.loaded.primary == CODER and coding.sub_title.endswith("compare")
        assert {span.coder for span in coding.loaded.spans} == {CODER, OTHER_CODER}


async def test_g_computes_gamma_of_the_pair_as_the_library_does(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _agreement(pilot)
        line = screen.query_one("#agreement-gamma")
        assert str(line.content).startswith("g: Mathet's γ")
        assert screen.result.report.gamma is None  # not computed until asked for
        await _press(pilot, "g")
        found = screen.result.report.gamma
        assert found is not None and set(found.coders) == {CODER, OTHER_CODER}
        with Project.open(agreement_path) as project:
            data = project_span_data(project, with_text=False)
        expected = span_gamma(data, SpanOptions(coders=[CODER, OTHER_CODER]))
        assert found.gamma.value == expected.gamma and found.samples == 30 and found.seed == 4772
        shown = str(line.content)
        assert shown.startswith(f"γ {fmt(expected.gamma)}") and f"γ-cat {fmt(expected.gamma_cat)}" in shown
        assert f"Wage deduction {fmt(expected.gamma_k['wage-deduction'])}" in shown
        await _press(pilot, "down")  # the table still works, the disagreements of the next code listed
        assert screen.shown_key == "bribery" and screen.result.report.gamma is found


async def test_escape_leaves_the_agreement_screen_without_jumping(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        transcript_of(app).select_range(5, 9)
        screen = await _agreement(pilot)
        await _press(pilot, "enter")  # into the list of disagreements, then out
        assert app.focused is screen.query_one("#agreement-disagreements")
        await _press(pilot, "escape")
        assert _coding(app).document_id == "A"
        assert transcript_of(app).selected_range() == (5, 9)


async def test_c_compares_the_next_pair_and_j_adjudicates_it(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _agreement(pilot)
        await _press(pilot, "c")
        assert screen.result.coders == (OTHER_CODER, THIRD_CODER)
        assert "alice × bob" in str(screen.query_one("#agreement-title").content)
        report = _library_report(agreement_path, (OTHER_CODER, THIRD_CODER))
        assert _rows(screen) == [*report.codes, POOLED]
        assert "informants" in _rows(screen) and "remittances" not in _rows(screen)
        assert _cell(screen, "bribery", "cohen_kappa") == fmt(report.codes["bribery"].figure(("cohen_kappa",)).value)
        await _press(pilot, "c")
        assert screen.result.coders == (THIRD_CODER, CODER)
        await _press(pilot, "c")
        assert screen.result.coders == (CODER, OTHER_CODER)  # round again
        await _press(pilot, "c")
        adjudication = await _adjudication(pilot)
        assert (adjudication.adjudication.first, adjudication.adjudication.second) == (OTHER_CODER, THIRD_CODER)
        assert adjudication.sub_title.endswith("alice (A) × bob (B) → consensus-alice-bob")


async def test_agreement_with_a_single_coder_says_so(project_path: Path, notices: list[Notice]) -> None:
    with Project.open(project_path) as project:
        for span in project.spans.select(coder=OTHER_CODER):
            project.spans.remove(OTHER_CODER, span.id)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "A")
        assert isinstance(app.screen, CodingScreen)
        assert notices[-1] == Notice("Agreement needs another coder who has coded.", "warning")


# --- the compare view ----------------------------------------------------------------------------


def _coders_shown(app) -> set[str]:
    return {span.coder for span in transcript_of(app).spans}


async def test_compare_view_shows_two_coders_and_toggles_back(agreement_path: Path) -> None:
    app = make_app(agreement_path, show_others=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _coders_shown(app) == {CODER, OTHER_CODER, THIRD_CODER}
        transcript_of(app).select_range(41, 53)
        await _press(pilot, "v", "enter")  # alice, highlighted
        coding = _coding(app)
        assert _coders_shown(app) == {CODER, OTHER_CODER}  # bob's spans are left out
        assert coding.loaded.primary == CODER and transcript_of(app).primary == CODER
        assert coding.sub_title.endswith(" · compare")
        assert "Compare: tester background · alice underlined" in _status(app)
        assert transcript_of(app).selected_range() == (41, 53)  # the selection survives the reload
        await _press(pilot, "v")
        assert _coders_shown(app) == {CODER, OTHER_CODER, THIRD_CODER}
        assert coding.loaded.primary is None and transcript_of(app).primary == CODER
        assert coding.sub_title.endswith(" · others shown")
        assert "Compare:" not in _status(app)


async def test_retrieval_in_the_compare_view_lists_other_coders_segments(agreement_path: Path) -> None:
    """Comparing shows others' spans, so retrieval does too (blind coding lists only your own)."""
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        transcript_of(app).select_range(*place("A", "We paid"))  # inside tester's bribery span
        await _press(pilot, "g")
        assert {span.coder for span in app.screen.query_one(PlaceList).places} == {CODER}
        await _press(pilot, "escape", "v", "enter", "g")
        assert {span.coder for span in app.screen.query_one(PlaceList).places} == {CODER, OTHER_CODER, THIRD_CODER}


async def test_compare_view_asks_whom_and_highlights_the_partner_picked_last(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "v")
        picker = app.screen
        assert isinstance(picker, PartnerPicker)
        options = picker.query_one(OptionList)
        # alice coded most alongside tester: listed first and highlighted; bob can be picked instead.
        assert [str(options.get_option_at_index(row).prompt) for row in range(options.option_count)] == [
            "alice  4 here · 6 overall",
            "bob  2 here · 2 overall",
        ]
        assert options.highlighted == 0
        await _press(pilot, "down", "enter")
        assert _coders_shown(app) == {CODER, THIRD_CODER}
        assert "Compare: tester background · bob underlined" in _status(app)
        await _press(pilot, "v", "v")  # off, and asked again: bob, picked last, is highlighted
        assert isinstance(app.screen, PartnerPicker) and app.screen.query_one(OptionList).highlighted == 1
        await _press(pilot, "escape")  # no compare view
        assert isinstance(app.screen, CodingScreen) and not _coding(app).session.compare_view


async def test_compare_view_without_another_coder_warns_and_changes_nothing(
    project_path: Path, notices: list[Notice]
) -> None:
    with Project.open(project_path) as project:
        for span in project.spans.select(coder=OTHER_CODER):
            project.spans.remove(OTHER_CODER, span.id)
        project.spans.add(CODER, "A", "bribery", 38, 87)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        coding = _coding(app)
        before = coding.sub_title
        await _press(pilot, "v")
        assert any(n.severity == "warning" and "No other coder" in n.message for n in notices)
        assert coding.session.compare_view is False
        assert coding.loaded.primary is None and coding.sub_title == before
        assert "Compare:" not in _status(app)


# --- adjudication --------------------------------------------------------------------------------


async def test_a_full_adjudication_by_keys(agreement_path: Path, notices: list[Notice]) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _adjudication(pilot)
        assert screen.sub_title.endswith("tester (A) × alice (B) → consensus-alice-tester")
        assert [(i.document_id, i.start, i.end) for i in screen.items] == ITEMS
        assert {n for n, item in enumerate(screen.items) if item.agreed} == AGREED
        assert _progress(screen) == "decided 0/7\ndisagreements settled 0/4 · agreed 3"
        assert _at(screen) == ITEMS[1]  # the first disagreement

        await _press(pilot, "b")  # alice's "paid a bribe"
        assert _at(screen) == ITEMS[3]
        assert _progress(screen) == "decided 1/7\ndisagreements settled 1/4 · agreed 3"
        await _press(pilot, "n")  # neither: nothing written
        assert _at(screen) == ITEMS[4]
        await _press(pilot, "B")  # both: tester's remittances and alice's wage deduction
        assert _at(screen) == ITEMS[6]  # in testimony B
        assert _consensus(agreement_path) == {
            ("A", "bribery", 41, 53),
            ("A", "remittances", 169, 235),
            ("A", "wage-deduction", 206, 235),
        }

        # Edit: "from dawn to midnight" becomes the consensus segment of a code picked by name.
        screen.transcript.select_range(*place("B", "from dawn to midnight"))
        await _press(pilot, "e")
        assert isinstance(app.screen, CodePicker)
        await _press(pilot, *"wage", "enter")
        assert app.screen is screen
        assert _progress(screen) == "decided 4/7\ndisagreements settled 4/4 · agreed 3"
        assert any("Every disagreement is decided" in n.message for n in notices)

        await _press(pilot, "A")
        assert _progress(screen) == "decided 7/7\ndisagreements settled 4/4 · agreed 3"
        decided = {
            ("A", "bribery", 41, 53),
            ("A", "remittances", 169, 235),
            ("A", "wage-deduction", 206, 235),
            ("B", "wage-deduction", 40, 61),
        }
        assert _consensus(agreement_path) == decided | ACCEPTED
        assert _decisions(agreement_path) == [
            ("b", CODER),
            ("neither", CODER),
            ("both", CODER),
            ("edit", CODER),
            ("agreed", CODER),
        ]
        assert len(stored(agreement_path, coder=CODER)) == 7  # the coders' own spans are untouched

        await _press(pilot, "ctrl+z")  # undoes accept-agreed: its three spans go
        assert _consensus(agreement_path) == decided
        assert _progress(screen) == "decided 4/7\ndisagreements settled 4/4 · agreed 3"
        await _press(pilot, "ctrl+z")  # undoes the edit
        assert _consensus(agreement_path) == decided - {("B", "wage-deduction", 40, 61)}
        assert _progress(screen) == "decided 3/7\ndisagreements settled 3/4 · agreed 3"
        assert _at(screen) == ITEMS[6]  # the item whose decision was undone
        await _press(pilot, "ctrl+y", "ctrl+y")
        assert _consensus(agreement_path) == decided | ACCEPTED
        assert _progress(screen) == "decided 7/7\ndisagreements settled 4/4 · agreed 3"
        await _press(pilot, "escape")
        assert isinstance(app.screen, CodingScreen)


async def test_after_a_decision_the_next_undecided_disagreement_stays_highlighted(agreement_path: Path) -> None:
    """After each decision the next undecided disagreement is highlighted, in the list and in the
    text, and stays so once every message is handled (not pulled back to an older item; a list
    rebuilt after a decision also lost its highlight). See also the fast-keys test below."""
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _adjudication(pilot)
        await _press(pilot, "right_square_bracket")
        assert _at(screen) == ITEMS[3]
        await _press(pilot, "a")
        assert _at(screen) == ITEMS[4]
        await _press(pilot, "a")
        assert _at(screen) == ITEMS[6]  # after reading testimony B
        await _press(pilot, "a")
        assert _at(screen) == ITEMS[1]  # round to the one left undecided
        await _press(pilot, "left_square_bracket")
        assert _at(screen) == ITEMS[1]  # no disagreement before it: stays
        await _press(pilot, "a")
        assert _at(screen) == ITEMS[1]  # all decided: stays on the last one decided
        assert _progress(screen) == "decided 4/7\ndisagreements settled 4/4 · agreed 3"


async def test_keys_typed_fast_leave_the_highlight_and_the_text_on_the_right_item(agreement_path: Path) -> None:
    """Highlight messages that arrive after the screen moved on must not move it back (they did, and
    the highlight then went round the items for ever); a testimony still loading for an item left
    behind must not replace the text of the item come back to."""
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _adjudication(pilot)
        await _type_fast(
            pilot, "right_square_bracket", "right_square_bracket", "right_square_bracket", "left_square_bracket"
        )  # 3, 4, 6 (testimony B, loading), back to 4 (A)
        assert _at(screen) == ITEMS[4]
        await _type_fast(pilot, "a", "a", "a")  # decide 4 (on to 6 in B), 6 (round to 1 in A) and 1
        assert _at(screen) == ITEMS[3]
        assert _progress(screen) == "decided 3/7\ndisagreements settled 3/4 · agreed 3"
        for _ in range(3):
            await pilot.pause()
        assert _at(screen) == ITEMS[3]  # and it stays there


async def test_edit_with_shift_arrows_and_a_cancelled_picker(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _adjudication(pilot)
        assert _at(screen) == ITEMS[1]
        await _press(pilot, "tab")  # to the text: the item 38–87 is selected, the cursor at 87
        assert app.focused is screen.transcript
        screen.transcript.select_range(41, 41)
        await _press(pilot, *["shift+right"] * 12)  # "paid a bribe"
        assert screen.transcript.selected_range() == (41, 53)
        await _press(pilot, "e", "escape")  # the picker cancelled: no decision
        assert stored(agreement_path, coder=PAIR_CONSENSUS) == [] and _decisions(agreement_path) == []
        await _press(pilot, "e", *"informants", "enter")
        assert _consensus(agreement_path) == {("A", "informants", 41, 53)}
        assert _decisions(agreement_path) == [("edit", CODER)]


async def test_consensus_option_names_the_coder_written(agreement_path: Path) -> None:
    app = make_app(agreement_path, consensus="agreed")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _adjudication(pilot)
        assert screen.sub_title.endswith("→ agreed")
        await _press(pilot, "A", "a")
    assert _consensus(agreement_path, "agreed") == ACCEPTED | {("A", "bribery", 38, 87)}
    assert _decisions(agreement_path, "agreed") == [("agreed", CODER), ("a", CODER)]
    assert stored(agreement_path, coder="consensus") == [] and stored(agreement_path, coder=PAIR_CONSENSUS) == []


async def test_adjudication_picks_up_earlier_decisions(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _adjudication(pilot)
        await _press(pilot, "b", "escape")
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _adjudication(pilot)
        assert _at(screen) == ITEMS[3]  # the first undecided disagreement
        assert _progress(screen) == "decided 1/7\ndisagreements settled 1/4 · agreed 3"


async def test_the_reference_coding_is_listed_but_never_the_partner_highlighted(agreement_path: Path) -> None:
    with Project.open(agreement_path) as project:  # the bundled reference coder, who coded the most
        for quote in ("They took", "We paid", "The manager", "Nobody could", "We sent", "The broker"):
            project.spans.add("report", "A", "bribery", *place("A", quote))
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "J")
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(options.option_count - 1).prompt) == (
            "report  6 here · 6 overall · reference coding"
        )
        assert options.highlighted == 0 and str(options.get_option_at_index(0).prompt).startswith("alice")
        await _press(pilot, "end", "enter")  # chosen on purpose
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        assert screen.sub_title.endswith("tester (A) × report (B) → consensus-report-tester")


async def test_each_pair_adjudicates_into_its_own_consensus_coder(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _adjudication(pilot)  # tester × alice
        await _press(pilot, "A", "b", "escape")
        alice_pair = _consensus(agreement_path)
        assert len(alice_pair) == 4
        await _press(pilot, "J", "down", "enter")  # tester × bob: nothing decided there yet
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen) and screen.sub_title.endswith("→ consensus-bob-tester")
        assert screen.decided == {}
        await _press(pilot, "A")
    assert _consensus(agreement_path) == alice_pair  # untouched by the second pair
    assert _consensus(agreement_path, "consensus-bob-tester") and _decisions(agreement_path, "consensus-bob-tester")


async def test_a_named_consensus_says_whose_decisions_it_reuses(agreement_path: Path, notices: list[Notice]) -> None:
    app = make_app(agreement_path, consensus="agreed")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _adjudication(pilot)
        await _press(pilot, "A", "escape")  # three agreed items of tester × alice
        await _press(pilot, "J", "down", "enter")
        assert isinstance(app.screen, AdjudicationScreen) and app.screen.sub_title.endswith("→ agreed")
    assert (
        Notice(
            "Writing into agreed, which holds decisions of other pairs (3 of tester × alice): reused where items match.",
            "warning",
        )
        in notices
    )


async def test_the_bundled_walk_through_compares_lee_with_the_report_only_when_picked(tmp_path: Path) -> None:
    """docs/adjudication.md section 5: the lead has coded nothing; lee is compared, and the bundled
    `report` coding is offered, marked, but not highlighted."""
    from annotator.exchange.new_project import init_project
    from annotator.exchange.spans_csv import import_spans_csv
    from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS

    path = tmp_path / "study.db"
    with init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead") as project:
        import_spans_csv(
            Path(__file__).parents[1] / "agreement" / "data" / "worked-example-lee.csv", project, coder="lead"
        )
        assert project.coders.references() == {"report"}
    app = AnnotatorApp(path, "lead")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _press(pilot, "A")
        picker = app.screen
        assert isinstance(picker, PartnerPicker) and picker.choice.anchor == "lee"
        options = picker.query_one(OptionList)
        assert options.highlighted is None
        assert str(options.get_option_at_index(0).prompt).endswith("overall · reference coding")
        await _press(pilot, "down", "enter")
        agreement = app.screen
        assert isinstance(agreement, AgreementScreen) and agreement.result.coders == ("lee", "report")
        await _press(pilot, "J")
        adjudication = app.screen
        assert isinstance(adjudication, AdjudicationScreen)
        assert adjudication.sub_title.endswith("lee (A) × report (B) → consensus-lee-report")
        assert len(adjudication.items) == 14
