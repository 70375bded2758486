"""`annotator agreement --format methods`: a paragraph whose every number is the JSON report's, with the
references of exactly what it reports, the same every time."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.agreement import SpanData, SpanOptions, UnitTable, render, span_report, table_report
from annotator.agreement.labels import REFERENCES, STATISTICS, fmt
from annotator.domain.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SECOND_CODER = Path(__file__).resolve().parent / "data" / "worked-example-lee.csv"
CHOSEN = "krippendorff_alpha,cohen_kappa,gwet_ac1,alpha_u,u_alpha,f1"
# Numbers the paragraph states that are conventions, not figures of this report.
CONSTANTS = (
    "95%",
    "under 5%",
    "Krippendorff (2004)",
    "Feinstein & Cicchetti, 1990",
    "Efron & Tibshirani, 1993",
    "at least .800",
    "from .667 up to .800",
)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRunner]:
    """The bundled corpus with `lee`'s worked-example coding beside the `report` reference coding."""
    # The corpus ships with the repository: its absence is a fault, never a reason to skip.
    assert (ROOT / "corpora" / "nk-overseas-workers" / "report-coding.csv").exists()
    from annotator.cli import cli

    folder = tmp_path_factory.mktemp("bundled")
    previous, coder = Path.cwd(), os.environ.get("ANNOTATOR_CODER")
    os.chdir(folder)
    os.environ["ANNOTATOR_CODER"] = "lead"
    runner = CliRunner()
    try:
        for args in (["init", "--db", "example.db"], ["import-spans", str(SECOND_CODER), "--db", "example.db"]):
            assert runner.invoke(cli, args, catch_exceptions=False).exit_code == 0
        yield runner
    finally:
        os.chdir(previous)
        if coder is None:
            os.environ.pop("ANNOTATOR_CODER", None)
        else:
            os.environ["ANNOTATOR_CODER"] = coder


def _agreement(runner: CliRunner, *args: str) -> str:
    from annotator.cli import cli

    result = runner.invoke(cli, ["agreement", "--db", "example.db", "--coders", "lee,report", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _numbers(value: object) -> Iterator[float]:
    """Every number in a JSON value, those inside its texts (an undefined figure's reason) too."""
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield value
    elif isinstance(value, str):
        yield from (float(number) for number in re.findall(r"\d+(?:\.\d+)?", value))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)


def _as_printed(report: dict) -> set[str]:
    """How the report's numbers may be printed: figures to three decimals, counts whole (with or without
    thousands separators), the threshold as given, and the sizes of its lists."""
    printed: set[str] = set()
    sizes = [len(report[key]) for key in ("documents", "counted_documents", "codes")]
    sizes += [len(documents) for documents in report["documents_by_coder"].values()]
    for number in [*_numbers(report), *sizes]:
        printed.add(fmt(number))
        printed.add(f"{number:g}")
        if float(number).is_integer():
            printed.update({str(int(number)), f"{int(number):,}"})
    return printed


def test_every_number_of_the_methods_paragraph_is_the_json_reports(bundled: CliRunner) -> None:
    options = ("--bootstrap", "20", "--per-document")
    paragraph = _agreement(bundled, "--format", "methods", "--statistics", CHOSEN, *options)
    report = json.loads(_agreement(bundled, "--format", "json", *options))
    text = " ".join(paragraph.split("\nReferences\n")[0].split())
    for constant in CONSTANTS:
        assert constant in text, constant
        text = text.replace(constant, "")
    found = re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)
    printed = _as_printed(report)
    assert found and [number for number in found if number.rstrip(",") not in printed] == []
    # Each chosen figure is there, beside its code's name, and the heading's counts are the report's.
    for key in CHOSEN.split(","):
        path = STATISTICS[key].path
        for code, entry in report["codes"].items():
            for part in path:
                entry = entry.get(part, {})
            if isinstance(entry, float) and "warning" not in report["codes"][code]:
                assert f"{report['code_names'][code]} {fmt(entry)}" in text, (key, code)
    assert f"the {len(report['counted_documents'])} of {len(report['documents'])} documents" in text
    assert f"{report['codes']['recruitment']['pairable_units']:,} character units" in text
    assert f"{report['bootstrap']['replicates']} replicates" in text and f"seed {report['bootstrap']['seed']}" in text
    assert f"θ = {report['threshold']:g}" in text
    # The degenerate codes are named, each once, and none of their figures is given.
    for code, entry in report["codes"].items():
        if "warning" in entry:
            assert text.count(report["code_names"][code]) == 1, code


