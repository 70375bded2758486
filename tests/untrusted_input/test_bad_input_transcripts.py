"""Hostile transcripts and files read whole: one line naming the file (and segment or line), nothing written, no hang.

Hangs are run as a user runs the command (a new process) under a generous ceiling: each input is
large enough to take minutes on the code before these guards (cfc705b), and takes about a second now.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain.models import Document, Passage
from annotator.storage import NewSpan, Project
from tests.support import database_fingerprint
from tests.support.bad_input import assert_one_line_refusal
from tests.support.transcripts import DATA

# Seconds a command may take here before it counts as hung; the inputs took minutes (or forever) before.
CEILING = 60
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # annotator.domain.limits, as docs/formats.md states it


def imported(run_cli, db: Path, path: Path, *options: str) -> list[Passage]:
    result = run_cli("import", "--db", db, *options, path)
    assert result.exit_code == 0, result.stderr
    with Project.open(db) as project:
        return project.documents.passages(path.stem)


def refused(run_cli, db: Path, path: Path, *options: str, named: str | Path | None = None) -> str:
    before = database_fingerprint(db)
    result = run_cli("import", "--db", db, *options, path)
    line = assert_one_line_refusal(result, named if named is not None else path)
    assert database_fingerprint(db) == before
    return line


def annotator(
    *args: object, timeout: float = CEILING, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`annotator ARGS` in a new process; fails the test (rather than waiting on) past the ceiling."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "annotator", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`annotator {' '.join(map(str, args[:2]))} ...` ran past {timeout} s")


def one_line(result: subprocess.CompletedProcess, named: str | Path) -> str:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: ") and str(named) in lines[0], result.stderr
    return lines[0]


def whisper(tmp_path: Path, segments: str, name: str = "w.json") -> Path:
    path = tmp_path / name
    path.write_text('{"segments": [{"start": 0, "end": 1, "text": "fine"}, ' + segments + "]}", encoding="utf-8")
    return path


# --- Whisper JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "shown"),
    [
        ('{"start": NaN, "end": 2, "text": "x"}', "'start' must be a number of seconds from 0 to 3,600,000 (not NaN)"),
        ('{"start": 1, "end": Infinity, "text": "x"}', "(not Infinity)"),
        ('{"start": -Infinity, "end": 2, "text": "x"}', "(not -Infinity)"),
        ('{"start": 1, "end": 1e400, "text": "x"}', "'end' must be a number of seconds"),
        ('{"start": 1, "end": 3600000.001, "text": "x"}', "'end' must be a number of seconds"),
        ('{"start": 1, "end": 1' + "0" * 5000 + ', "text": "x"}', "(not a number of 5,001 characters)"),
        ('{"start": -1, "end": 2, "text": "x"}', "'start' must be a number of seconds"),
    ],
    ids=["nan", "infinity", "minus-infinity", "1e400", "over-1000-hours", "5000-digits", "negative"],
)
def test_a_whisper_time_that_is_not_a_finite_time_is_refused_naming_the_segment(
    run_cli, small_project: Path, tmp_path: Path, segment: str, shown: str
) -> None:
    path = whisper(tmp_path, segment)
    line = refused(run_cli, small_project, path)
    assert f"{path}: segments[1]: " in line and shown in line


@pytest.mark.parametrize(
    "segment",
    [r'{"start": 1, "end": 2, "text": "a\u0000b"}', r'{"start": 1, "end": 2, "text": "a\ud800b"}'],
    ids=["nul", "lone-surrogate"],
)
def test_nul_and_lone_surrogates_in_whisper_text_are_refused(
    run_cli, small_project: Path, tmp_path: Path, segment: str
) -> None:
    path = whisper(tmp_path, segment)
    assert f"{path}: segments[1]: 'text' holds a NUL or a lone surrogate" in refused(run_cli, small_project, path)


@pytest.mark.parametrize(
    ("segment", "where"),
    [
        ('{"start": 1, "start": 5, "end": 6, "text": "x"}', "segments[1]: gives the key 'start' more than once"),
        ('{"start": 1, "end": 2, "text": "x", "words": [{"w": 1, "w": 2}]}', "segments[1].words[0]: gives the key 'w'"),
    ],
    ids=["in-a-segment", "nested"],
)
def test_a_key_given_twice_is_refused(run_cli, small_project: Path, tmp_path: Path, segment: str, where: str) -> None:
    path = whisper(tmp_path, segment)
    assert f"{path}: {where}" in refused(run_cli, small_project, path)


def test_whisper_times_are_kept_to_the_millisecond(run_cli, small_project: Path, tmp_path: Path) -> None:
    """`{:g}` kept six significant digits: 10800.123 s (3 h) was stored as 10800.1."""
    path = tmp_path / "long.json"
    path.write_text(
        '{"segments": [{"start": 10800.123, "end": 10801.5, "text": "a", "speaker": "A"},'
        ' {"start": 10801.5, "end": 359999.999, "text": "b", "speaker": "B"}]}',
        encoding="utf-8",
    )
    turns = imported(run_cli, small_project, path)
    assert [(p.attributes["start"], p.attributes["end"]) for p in turns] == [
        ("10800.123", "10801.5"),
        ("10801.5", "359999.999"),
    ]


# --- subtitles --------------------------------------------------------------------------------


def test_srt_times_are_kept_to_the_millisecond(run_cli, small_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "late.srt"
    path.write_text("1\n03:00:00,123 --> 03:00:02,000\nA: late words\n", encoding="utf-8")
    assert imported(run_cli, small_project, path)[0].attributes["start"] == "10800.123"


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("arabic.srt", "1\n00:00:00,000 --> 00:00:0\u0661,000\nA: hi\n", 2),
        ("arabic.vtt", "WEBVTT\n\n\u0660\u0660:01.000 --> 00:02.000\nA: hi\n", 3),
    ],
)
def test_timestamps_in_other_digits_are_refused(
    run_cli, small_project: Path, tmp_path: Path, name: str, content: str, line: int
) -> None:
    """`\\d` matches Arabic-Indic digits and int() reads them: a time must be written in ASCII digits."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert f"{path}:{line}: not a cue timing line" in refused(run_cli, small_project, path)


