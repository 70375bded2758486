"""When the disk or the project file fails, the screen says so, stops writing, and says what to do."""

from __future__ import annotations

from pathlib import Path

from annotator.tui.widgets.transcript import Transcript
from tests.support.tui import CODER, TEXT_A, Notice, make_app, settle, stored


async def test_a_full_disk_stops_writing_and_says_what_to_do(project_path: Path, notices: list[Notice]) -> None:
    app = make_app(project_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        seen = notices
        # SQLite's own "database or disk is full", for real: the file may not grow by a page more.
        pages = app.project.db.execute("PRAGMA page_count").fetchone()[0]
        app.project.db.execute(f"PRAGMA max_page_count = {pages}")
        transcript = app.screen.query_one(Transcript)
        coded_before_failure = 0
        for attempt in range(400):
            start = attempt % (len(TEXT_A) - 4)
            transcript.select_range(start, start + 3)
            await pilot.press("1")
            if app.project.failure is not None:
                break
            coded_before_failure += 1
        assert app.project.failure is not None, "the file never filled up"
        assert "the disk is full" in app.project.failure
        assert any("annotator check" in message and severity == "error" for message, severity in seen)
        assert app.sub_title.startswith("NOT SAVING")
        # Every later change is refused before it reaches the file, with the same message.
        refused = len(seen)
        transcript.select_range(0, 4)
        await pilot.press("2")
        assert len(seen) == refused + 1 and "nothing more is saved" in seen[-1][0]
    spans = stored(project_path, coder=CODER)
    assert len(spans) == coded_before_failure  # each span shown as saved is there; nothing after
