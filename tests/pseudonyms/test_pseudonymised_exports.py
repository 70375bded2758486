"""Pseudonymised exports of the bundled project with its example register: no original left (checked here
without the scan's code), every span its slice, agreement unchanged, and refusals that write nothing."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import sqlite3
import stat
import unicodedata
import zipfile
from pathlib import Path

import pytest

from annotator.domain.models import Span
from annotator.domain.pseudonyms import Candidate
from annotator.exchange.new_project import init_project
from annotator.exchange.pseudonymised import pseudonymised_report, write_pseudonymised
from annotator.exchange.spans_csv import write_spans_csv
from annotator.paths import BUNDLED_CODEBOOK, BUNDLED_CORPUS
from annotator.pseudonyms.replace import Pseudonymiser
from annotator.pseudonyms.scan import ScanFound
from annotator.pseudonyms.view import PseudonymisedView
from annotator.storage import Project
from annotator.storage.spans import NewSpan
from tests.support.templates import ProjectTemplates

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "data" / "transcripts"
REGISTER_FILE = BUNDLED_CORPUS.parent / f"{BUNDLED_CORPUS.name}-pseudonyms.json"
FORMATS = {"csv": "-spans.csv", "jsonl": "-spans.jsonl", "qdpx": ".qdpx"}


def _forms() -> list[str]:
    """Every original and variant of the example register, read from its file."""
    entries = json.loads(REGISTER_FILE.read_text(encoding="utf-8"))["register"]
    return [form for entry in entries for form in (entry["original"], *entry.get("variants", []))]


def _folded(text: str) -> str:
    """Written here, not imported: the check must not share the scan's code."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _forms_in(text: str) -> list[str]:
    """The forms found in `text`: case and diacritics folded, any non-word characters between words."""
    folded = _folded(text)
    found = []
    for form in _forms():
        words = re.findall(r"\w+", _folded(form))
        if re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", folded):
            found.append(form)
    return found


def _texts_of_file(path: Path) -> list[str]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            # A .docx holds a binary thumbnail beside its XML: its bytes cannot hold a name as text.
            return [archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()]
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":  # the decoded values too: "\n" is an escape in the file
        return [text, *(str(value) for line in text.splitlines() for value in json.loads(line).values())]
    return [text]


def _build(path: Path) -> None:
    """The bundled project, its example register, and a second coder `ann` whose spans start and end
    inside registered names, with memos naming them."""
    with init_project(path, BUNDLED_CORPUS, BUNDLED_CODEBOOK, coder="lead") as project:
        from annotator.pseudonyms.register_file import read_register_file

        for entry in read_register_file(REGISTER_FILE):
            project.pseudonyms.add("lead", **entry)
        items = []
        for span in project.spans.select():
            if span.end - span.start > 40 and len(items) < 40:  # agreement with report, though not exact
                items.append(NewSpan(span.document_id, span.code_id, span.start + 3, span.end - 7))
        for document in project.documents.all():
            for match in re.finditer(r"Pyongyang|Chengdu|Okryuguan|Bak Nam-gi", document.text):
                start, end = match.start() + 2, min(len(document.text), match.end() + 15)
                items.append(NewSpan(document.id, "surveillance", start, end, memo=f"said {match.group()} twice"))
        project.spans.add_many("ann", items)
        # Memos of every kind naming registered forms: memos are testimony too (JSONL lines, CSV columns, notes).
        project.memos.add("ann", "project", "Interviews in Pyongyang and Chengdu.")
        project.memos.add("ann", "document", "She names Okryuguan.", document_id="A")
        project.memos.add("ann", "code", "Often near Pyongyang.", code_id="surveillance")
        project.memos.add("ann", "grid", "Bak Nam-gi again.", document_id="A", code_id="surveillance")


@pytest.fixture
def bundled(templates: ProjectTemplates, tmp_path: Path) -> Path:
    """A folder holding annotator.db: the bundled project with the example register and coder `ann`."""
    templates.copy("bundled-pseudonyms", _build, tmp_path / "annotator.db")
    return tmp_path


def _export(run_cli, fmt: str, *extra: str) -> Path:
    return _export_from(run_cli, "annotator.db", fmt, *extra)