def test_an_srt_without_blank_lines_reads_as_separate_cues(run_cli, small_project: Path, tmp_path: Path) -> None:
    """Before, the next cue's number, timing and speaker were glued into the text and its turn lost."""
    path = tmp_path / "tight.srt"
    path.write_text(
        "1\n00:00:00,000 --> 00:00:02,000\nAna: We left in May.\n"
        "2\n00:00:02,000 --> 00:00:05,500\nBo: Who paid?\n"
        "3\n00:00:05,500 --> 00:00:07,000\nAna: Nobody.\n",
        encoding="utf-8",
    )
    turns = imported(run_cli, small_project, path)
    with Project.open(small_project) as project:
        text = project.documents.get("tight").text
    assert text == "We left in May.\n\nWho paid?\n\nNobody."
    assert [(p.attributes["speaker"], p.attributes["start"], p.attributes["end"]) for p in turns] == [
        ("Ana", "0", "2"),
        ("Bo", "2", "5.5"),
        ("Ana", "5.5", "7"),
    ]


def test_a_vtt_cue_running_into_the_next_timing_line_is_refused(run_cli, small_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "tight.vtt"
    path.write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ana>We left.\n00:02.000 --> 00:03.000\n<v Bo>Why?\n", encoding="utf-8"
    )
    assert f"{path}:5: a cue timing line inside the cue before it" in refused(run_cli, small_project, path)


