"""Playing a transcript's recording from a turn's start: which player, which arguments, which file (no Textual)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InputError
from annotator.transcripts.media import MEDIA_ATTRIBUTE

PLAYERS = ("mpv", "ffplay")


@dataclass(frozen=True)
class Playback:
    """A player's command line that plays `media` from `start` seconds, in a window of its own."""

    command: list[str]
    media: Path
    start: float

    @property
    def player(self) -> str:
        """The player's name (`mpv`)."""
        return Path(self.command[0]).name

    def describe(self) -> str:
        """`Playing interview.mp3 from 00:01:05 with mpv.`"""
        whole = int(self.start)
        at = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
        return f"Playing {self.media.name} from {at} with {self.player}."


def media_path(document_id: str, attributes: Mapping[str, str], project_folder: Path) -> Path:
    """The document's recording (a relative `media` is read from the project's folder); InputError
    saying what to do when none is recorded or the file is not there."""
    recorded = attributes.get(MEDIA_ATTRIBUTE, "").strip()
    if not recorded:
        raise InputError(
            f"document {document_id!r} has no media file recorded; "
            f"record one with `annotator documents set {document_id} media=PATH`"
        )
    path = Path(recorded).expanduser()
    path = path if path.is_absolute() else (project_folder / path).absolute()
    if not path.is_file():
        raise InputError(f"the media file of document {document_id!r} is missing: {path}")
    return path


def player_command(environment: Mapping[str, str] = os.environ) -> list[str]:
    """The first of mpv and ffplay found on PATH, as a command's first word; InputError when neither is."""
    for player in PLAYERS:
        found = shutil.which(player, path=environment.get("PATH"))
        if found is not None:
            return [found]
    raise InputError("neither mpv nor ffplay is installed (none on PATH); install one to play the recording")


def plan_playback(media: Path, start: float | None, player: list[str]) -> Playback:
    """The command that plays `media` from `start` (0 when the turn has no time) with `player`,
    keeping away from the terminal the screen draws in."""
    seconds = max(0.0, start or 0.0)
    at = f"{seconds:.3f}"
    if Path(player[0]).name == "ffplay":
        arguments = ["-ss", at, "-autoexit", "-hide_banner", "-loglevel", "error", str(media)]
    else:  # mpv: --no-terminal keeps it from reading the keys meant for the screen
        arguments = [f"--start={at}", "--no-terminal", "--force-window=yes", "--", str(media)]
    return Playback([*player, *arguments], media, seconds)


def start_playback(playback: Playback) -> None:
    """Start the player and return at once: it runs in a session of its own, its output discarded."""
    try:
        player = subprocess.Popen(
            playback.command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the screen's ctrl+c or quit does not stop it mid-sentence
        )
    except OSError as error:
        raise InputError(f"{playback.player} could not be started ({error.strerror or error})") from None
    # Waited for apart, so the finished player leaves no zombie process behind and nothing blocks.
    threading.Thread(target=player.wait, name=f"{playback.player}-wait", daemon=True).start()