def _export_from(run_cli, db: str, fmt: str, *extra: str) -> Path:
    result = run_cli("export", fmt, "--db", db, *extra)
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.split(" to ")[-1].strip())


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_original_or_variant_is_left_in_a_pseudonymised_export(bundled: Path, run_cli, fmt: str) -> None:
    plain = _export(run_cli, fmt)
    assert any(_forms_in(text) for text in _texts_of_file(plain))  # the corpus does name them
    path = _export(run_cli, fmt, "--pseudonymise")
    assert path.name == f"annotator-pseudonymised{FORMATS[fmt]}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for text in _texts_of_file(path):
        assert _forms_in(text) == []
    assert "[Town 1]" in "".join(_texts_of_file(path))


def _sources(qdpx: Path) -> dict[str, str]:
    """Document id -> text of a .qdpx's sources."""
    with zipfile.ZipFile(qdpx) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        members = dict(re.findall(r'<TextSource guid="([^"]+)" name="([^"]+)"', qde))
        return {name: archive.read(f"sources/{guid}.txt").decode("utf-8") for guid, name in members.items()}


def test_every_exported_span_is_its_slice_of_the_exported_document(bundled: Path, run_cli) -> None:
    texts = _sources(_export(run_cli, "qdpx", "--pseudonymise"))
    rows = list(csv.DictReader(io.StringIO(_export(run_cli, "csv", "--pseudonymise").read_text(encoding="utf-8"))))
    assert len(rows) > 69
    moved = 0
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert row["text"] == texts[row["document"]][start:end]
        moved += "[" in row["text"]
    assert moved > 10  # spans over replaced names are among them
    lines = _export(run_cli, "jsonl", "--pseudonymise").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [record["text"] for record in records if "record" not in record] == [row["text"] for row in rows]
    assert sum(record.get("record") == "memo" for record in records) == 4


# Krippendorff's alpha_u is measured on the character continuum: it moves with the replaced characters.
CONTINUUM = ("alpha_u",)


def _agreement(run_cli, db: str, unit: str) -> dict[str, object]:
    """Each code's unit-table figures and its segment matching (not the continuum's alpha_u)."""
    result = run_cli("agreement", "--db", db, "--coders", "report,ann", "--unit", unit, "--format", "json")
    assert result.exit_code == 0, result.stderr
    codes = json.loads(result.stdout)["codes"]
    return {code: {k: v for k, v in figures.items() if not k.startswith(CONTINUUM)} for code, figures in codes.items()}


def test_paragraph_agreement_on_an_imported_pseudonymised_qdpx_equals_the_original(bundled: Path, run_cli) -> None:
    qdpx = _export(run_cli, "qdpx", "--pseudonymise")
    result = run_cli("import", str(qdpx), "--db", "imported.db")
    assert result.exit_code == 0, result.stderr
    with Project.open(bundled / "imported.db", readonly=True) as imported:
        texts = {document.id: document.text for document in imported.documents.all()}
        assert all(span.text == texts[span.document_id][span.start : span.end] for span in imported.spans.select())
        assert not any(_forms_in(text) for text in texts.values())
    for unit in ("paragraph", "sentence"):
        assert _agreement(run_cli, "imported.db", unit) == _agreement(run_cli, "annotator.db", unit)


def test_turn_agreement_on_an_imported_pseudonymised_qdpx_equals_the_original(
    project_db: Path, run_cli, tmp_path: Path
) -> None:
    """The bundled corpus has no speaker turns: a transcript whose speaker and a place in it are registered."""
    shutil.copy(TRANSCRIPTS / "interview.vtt", tmp_path / "interview.vtt")
    assert run_cli("import", "--db", "p.db", "interview.vtt").exit_code == 0
    with Project.open(project_db) as project:
        project.pseudonyms.add("lead", "Mira Lee", kind="person")
        project.pseudonyms.add("lead", "harbour", kind="place")  # "[Town 1]" moves every later offset
        turns = [(turn.start, turn.end) for turn in project.documents.passages("interview")]
        for coder, taken in (("report", turns[0:3]), ("ann", turns[1:4])):
            project.spans.add_many(coder, [NewSpan("interview", "bribery", start + 1, end - 1) for start, end in taken])
    qdpx = _export_from(run_cli, "p.db", "qdpx", "--pseudonymise")
    assert run_cli("import", str(qdpx), "--db", "imported.db").exit_code == 0
    with Project.open(tmp_path / "imported.db", readonly=True) as imported:
        assert "[Town 1]" in imported.documents.get("interview").text
        speakers = {passage.attributes.get("speaker") for passage in imported.documents.passages("interview")}
        assert "[Person 1]" in speakers and "Mira Lee" not in speakers
    assert _unit_figures(run_cli, "imported.db", "turn")[0] == 4  # the four turns are the units
    assert _agreement(run_cli, "imported.db", "turn") == _agreement(run_cli, "p.db", "turn")