@pytest.mark.parametrize("stored", ["nan", "abc"])
def test_stored_nan_times_export_without_a_traceback(run_cli, small_project: Path, tmp_path: Path, stored: str) -> None:
    """A project written before times were checked (or edited by hand) may hold `nan` or a word: export still works."""
    imported(run_cli, small_project, DATA / "interview.srt")
    with Project.open(small_project) as project:  # a span, so the export looks up its turn's time
        project.spans.add_many("tester", [NewSpan("interview", project.codes.all()[0].id, 0, 5)])
    with sqlite3.connect(small_project) as connection:
        connection.execute("UPDATE passages SET attributes = json_set(attributes, '$.start', ?)", [stored])
    connection.close()
    result = run_cli("export", "csv", "--db", small_project, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[1].endswith(",Interviewer,,")


# --- Word, editor, special files ----------------------------------------------------------------


def test_a_damaged_word_file_is_one_line(run_cli, small_project: Path, tmp_path: Path) -> None:
    """A stretch cut out of the middle made zipfile fail with OSError (a traceback)."""
    data = (DATA / "interview.docx").read_bytes()
    path = tmp_path / "damaged.docx"
    path.write_bytes(data[:20000] + data[20500:])
    assert f"{path}: is not a readable Word (.docx) file" in refused(run_cli, small_project, path)


@pytest.mark.parametrize(
    ("visual", "shown"),
    [("no-such-editor-anywhere --wait", "$VISUAL names 'no-such-editor-anywhere'"), ('vi "unclosed', "$VISUAL cannot")],
    ids=["missing", "unclosed-quote"],
)
def test_a_missing_or_badly_quoted_editor_is_one_line(
    run_cli, small_project: Path, monkeypatch: pytest.MonkeyPatch, visual: str, shown: str
) -> None:
    monkeypatch.setenv("VISUAL", visual)
    before = database_fingerprint(small_project)
    result = run_cli("documents", "edit", "A", "--db", small_project)
    assert shown in assert_one_line_refusal(result, "VISUAL")
    assert database_fingerprint(small_project) == before


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_documents_replace_refuses_a_device_or_a_fifo_at_once(
    small_project: Path, tmp_path: Path, special: str
) -> None:
    """Both were read forever (no size limit; a FIFO with no writer blocks the open)."""
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    before = database_fingerprint(small_project)
    line = one_line(annotator("documents", "replace", "A", path, "--db", small_project), path)
    assert "is not a regular file (a FIFO, device or socket)" in line
    assert database_fingerprint(small_project) == before


def test_documents_replace_refuses_a_file_over_the_limit(run_cli, small_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    before = database_fingerprint(small_project)
    line = assert_one_line_refusal(run_cli("documents", "replace", "A", path, "--db", small_project), path)
    assert f"is larger than {MAX_DOCUMENT_BYTES:,} bytes" in line
    assert database_fingerprint(small_project) == before


# --- hangs --------------------------------------------------------------------------------------


def test_a_long_line_of_digits_imports_in_linear_time(small_project: Path, tmp_path: Path) -> None:
    """The default speaker pattern re-split `x` + 100,000 digits billions of ways (239 s before)."""
    path = tmp_path / "digits.txt"
    path.write_text("x" + "1" * 99_999 + "\n", encoding="utf-8")
    result = annotator("import", "--db", small_project, path)
    assert result.returncode == 0, result.stderr
    with Project.open(small_project) as project:
        assert project.documents.get("digits").text == "x" + "1" * 99_999 + "\n"


def test_a_vtt_cue_of_unclosed_voice_tags_imports_in_linear_time(small_project: Path, tmp_path: Path) -> None:
    """`<v x<v x...` without a `>`: each `<` was tried to the line's end (5 s at 80,000 characters, quadratic)."""
    path = tmp_path / "voices.vtt"
    path.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n" + "<v x" * 150_000 + "\n", encoding="utf-8")
    result = annotator("import", "--db", small_project, path)
    assert result.returncode == 0, result.stderr


def test_a_nested_repeat_in_a_speaker_pattern_is_refused_before_reading(small_project: Path, tmp_path: Path) -> None:
    """`(a+)+b` backtracks exponentially: it never returned on a line of 40 `a`s."""
    path = tmp_path / "a.txt"
    path.write_text("a" * 40 + "!\n", encoding="utf-8")
    pattern = "(?P<speaker>(a+)+b)"
    line = one_line(annotator("import", "--db", small_project, path, "--speaker-pattern", pattern), pattern)
    assert "repeats a part that itself repeats or offers alternatives" in line


def test_a_slow_speaker_pattern_is_stopped_by_the_time_bound(small_project: Path, tmp_path: Path) -> None:
    """No rule sees that `a*a*...a*b` is polynomial of degree 12; the time bound stops it (here lowered to 1 s)."""
    path = tmp_path / "a.txt"
    path.write_text("a" * 200 + "!\n", encoding="utf-8")
    pattern = "(?P<speaker>" + "a*" * 12 + "b)"
    code = (
        "import sys, annotator.domain.limits as limits; limits.MAX_SPEAKER_PATTERN_SECONDS = 1.0; "
        "from annotator.cli import main; sys.argv[0] = 'annotator'; main()"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, "import", "--db", str(small_project), str(path), "--speaker-pattern", pattern],
            capture_output=True,
            text=True,
            timeout=CEILING,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the pattern ran past {CEILING} s")
    assert "ran for over 1 s on this file and was stopped" in one_line(result, path)


@pytest.fixture
def many_turns(small_project: Path) -> Path:
    """Document T: 100,000 turns of two speakers, 11 words each (about 5 million characters)."""
    turns = 100_000
    said = [f"turn {number} said that we worked at night on the site" for number in range(turns)]
    text = "\n\n".join(said)
    passages, offset = [], 0
    for number, words in enumerate(said):
        speaker = "Interviewer" if number % 2 == 0 else "Mira Lee"
        attributes = {"kind": "turn", "speaker": speaker, "start": str(number)}
        passages.append(Passage(document_id="T", start=offset, end=offset + len(words), attributes=attributes))
        offset += len(words) + 2
    with Project.open(small_project) as project:
        project.documents.add([Document(id="T", text=text)], passages)
    return small_project


def test_check_is_linear_in_turns(many_turns: Path) -> None:
    """length() of the document per passage: quadratic (35 s at 30,000 turns, minutes at 100,000)."""
    result = annotator("check", "--db", many_turns)
    assert result.returncode == 0, result.stdout + result.stderr


def test_speakers_list_is_linear_in_turns(many_turns: Path) -> None:
    """substr() of the document per turn walked the text from its start each time: quadratic."""
    result = annotator("speakers", "list", "T", "--db", many_turns)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["T\tInterviewer\t\t50000\t550000", "T\tMira Lee\t\t50000\t550000"]


def test_colours_of_a_large_codebook_take_less_than_quadratic_time() -> None:
    """Each child was compared with every code, for each of 36 candidate turns: minutes for 2,000 codes."""
    code = (
        "from annotator.domain.models import Code\n"
        "from annotator.coding.colours import display_colours\n"
        "palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#888888', '#5fd7d7', '#87ffff']\n"
        "codes = [Code(id=f'c{i}', name=f'C{i}', parent=None if i % 20 == 0 else f'c{i - i % 20}',"
        " colour=palette[i % 7]) for i in range(10_000)]\n"
        "assert len(display_colours(codes)) == 10_000\n"
    )
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=CEILING)
    except subprocess.TimeoutExpired:
        pytest.fail(f"colours of 10,000 codes took over {CEILING} s")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("suffix", [".qdpx", ".qdc"])
def test_a_refi_qda_fifo_is_refused_at_once(small_project: Path, tmp_path: Path, suffix: str) -> None:
    """`import` of a .qdpx or .qdc that is a FIFO waited forever for a writer."""
    path = tmp_path / f"pipe{suffix}"
    os.mkfifo(path)
    before = database_fingerprint(small_project)
    line = one_line(annotator("import", path, "--db", small_project, timeout=30), path)
    assert "is not a regular file (a FIFO, device or socket)" in line
    assert database_fingerprint(small_project) == before


def test_a_keymap_that_is_a_device_is_refused_in_one_line() -> None:
    """ANNOTATOR_KEYMAP=/dev/zero was read forever (memory growing) before the screen opened."""
    script = "from annotator.coding.keymap import load_keymap\nload_keymap('/dev/zero')"
    try:
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("reading the keymap /dev/zero ran past 30 s")
    assert "is not a regular file" in result.stderr.splitlines()[-1]
