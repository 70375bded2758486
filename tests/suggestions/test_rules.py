"""Codebook rules: a code's name, include text and examples as phrases and words; exclude text counts against."""

from __future__ import annotations

from annotator.domain.models import Code, CodeExample
from annotator.suggestions.rules import PHRASE_SCORE, CodebookRules
from annotator.suggestions.units import unit_bounds

WAGES = Code(
    id="wage-deduction",
    name="Wage deduction",
    include="Money taken from the salary: state quotas, fees, deductions for food and lodging.",
    exclude="Money sent home to the family (remittances).",
    examples=(CodeExample(quote="They took eighty percent of the wage.", document="A"),),
)
HOUSING = Code(id="housing", name="Housing", include="Dormitories, rooms, beds, containers where workers sleep.")


def test_a_codebook_example_or_name_fires_as_a_phrase_naming_the_rule() -> None:
    rules = CodebookRules([WAGES, HOUSING])
    assert rules.scores("Then they took eighty percent of the wage, every month.")["wage-deduction"] == (
        PHRASE_SCORE,
        "codebook: a codebook example",
    )
    assert rules.scores("Housing was a container.")["housing"] == (PHRASE_SCORE, "codebook: the code's name 'Housing'")


def test_words_of_the_include_text_score_and_the_why_names_them() -> None:
    rules = CodebookRules([WAGES, HOUSING])
    score, why = rules.scores("The quotas and fees were deducted from my salary.")["wage-deduction"]
    assert 0 < score < PHRASE_SCORE
    assert why.startswith("codebook words: ") and "salary" in why
    assert "wage-deduction" not in rules.scores("We slept in the dormitories, ten beds to a room.")


def test_exclude_words_count_against_a_code() -> None:
    rules = CodebookRules([WAGES, HOUSING])
    plain = rules.scores("The fees and quotas came out of the salary.")["wage-deduction"][0]
    against = rules.scores("The fees and quotas came out of the salary; the family got remittances.")
    assert against.get("wage-deduction", (0.0, ""))[0] < plain


def test_units_are_the_agreement_units() -> None:
    text = "One. Two!\n\nThree?"
    assert unit_bounds(text, "paragraph") == [(0, 9), (11, 17)]
    assert unit_bounds(text, "sentence") == [(0, 4), (5, 9), (11, 17)]
    assert unit_bounds(text, "turn", [(11, 17), (0, 9)]) == [(0, 9), (11, 17)]
    assert unit_bounds(text, "turn") == []  # a document without speaker turns has no turn units