def _unit_figures(run_cli, db: str, unit: str) -> tuple[int, dict[str, float]]:
    """The unit count and each code's Krippendorff's alpha (0 where there is none) on character or word units."""
    result = run_cli("agreement", "--db", db, "--coders", "report,ann", "--unit", unit, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    alphas = {code: figures["krippendorff_alpha"] or 0.0 for code, figures in report["codes"].items()}
    return report["unit_count"], alphas


def test_character_and_word_units_differ_only_by_the_replaced_characters(bundled: Path, run_cli) -> None:
    """The figures docs/benchmarks.md gives: 42 of 41,550 characters lost, 7,741 words become 7,757
    (`[Organisation 2]` is two words), each code's alpha moved by less than 0.01."""
    qdpx = _export(run_cli, "qdpx", "--pseudonymise")
    assert run_cli("import", str(qdpx), "--db", "imported.db").exit_code == 0
    with Project.open(bundled / "annotator.db", readonly=True) as original:
        lost = sum(len(document.text) for document in original.documents.all())
    with Project.open(bundled / "imported.db", readonly=True) as imported:
        lost -= sum(len(document.text) for document in imported.documents.all())
    assert lost == 42
    for unit, (before, after) in {"character": (41_550, 41_508), "word": (7_741, 7_757)}.items():
        count, alphas = _unit_figures(run_cli, "annotator.db", unit)
        count_imported, alphas_imported = _unit_figures(run_cli, "imported.db", unit)
        assert (count, count_imported) == (before, after)
        assert alphas.keys() == alphas_imported.keys() and any(alphas.values())  # codes both coders used
        assert max(abs(alphas[code] - alphas_imported[code]) for code in alphas) < 0.01


def _folder_listing(folder: Path) -> list[str]:
    """The folder's files but the project's own (SQLite's -wal and -shm come and go with readers)."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("annotator.db"))


def test_a_name_the_replacement_missed_but_the_scan_knows_refuses_and_writes_nothing(bundled: Path) -> None:
    """The scan is the proof, not the replacement: a replacement that lacks a variant is caught."""
    target = bundled / "out.csv"
    with Project.open(bundled / "annotator.db", readonly=True) as project:
        view = PseudonymisedView(project)
        entries = project.pseudonyms.all()
        place = next(entry for entry in entries if entry.original == "Pyongyang")
        missing = [
            entry if entry is not place else place.__class__(**{**place.__dict__, "variants": ()}) for entry in entries
        ]
        view.pseudonymiser = Pseudonymiser(missing)  # knows Pyongyang, not Pyoungyang
        before = _folder_listing(bundled)
        with pytest.raises(ScanFound) as refused:
            write_pseudonymised(project, target, lambda p, path, v: write_spans_csv(p, path, view=v), view=view)
    message = str(refused.value)
    assert message.startswith(f"{target}: register entry {place.id} (place) found in document ")
    assert message.endswith("nothing was written") and "Pyou" not in message
    assert _folder_listing(bundled) == before  # no file, no temporary file


def test_an_unreviewed_candidate_left_in_the_text_refuses_the_export(bundled: Path, run_cli) -> None:
    with Project.open(bundled / "annotator.db") as project:
        text = project.documents.get("R").text
        at = text.index("Goryeo")
        project.pseudonyms.propose("lead", lambda register: [Candidate("R", at, at + 6, "Goryeo", "proper-noun")])
        (candidate,) = project.pseudonyms.candidates(status="unreviewed")
    before = _folder_listing(bundled)
    for fmt in FORMATS:
        result = run_cli("export", fmt, "--db", "annotator.db", "--pseudonymise", "-o", f"out.{fmt}")
        assert result.exit_code == 1
        line = result.stderr.strip()
        assert line == (
            f"annotator: out.{fmt}: unreviewed pseudonym candidate {candidate.id} (decide it with"
            " `annotator pseudonyms review`) found in document 'R', line 3; nothing was written"
        )
    assert _folder_listing(bundled) == before
    with Project.open(bundled / "annotator.db") as project:
        project.pseudonyms.review("lead", candidate.id, "reject")
    assert _export(run_cli, "csv", "--pseudonymise").exists()


def test_the_register_never_goes_into_a_plain_export_or_a_packet(bundled: Path, run_cli) -> None:
    with Project.open(bundled / "annotator.db") as project:
        project.pseudonyms.add("lead", "Teuroteu", kind="other", pseudonym="Zebulon-Marker")
    for fmt in FORMATS:
        assert not any("Zebulon" in text for text in _texts_of_file(_export(run_cli, fmt)))
    assert run_cli("packet", "--db", "annotator.db", "--coder", "bob", "-o", "bob.db").exit_code == 0
    conn = sqlite3.connect(bundled / "bob.db")
    try:
        assert conn.execute("SELECT count(*) FROM pseudonyms").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM pseudonym_candidates").fetchone() == (0,)
    finally:
        conn.close()


def test_span_memos_and_codebook_quotes_are_pseudonymised(bundled: Path) -> None:
    with Project.open(bundled / "annotator.db", readonly=True) as project:
        view = PseudonymisedView(project)
        view.documents(project.documents.all())
        memos = [view.span(span).memo for span in project.spans.select() if span.memo]
        quotes = [example.quote for code in view.codes(project.codes.all()) for example in code.examples]
    assert memos and all(not _forms_in(memo) and "[" in memo for memo in memos)
    assert any("[Town 1]" in quote for quote in quotes)  # "I lived in Pyoungyang ..."


def test_a_span_over_a_name_covers_its_replacement() -> None:
    pseudonymiser = Pseudonymiser(
        [
            __import__("annotator.domain.pseudonyms", fromlist=["Identifier"]).Identifier(
                1, "place", "Chengdu", (), "[Town 2]", "automatic"
            )
        ]
    )
    text = "I worked at Chengdu for years."
    pseudonymiser.text_map("A", text)
    span = pseudonymiser.span(Span("s", "A", "c", "ann", 14, 23, text[14:23]))  # "engdu for"
    assert span.text == "[Town 2] for"


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_pseudonymised_agreement_report_quotes_no_original(bundled: Path, run_cli, fmt: str) -> None:
    args = ("agreement", "--db", "annotator.db", "--coders", "report,ann", "--format", fmt)
    plain = run_cli(*args, "-o", f"plain.{fmt}")
    assert plain.exit_code == 0, plain.stderr
    result = run_cli(*args, "--pseudonymise", "-o", f"report.{fmt}")
    assert result.exit_code == 0, result.stderr
    text = (bundled / f"report.{fmt}").read_text(encoding="utf-8")
    assert _forms_in(text) == []
    if fmt == "html":  # the HTML report quotes every disagreement
        assert _forms_in((bundled / "plain.html").read_text(encoding="utf-8"))
        assert "[Town " in text


def test_a_report_with_an_unreviewed_candidate_in_a_quote_writes_nothing(bundled: Path, run_cli) -> None:
    args = ("agreement", "--db", "annotator.db", "--coders", "report,ann", "--format", "html")
    assert run_cli(*args, "-o", "plain.html").exit_code == 0
    quoted = _forms_in((bundled / "plain.html").read_text(encoding="utf-8"))[0]
    with Project.open(bundled / "annotator.db") as project:  # no longer registered, only a candidate
        entry = next(entry for entry in project.pseudonyms.all() if quoted in entry.forms)
        project.pseudonyms.remove("lead", entry.id)
        project.pseudonyms.propose("lead", lambda register: [Candidate("R", 0, 1, quoted, "proper-noun")])
    result = run_cli(*args, "--pseudonymise", "-o", "report.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("annotator: report.html: unreviewed pseudonym candidate ")
    assert "found in document 'R'" in result.stderr and result.stderr.endswith("nothing was written\n")
    assert quoted not in result.stderr
    assert not (bundled / "report.html").exists()


REPORTS = (("codebook",), ("query", "surveillance OR bribery"), ("grid",), ("memos",))


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
@pytest.mark.parametrize("report", REPORTS, ids=lambda report: report[0])
def test_a_pseudonymised_report_holds_no_original(bundled: Path, run_cli, report: tuple[str, ...], fmt: str) -> None:
    args = ("report", *report, "--db", "annotator.db", "--format", fmt)
    if report[0] != "memos":  # the memos report has no coders to choose
        args = (*args, "--all-coders")
    plain = run_cli(*args, "-o", f"plain.{fmt}")
    assert plain.exit_code == 0, plain.stderr
    assert any(_forms_in(text) for text in _texts_of_file(bundled / f"plain.{fmt}"))  # the report does name them
    result = run_cli(*args, "--pseudonymise", "-o", f"report.{fmt}")
    assert result.exit_code == 0, result.stderr
    path = bundled / f"report.{fmt}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert all(_forms_in(text) == [] for text in _texts_of_file(path))
    assert "[" in "".join(_texts_of_file(path))


def test_a_pseudonymised_report_with_an_unreviewed_candidate_writes_nothing(bundled: Path, run_cli) -> None:
    with Project.open(bundled / "annotator.db") as project:
        text = project.documents.get("R").text
        at = text.index("Goryeo")
        project.pseudonyms.propose("lead", lambda register: [Candidate("R", at, at + 6, "Goryeo", "proper-noun")])
    before = _folder_listing(bundled)
    result = run_cli("report", "codebook", "--db", "annotator.db", "--all-coders", "--pseudonymise", "-o", "out.md")
    assert result.exit_code == 1
    assert result.stderr.startswith("annotator: out.md: unreviewed pseudonym candidate ")
    assert "Goryeo" not in result.stderr and result.stderr.endswith("nothing was written\n")
    assert _folder_listing(bundled) == before


def _quoted_project(folder: Path) -> Path:
    """A testimony naming a town with an apostrophe and a bar with one, two coders disagreeing over both."""
    (folder / "corpus").mkdir()
    text = "We were sent from P'yŏngyang to the site.\n\nThe guards at Kim's Bar watched us.\n"
    (folder / "corpus" / "A.txt").write_text(text, encoding="utf-8")
    with init_project(folder / "annotator.db", folder / "corpus", BUNDLED_CODEBOOK, coder="lead") as project:
        project.pseudonyms.add("lead", "Pyongyang", variants=["P'yŏngyang"], kind="place")
        project.pseudonyms.add("lead", "Kim's Bar", kind="organisation")
        town, bar = text.index("P'y"), text.index("Kim")
        project.spans.add("ann", "A", "bribery", town - 5, town + 12)
        project.spans.add("bob", "A", "bribery", bar - 3, bar + 9)
        project.spans.add("bob", "A", "surveillance", town, town + 10)
    return folder / "annotator.db"


def test_a_name_with_an_apostrophe_is_replaced_in_an_agreement_html_quote(tmp_path: Path, run_cli) -> None:
    """HTML escapes the quote ("P&#x27;yŏngyang"): replacing the rendered page missed it, and so did the scan."""
    _quoted_project(tmp_path)
    result = run_cli("agreement", "--coders", "ann,bob", "--format", "html", "--pseudonymise", "-o", "out.html")
    assert result.exit_code == 0, result.stderr
    page = html.unescape((tmp_path / "out.html").read_text(encoding="utf-8"))
    assert "yŏngyang" not in page and "Kim's" not in page
    assert "[Town 1]" in page and "[Organisation 1]" in page


def test_the_scan_of_an_agreement_page_reads_it_with_its_references_decoded(tmp_path: Path) -> None:
    with Project.open(_quoted_project(tmp_path), readonly=True) as project:
        view = PseudonymisedView(project)
    with pytest.raises(ScanFound, match=r"register entry 1 \(place\) found in the report, line 2; nothing was written"):
        pseudonymised_report(view, "<p>figures</p>\n<td>P&#x27;yŏngyang</td>", tmp_path / "out.html", html=True)