def test_gammas_numbers_in_the_methods_paragraph_are_the_json_reports(bundled: CliRunner) -> None:
    paragraph = _agreement(bundled, "--format", "methods", "--gamma")
    report = json.loads(_agreement(bundled, "--format", "json", "--gamma"))
    gamma = report["gamma"]
    text = " ".join(paragraph.split("\nReferences\n")[0].split())
    low, high = gamma["interval"]
    assert (
        f"Mathet et al.'s γ (Mathet, Widlöcher & Métivier, 2015), on the compared coders' spans as coded, with α = 1,"
        f" β = 1 and Δ∅ = 1 and the expected disorder from {gamma['samples']} random continua"
        f" ({gamma['sampler']} sampler, seed {gamma['seed']}), was {fmt(gamma['gamma'])}"
        f" (95% sampling range [{fmt(low)}, {fmt(high)}])."
    ) in text
    assert f"Mathet's γ-cat (Mathet, 2017) was {fmt(gamma['gamma_cat'])}." in text
    readable = [code for code, entry in report["codes"].items() if "warning" not in entry]
    assert readable and all(f"{report['code_names'][code]} {fmt(gamma['gamma_k'][code])}" in text for code in readable)
    for constant in (*CONSTANTS, "Mathet, Widlöcher & Métivier, 2015", "Mathet, 2017", "95% sampling range"):
        text = text.replace(constant, "")
    printed = _as_printed(report)
    assert [number for number in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text) if number.rstrip(",") not in printed] == []
    references = paragraph.split("\nReferences\n")[1]
    assert "Mathet, Y., Widlöcher, A., & Métivier, J.-P. (2015)" in references and "41(3), 437–479" in references


def test_the_paragraph_is_the_same_every_time(bundled: CliRunner) -> None:
    first = _agreement(bundled, "--format", "methods")
    assert first == _agreement(bundled, "--format", "methods")
    words = " ".join(first.split())
    assert "Krippendorff's alpha (nominal) was" in words and "Krippendorff's unitizing alpha α_U was" in words


def test_references_are_those_of_exactly_the_statistics_reported() -> None:
    data = SpanData({"A": 100}, [("A", "a", "x", 0, 40), ("A", "b", "x", 0, 50)])
    text = render(span_report(data), "methods", statistics=["cohen_kappa"])
    references = text.split("\nReferences\n")[1]
    assert "Cohen, J. (1960)" in references and "Krippendorff, K. (2004)" in references  # the reading convention
    others = [name for key, name in REFERENCES.items() if key not in ("cohen1960", "krippendorff2004")]
    assert [name for name in others if name in references] == []
    bootstrapped = render(span_report(data, SpanOptions(bootstrap=5)), "methods", statistics=["f1"])
    assert "Efron, B." in bootstrapped and "θ = 0.9" in bootstrapped and "MAXQDA" in bootstrapped


def test_a_unit_table_has_its_paragraph_too() -> None:
    report = table_report(UnitTable.from_rows(["a", "b", "c"], [[1, 1, 2], [2, 2, None], [3, 3, 3]]), "ordinal")
    text = render(report, "methods", statistics=["krippendorff_alpha", "fleiss_kappa"])
    assert "Three coders (a, b and c) rated 3 units" in text
    assert f"Krippendorff's alpha (ordinal) was {fmt(report.row.figures['krippendorff_alpha'].value)}" in text
    assert "Fleiss' kappa (Gwet (2014) generalisation" in " ".join(text.split())


def test_unknown_statistics_and_statistics_without_methods_are_refused(run_cli, small_project: Path) -> None:
    data = SpanData({"A": 100}, [("A", "a", "x", 0, 40), ("A", "b", "x", 0, 50)])
    with pytest.raises(InputError, match="unknown statistic 'kappa'"):
        render(span_report(data), "methods", statistics=["kappa"])
    result = run_cli("agreement", "--db", small_project, "--statistics", "cohen_kappa")
    assert result.exit_code == 1
    assert result.stderr == (
        "annotator: --statistics chooses what --format methods reports; the other formats show every statistic\n"
    )
