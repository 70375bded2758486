"""The fuzzy code picker: type part of a code's name to apply it, or name a new (in-vivo) code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.coding.colours import display_colours
from annotator.coding.follow import ProjectChanges
from annotator.domain.models import Code
from annotator.tui.bindings import KeyGroup
from annotator.tui.widgets.code_detail import CodeDetail

NEW_CODE = "+new"
MAX_ROWS = 200  # codes listed at once, best first
MATCH_STYLE = "bold underline"

_keys = KeyGroup("picker.", show=True)


@dataclass(frozen=True)
class PickedCode:
    """The picker's answer: an existing code's id, or the name of a code to create."""

    code_id: str | None = None
    new_name: str | None = None


def rank_codes(codes: list[Code], query: str, search: FuzzySearch | None = None) -> list[tuple[Code, Content]]:
    """Codes matching the query, best first (codebook order for ties and for an empty query)."""
    search = search or FuzzySearch()
    query = query.strip()
    ranked: list[tuple[float, int, Code, Content]] = []
    for position, code in enumerate(codes):
        if not query:
            ranked.append((0.0, position, code, Content(code.name)))
            continue
        score, offsets = search.match(query, code.name)
        if query == code.key:
            score = max(score, 2.0)  # typing a code's key picks that code
        elif not score:
            score = search.match(query, code.id)[0] * 0.5
        if score:
            label = Content(code.name)
            for offset in offsets:
                label = label.stylize(MATCH_STYLE, offset, offset + 1)
            ranked.append((score, position, code, label))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return [(code, label) for _, _, code, label in ranked]


class CodePicker(ModalScreen[PickedCode | None]):
    """A search box over the codebook; enter applies the highlighted code, escape cancels."""

    DEFAULT_CSS = """
    CodePicker #picker-options {
        height: auto;
        max-height: 16;
    }
    CodePicker #picker-detail {
        height: auto;
        max-height: 8;
        padding-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        _keys("escape", "cancel", "Cancel", "cancel", "Close the picker without coding."),
        _keys("down", "move(1)", "Next", "down", "Highlight the next code.", show=False),
        _keys("up", "move(-1)", "Previous", "up", "Highlight the previous code.", show=False),
    ]

    def __init__(
        self,
        codes: list[Code],
        title: str,
        *,
        allow_new: bool = True,
        colours: Mapping[str, str] | None = None,
        follow_codes: Callable[[], list[Code]] | None = None,
        new_name: str = "",
    ) -> None:
        super().__init__()
        # The in-vivo name offered (the selected words): typed in already, so enter creates that code.
        self.new_name = new_name if allow_new else ""
        self.codes = codes
        self.by_id = {code.id: code for code in codes}
        self.follow_codes = follow_codes  # the codes as they are now, when the codebook changed elsewhere
        # As the coding screen shows them: its own, when it passes them (computing them again for a
        # 10,000-code codebook doubled the time to open the picker).
        self.colours = colours if colours is not None else display_colours(codes)
        self.title_text = title
        self.allow_new = allow_new
        self._search = FuzzySearch()

    def compose(self) -> ComposeResult:
        """A title, the search box and the matching codes."""
        with Vertical(id="picker", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.new_name, placeholder="Type part of a code name…", id="picker-query")
            yield OptionList(id="picker-options")
            yield CodeDetail(id="picker-detail")

    def on_mount(self) -> None:
        """Start with every code listed (after the in-vivo name, when one is offered)."""
        self._refilter(self.new_name)

    def follow(self, changes: ProjectChanges) -> None:
        """The codebook changed elsewhere while the picker is open: list the codes as they are now."""
        if self.follow_codes is not None and (changes.codes or changes.everything):
            self.codes = self.follow_codes()
            self.by_id = {code.id: code for code in self.codes}
            self.colours = display_colours(self.codes)
            self._refilter(self.query_one("#picker-query", Input).value)

    @on(Input.Changed, "#picker-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._refilter(event.value)

    def _refilter(self, query: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        # The in-vivo name as offered lists every code under it: typing (which replaces it) filters.
        offered = bool(self.new_name) and query == self.new_name
        found = rank_codes(self.codes, "" if offered else query, self._search)
        # The best MAX_ROWS only: the list measures every row it holds, which took seconds for
        # 10,000 codes; typing narrows the rest.
        entries = [
            Option(
                Content.assemble((code.key or " ", "bold"), " ", ("■", self.colours[code.id]), " ", label), id=code.id
            )
            for code, label in found[:MAX_ROWS]
        ]
        if len(found) > MAX_ROWS:
            more = f"… {len(found) - MAX_ROWS:,} more: type part of a name to narrow"
            entries.append(Option(Content.styled(more, "dim italic"), disabled=True))
        name = query.strip()
        if self.allow_new and name and all(code.name.casefold() != name.casefold() for code in self.codes):
            new_code = Option(Content.assemble(("+ New code: ", "bold"), name), id=NEW_CODE)
            entries.insert(0 if offered else len(entries), new_code)
        options.set_options(entries)
        options.highlighted = 0 if entries else None
        self.query_one(CodeDetail).show_code(found[0][0] if found else None)

    @on(OptionList.OptionHighlighted, "#picker-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show what the highlighted code means (nothing for the new-code line)."""
        code = self.by_id.get(event.option.id) if event.option.id else None
        self.query_one(CodeDetail).show_code(code)

    def action_move(self, step: int) -> None:
        """Move the highlight through the codes while typing."""
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        """Close without a code."""
        self.dismiss(None)

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id == NEW_CODE:
            self.dismiss(PickedCode(new_name=self.query_one("#picker-query", Input).value.strip()))
        elif option_id is not None:
            self.dismiss(PickedCode(code_id=option_id))
