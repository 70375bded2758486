"""Transcript turns in `.qdpx`: uncoded selections under a Case per speaker, valid, and back exactly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from annotator.domain.errors import InputError
from annotator.domain.models import Codebook, Document
from annotator.exchange.refi.importing import create_from_qdpx, import_qdpx
from annotator.exchange.refi.project import write_qdpx
from annotator.exchange.refi.turns import SPEAKER_CASE
from annotator.exchange.transcripts import read_transcript, transcript_document
from annotator.storage import Project
from tests.support import database_fingerprint
from tests.support.exchange import CODES, SOURCE, TEXTS, make_qdpx, reference, selection, single_source_qde
from tests.support.transcripts import DATA as TRANSCRIPTS

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def interviews(tmp_path: Path) -> Path:
    """Two transcripts (one with times, one named SPEAKER_00 style by Whisper), a role, a coded answer, a plain text."""
    path = tmp_path / "interviews.db"
    with Project.create(path, name="interviews") as project:
        for name in ("interview.vtt", "interview.json"):
            transcript = read_transcript(TRANSCRIPTS / name)
            assert transcript is not None
            document, passages = transcript_document(TRANSCRIPTS / name, transcript)
            project.documents.add(
                [document.model_copy(update={"id": name.replace(".", "-")})],
                [passage.model_copy(update={"document_id": name.replace(".", "-")}) for passage in passages],
            )
        project.documents.add([Document(id="plain", title="plain", text=TEXTS["A"])])
        project.codes.add_codebook(Codebook(name="small", codes=CODES))
        speaker = project.documents.passages("interview-vtt")[1].attributes["speaker"]
        project.speakers.set_role(speaker, "participant", coder="ann", document_id="interview-vtt")
        answer = project.documents.passages("interview-vtt")[1]
        project.spans.add("ann", "interview-vtt", "bribery", answer.start, answer.end)
    return path


def _turns(path: Path) -> list[tuple[str, int, int, dict[str, str]]]:
    with Project.open(path) as project:
        return [(p.document_id, p.start, p.end, p.attributes) for p in project.documents.passages()]


def test_turns_go_out_as_speaker_cases_valid_against_the_schema(interviews: Path, tmp_path: Path) -> None:
    with Project.open(interviews) as project:
        summary = write_qdpx(project, tmp_path / "out.qdpx")
    qde = zipfile.ZipFile(tmp_path / "out.qdpx").read("project.qde")
    for schema in reference("Project.xsd"):
        xmlschema.XMLSchema(str(schema)).validate(qde)
    root = etree.fromstring(qde)
    tags = [etree.QName(node).localname for node in root]
    assert tags.index("Cases") == tags.index("Sources") - 1  # the schema's order
    cases = root.findall("q:Cases/q:Case", NS)
    assert {case.findtext("q:Description", namespaces=NS) for case in cases} == {SPEAKER_CASE}
    turns = _turns(interviews)
    assert summary.turns == len(turns) == sum(len(case.findall("q:SelectionRef", NS)) for case in cases)
    assert summary.selections == 1  # the coded answer; turn selections are not span selections
    referred = {ref.get("targetGUID") for ref in root.iterfind("q:Cases/q:Case/q:SelectionRef", NS)}
    turn_selections = [s for s in root.iterfind(".//q:PlainTextSelection", NS) if s.get("guid") in referred]
    assert len(turn_selections) == len(turns) and not any(s.find("q:Coding", NS) is not None for s in turn_selections)


def test_the_round_trip_keeps_speakers_roles_times_and_offsets_exactly(interviews: Path, tmp_path: Path) -> None:
    with Project.open(interviews) as project:
        write_qdpx(project, tmp_path / "out.qdpx")
        spans = [(s.document_id, s.code_id, s.coder, s.start, s.end, s.text) for s in project.spans.select()]
        first_speakers = project.speakers.summaries()
    report = create_from_qdpx(tmp_path / "out.qdpx", tmp_path / "back.db", coder="me")
    assert _turns(tmp_path / "back.db") == _turns(interviews)
    assert any(attributes.get("role") == "participant" for *_, attributes in _turns(interviews))
    assert any("end" in attributes for *_, attributes in _turns(interviews))
    assert report.turns_added == len(_turns(interviews)) and "speaker turn(s)" in report.summary()
    with Project.open(tmp_path / "back.db") as again:
        assert [(s.document_id, s.code_id, s.coder, s.start, s.end, s.text) for s in again.spans.select()] == spans
        assert again.speakers.summaries() == first_speakers
    # Importing it into the project it came from adds nothing: the documents keep their turns.
    before = database_fingerprint(interviews)
    with Project.open(interviews) as project:
        again_report = import_qdpx(tmp_path / "out.qdpx", project, coder="me")
    assert database_fingerprint(interviews) == before and again_report.turns_added == 0


def test_a_case_from_another_tool_referring_to_selections_makes_no_turns(tmp_path: Path) -> None:
    text = b"They took eighty percent of the wage."
    foreign_case = (
        '<Cases><Case guid="EEEEEEEE-0000-0000-0000-000000000001" name="Mira"><Description>a person</Description>'
        '<SelectionRef targetGUID="CCCCCCCC-0000-0000-0000-000000000001"/></Case></Cases>'
    )
    qde = single_source_qde(selection(0, 9)).replace("<Sources>", foreign_case + "<Sources>")
    qdpx = make_qdpx(tmp_path / "foreign.qdpx", qde, {f"sources/{SOURCE}.txt": text})
    report = create_from_qdpx(qdpx, tmp_path / "foreign.db", coder="me")
    assert report.spans_added == 1 and report.turns_added == 0
    assert _turns(tmp_path / "foreign.db") == []


def _speaker_qde(start: int, end: int, description: str = '{"start": "4"}') -> str:
    turn = (
        f'<PlainTextSelection guid="CCCCCCCC-0000-0000-0000-000000000009" startPosition="{start}" '
        f'endPosition="{end}"><Description>{description}</Description></PlainTextSelection>'
    )
    case = (
        f'<Cases><Case guid="EEEEEEEE-0000-0000-0000-000000000001" name="Mira"><Description>{SPEAKER_CASE}'
        '</Description><SelectionRef targetGUID="CCCCCCCC-0000-0000-0000-000000000009"/></Case></Cases>'
    )
    return single_source_qde(turn).replace("<Sources>", case + "<Sources>")


def test_a_hand_made_turn_comes_in_as_a_turn(tmp_path: Path) -> None:
    qdpx = make_qdpx(tmp_path / "t.qdpx", _speaker_qde(0, 9), {f"sources/{SOURCE}.txt": b"They took eighty."})
    create_from_qdpx(qdpx, tmp_path / "t.db", coder="me")
    assert _turns(tmp_path / "t.db") == [("interview", 0, 9, {"kind": "turn", "speaker": "Mira", "start": "4"})]


@pytest.mark.parametrize(
    ("qde", "message"),
    [
        (_speaker_qde(0, 90), r"turn selection CCCCCCCC-0000-0000-0000-000000000009 points outside its source"),
        (_speaker_qde(0, 9, "start at 4"), r"a turn selection's Description must be its attributes as a JSON object"),
        (
            _speaker_qde(0, 9).replace(
                'guid="CCCCCCCC-0000-0000-0000-000000000009"', 'guid="CCCCCCCC-0000-0000-0000-00000000000A"'
            ),
            r"speaker case 'Mira' refers to selection CCCCCCCC-0000-0000-0000-000000000009, which no imported",
        ),
        (_speaker_qde(0, 9, '{"start": "nan"}'), r"a turn's 'start' must be seconds as a plain decimal"),
        (_speaker_qde(0, 9, '{"end": "1e400"}'), r"a turn's 'end' must be seconds as a plain decimal"),
        (_speaker_qde(0, 9, '{"start": "abc"}'), r"a turn's 'start' must be seconds as a plain decimal"),
    ],
    ids=["out-of-range", "not-json", "missing", "nan-time", "huge-time", "word-time"],
)
def test_bad_turns_are_one_line_and_write_nothing(tmp_path: Path, qde: str, message: str) -> None:
    qdpx = make_qdpx(tmp_path / "bad.qdpx", qde, {f"sources/{SOURCE}.txt": b"They took eighty."})
    with pytest.raises(InputError, match=message) as caught:
        create_from_qdpx(qdpx, tmp_path / "bad.db", coder="me")
    assert "\n" not in str(caught.value) and caught.value.line is not None
    assert not (tmp_path / "bad.db").exists()
