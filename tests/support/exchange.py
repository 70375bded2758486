"""Data and helpers of the exchange tests: texts and codes, the REFI-QDA reference files, hand-made .qdpx files, packets, events planted by hand."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from annotator.domain.models import Code, Codebook, CodeExample, Document
from annotator.storage import Project

DATA = Path(__file__).parents[1] / "exchange" / "data"


SHARED = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"


TEXTS = {
    "A": "They took eighty percent of the wage. We paid a bribe to be chosen.\n\nThe manager watched us — every day.",
    "B": "Nobody could leave the site.\n\nWe worked from dawn to midnight. 평양 was far 😀 away.",
    "C": "An uncoded testimony.",
}


CODES = (
    Code(
        id="wage-deduction",
        name="Wage deduction",
        key="1",
        colour="#d62728",
        definition="Money taken from wages.",
        include="State or company deductions.",
        exclude="Voluntary gifts.",
        examples=(CodeExample(quote="They took eighty percent", document="A"), CodeExample(quote="half the pay")),
    ),
    Code(id="bribery", name="Bribery", key="2", colour="#ff7f0e", definition="Paying to be selected.\n\nAny payment."),
    Code(id="surveillance", name="Surveillance", colour="#1f77b4"),
    Code(id="informants", name="Informants", parent="surveillance", colour="#17becf", include="Named watchers."),
    Code(id="restricted-movement", name="Restricted movement", parent="surveillance", colour="#2ca02c"),
)


def reference(name: str) -> list[Path]:
    """The reference file from tests/exchange/data, and the shared original too when present."""
    found = [DATA / name]
    if (SHARED / name).exists():
        found.append(SHARED / name)
    return found


def make_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes] | None = None) -> Path:
    """A .qdpx holding `qde` as project.qde and `files` (member name -> bytes)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


USER = "11111111-2222-3333-4444-555555555555"


CODE = "AAAAAAAA-0000-0000-0000-000000000001"


SOURCE = "BBBBBBBB-0000-0000-0000-000000000001"


def single_source_qde(
    selections: str, *, origin: str = "Some QDA 1.0", path: str = f"internal://{SOURCE}.txt", extra_source: str = ""
) -> str:
    """A project.qde with one user, one code and one text source holding `selections` (XML)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="hand made" origin="{origin}">
  <Users><User guid="{USER}" name="maria"/></Users>
  <CodeBook><Codes><Code guid="{CODE}" name="Bribery" isCodable="true" color="#F00"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE}" name="interview" plainTextPath="{path}">
{selections}
    </TextSource>{extra_source}
  </Sources>
</Project>"""


def selection(
    start: int,
    end: int,
    *,
    name: str = "",
    guid: str = "CCCCCCCC-0000-0000-0000-000000000001",
    coding: str = "DDDDDDDD-0000-0000-0000-000000000001",
) -> str:
    """A PlainTextSelection coded with the one code by the one user."""
    named = f' name="{name}"' if name else ""
    return (
        f'<PlainTextSelection guid="{guid}"{named} startPosition="{start}" endPosition="{end}" creatingUser="{USER}">'
        f'<Coding guid="{coding}" creatingUser="{USER}"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
    )


def coded_packet(run_cli, project: Path, folder: Path) -> Path:
    """A packet of `project` for coder cho (through `annotator packet`), in which cho coded one span
    of A (bribery 38-67); callers code more in it."""
    path = folder / "cho.db"
    assert run_cli("packet", "--db", project, "--coder", "cho", "-o", path).exit_code == 0
    with Project.open(path) as opened:
        opened.spans.add("cho", "A", "bribery", 38, 67)
    return path


def plant(path: Path, **values: object) -> int:
    """Append one event row to a file by hand, as anyone with an SQLite browser could; returns its id."""
    row = {"batch": "f0rged0000000000000000000000000", "at": "2026-12-07T10:00:00.000+00:00", "detail": "{}"}
    row.update(values)
    conn = sqlite3.connect(path)
    try:
        columns = ", ".join(row)
        cursor = conn.execute(
            f"INSERT INTO events ({columns}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
        )
        conn.commit()
        return int(cursor.lastrowid or 0)
    finally:
        conn.close()


def build_coded_project(path: Path) -> None:
    """The coded project (the `coded_project` fixture): documents A, B, C with attributes, spans by ann and bob."""
    with Project.create(path, name="Overseas workers") as project:
        project.documents.add(
            [
                Document(
                    id="A", title="Interviewee A", text=TEXTS["A"], attributes={"country": "Russia", "gender": "Male"}
                ),
                Document(id="B", title="B", text=TEXTS["B"], attributes={"country": "China"}),
                Document(
                    id="C", title="Interviewee C", text=TEXTS["C"], attributes={"country": "Russia", "gender": "Female"}
                ),
            ]
        )
        project.codes.add_codebook(Codebook(name="small", codes=CODES))
        project.spans.add("ann", "A", "wage-deduction", 0, 36, "state takes most")
        project.spans.add("ann", "A", "bribery", 38, 67)
        project.spans.add("ann", "A", "surveillance", 69, 104, "watched — daily")
        project.spans.add("ann", "A", "informants", 73, 80)
        project.spans.add("bob", "A", "wage-deduction", 5, 36)
        project.spans.add("bob", "B", "restricted-movement", 0, 28)
        project.spans.add("bob", "B", "surveillance", 0, 10)
        project.spans.add("bob", "B", "wage-deduction", 30, 75, "long\nhours")
