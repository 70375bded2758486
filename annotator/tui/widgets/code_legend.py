"""The legend under the text: each code coloured in the rows in view, in its colour, so a stretch's code shows without the cursor."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from annotator.domain.models import Code

HEADING = "Codes in view:"
NOTHING_CODED = f"{HEADING} none (no coded text in these rows)."
MAX_LINES = 3
GAP = "  "


class CodeLegend(Static):
    """`Codes in view:  ■ Wage deduction  ■ Bribery`, over at most MAX_LINES lines (hidden until toggled).

    The lines are broken between codes, never inside one (a swatch stays with its name), so the
    breaking is done here for the width the text column has."""

    DEFAULT_CSS = """
    CodeLegend {
        display: none;
        height: auto;
        max-height: 3;
        padding: 0 1;
        /* The legend breaks its lines between codes itself; a code name wider than the column is cut. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(self, code_ids: list[str], codes: dict[str, Code], colours: dict[str, str], width: int) -> None:
        """List these codes in `width` cells, in the colours the text shows them in (`colours`; an
        unknown code id is shown as it is, in grey)."""
        if not code_ids:
            self.update(Content.styled(NOTHING_CODED, "$text-muted"))
            return
        entries = [
            Content.assemble(("■ ", colours.get(code_id, "#888888")), (code.name if code else code_id, "bold"))
            for code_id, code in ((code_id, codes.get(code_id)) for code_id in code_ids)
        ]
        self.update(Content("\n").join(legend_lines(entries, max(width, 20))))


def legend_lines(entries: list[Content], width: int) -> list[Content]:
    """The heading and the entries filled greedily into lines of `width` cells; when they need more than
    MAX_LINES, the last line ends with `+N more` (entries it pushes out counted in N)."""
    rows: list[list[Content]] = [[Content.styled(HEADING, "$text-muted")]]
    for index, entry in enumerate(entries):
        if _width(rows[-1]) + len(GAP) + entry.cell_length > width and rows[-1]:
            if len(rows) == MAX_LINES:
                last = rows[-1]
                left = len(entries) - index
                while len(last) > 1 and _width(last) + len(GAP) + len(f"+{left} more") > width:
                    last.pop()
                    left += 1
                last.append(Content.styled(f"+{left} more", "$text-muted"))
                break
            rows.append([])
        rows[-1].append(entry)
    return [Content(GAP).join(row) for row in rows]


def _width(row: list[Content]) -> int:
    return sum(piece.cell_length for piece in row) + len(GAP) * max(len(row) - 1, 0)
