"""Run the real coding screen (headless) on a project and code on command from stdin.

Usage: python screen.py DB CODER. Prints `ready` when the first testimony is on screen. Commands,
one per line: `code` selects the next word-sized stretch and applies key 1, then prints the new
span's id once it is committed (after waiting its turn, if another screen held the project); `quit` presses ctrl+q and the process ends when the app has.
"""

from __future__ import annotations

import asyncio
import sys

from annotator.tui import AnnotatorApp
from annotator.tui.widgets.transcript import Transcript


async def main(db_path: str, coder: str) -> None:
    """Drive one app through the Pilot, as a coder at the keyboard would."""
    app = AnnotatorApp(db_path, coder, keep_backups=0)
    loop = asyncio.get_running_loop()
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        print("ready", flush=True)
        coded = 0
        while True:
            command = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
            if command == "code":
                transcript = app.screen.query_one(Transcript)
                length = len(transcript.text)
                start = (coded * 7) % max(length - 5, 1)
                before = {span.id for span in app.project.spans.select(coder=coder)}
                transcript.select_range(start, start + 4)
                await pilot.pause()
                await pilot.press("1")
                await pilot.pause()
                while len(app.writes):  # another screen held the project: the span waits its turn
                    await pilot.pause(0.1)
                new = {span.id for span in app.project.spans.select(coder=coder)} - before
                print(" ".join(sorted(new)) or "none", flush=True)
                coded += 1
            elif command in ("quit", ""):
                await pilot.press("ctrl+q")
                await pilot.pause()
                break


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
