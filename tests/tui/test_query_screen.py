"""The query screen (issue 24): a query typed and its hits listed, a bad query's one-line error with its
caret, enter on a hit jumps there, and the corpus-wide search."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from annotator.storage import Project
from annotator.tui.screens.coding.screen import CodingScreen
from annotator.tui.screens.query import QueryScreen
from annotator.tui.widgets.place_list import PlaceList
from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import CODER, TEXT_A, TEXT_B, make_app, settle

SIZE = (120, 34)


def _coded(path: Path) -> Path:
    """Bribery coded in A (once) and B (twice), wage deduction in A."""
    with Project.open(path) as project:
        project.spans.add(CODER, "A", "bribery", 38, 87)
        project.spans.add(CODER, "A", "wage-deduction", 0, 37)
        project.spans.add(CODER, "B", "bribery", 0, 28)
        start = TEXT_B.index("We worked")
        project.spans.add(CODER, "B", "bribery", start, start + 9)
    return path


async def _open(pilot, *keys: str) -> None:
    """The coding screen settled, then `Q` (and `keys`)."""
    await settle(pilot)
    await pilot.press("Q", *keys)


async def _ask(pilot, text: str) -> QueryScreen:
    screen = pilot.app.screen
    assert isinstance(screen, QueryScreen)
    screen.query_one(Input).value = text
    screen.query_one(Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def _code_all_with(pilot, code: str) -> None:
    """`a`, then the code typed in the picker and enter."""
    await pilot.press("a")
    await settle(pilot)
    await pilot.press(*code, "enter")
    await settle(pilot)


def _label(screen: QueryScreen, name: str) -> str:
    return str(screen.query_one(f"#query-{name}", Label).content)


async def test_a_query_lists_its_hits_with_counts_per_testimony(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = await _ask(pilot, "bribery")
        hits = screen.query_one(PlaceList)
        assert [(hit.document_id, hit.start) for hit in hits.places] == [("A", 38), ("B", 0), ("B", 30)]
        assert _label(screen, "summary") == "3 hits in 2 testimonies: A 1 · B 2"
        assert hits.has_focus and hits.highlighted == 0
        assert hits.places[0].words == TEXT_A[38:87]
        await pilot.press("down")  # stepping through the hits
        assert hits.highlighted == 1


async def test_a_bad_query_is_one_line_with_a_caret_under_its_column(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = await _ask(pilot, "bribery AND nosuchcode")
        fault = _label(screen, "fault")
        assert "nosuchcode" in fault and "\n" not in fault
        assert "Traceback" not in fault
        assert _label(screen, "caret") == " " * len("bribery AND ") + "^"
        assert screen.query_one(PlaceList).places == []
        screen = await _ask(pilot, "(bribery")
        assert "\n" not in _label(screen, "fault") and _label(screen, "caret").endswith("^")
        screen = await _ask(pilot, "bribery")  # a good query clears the fault
        assert _label(screen, "fault") == "" and _label(screen, "caret") == ""


async def test_enter_on_a_hit_jumps_to_it_in_the_coding_screen(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await _ask(pilot, "bribery")
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"
        start = TEXT_B.index("We worked")
        assert app.screen.query_one(Transcript).selected_range() == (start, start + 9)


async def test_the_corpus_search_finds_words_in_every_testimony_and_jumps(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "ctrl+t")
        screen = await _ask(pilot, "nobody")
        hits = screen.query_one(PlaceList)
        assert [hit.document_id for hit in hits.places] == ["A", "B"]
        assert [hit.words for hit in hits.places] == ["Nobody", "Nobody"]
        assert _label(screen, "summary") == "2 hits in 2 testimonies: A 1 · B 1"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "B"
        assert app.screen.query_one(Transcript).selected_range() == (0, len("Nobody"))


async def test_escape_goes_back_without_jumping(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "escape")
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == "A"


async def test_a_codes_every_hit_as_one_undoable_action(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "ctrl+t")
        await _ask(pilot, "nobody")
        await _code_all_with(pilot, "informants")
        assert isinstance(app.screen, CodingScreen)
        with Project.open(project_path) as project:
            coded = [(span.document_id, span.start, span.end) for span in project.spans.select(coder=CODER)]
        assert coded == [("A", TEXT_A.index("Nobody"), TEXT_A.index("Nobody") + 6), ("B", 0, 6)]
        await pilot.press("ctrl+z")  # one action: both go
        await settle(pilot)
        with Project.open(project_path) as project:
            assert project.spans.select(coder=CODER) == []


async def _ask_with(pilot, text: str, options: str) -> QueryScreen:
    pilot.app.screen.query_one("#query-options", Input).value = options
    return await _ask(pilot, text)


async def test_the_hit_list_names_codes_by_name_not_id(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        screen = await _ask(pilot, "bribery OR wage-deduction")
        assert [hit.codes for hit in screen.query_one(PlaceList).places][:2] == [("Wage deduction",), ("Bribery",)]


async def test_the_options_choose_coders_unit_and_testimonies_on_one_status_line(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        assert _label(app.screen, "status") == "tester's coding · hits: coded segments"
        screen = await _ask(pilot, "surveillance")  # alice's span: not the coder's own
        assert screen.query_one(PlaceList).places == []
        screen = await _ask_with(pilot, "surveillance OR bribery", "--all-coders")
        assert _label(screen, "status") == "every coder's coding · hits: coded segments"
        hits = screen.query_one(PlaceList).places
        assert [(hit.document_id, hit.codes) for hit in hits][:2] == [("A", ("Bribery",)), ("A", ("Surveillance",))]
        screen = await _ask_with(pilot, "surveillance", "--coders alice,tester")
        assert [hit.coders for hit in screen.query_one(PlaceList).places] == [("alice",)]
        screen = await _ask_with(pilot, "bribery", "--in paragraph --where country=Russia")
        assert _label(screen, "status") == "tester's coding · hits: paragraphs · where country=Russia"
        assert [(hit.document_id, hit.start, hit.end) for hit in screen.query_one(PlaceList).places] == [
            ("B", 0, len("Nobody could leave the site.")),
            ("B", TEXT_B.index("We worked"), len(TEXT_B)),
        ]
        screen = await _ask_with(pilot, "bribery AND wage-deduction", "--overlap-only")
        assert "overlaps only" in _label(screen, "status")


async def test_a_bad_option_is_one_line_without_a_caret(project_path: Path) -> None:
    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        for options, said in [
            ("--in chapter", "--in 'chapter'"),
            ("--frobnicate", "unknown option"),
            ("--coders nobody", "no coder 'nobody'"),
        ]:
            screen = await _ask_with(pilot, "bribery", options)
            fault = _label(screen, "fault")
            assert said in fault and "\n" not in fault and "Traceback" not in fault
            assert _label(screen, "caret") == ""
            assert screen.query_one(PlaceList).places == []


async def test_hits_widened_to_their_sentence_are_coded_once_each(project_path: Path) -> None:
    """`--widen sentence`: two hits in one sentence become that sentence, listed and coded once."""
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "ctrl+t")
        screen = await _ask_with(pilot, "broker", "--widen sentence")
        sentence = "We sent money home through a broker."
        second = "The broker kept a part of it."
        assert [hit.words for hit in screen.query_one(PlaceList).places] == [sentence, second]
        assert "widened to sentences" in _label(screen, "status")
        await _code_all_with(pilot, "remittances")
        with Project.open(project_path) as project:
            coded = [(span.start, span.end) for span in project.spans.select(coder=CODER)]
        start = TEXT_A.index(sentence)
        assert coded == [(start, start + len(sentence)), (TEXT_A.index(second), TEXT_A.index(second) + len(second))]


async def test_a_query_saved_by_name_is_undoable_and_opens_again_from_the_picker(project_path: Path) -> None:
    from annotator.tui.dialogs.saved_queries import QueryNamePrompt, SavedQueryPicker

    app = make_app(_coded(project_path))
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot)
        await pilot.press("ctrl+o")  # nothing saved yet: said so, no picker
        await settle(pilot)
        assert isinstance(app.screen, QueryScreen)
        await _ask_with(pilot, "bribery", "--in sentence --where country~Russia")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QueryNamePrompt)
        for key in "bribes":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        with Project.open(project_path) as project:
            saved = project.queries.get("bribes")
        assert saved.expression == "bribery"
        assert (saved.options["unit"], saved.options["where"], saved.options["coders"]) == (
            "sentence",
            ["country~Russia"],
            [CODER],
        )
        screen = await _ask_with(pilot, "wage-deduction", "")  # something else on show
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, SavedQueryPicker)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#query-input", Input).value == "bribery"
        assert (
            screen.query_one("#query-options", Input).value == "--coders tester --in sentence --where 'country~Russia'"
        )
        assert [hit.document_id for hit in screen.query_one(PlaceList).places] == ["B", "B"]
        await pilot.press("escape")
        await pilot.press("ctrl+z")  # the saving is one action of the coder's, undone as any other
        await settle(pilot)
        with Project.open(project_path) as project:
            assert project.queries.find("bribes") is None


def _list_text(hits: PlaceList) -> str:
    """What the hit list draws in its first two lines."""
    return " ".join(hits.render_line(y).text for y in range(2))


async def test_an_answer_without_hits_never_says_no_hits_yet(project_path: Path) -> None:
    """Seen at 80x24: "No hits." above "No hits yet: type a query and press enter." after the query ran."""
    app = make_app(_coded(project_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        screen = await _ask(pilot, "bribery AND surveillance")
        hits = screen.query_one(PlaceList)
        assert _label(screen, "summary") == "No hits."
        assert "yet" not in _list_text(hits) and "Nothing matched" in _list_text(hits)
        await pilot.press("ctrl+t")  # a new question: not answered yet
        await settle(pilot)
        assert "No hits yet: type words" in _list_text(hits)
