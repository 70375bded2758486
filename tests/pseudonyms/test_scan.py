"""The scan reads files in blocks: a name cut by a block's end is still found, a word's tail never counts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.domain.pseudonyms import Identifier
from annotator.pseudonyms import scan
from annotator.pseudonyms.scan import ScanFound, Scanner

REGISTER = [Identifier(4, "place", "Pyongyang", ("Pyoung Yang",), "[Town 1]", "automatic")]


@pytest.mark.parametrize("at", range(40, 80, 3))
def test_a_name_across_a_block_boundary_is_found_on_its_line(
    at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "BLOCK", 64)
    monkeypatch.setattr(scan, "OVERLAP", 24)
    filler = ("word\n" * 40)[:at]
    path = tmp_path / "out.csv"
    path.write_text(filler + " pyoung\n  yang and more\n" + "tail\n" * 30, encoding="utf-8")
    with pytest.raises(ScanFound) as found:
        Scanner(REGISTER).check_file(path)
    assert str(found.value) == f"{path}: register entry 4 (place) found in line {filler.count(chr(10)) + 1}"


def test_the_tail_of_a_longer_word_is_not_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "BLOCK", 16)
    monkeypatch.setattr(scan, "OVERLAP", 8)
    path = tmp_path / "out.txt"
    path.write_text("abc XXXXXXXPyongyang def " * 20, encoding="utf-8")
    Scanner(REGISTER).check_file(path)  # no hit


@pytest.mark.parametrize(
    ("name", "content"),
    [("page.html", "<p>ok</p>\n<td>P&#x27;yŏngyang</td>\n"), ("project.qde", "<a/>\n<b>Kim &amp; Sons</b>\n")],
)
def test_markup_is_scanned_with_its_character_references_decoded(tmp_path: Path, name: str, content: str) -> None:
    """A reference between a form's letters ("P&#x27;y", "&amp;") hides it from a plain text search."""
    scanner = Scanner(
        [
            Identifier(1, "place", "Pyongyang", ("P'yŏngyang",), "[Town 1]", "automatic"),
            Identifier(2, "organisation", "Kim & Sons", (), "[Organisation 1]", "automatic"),
        ]
    )
    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ScanFound, match=r"found in line 2$"):
        scanner.check_file(tmp_path / name)
    with zipfile.ZipFile(tmp_path / "archive.qdpx", "w") as archive:
        archive.writestr(name, content)
    with pytest.raises(ScanFound, match=rf"found in member '{name}', line 2$"):
        scanner.check_file(tmp_path / "archive.qdpx")
