"""What the coding screen's worker runs: one coder's suggester kept between runs, retrained from the project
after each coding action, and a testimony's suggestions made, stored and read back."""

from __future__ import annotations

from pathlib import Path
from threading import Lock
from typing import Any

from annotator.domain.models import Code
from annotator.domain.suggestions import Suggestion
from annotator.storage import Project
from annotator.suggestions.from_project import CoderSuggester


class SuggestionMaker:
    """The coder's suggester for the screen's worker: built on first use (every testimony cut into units),
    then only retrained (the spans and rejections read again); built again when the texts or codes changed.

    Each run opens a connection of its own (a Project is one connection, one thread); a lock keeps two runs
    (one cancelled but still finishing, and the next) from training the same models at once.
    """

    def __init__(self, db_path: Path, coder: str) -> None:
        self.db_path = db_path
        self.coder = coder
        self._lock = Lock()
        self._suggester: CoderSuggester | None = None
        self._built_on: tuple[dict[str, str], list[Code]] | None = None  # the texts' hashes and the codes

    def refresh(self, document_id: str) -> list[Suggestion]:
        """A testimony's open suggestions for the coder, made again from their coding now and stored."""
        with self._lock, Project.open(self.db_path) as project:
            suggester = self._retrained(project)
            made = suggester.suggest(document_id)
            project.suggestions.replace_for(self.coder, document_id, made)
            return project.suggestions.of(self.coder, document_id)

    def _retrained(self, project: Project) -> CoderSuggester:
        basis = (project.documents.hashes(), project.codes.visible_to(self.coder))
        if self._suggester is None or basis != self._built_on:
            # Cutting the texts into units is the costly part: done again only when a text or a code changed.
            self._suggester, self._built_on = CoderSuggester(project, self.coder), basis
        else:
            self._suggester.retrain(project)
        return self._suggester


# The suggesters of this process, by (project file, coder): in the screen's suggestion process, kept
# between runs as the screen's SuggestionMaker is.
_MAKERS: dict[tuple[str, str], SuggestionMaker] = {}


def refresh_in_this_process(db_path: str, coder: str, document_id: str) -> list[Suggestion]:
    """What the suggestion process runs: the coder's suggester here, made on first use, refreshed."""
    key = (db_path, coder)
    if key not in _MAKERS:
        _MAKERS[key] = SuggestionMaker(Path(db_path), coder)
    return _MAKERS[key].refresh(document_id)


def _child_setup(parent: int) -> None:
    """The child's output goes nowhere (a library's warning must never be drawn over the coding screen),
    and the child ends when the screen's process has gone, however it went (`kill -9` included): it
    waits on a queue it holds both ends of, so it would never see the parent go otherwise."""
    import os
    import threading
    import time

    silent = os.open(os.devnull, os.O_WRONLY)
    os.dup2(silent, 1)
    os.dup2(silent, 2)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class SuggestionProcess:
    """The coder's suggester in a process of its own, for the coding screen.

    Training and scoring are CPU work in Python and numpy. In the screen's own process they share its
    one interpreter lock with the key presses, and a key pressed during a retrain waited for half of
    it (benchmarks/tui.py: a code key's p95 98 ms against 69 ms without suggestions). In a child
    process they take the other core, never the screen's lock. The child is started on first use
    ("spawn": no copy of the screen's threads), opens the project on a connection of its own and keeps
    its suggester between runs. Only the suggestions come back, plain values made by our own child:
    nothing learned crosses, and nothing is read from a file.
    """

    _starting = Lock()

    def __init__(self, db_path: Path, coder: str) -> None:
        self.db_path = db_path
        self.coder = coder
        self._pool: Any = None

    def refresh(self, document_id: str) -> list[Suggestion]:
        """A testimony's open suggestions for the coder, made again in the child (blocks the calling thread)."""
        with self._starting:
            if self._pool is None:
                self._pool = self._start()
            future = self._pool.submit(refresh_in_this_process, str(self.db_path), self.coder, document_id)
        found: list[Suggestion] = future.result()
        return found

    @staticmethod
    def _start() -> Any:
        """The pool of one child. Textual holds sys.stderr while the app runs, with no file behind it, and
        multiprocessing's resource tracker asks for stderr's file: it gets the null device while the pool
        starts (its child is started by the first submit, inside the same swap)."""
        import multiprocessing
        import os
        import sys
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import resource_tracker

        held = sys.stderr
        with open(os.devnull, "w") as silent:
            sys.stderr = silent
            try:
                resource_tracker.ensure_running()
                context = multiprocessing.get_context("spawn")
                pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=context, initializer=_child_setup, initargs=(os.getpid(),)
                )
                pool.submit(int).result()  # starts the child now, while stderr has a file
            finally:
                sys.stderr = held
        return pool

    def close(self) -> None:
        """Stop the child (what it was doing is dropped: suggestions are made again on the next run)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
