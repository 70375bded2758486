"""`codebook sync` on the bundled codebook, merges against recoding by hand, and bad sync files and merges."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from annotator.agreement.analysis import SpanOptions, span_report
from annotator.agreement.from_project import project_span_data
from annotator.domain.codebook import load_codebook
from annotator.exchange.new_project import init_project
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.templates import ProjectTemplates


def _build_bundled(path: Path) -> None:
    init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="tester").close()


@pytest.fixture
def bundled(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """The bundled project (made once; tests work on copies)."""
    return templates.copy("bundled-library", _build_bundled, tmp_path / "annotator.db")


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _edited(exported: Path, target: Path) -> Path:
    """The exported codebook with a rename, a merge (stub), a new code, a changed definition and a moved code."""
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    codes = {code["id"]: code for code in data["codes"]}
    codes["recruitment"]["name"] = "Recruitment"
    codes["bribery"]["definition"] = "Money or gifts paid to be chosen."
    codes["surveillance"]["parent"] = "recruitment"
    data["codes"] = [
        {"id": "social-background", "merged_into": "recruitment"} if code["id"] == "social-background" else code
        for code in data["codes"]
    ]
    data["codes"].insert(3, {"id": "debts", "name": "Debts", "colour": "#123456", "parent": "wage-deduction"})
    return _write(target, data)


def _events(path: Path) -> int:
    with Project.open(path) as project:
        return len(project.history.events())


def test_export_then_sync_of_the_unchanged_file_is_a_no_op(bundled: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("codebook", "export", "-o", "codebook.yaml").exit_code == 0
    events = _events(bundled)
    result = run_cli("codebook", "sync", "codebook.yaml")
    assert result.exit_code == 0 and "nothing to change" in result.output
    assert _events(bundled) == events


def test_sync_plans_applies_exports_and_undoes_the_edited_codebook(bundled: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("codebook", "export", "-o", "before.yaml")
    edited = _edited(tmp_path / "before.yaml", tmp_path / "edited.yaml")
    fingerprint = database_fingerprint(bundled)
    plan = run_cli("codebook", "sync", "--dry-run", edited)
    assert plan.exit_code == 0, plan.output
    assert database_fingerprint(bundled) == fingerprint
    for line in (
        "add code 'debts' (Debts)",
        "change code 'recruitment': name 'Recruitment and selection' -> 'Recruitment'",
        "change code 'bribery': definition",
        "move code 'surveillance': under 'recruitment' (was at the top)",
        "remove code 'social-background': its 9 span(s) merged into 'recruitment'",
        "reorder the codes as the file lists them",
    ):
        assert line in plan.output.splitlines()
    with Project.open(bundled) as project:
        spans_before = len(project.spans.select(code_id="recruitment")) + len(
            project.spans.select(code_id="social-background")
        )
    assert run_cli("codebook", "sync", edited).exit_code == 0
    run_cli("codebook", "export", "-o", "after.yaml")
    wanted = [code for code in yaml.safe_load(edited.read_text(encoding="utf-8"))["codes"] if "merged_into" not in code]
    assert (
        load_codebook(tmp_path / "after.yaml").codes
        == load_codebook(_write(tmp_path / "w.yaml", {"codes": wanted})).codes
    )
    with Project.open(bundled) as project:
        assert len(project.spans.select(code_id="recruitment")) <= spans_before
        assert project.spans.select(code_id="social-background") == []
    events = _events(bundled)
    assert "nothing to change" in run_cli("codebook", "sync", edited).output  # the stub of a merged code is settled
    assert _events(bundled) == events
    undone = run_cli("undo")
    assert undone.exit_code == 0 and "synced the codebook with edited.yaml" in undone.output
    run_cli("codebook", "export", "-o", "undone.yaml")
    assert load_codebook(tmp_path / "undone.yaml") == load_codebook(tmp_path / "before.yaml")
    assert run_cli("check").exit_code == 0


def test_recode_to_takes_the_spans_of_removed_codes(bundled: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("codebook", "export", "-o", "before.yaml")
    data = yaml.safe_load((tmp_path / "before.yaml").read_text(encoding="utf-8"))
    data["codes"] = [code for code in data["codes"] if code["id"] != "social-background"]
    result = run_cli("codebook", "sync", _write(tmp_path / "removed.yaml", data), "--recode-to", "motives")
    assert result.exit_code == 0, result.output
    assert "remove code 'social-background': its 9 span(s) merged into 'motives'" in result.output


def _second_coder(path: Path) -> None:
    """A coder 'copy' who coded like 'report' with boundaries moved a little (fixed seed)."""
    rng = random.Random(12)
    with Project.open(path) as project:
        lengths = dict(project.documents.lengths())
        items = []
        from annotator.storage import NewSpan

        for span in project.spans.select(coder="report"):
            if rng.random() < 0.2:
                continue
            start = max(0, span.start + rng.randrange(-5, 6))
            end = min(lengths[span.document_id], max(start + 1, span.end + rng.randrange(-5, 6)))
            items.append(NewSpan(span.document_id, span.code_id, start, end))
        project.spans.add_many("copy", items)


def _figures(path: Path, codes: list[str]) -> dict[str, Any]:
    with Project.open(path) as project:
        return span_report(
            project_span_data(project, with_text=False), SpanOptions(coders=["report", "copy"], codes=codes)
        ).as_json()


def test_a_merge_gives_the_agreement_of_spans_recoded_by_hand(bundled: Path, tmp_path: Path) -> None:
    _second_coder(bundled)
    by_hand = tmp_path / "by-hand.db"
    shutil.copy(bundled, by_hand)
    with Project.open(bundled) as project:
        project.codes.merge("tester", "social-background", "recruitment")
        codes = [code.id for code in project.codes.all()]
    with Project.open(by_hand) as project:
        for span in project.spans.select(code_id="social-background"):
            project.spans.recode(span.coder, span.id, "recruitment")
    merged, recoded = _figures(bundled, codes), _figures(by_hand, codes)
    assert merged == recoded
    assert merged != _figures(tmp_path / "by-hand.db", [code for code in codes if code != "recruitment"])


def _bad_file(tmp_path: Path, change: str) -> Path:
    data = yaml.safe_load(BUNDLED_CODEBOOK.read_text(encoding="utf-8"))
    codes = {code["id"]: code for code in data["codes"]}
    if change == "removes a code in use":
        data["codes"] = [code for code in data["codes"] if code["id"] != "social-background"]
    elif change == "cycle":
        codes["recruitment"]["parent"] = "social-background"
    elif change == "duplicate key":
        codes["bribery"]["key"] = "1"
    elif change == "duplicate name":
        codes["bribery"]["name"] = "Recruitment and selection"
    elif change == "unknown code id":
        data["codes"].append({"id": "old-code", "merged_into": "no-such-code"})
    return _write(tmp_path / "bad.yaml", data)


@pytest.mark.parametrize(
    ("change", "message", "lines"),
    [
        (
            "removes a code in use",
            "bad.yaml: code 'social-background' is removed from the file but 9 span(s) use it",
            1,
        ),
        # Both codes of the cycle are their own ancestors: the reader names each, with its line.
        ("cycle", "codes[0].parent: code 'recruitment' is its own ancestor (a cycle)", 2),
        ("duplicate key", "codes[2].key: key '1' is also used by code #1", 1),
        ("duplicate name", "codes[2].name: name 'Recruitment and selection' is also used", 1),
        ("unknown code id", "code 'old-code': merged_into 'no-such-code' is not a code of this file", 1),
    ],
)
def test_a_bad_sync_file_is_one_line_and_changes_nothing(  # type: ignore[no-untyped-def]
    bundled: Path, tmp_path: Path, run_cli, change: str, message: str, lines: int
) -> None:
    path = _bad_file(tmp_path, change)
    fingerprint = database_fingerprint(bundled)
    for args in (("--dry-run",), ()):
        result = run_cli("codebook", "sync", path, *args)
        assert result.exit_code == 1
        assert len(result.stderr.splitlines()) == lines and message in result.stderr
        assert all(line.startswith(f"annotator: {path}:") for line in result.stderr.splitlines())
    assert database_fingerprint(bundled) == fingerprint


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("codes", "merge", "recruitment", "recruitment"), "code 'recruitment' cannot be merged into itself"),
        (
            ("codes", "merge", "recruitment", "social-background"),
            "code 'recruitment' cannot be merged into 'social-background'",
        ),
        (("codes", "move", "recruitment", "--parent", "social-background"), "code 'recruitment' cannot move under"),
        (("codes", "delete", "recruitment"), "code 'recruitment' is used by"),
        (("codes", "edit", "bribery", "--key", "1"), "key 1 is held by code 'recruitment'"),
        (("codes", "show", "nothing"), "no code 'nothing'"),
        (("codebook", "sync", "missing.yaml"), "missing.yaml"),
        (("codes", "move", "bribery"), "code 'bribery': give either --parent ID or --top"),
        (("codes", "delete", "bribery", "--recode-to", "motives", "--with-spans"), "not both"),
        (("undo",), "nothing to undo for coder 'tester'"),
        (("redo",), "nothing to redo for coder 'tester'"),
    ],
)
def test_bad_code_commands_are_one_line_and_change_nothing(
    bundled: Path, run_cli, args: tuple[str, ...], message: str
) -> None:  # type: ignore[no-untyped-def]
    fingerprint = database_fingerprint(bundled)
    result = run_cli(*args)
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert database_fingerprint(bundled) == fingerprint


def test_code_commands_print_what_they_did_and_undo_redo_say_what(bundled: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert "recruitment: Recruitment and selection" in run_cli("codes", "list", "--tree").output
    assert (
        "edited code 'bribery': name, key"
        in run_cli("codes", "edit", "bribery", "--name", "Bribes", "--key", "1", "--move-key").output
    )
    assert (
        "moved code 'bribery' under 'recruitment'"
        in run_cli("codes", "move", "bribery", "--parent", "recruitment").output
    )
    split = run_cli("codes", "split", "wage-deduction", "wage-cut", "wage-late")
    assert "split code 'wage-deduction' into 'wage-cut', 'wage-late': 17 span(s) to recode" in split.output
    assert "to recode" not in run_cli("codes", "show", "wage-deduction").output  # none of them tester's
    shown = run_cli("codes", "show", "wage-deduction", "--all-coders").output
    span_id, owner = shown.splitlines()[-1].split()
    assert "to recode:  17 span(s), into wage-cut, wage-late" in shown and owner == "report"
    refused = run_cli("codes", "recode", span_id, "wage-cut")  # the reference coding, not named
    assert refused.exit_code == 1 and "--owner report" in refused.stderr
    recoded = run_cli("codes", "recode", span_id, "wage-cut", "--owner", "report").output
    assert "16 span(s) left to recode (yours and report's)" in recoded
    assert "deleted code 'wage-late'" in run_cli("codes", "delete", "wage-late").output
    assert "undone: deleted code 'wage-late'" in run_cli("undo").output
    assert "redone: deleted code 'wage-late'" in run_cli("redo").output
    assert "merged code 'motives' into 'recruitment'" in run_cli("codes", "merge", "motives", "recruitment").output
    assert "undone: merged code 'motives'" in run_cli("undo").output
    assert run_cli("check").exit_code == 0


def test_two_codes_swap_names_and_keys_in_one_sync(bundled: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("codebook", "export", "-o", "before.yaml")
    data = yaml.safe_load((tmp_path / "before.yaml").read_text(encoding="utf-8"))
    codes = {code["id"]: code for code in data["codes"]}
    first, second = codes["recruitment"], codes["social-background"]
    first["name"], second["name"] = second["name"], first["name"]
    first["key"], second["key"] = second["key"], first["key"]
    swapped = _write(tmp_path / "swapped.yaml", data)
    result = run_cli("codebook", "sync", swapped)
    assert result.exit_code == 0, result.output
    run_cli("codebook", "export", "-o", "after.yaml")
    assert load_codebook(tmp_path / "after.yaml") == load_codebook(swapped)
    assert run_cli("undo").exit_code == 0
    run_cli("codebook", "export", "-o", "undone.yaml")
    assert load_codebook(tmp_path / "undone.yaml") == load_codebook(tmp_path / "before.yaml")


def test_codes_edit_sets_and_clears_examples_undoably(bundled: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = run_cli("codes", "show", "bribery").output
    edited = run_cli(
        "codes", "edit", "bribery", "--example", "we paid to be chosen", "--example", "a gift to the agent"
    )
    assert "edited code 'bribery': examples" in edited.output
    shown = run_cli("codes", "show", "bribery").output
    assert "we paid to be chosen" in shown and "a gift to the agent" in shown
    assert "edited code 'bribery': examples" in run_cli("codes", "edit", "bribery", "--no-examples").output
    assert "we paid to be chosen" not in run_cli("codes", "show", "bribery").output
    both = run_cli("codes", "edit", "bribery", "--example", "x", "--no-examples")
    assert both.exit_code == 1 and "not both" in both.stderr
    run_cli("undo")
    run_cli("undo")
    assert run_cli("codes", "show", "bribery").output == before
