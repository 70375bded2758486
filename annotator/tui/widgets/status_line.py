"""The lines under the text: the spans (and the code suggestion) under the cursor with their code names, the
search, the selection."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets import Static

from annotator.domain.models import Code, Span
from annotator.domain.suggestions import Suggestion

UNKNOWN_COLOUR = "#888888"  # a code no longer in the codebook (its span remains)


def describe_spans(spans: list[Span], codes: dict[str, Code], coder: str, colours: Mapping[str, str]) -> Content:
    """`■ Wage deduction + ■ Bribery (alice) ✎ memo` for the spans under the cursor, innermost first
    (each swatch in its code's colour on screen)."""
    if not spans:
        return Content.styled("No span under the cursor.", "$text-muted")
    parts: list[Content | str | tuple[str, str]] = []
    for number, span in enumerate(spans):
        code = codes.get(span.code_id)
        if number:
            parts.append(" + ")
        parts.append(("■ ", colours.get(span.code_id, code.colour if code else UNKNOWN_COLOUR)))
        parts.append((code.name if code else span.code_id, "bold"))
        if span.coder != coder:
            parts.append((f" ({span.coder})", "$text-muted"))
    parts.append((f"  {spans[0].start}–{spans[0].end}", "$text-muted"))
    memo = " ".join(spans[0].memo.split())
    if memo:
        parts.append(("  ✎ " + memo, "italic"))
    return Content.assemble(*parts)


# The keys for the suggestion under the cursor: first on the second line, where a long code name or reason on
# the first can never push them out of a narrow terminal.
SUGGESTION_KEYS = "y accept · Y other code · X reject"


def describe_suggestion(suggestion: Suggestion, name: str, colours: Mapping[str, str]) -> Content:
    """`Suggested ▐ Bribery 0.82: why …`: the suggestion under the cursor (its keys: `SUGGESTION_KEYS`)."""
    return Content.assemble(
        ("Suggested ", "italic"),
        ("▐ ", colours.get(suggestion.code_id, UNKNOWN_COLOUR)),
        (name, "bold italic"),
        (f" {suggestion.score:.2f}", "$text-muted"),
        (f": {' '.join(suggestion.why.split())}" if suggestion.why.strip() else "", "italic"),
    )


class StatusLine(Static):
    """Two lines: what is under the cursor, then the search and the selection."""

    DEFAULT_CSS = """
    StatusLine {
        height: 2;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show(
        self,
        under_cursor: Content,
        selection: tuple[int, int],
        search: str = "",
        legend: Content | None = None,
        turn: str = "",
        keys: str = "",
    ) -> None:
        """Redraw with the spans under the cursor, the selection, the search state, (comparing) the legend,
        (in a transcript) the speaker and time of the turn under the cursor, and first the `keys` for what
        is under the cursor (a suggestion's)."""
        start, end = selection
        parts: list[Content | str | tuple[str, str]] = []
        if keys:
            parts += [(keys, "bold"), "  "]
        if turn:
            parts += [("▍" + turn, "bold $accent"), "  "]
        if legend is not None:
            parts += [legend, "  "]
        if search:
            parts += [(search, "bold"), "  "]
        if end > start:
            parts += [
                f"Selected {start}–{end}",
                (f" ({end - start} characters): a code key or c codes it", "$text-muted"),
            ]
        else:
            parts += [f"Cursor at {start}", (": shift+arrows, w s p or a mouse drag select", "$text-muted")]
        # Fixed height and width (CSS): no layout pass needed, which keeps key presses cheap.
        self.update(Content.assemble(under_cursor, "\n", *parts), layout=False)


def compare_legend(first: str, second: str) -> Content:
    """`Compare: alice background · bob underlined` (names styled so): which coder is which in the compare view."""
    return Content.assemble(
        ("Compare: ", "bold"),
        (first, "reverse"),
        (" background", "$text-muted"),
        " · ",
        (second, "underline"),
        (" underlined", "$text-muted"),
    )
