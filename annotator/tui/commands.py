"""The command palette's commands (the app's system commands), ranked whole words first."""

from __future__ import annotations

from textual.command import Hit, Hits
from textual.system_commands import SystemCommandsProvider

from annotator.coding.palette import palette_score


class RankedCommands(SystemCommandsProvider):
    """The system commands, with a command whose title holds every typed word (`open M`: `Open
    testimony M`) above ones that only match letter by letter (`Open testimony A`)."""

    async def search(self, query: str) -> Hits:
        """The commands matching `query`, scored by `palette_score`."""
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            fuzzy = matcher.match(name)
            if fuzzy > 0:
                yield Hit(palette_score(query, name, fuzzy), matcher.highlight(name), callback, help=help_text)
