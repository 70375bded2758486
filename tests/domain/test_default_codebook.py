"""The default codebook: it loads, covers the corpus's themes, and its examples are real quotations."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from annotator.domain.codebook import load_codebook
from annotator.domain.models import CODE_KEYS, Codebook
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS

REQUIRED_IDS = {
    "recruitment",
    "bribery",
    "loyalty-screening",
    "wage-deduction",
    "remittances",
    "intermediaries",
    "surveillance",
    "ideological-education",
    "restricted-movement",
    "restricted-communication",
    "living-conditions",
    "working-hours",
    "health-injury",
    "side-work",
    "contracts",
    "punishment-repatriation",
    "escape-defection",
    "motives",
}
# A common dark terminal background; WCAG's minimum contrast for normal text is 4.5:1.
DARK_BACKGROUND = "#1e1e1e"
MINIMUM_CONTRAST = 4.5


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    """The bundled codebook, loaded the way the application loads it."""
    return load_codebook(BUNDLED_CODEBOOK)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_codebook_covers_the_required_themes(codebook: Codebook) -> None:
    """At least 16 codes, the required ids among them, each fully described."""
    ids = {code.id for code in codebook.codes}
    assert len(codebook.codes) >= 16
    assert ids >= REQUIRED_IDS, REQUIRED_IDS - ids
    assert codebook.name == "North Korean overseas labour"
    for code in codebook.codes:
        assert code.definition and code.include and code.exclude, code.id
        assert code.examples, f"{code.id} has no example"
        assert code.parent is None or code.parent in ids


def test_exclude_guidance_names_existing_codes(codebook: Codebook) -> None:
    """Every code an exclude note sends the coder to, written `(code-id` in the note, exists."""
    ids = {code.id for code in codebook.codes}
    for code in codebook.codes:
        for named in re.findall(r"\(([a-z][a-z-]*)[,)]", code.exclude):
            assert named in ids, f"{code.id}: exclude names unknown code {named!r}"


def test_keys_are_the_ten_digits_on_the_ten_most_used_codes(codebook: Codebook) -> None:
    """Keys are unique, exactly the digits 1-9 and 0, on the ten codes the report coding uses most."""
    keyed = {code.key: code.id for code in codebook.codes if code.key is not None}
    keys = [code.key for code in codebook.codes if code.key is not None]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(CODE_KEYS)
    with (BUNDLED_CORPUS / "report-coding.csv").open(encoding="utf-8", newline="") as handle:
        usage = Counter(row["code"] for row in csv.DictReader(handle))
    ranked = usage.most_common()
    # No tie across the cut, or "the ten most used" would be ambiguous.
    assert len(ranked) <= 10 or ranked[9][1] > ranked[10][1]
    assert set(keyed.values()) == {code for code, _ in ranked[:10]}


def test_colours_are_distinct_and_readable_on_a_dark_background(codebook: Codebook) -> None:
    """No two codes share a colour, and each reads on a dark background."""
    colours = [code.colour for code in codebook.codes]
    assert len(colours) == len(set(colours))
    for code in codebook.codes:
        assert contrast(code.colour, DARK_BACKGROUND) >= MINIMUM_CONTRAST, f"{code.id} {code.colour} is too dark"


def test_every_example_is_an_exact_quotation_from_its_document(codebook: Codebook) -> None:
    """Each example quote occurs, character for character, in the named document of the corpus."""
    for code in codebook.codes:
        for example in code.examples:
            assert example.document, f"{code.id}: an example names no document"
            path = BUNDLED_CORPUS / f"{example.document}.txt"
            assert path.exists(), f"{code.id}: no document {example.document}"
            assert example.quote in path.read_text(encoding="utf-8"), (
                f"{code.id}: {example.quote!r} is not in {example.document}"
            )
