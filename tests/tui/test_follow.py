"""Pilot tests of a screen following the project while other connections and processes change it:
keys moved elsewhere, codes added elsewhere, spans removed elsewhere, a lock held elsewhere (the
screen says it waits and stores the action after), a memo kept, a text correction that conflicts."""

from __future__ import annotations

import stat
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList

from annotator.domain.models import Code, Document
from annotator.storage import Project
from annotator.tui.dialogs.code_picker import CodePicker
from annotator.tui.dialogs.memo import MemoEditor
from annotator.tui.dialogs.partner_picker import PartnerPicker
from annotator.tui.screens.adjudication import AdjudicationScreen
from annotator.tui.widgets.codebook_panel import CodebookPanel
from annotator.tui.widgets.testimony_list import TestimonyList as ListOfTestimonies
from annotator.tui.widgets.transcript import Transcript
from tests.support.suggestions import FixedSuggester
from tests.support.terminal import as_lead, lock_held
from tests.support.tui import CODER, OTHER_CODER, TEXT_A, Notice, make_app, place, settle, stored

pytestmark = pytest.mark.tui

# Generous: the screen looks twice a second; these waits only bound a test that would hang.
PATIENCE = 8.0


async def until(pilot, condition: Callable[[], bool]) -> bool:
    """Let the app run (no key pressed) until `condition` holds; False after PATIENCE seconds."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


async def compared(pilot, key: str):
    """The screen `key` opens (`A` agreement, `J` adjudication), the likely partner taken."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    if isinstance(pilot.app.screen, PartnerPicker):
        await pilot.press("enter")
        await settle(pilot)
    return pilot.app.screen


def shown_spans(app) -> dict[str, object]:
    """The spans the coding screen shows for the open testimony, by id."""
    return dict(app.screen.open.loaded.spans.by_id)


async def test_a_key_moved_by_another_process_applies_the_code_that_now_has_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        as_lead(project_path, "codes", "edit", "bribery", "--key", "5", "--move-key")
        app.screen.query_one(Transcript).select_range(*place("A", "paid a bribe"))
        await pilot.press("5")  # at once: no time for the timer, the key itself looks
        await settle(pilot)
    assert [span.code_id for span in stored(project_path, coder=CODER)] == ["bribery"]


