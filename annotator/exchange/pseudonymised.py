"""Pseudonymised exports: written to a temporary file, scanned, and kept only when the scan finds nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import unescape
from pathlib import Path
from typing import TypeVar

from annotator.domain.errors import InputError
from annotator.exchange.files import private_file
from annotator.pseudonyms.scan import ScanFound
from annotator.pseudonyms.view import PseudonymisedView
from annotator.storage import Project

T = TypeVar("T")
Writer = Callable[[Project, Path, PseudonymisedView], T]


def write_pseudonymised(
    project: Project,
    path: str | Path,
    write: Writer[T],
    *,
    members: Mapping[str, str] | None = None,
    view: PseudonymisedView | None = None,
) -> T:
    """Run an exporter on the pseudonymised project into a temporary file beside `path`, scan that
    file for every registered original and variant and every unreviewed candidate, and only then
    rename it to `path`. A hit is one line (ScanFound) naming the register entry and where; nothing
    is written. `members` names the document each archive member holds (`qdpx_members`); `view` is
    for tests that check the scan behind a replacement that missed a form."""
    path = Path(path)
    view = view or PseudonymisedView(project)
    if not view.pseudonymiser.register:
        # Most likely the wrong project, or a register not yet imported: an output "pseudonymised"
        # with nothing replaced would pass the scan and look safe.
        raise InputError(
            "the register is empty, so nothing would be replaced; add identifiers first"
            " (`annotator pseudonyms add`, `import` or `detect`); nothing was written",
            path=path,
        )
    with private_file(path, kind="pseudonymised export") as temporary:
        try:
            result = write(project, temporary, view)
            view.scanner.check_file(temporary, members=members)
        except ScanFound as found:
            raise ScanFound(f"{found.detail}; nothing was written", path=path) from None
    return result


def qdpx_members(project: Project) -> dict[str, str]:
    """Which document each source member of a .qdpx holds, so a scan hit there names the document."""
    from annotator.exchange.refi.project import source_member

    return {source_member(guid): document_id for document_id, guid in project.documents.guids().items()}


def pseudonymised_report(view: PseudonymisedView, text: str, path: str | Path, *, html: bool = False) -> str:
    """A rendered report (agreement HTML or Markdown: figures and quotes) with the register applied and
    scanned before anything is written; ScanFound naming `path` and the entry when a form is left
    (for `html`, also in the page's text with its character references decoded)."""
    try:
        new = view.text(text, "the report")
        if html:
            view.scanner.check_text(unescape(new), "the report")
        return new
    except ScanFound as found:
        raise ScanFound(f"{found.detail}; nothing was written", path=path) from None
