"""Codebook files: every problem reported as FILE:LINE: field: message; YAML written back reads again."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.codebook import CodebookError, dump_codebook, load_codebook, parse_codebook

GOOD = """\
name: test
codes:
  - id: wage-deduction
    name: Wage deduction
    key: "1"
    colour: "#d62728"
    definition: The state or a manager takes part of the wage.
    examples:
      - quote: they take 10%
        document: D
  - id: state-extraction
    name: State extraction
    parent: wage-deduction
"""


def problems(text: str) -> list[str]:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, "cb.yaml")
    return caught.value.problems


def test_a_good_codebook_loads() -> None:
    codebook = parse_codebook(GOOD)
    assert [code.id for code in codebook.codes] == ["wage-deduction", "state-extraction"]
    assert codebook.codes[1].parent == "wage-deduction"
    assert codebook.codes[0].examples[0].document == "D"


def test_yaml_syntax_error_names_the_line() -> None:
    assert problems("codes:\n  - id: a\n    name: [unclosed\n") == [
        "cb.yaml:4: yaml: expected ',' or ']', but got '<stream end>'"
    ]


def test_field_errors_name_line_and_field() -> None:
    text = GOOD.replace('colour: "#d62728"', "colour: red").replace('key: "1"', "key: 12")
    assert problems(text) == [
        "cb.yaml:5: codes[0].key: a key is one digit, 0 to 9 (got '12')",
        "cb.yaml:6: codes[0].colour: a colour is written #RRGGBB, e.g. '#d62728' (got 'red')",
    ]


def test_missing_field_points_at_the_code() -> None:
    text = GOOD.replace("    name: State extraction\n", "")
    assert problems(text) == ["cb.yaml:11: codes[1].name: Field required"]


def test_unknown_field_is_refused() -> None:
    assert problems(GOOD + "    colour_name: red\n") == [
        "cb.yaml:14: codes[1].colour_name: Extra inputs are not permitted"
    ]


def test_rules_across_codes_each_name_their_line() -> None:
    text = (
        GOOD
        + '  - id: wage-deduction\n    name: Other\n    key: "1"\n  - id: orphan\n    name: Orphan\n    parent: nobody\n'
    )
    assert problems(text) == [
        "cb.yaml:14: codes[2].id: id 'wage-deduction' is also used by code #1",
        "cb.yaml:16: codes[2].key: key '1' is also used by code #1",
        "cb.yaml:19: codes[3].parent: parent 'nobody' is not a code id in this codebook",
    ]


def test_parent_cycle_is_refused() -> None:
    text = "codes:\n  - id: a\n    name: A\n    parent: b\n  - id: b\n    name: B\n    parent: a\n"
    found = problems(text)
    assert found[0] == "cb.yaml:4: codes[0].parent: code 'a' is its own ancestor (a cycle)"


def test_not_a_mapping() -> None:
    assert problems("- just\n- a list\n") == ["cb.yaml:1: codebook: expected a mapping with a 'codes' list, found list"]


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("codes:\n  - id: a\n    name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(Exception, match=r"latin1.yaml:3: is not UTF-8 text"):
        load_codebook(path)


def test_dump_reads_back_the_same_codebook() -> None:
    codebook = parse_codebook(GOOD)
    assert parse_codebook(dump_codebook(codebook)) == codebook


def test_a_file_with_many_faults_shows_the_first_ten_and_a_count(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """`init` and `sync` show ten problems and how many more; `codebook check` lists every one."""
    path = tmp_path / "many.yaml"
    path.write_text("codes:\n" + "".join(f"  - id: c{n}\n    colour: nope\n" for n in range(25)), encoding="utf-8")
    shown = run_cli("init", "--db", tmp_path / "p.db", "--codebook", path)
    assert shown.exit_code == 1 and not (tmp_path / "p.db").exists()
    lines = shown.stderr.splitlines()
    assert len(lines) == 11 and all(line.startswith(f"annotator: {path}:") for line in lines)
    assert lines[-1].endswith("more problem(s); `annotator codebook check` lists all")
    every = run_cli("codebook", "check", path)
    assert every.exit_code == 1 and len(every.stderr.splitlines()) == len(problems_of(path))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    return caught.value.problems
