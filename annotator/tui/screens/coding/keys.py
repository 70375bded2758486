"""The coding screen's keys: each binding has an id, so a keymap can move it (see docs/tui.md)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from annotator.domain.models import CODE_KEYS
from annotator.tui.bindings import KeyGroup

_keys = KeyGroup()


def _code_key_bindings() -> list[Binding]:
    return [
        _keys(
            key,
            f"apply_key('{key}')",
            "Apply keyed code",
            f"apply_code_{key}",
            "Code the selection with the codebook's code on this key (1-9, 0).",
        )
        for key in CODE_KEYS
    ]


CODING_BINDINGS: list[BindingType] = [
    _keys("right_square_bracket", "step_testimony(1)", "Next", "next_testimony", "Open the next testimony.", show=True),
    _keys(
        "left_square_bracket",
        "step_testimony(-1)",
        "Previous",
        "previous_testimony",
        "Open the previous testimony.",
        show=True,
    ),
    *_code_key_bindings(),
    _keys(
        "c",
        "pick_code",
        "Code…",
        "pick_code",
        "Code the selection with any code, found by typing part of its name; or create a new (in-vivo) code.",
        show=True,
    ),
    _keys("x,delete", "remove_span", "Remove", "remove_span", "Remove your span under the cursor.", show=True),
    _keys("r", "recode_span", "Re-code", "recode_span", "Give your span under the cursor another code."),
    _keys(
        "less_than_sign",
        "move_start(-1)",
        "Widen start",
        "widen_start",
        "Move the start of the span under the cursor one word or punctuation mark earlier.",
    ),
    _keys(
        "greater_than_sign",
        "move_start(1)",
        "Narrow start",
        "narrow_start",
        "Move the start of the span under the cursor one word or punctuation mark later.",
    ),
    _keys(
        "comma",
        "move_end(-1)",
        "Narrow end",
        "narrow_end",
        "Move the end of the span under the cursor one word or punctuation mark earlier.",
    ),
    _keys(
        "full_stop",
        "move_end(1)",
        "Widen end",
        "widen_end",
        "Move the end of the span under the cursor one word or punctuation mark later.",
    ),
    _keys(
        "e",
        "fit_span",
        "Fit to selection",
        "fit_span",
        "Set the boundaries of your span under the selection to the selection.",
    ),
    _keys("m", "memo", "Memo", "memo", "Write or change the memo on your span under the cursor.", show=True),
    _keys(
        "ctrl+z",
        "undo",
        "Undo",
        "undo",
        "Undo your latest coding action (any testimony, also after a restart).",
        show=True,
    ),
    _keys("ctrl+y", "redo", "Redo", "redo", "Redo the action you undid last."),
    _keys("slash", "search", "Search", "search", "Search this testimony.", show=True),
    _keys("n", "next_hit(1)", "Next hit", "next_hit", "Select the next search hit."),
    _keys("N", "next_hit(-1)", "Previous hit", "previous_hit", "Select the previous search hit."),
    _keys(
        "a", "code_hits", "Code all hits", "code_hits", "Code every hit of the search at once (one undoable action)."
    ),
    _keys(
        "g",
        "retrieve",
        "Retrieve",
        "retrieve",
        "Every segment of a code across all testimonies; jump to any.",
        show=True,
    ),
    _keys(
        "O",
        "overview",
        "Overview",
        "overview",
        "Testimonies (or attribute values) by codes with span counts; enter on a cell lists its passages.",
    ),
    _keys(
        "G",
        "summary_grid",
        "Summary grid",
        "summary_grid",
        "Testimonies (or attribute values) by codes: each cell's count, its quotes, and its summary written there.",
    ),
    _keys(
        "M",
        "memos",
        "Memos",
        "memos",
        "Every memo (project, testimony, code, grid, span): filter, edit, remove, go to what it is on.",
    ),
    _keys("D", "testimony_memo", "Testimony memo", "testimony_memo", "Write or change your memo on this testimony."),
    _keys(
        "I",
        "code_memo",
        "Code memo",
        "code_memo",
        "Write or change your memo on the code highlighted in the codebook panel.",
    ),
    _keys(
        "Q",
        "query",
        "Query",
        "query",
        "Query the coding, or search every testimony (ctrl+t there); jump to any hit.",
    ),
    _keys(
        "K",
        "codebook",
        "Codebook",
        "codebook",
        "The codebook: definitions and use; edit, merge, move or delete a code (each undoable).",
    ),
    _keys(
        "l",
        "next_recode(1)",
        "Next to recode",
        "next_recode",
        "Select the next span a split left to recode (a code key then recodes it).",
    ),
    _keys(
        "L",
        "next_recode(-1)",
        "Previous to recode",
        "previous_recode",
        "Select the previous span a split left to recode.",
    ),
    _keys("d", "toggle_done", "Done", "toggle_done", "Mark this testimony done (or not done).", show=True),
    _keys("o", "toggle_others", "Others", "toggle_others", "Show or hide other coders' spans (hidden: blind coding)."),
    _keys(
        "C",
        "toggle_legend",
        "Legend",
        "toggle_legend",
        "Show or hide the legend under the text: each code coloured in the rows in view, in its colour.",
    ),
    _keys(
        "v",
        "toggle_compare",
        "Compare",
        "toggle_compare",
        "Compare view: pick a coder; your spans as background, theirs underlined (again: back).",
    ),
    _keys(
        "A",
        "agreement",
        "Agreement",
        "agreement",
        "Pick a coder; agreement with them per code, a code's disagreements; jump to any.",
    ),
    _keys(
        "J",
        "adjudicate",
        "Adjudicate",
        "adjudicate",
        "Pick a coder; settle where you two differ, into the pair's consensus coder.",
    ),
    _keys(
        "w",
        "select_unit('word')",
        "Select word",
        "select_word",
        "Select the whole word at the cursor or selection; again to add the next word.",
    ),
    _keys(
        "s",
        "select_unit('sentence')",
        "Select sentence",
        "select_sentence",
        "Select the whole sentence at the cursor or selection; again to add the next.",
    ),
    _keys(
        "p",
        "select_unit('paragraph')",
        "Select paragraph",
        "select_paragraph",
        "Select the whole paragraph at the cursor or selection; again to add the next.",
    ),
    _keys("j", "jump_span(1)", "Next span", "next_span", "Select the next coded span in the text."),
    _keys("k", "jump_span(-1)", "Previous span", "previous_span", "Select the previous coded span in the text."),
    _keys(
        "i",
        "edit_attributes",
        "Attributes",
        "edit_attributes",
        "Edit this testimony's attributes as KEY=VALUE words (one undoable action).",
    ),
    _keys(
        "E",
        "correct_text",
        "Correct text",
        "correct_text",
        "Correct this testimony's text in $VISUAL or $EDITOR (else editor, nano or vi); spans are carried across (undoable).",
    ),
    _keys(
        "f", "next_review(1)", "Next review", "next_review", "Select the next item a text correction left for review."
    ),
    _keys(
        "F",
        "next_review(-1)",
        "Previous review",
        "previous_review",
        "Select the previous item a text correction left for review.",
    ),
    _keys("R", "resolve_review", "Resolve", "resolve_review", "Mark the selected review item resolved (undoable)."),
    _keys(
        "b",
        "next_candidate(1)",
        "Candidates",
        "next_candidate",
        "Step through this testimony's pseudonym candidates: accept, as a variant, reject or skip each (undoable).",
    ),
    _keys(
        "B",
        "next_candidate(-1)",
        "Previous candidate",
        "previous_candidate",
        "Step back to the previous pseudonym candidate.",
    ),
    _keys("t", "focus_testimonies", "Testimonies", "focus_testimonies", "Go to the testimony list (enter opens one)."),
    _keys("escape", "clear", "Clear", "clear", "Clear the selection, then the search."),
    _keys("tab", "app.focus_next", "Next panel", "focus_next", "Move to the next panel."),
    _keys("shift+tab", "app.focus_previous", "Previous panel", "focus_previous", "Move to the previous panel."),
]