async def test_a_code_added_elsewhere_shows_and_can_be_picked(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        code = Code(id="forced-labour", name="Forced labour", colour="#8c564b")
        with Project.open(project_path) as other:  # the lead adds a code to the codebook
            other.codes.add([code])
        panel = app.screen.query_one(CodebookPanel)
        assert await until(pilot, lambda: code.id in panel.code_ids)  # no key pressed: the timer found it
        app.screen.query_one(Transcript).select_range(*place("A", "The manager watched us"))
        await pilot.press("c", *"Forced labour", "enter")
        await settle(pilot)
    assert [span.code_id for span in stored(project_path, coder=CODER)] == [code.id]
    assert not any("New code" in notice.message for notice in notices)


async def test_an_open_code_picker_lists_a_code_added_elsewhere(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.query_one(Transcript).select_range(*place("A", "The manager watched us"))
        await pilot.press("c", *"Forced")  # the picker is open, the code not there yet
        picker = app.screen
        assert isinstance(picker, CodePicker)
        with Project.open(project_path) as other:
            other.codes.add([Code(id="forced-labour", name="Forced labour", colour="#8c564b")])
        options = picker.query_one(OptionList)
        assert await until(pilot, lambda: options.get_option_at_index(0).id == "forced-labour")
        await pilot.press("enter")
        await settle(pilot)
    assert [span.code_id for span in stored(project_path, coder=CODER)] == ["forced-labour"]


async def test_spans_added_and_removed_elsewhere_appear_and_disappear(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        with Project.open(project_path) as other:  # the same coder in a second window
            span = other.spans.add(CODER, "A", "bribery", *place("A", "paid a bribe"))
        assert await until(pilot, lambda: span.id in shown_spans(app))
        assert app.screen.query_one(CodebookPanel).count("bribery") == 1
        with Project.open(project_path) as other:
            other.spans.remove(CODER, span.id)
        assert await until(pilot, lambda: span.id not in shown_spans(app))
        assert app.screen.query_one(CodebookPanel).count("bribery") == 0


async def test_while_another_process_holds_the_lock_the_screen_says_it_waits_then_stores_in_order(
    project_path: Path, notices: list[Notice]
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        with lock_held(project_path) as release:
            transcript = app.screen.query_one(Transcript)
            transcript.select_range(*place("A", "paid a bribe"))
            await pilot.press("2")
            transcript.select_range(*place("A", "The manager watched us every day."))
            await pilot.press("3")  # pressed while the first still waits: must not overtake it
            assert await until(pilot, lambda: any("Waiting for the project" in n.message for n in notices))
            assert stored(project_path, coder=CODER) == []  # nothing shown as done yet
            assert not any(n.severity == "error" for n in notices)
            release()
        assert await until(pilot, lambda: len(stored(project_path, coder=CODER)) == 2)
        await settle(pilot)
        assert {span.code_id for span in shown_spans(app).values() if span.coder == CODER} == {  # type: ignore[attr-defined]
            "bribery",
            "surveillance",
        }
    with Project.open(project_path) as project:
        adds = [event.detail for event in project.history.events(coder=CODER) if event.kind == "add"]
        order = [event.after["code_id"] for event in project.history.events(coder=CODER) if event.after]
    assert order == ["bribery", "surveillance"] and len(adds) == 2
    assert any("saved" in notice.message for notice in notices)


async def test_a_memo_written_on_a_span_removed_elsewhere_is_kept(project_path: Path, notices: list[Notice]) -> None:
    with Project.open(project_path) as project:
        first = project.spans.add(CODER, "A", "bribery", *place("A", "paid a bribe"))
        second = project.spans.add(CODER, "A", "wage-deduction", *place("A", "They took eighty percent"))
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        transcript = app.screen.query_one(Transcript)
        transcript.select_range(first.start, first.start)
        await pilot.press("m")
        with Project.open(project_path) as other:
            other.spans.remove(CODER, first.id)
        await pilot.press(*"the broker took his cut", "ctrl+s")
        await settle(pilot)
        assert any("removed meanwhile" in notice.message for notice in notices)
        transcript.select_range(second.start, second.start)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MemoEditor)
        assert "the broker took his cut" in app.screen.query_one("#memo-text").text  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [span.memo for span in stored(project_path, coder=CODER)] == ["the broker took his cut"]


async def test_next_uncoded_answer_says_when_no_speaker_is_a_participant(
    interview_path: Path, notices: list[Notice]
) -> None:
    with Project.open(interview_path) as project:  # the interviewer's role set, no participant's
        project.speakers.set_role("Interviewer", "interviewer", coder="lead")
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("U")
    assert "no speaker has the role participant" in notices[-1].message.lower()
    assert "annotator speakers role NAME participant" in notices[-1].message
    assert not any("Every participant turn" in notice.message for notice in notices)


EDITOR = textwrap.dedent(
    """
    import sys
    from annotator.storage import Project
    path = sys.argv[-1]
    # Meanwhile the lead corrects the same testimony in another process.
    with Project.open(sys.argv[1]) as other:
        document = other.documents.get("A")
        other.documents.replace_text("lead", "A", document.text.replace("eighty", "ninety"))
    with open(path, encoding="utf-8") as opened:
        text = opened.read()
    with open(path, "w", encoding="utf-8") as edited:
        edited.write(text.replace("broker", "middleman"))
    """
)


async def test_a_correction_of_a_text_changed_meanwhile_writes_nothing_and_keeps_the_copy(
    project_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notices: list[Notice]
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script} {project_path}")
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
    with Project.open(project_path) as project:
        text = project.documents.get("A").text
    assert text == TEXT_A.replace("eighty", "ninety")  # the lead's correction stands, nothing over it
    kept = list((project_path.parent / f"{project_path.stem}-edits").iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == TEXT_A.replace("broker", "middleman")
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    message = next(notice.message for notice in notices if str(kept[0]) in notice.message)
    assert "lead" in message and "Not written" in message


async def test_the_adjudication_items_follow_spans_added_elsewhere(agreement_path: Path) -> None:
    app = make_app(agreement_path)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await compared(pilot, "J")
        assert isinstance(screen, AdjudicationScreen) and len(screen.items) == 7
        with Project.open(agreement_path) as other:  # alice codes on in her own window
            other.spans.add(OTHER_CODER, "C", "bribery", *place("C", "My family stayed behind"))
            other.spans.add(CODER, "C", "informants", *place("C", "If I ran, they would suffer."))
        assert await until(pilot, lambda: len(screen.items) == 9)
        assert "decided 0/9" in str(screen.query_one("#adjudication-progress").content)  # type: ignore[attr-defined]


async def test_a_speaker_role_set_elsewhere_changes_what_the_open_transcript_counts(
    interview_path: Path, notices: list[Notice]
) -> None:
    app = make_app(interview_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        with Project.open(interview_path) as other:  # the lead, in another shell
            other.speakers.set_role("Interviewer", "interviewer", coder="lead")
        assert await until(pilot, lambda: any(turn.role for turn in app.screen.open.turns.turns))
        await pilot.press("U")
    assert "no speaker has the role participant" in notices[-1].message.lower()


async def test_a_testimony_imported_elsewhere_is_listed(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        listed = app.screen.query_one(ListOfTestimonies)
        assert listed.row_count() == 4
        with Project.open(project_path) as other:
            other.documents.add([Document(id="N", title="N", text="A new testimony, imported by the lead.")])
        assert await until(pilot, lambda: listed.row_count() == 5)


async def test_the_open_testimony_renamed_then_removed_elsewhere(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.screen.document_id == "A"
        with Project.open(project_path) as other:
            other.documents.rename("lead", "A", "A2")
        assert await until(pilot, lambda: app.screen.document_id == "A2")
        assert any("renamed testimony A to A2" in notice.message for notice in notices)
        with Project.open(project_path) as other:
            other.documents.remove("lead", "A2", with_spans=True)
        assert await until(pilot, lambda: app.screen.document_id == "B")
        assert any("removed testimony A2" in notice.message for notice in notices)
        assert app.screen.sub_title.startswith(f"{CODER} · B · 1/3")


async def test_an_open_code_retrieval_follows_spans_added_and_removed_elsewhere(project_path: Path) -> None:
    from annotator.tui.screens.retrieval import RetrievalScreen
    from annotator.tui.widgets.place_list import PlaceList

    with Project.open(project_path) as project:
        project.spans.add(CODER, "A", "bribery", *place("A", "paid a bribe"))
    app = make_app(project_path)
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        app.screen.query_one(Transcript).select_range(*place("A", "paid a bribe"))
        await pilot.press("g")
        screen = app.screen
        assert isinstance(screen, RetrievalScreen)
        segments = screen.query_one("#retrieval-segments", PlaceList)
        assert segments.row_count() == 1
        with Project.open(project_path) as other:  # the same coder, in a second window
            added = other.spans.add(CODER, "A", "bribery", *place("A", "The manager watched us"))
        assert await until(pilot, lambda: segments.row_count() == 2)
        with Project.open(project_path) as other:
            other.spans.remove(CODER, added.id)
        assert await until(pilot, lambda: segments.row_count() == 1)


async def test_an_open_agreement_report_says_when_the_project_changed_and_r_computes_it_again(
    agreement_path: Path,
) -> None:
    from annotator.tui.screens.agreement import AgreementScreen

    app = make_app(agreement_path)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await compared(pilot, "A")
        assert isinstance(screen, AgreementScreen) and screen.result is not None
        first = screen.result
        note = screen.query_one("#agreement-note")
        with Project.open(agreement_path) as other:  # alice codes on in her own window
            other.spans.add(OTHER_CODER, "C", "bribery", *place("C", "My family stayed behind"))
        assert await until(pilot, lambda: "The project changed since" in str(note.content))  # type: ignore[attr-defined]
        await pilot.press("r")
        assert await until(pilot, lambda: screen.result is not None and screen.result is not first)
        assert "The project changed since" not in str(note.content)  # type: ignore[attr-defined]


async def test_suggestions_rejected_or_accepted_by_another_process_leave_the_open_testimony(
    project_path: Path, suggester: FixedSuggester
) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        marks = lambda: {(s.start, s.end, s.code_id) for s in app.screen.marks.items}  # noqa: E731
        paragraph = place(
            "A", "They took eighty percent of the wage. We paid a bribe to be chosen for the work abroad."
        )
        assert {(*paragraph, "bribery"), (*paragraph, "wage-deduction")} <= marks()
        ids = {s.code_id: s.id for s in app.screen.marks.items if (s.start, s.end) == paragraph}
        with Project.open(project_path) as other:  # the same coder, in another shell
            other.suggestions.reject(CODER, ids["bribery"])
        assert await until(pilot, lambda: (*paragraph, "bribery") not in marks())
        with Project.open(project_path) as other:
            other.suggestions.accept(CODER, ids["wage-deduction"])
        assert await until(pilot, lambda: (*paragraph, "wage-deduction") not in marks())
        # What the coder decided elsewhere teaches their suggester: the open testimony is made again, no other.
        assert set(suggester.runs) == {"A"}
