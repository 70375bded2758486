"""The TUI says what it holds (issue 22): screens write and read through the session, the coding screen
always holds a testimony (a null one when none is shown), dialogs sit in dialogs/, and a widget's
component classes are styled in its own DEFAULT_CSS. Read from the source: no app is started."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import annotator.tui

TUI = Path(annotator.tui.__file__).parent
# Whole views the coder reads and moves from (not a question asked in passing): screens, though modal.
MODAL_SCREENS = {
    "AgreementScreen",
    "MemoBrowserScreen",
    "OverviewScreen",
    "QueryScreen",
    "RetrievalScreen",
    "SummaryGridScreen",
}


def _sources() -> dict[str, str]:
    return {str(path.relative_to(TUI)): path.read_text(encoding="utf-8") for path in sorted(TUI.rglob("*.py"))}


def _classes() -> list[tuple[str, ast.ClassDef]]:
    return [
        (name, node)
        for name, source in _sources().items()
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef)
    ]


def _base_names(node: ast.ClassDef) -> set[str]:
    return {ast.unparse(base).split("[")[0] for base in node.bases}


def _class_string(node: ast.ClassDef, name: str) -> str:
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in statement.targets
        ):
            return str(ast.literal_eval(statement.value))
    return ""


def _component_classes(node: ast.ClassDef) -> set[str]:
    """The component class names a class adds (`COMPONENT_CLASSES = Base.COMPONENT_CLASSES | {...}`)."""
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "COMPONENT_CLASSES" for target in statement.targets
        ):
            return {
                element.value
                for element in ast.walk(statement.value)
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            }
    return set()


def test_no_screen_reaches_through_the_session_to_the_project() -> None:
    reaching = [name for name, source in _sources().items() if "session.project." in source]
    assert reaching == []


def test_no_screen_imports_storage_queries() -> None:
    """The event log's and the spans' own queries are the session's to call, not a screen's."""
    importing = [
        name
        for name, source in _sources().items()
        if name.startswith(("screens", "dialogs", "widgets"))
        and re.search(r"annotator\.storage\.(changes|actions)\b", source)
    ]
    assert importing == []


def test_the_coding_screen_never_asks_whether_it_holds_a_testimony() -> None:
    guarded = [name for name, source in _sources().items() if re.search(r"self\.open is (not )?None", source)]
    assert guarded == []


def test_the_null_testimony_answers_every_question_with_the_empty_answer() -> None:
    from annotator.coding.testimony import no_testimony

    empty = no_testimony()
    assert not empty.present and empty.text == "" and not empty.turns
    assert empty.under_cursor(0) == [] and empty.target(0, 0) is None and empty.already_coded("x", 0, 0) is None
    assert empty.codes_in_view(0, 0) == [] and empty.neighbour(0, 0, 1) is None
    assert empty.search.hits == [] and empty.search.summary((0, 0)) == "" and empty.turns.at(0) is None
    assert no_testimony() is not empty  # each screen gets its own (its search is its own)


def test_modal_dialogs_live_in_dialogs() -> None:
    misplaced = [
        f"{name}: {node.name}"
        for name, node in _classes()
        if "ModalScreen" in _base_names(node) and node.name not in MODAL_SCREENS and not name.startswith("dialogs/")
    ]
    assert misplaced == []


def test_each_widget_styles_its_component_classes_in_its_own_css() -> None:
    shared = (TUI / "app.tcss").read_text(encoding="utf-8")
    elsewhere: list[str] = []
    for name, node in _classes():
        own_css = _class_string(node, "DEFAULT_CSS")
        for component in sorted(_component_classes(node)):
            if component in shared or f".{component}" not in own_css:
                elsewhere.append(f"{name}: {node.name} .{component}")
    assert elsewhere == []
