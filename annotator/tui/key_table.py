"""Every part of the app that has keys, and its bindings as the keymap check and `annotator keys` read them."""

from __future__ import annotations

from textual.binding import Binding

from annotator.coding.keymap import KeyBinding
from annotator.tui.dialogs.help import HelpScreen, KeySection


def key_sections(*, with_turns: bool = True) -> list[KeySection]:
    """Every part of the app that has keys, in the help screen's order (the turn keys only `with_turns`)."""
    from annotator.tui.app import AnnotatorApp
    from annotator.tui.dialogs.candidate import CandidatePrompt
    from annotator.tui.dialogs.code_picker import CodePicker
    from annotator.tui.dialogs.codebook import CodeForm, DeleteConfirm
    from annotator.tui.dialogs.confirm import ConfirmDialog
    from annotator.tui.dialogs.memo import MemoEditor
    from annotator.tui.dialogs.partner_picker import PartnerPicker
    from annotator.tui.dialogs.saved_queries import QueryNamePrompt, SavedQueryPicker
    from annotator.tui.dialogs.search import SearchPrompt
    from annotator.tui.dialogs.speaker_picker import SpeakerPicker
    from annotator.tui.screens.adjudication import AdjudicationScreen
    from annotator.tui.screens.agreement import AgreementScreen
    from annotator.tui.screens.codebook import CodebookScreen
    from annotator.tui.screens.coding.layout import LayoutActions
    from annotator.tui.screens.coding.screen import CodingScreen
    from annotator.tui.screens.coding.suggest import SuggestActions
    from annotator.tui.screens.coding.turns import TurnActions
    from annotator.tui.screens.memos import MemoBrowserScreen
    from annotator.tui.screens.overview import OverviewScreen
    from annotator.tui.screens.query import QueryScreen
    from annotator.tui.screens.retrieval import RetrievalScreen
    from annotator.tui.screens.summary_grid import SummaryGridScreen
    from annotator.tui.widgets.count_grid import CountGrid
    from annotator.tui.widgets.grid_table import GridTable
    from annotator.tui.widgets.row_list import RowList
    from annotator.tui.widgets.transcript import Transcript

    turns: list[KeySection] = (
        [("Speaker turns (transcripts)", TurnActions), ("Speaker picker", SpeakerPicker)] if with_turns else []
    )
    return [
        ("Everywhere", AnnotatorApp),
        ("Coding screen", CodingScreen),
        ("Layout: the panels beside the text", LayoutActions),
        ("Code suggestions", SuggestActions),
        *turns,
        ("In the text", Transcript),
        ("Lists: testimonies, codebook, spans", RowList),
        ("Code picker", CodePicker),
        ("Codebook screen", CodebookScreen),
        ("Code form", CodeForm),
        ("Delete a code", DeleteConfirm),
        ("Confirmation (another coder's spans)", ConfirmDialog),
        ("Pseudonym candidates", CandidatePrompt),
        ("Search", SearchPrompt),
        ("Memo", MemoEditor),
        ("Code retrieval", RetrievalScreen),
        ("Query and corpus search", QueryScreen),
        ("Saved query picker", SavedQueryPicker),
        ("Save a query", QueryNamePrompt),
        ("Overview", OverviewScreen),
        ("Summary grid", SummaryGridScreen),
        ("Summary grid cells", GridTable),
        ("Memo browser", MemoBrowserScreen),
        ("Overview grid", CountGrid),
        ("Partner picker", PartnerPicker),
        ("Agreement", AgreementScreen),
        ("Adjudication", AdjudicationScreen),
        ("Help", HelpScreen),
    ]


def key_bindings(sections: list[KeySection] | None = None) -> list[KeyBinding]:
    """Every binding with an id of every section (all of them by default), with its default keys."""
    found = []
    for title, node in key_sections() if sections is None else sections:
        for binding in node.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or binding.id is None or binding.system:
                continue
            # The keys as written (`]`, not Textual's `right_square_bracket`): as a keymap file writes them.
            keys = tuple(key.strip() for key in binding.key.split(","))
            found.append(KeyBinding(title, binding.id, keys, binding.description or binding.action))
    return found
