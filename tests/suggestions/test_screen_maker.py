"""The coding screen's suggester (`SuggestionMaker`, run by `SuggestionProcess` in a child): kept between the worker's runs, retrained after each
action, built again when a text or the codebook changed, and working on the smallest project."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.models import Code, Codebook, Document
from annotator.storage import Project
from annotator.suggestions.refresh import SuggestionMaker

NIGHT = "We worked at night on the site, and the guard watched the gate."
CODES = (Code(id="surveillance", name="Surveillance", examples=({"quote": "the guard watched the gate"},)),)


def _project(path: Path, *texts: str) -> Path:
    with Project.create(path) as project:
        project.documents.add([Document(id=f"D{n}", text=text) for n, text in enumerate(texts)])
        project.codes.add_codebook(Codebook(name="t", codes=CODES))
        project.coders.ensure("ann")
    return path


def test_a_project_of_one_paragraph_gets_its_suggestions(tmp_path: Path) -> None:
    # Fitting the character n-grams needed two units: the first paragraph of a new project failed the worker.
    maker = SuggestionMaker(_project(tmp_path / "p.db", NIGHT), "ann")
    [suggestion] = maker.refresh("D0")
    assert (suggestion.start, suggestion.end, suggestion.code_id) == (0, len(NIGHT), "surveillance")


def test_kept_between_runs_and_built_again_when_a_text_changes(tmp_path: Path) -> None:
    path = _project(tmp_path / "p.db", NIGHT, "We ate rice.")
    maker = SuggestionMaker(path, "ann")
    assert len(maker.refresh("D0")) == 1
    first = maker._suggester
    with Project.open(path) as project:
        project.spans.add("ann", "D1", "surveillance", 0, 6)
    maker.refresh("D0")
    assert maker._suggester is first  # only retrained
    with Project.open(path) as project:
        project.documents.replace_text("ann", "D1", "We ate rice and the guard watched the gate.")
    maker.refresh("D1")
    assert maker._suggester is not first  # the units were cut again from the corrected text
    assert "We ate rice and the guard watched the gate." in maker._suggester.units.texts


def test_the_screens_suggester_runs_in_a_process_of_its_own(tmp_path: Path) -> None:
    """Its training never shares the screen's interpreter lock with the key presses (benchmarks/tui.py):
    the same suggestions as in this process, made by a child, which ends when the screen closes it."""
    import os

    from annotator.suggestions.refresh import SuggestionProcess

    path = _project(tmp_path / "p.db", NIGHT, "We ate rice.")
    here = SuggestionMaker(path, "ann").refresh("D0")
    process = SuggestionProcess(path, "ann")
    try:
        there = process.refresh("D0")
        child = process._pool.submit(os.getpid).result()
    finally:
        process.close()
    assert there == here and len(there) == 1
    assert child != os.getpid()
    assert process._pool is None


def test_the_suggestion_process_ends_when_the_screens_process_is_killed(tmp_path: Path) -> None:
    """kill -9 of the coding screen leaves no suggester running: the child waits on a queue it holds
    both ends of, so it watches its parent instead (it lingered, orphaned, before)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    path = _project(tmp_path / "p.db", NIGHT)
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from annotator.suggestions.refresh import SuggestionProcess\n"
        f"process = SuggestionProcess(Path({str(path)!r}), 'ann')\n"
        "process.refresh('D0')\n"
        "print(process._pool.submit(os.getpid).result(), flush=True)\n"
        "time.sleep(60)\n"
    )
    screen = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert screen.stdout is not None
        child = int(screen.stdout.readline())
        os.kill(child, 0)  # running
        screen.send_signal(signal.SIGKILL)
        screen.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(child, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            os.kill(child, signal.SIGKILL)
            raise AssertionError("the suggestion process outlived the screen's process")
    finally:
        screen.kill()
