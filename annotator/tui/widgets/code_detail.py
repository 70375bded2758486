"""A code's definition, include and exclude rules and examples, under a list of codes (hidden when it has none)."""

from __future__ import annotations

from textual.widgets import Static

from annotator.coding.codebook_view import describe_code
from annotator.domain.models import Code


class CodeDetail(Static):
    """What the highlighted code means; takes no room while the code says nothing more than its name."""

    def show_code(self, code: Code | None) -> None:
        """Describe `code` (None: nothing highlighted)."""
        lines = describe_code(code) if code is not None else []
        self.update("\n".join(lines))
        self.display = bool(lines)
