"""Bad codebook YAML, corpus.json and document names: one line naming the file, nothing created or written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

from annotator.cli.app import describe_validation_error
from annotator.domain.limits import MAX_NESTING
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal
from tests.support.cli import CODEBOOK


def init_refused(run_cli, corpus: Path, codebook: Path, tmp_path: Path, named: Path) -> str:
    result = run_cli("init", "--corpus", corpus, "--codebook", codebook, "--db", tmp_path / "new.db")
    assert not (tmp_path / "new.db").exists()
    return assert_one_line_refusal(result, named)


def codebook_file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "bad.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_codes_given_twice_is_refused(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = codebook_file(tmp_path, CODEBOOK + "codes:\n  - id: other\n    name: Other\n")
    line = init_refused(run_cli, corpus, path, tmp_path, path)
    assert line == f"annotator: {path}:10: yaml: key 'codes' appears twice in one mapping (first on line 2)"


def test_a_key_given_twice_in_one_code_is_refused(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = codebook_file(tmp_path, CODEBOOK.replace('    key: "1"\n', '    key: "1"\n    key: "2"\n'))
    line = init_refused(run_cli, corpus, path, tmp_path, path)
    assert line == f"annotator: {path}:6: yaml: key 'key' appears twice in one mapping (first on line 5)"


def test_codebook_check_refuses_duplicates_too(run_cli, tmp_path: Path) -> None:
    path = codebook_file(tmp_path, CODEBOOK.replace("    name: Bribery\n", "    name: Bribery\n    name: Bribes\n"))
    line = assert_one_line_refusal(run_cli("codebook", "check", path), path)
    assert f"{path}:5: yaml: key 'name' appears twice" in line


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_yaml_nested_thousands_deep_gives_one_line(run_cli, corpus: Path, tmp_path: Path, shape: str) -> None:
    depth = 5000
    if shape == "flow":
        text = "codes: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "".join(f"{' ' * level}- \n" for level in range(0, 2 * 300, 2))  # 300 nested lists, block style
    path = codebook_file(tmp_path, text)
    line = init_refused(run_cli, corpus, path, tmp_path, path)
    assert f"nested more than {MAX_NESTING} levels deep" in line


def test_nesting_within_the_limit_is_read(run_cli, tmp_path: Path) -> None:
    path = codebook_file(tmp_path, CODEBOOK + "extra_is_refused: " + "[" * 10 + "]" * 10 + "\n")
    line = assert_one_line_refusal(run_cli("codebook", "check", path), path)
    assert "extra_is_refused" in line and "nested" not in line  # read fine, then refused as an unknown field


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_an_empty_codebook_is_refused(run_cli, corpus: Path, tmp_path: Path, text: str) -> None:
    path = codebook_file(tmp_path, text)
    line = init_refused(run_cli, corpus, path, tmp_path, path)
    assert f"{path}:1: codebook: the file" in line and "a codebook needs a 'codes' list" in line


def test_a_codebook_not_in_utf8_names_the_file(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = codebook_file(tmp_path, CODEBOOK.replace("Bribery", "Pot-de-vin é").encode("latin-1"))
    line = init_refused(run_cli, corpus, path, tmp_path, path)
    assert f"{path}:4: is not UTF-8 text" in line


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("id: " + "x" * 81 + "\n    name: A", ":2: codes[0].id: String should have at most 80 characters"),
        (
            "id: a\n    name: " + "N" * 201,
            ":3: codes[0].name: code name a 201-character value is not usable: it has 201 characters, "
            "more than the 200 a code name may have",
        ),
        (
            'id: "bribery\\n"\n    name: A',
            ":2: codes[0].id: an id uses letters, digits, '-', '_' and '.', starting with a letter or digit (got 'bribery\\n')",
        ),
        (
            'id: a\n    name: A\n    colour: "#aabbcc\\n"',
            ":4: codes[0].colour: a colour is written #RRGGBB, e.g. '#d62728' (got '#aabbcc\\n')",
        ),
    ],
)
def test_long_or_untidy_code_fields_are_refused(run_cli, tmp_path: Path, code: str, message: str) -> None:
    path = codebook_file(tmp_path, f"codes:\n  - {code}\n")
    line = assert_one_line_refusal(run_cli("codebook", "check", path), path)
    assert line == f"annotator: {path}{message}"


def corpus_json(corpus: Path, text: str | bytes) -> Path:
    path = corpus / "corpus.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_corpus_json_nested_thousands_deep_gives_one_line(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = corpus_json(corpus, '{"title": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}")
    line = init_refused(run_cli, corpus, tmp_path / "codebook.yaml", tmp_path, path)
    assert "nested too deeply" in line or f"nested more than {MAX_NESTING} levels" in line


def test_corpus_json_nested_past_the_limit_gives_one_line(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = corpus_json(corpus, '{"extra": ' + "[" * 60 + "]" * 60 + "}")
    line = init_refused(run_cli, corpus, tmp_path / "codebook.yaml", tmp_path, path)
    assert line == f"annotator: {path}: is nested more than {MAX_NESTING} levels deep; corpus.json needs 4"


def test_corpus_json_with_a_duplicate_key_is_refused(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = corpus_json(corpus, '{"documents": {"A": {"title": "One"}, "A": {"title": "Two"}}}')
    line = init_refused(run_cli, corpus, tmp_path / "codebook.yaml", tmp_path, path)
    assert line == f"annotator: {path}: key 'A' appears twice in one object; keep one"


def test_corpus_json_not_in_utf8_names_the_file(run_cli, corpus: Path, tmp_path: Path) -> None:
    path = corpus_json(corpus, '{"title": "Témoignages"}'.encode("latin-1"))
    line = init_refused(run_cli, corpus, tmp_path / "codebook.yaml", tmp_path, path)
    assert f"{path}:1: is not UTF-8 text" in line


@pytest.mark.parametrize("offset", ['"1_0"', '" 5"', '"+5"', "true", "5.0"])
def test_corpus_json_passage_offsets_are_json_whole_numbers(run_cli, corpus: Path, tmp_path: Path, offset: str) -> None:
    path = corpus_json(corpus, '{"documents": {"A": {"passages": [{"start": ' + offset + ', "end": 20}]}}}')
    line = init_refused(run_cli, corpus, tmp_path / "codebook.yaml", tmp_path, path)
    assert f"{path}: documents.A.passages.0.start:" in line


def test_a_long_document_file_name_is_refused_at_init(run_cli, corpus: Path, tmp_path: Path) -> None:
    long_file = corpus / ("d" * 210 + ".txt")
    long_file.write_text("A short text.", encoding="utf-8")
    line = init_refused(run_cli, corpus, tmp_path / "codebook.yaml", tmp_path, long_file)
    assert "at most 200 characters before .txt (this one has 210); rename the file" in line


def test_a_long_document_file_name_is_refused_at_import(run_cli, project_db: Path, tmp_path: Path) -> None:
    long_file = tmp_path / ("d" * 210 + ".txt")
    long_file.write_text("A short text.", encoding="utf-8")
    before = database_fingerprint(project_db)
    assert_one_line_refusal(run_cli("import", long_file, "--db", project_db), long_file)
    assert database_fingerprint(project_db) == before


def test_a_validation_error_that_escapes_a_reader_is_one_line_without_the_value() -> None:
    class Model(BaseModel):
        name: str = Field(max_length=3)

    with pytest.raises(ValidationError) as caught:
        Model(name="the secret testimony")
    message = describe_validation_error(caught.value)
    assert message == "invalid Model name: String should have at most 3 characters"
    assert "secret" not in message
