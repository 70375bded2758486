"""Memos as report blocks: a code's memos under its heading, a grid cell's summaries, and `report memos`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from annotator.coding.codebook_view import code_depths
from annotator.domain.memos import Memo, SpanMemo
from annotator.reports.model import Block, Heading, Paragraph, Report
from annotator.reports.quotes import counted, testimony_label

if TYPE_CHECKING:
    from annotator.storage import Project

M = TypeVar("M", Memo, SpanMemo)


def memo_paragraph(memo: Memo | SpanMemo) -> Paragraph:
    """A memo as a paragraph: who wrote it and when it last changed, then its text as written (Markdown shown as text)."""
    return Paragraph(f"Memo by {memo.author}, {memo.updated_at}:\n{memo.text}")


def code_memo_blocks(project: Project, code_id: str) -> Iterator[Block]:
    """The code's memos, oldest first."""
    for memo in project.memos.of("code", code_id=code_id):
        yield memo_paragraph(memo)


def grid_summaries(project: Project) -> dict[tuple[str, str], list[Memo]]:
    """Each (document, code) cell's summaries (grid memos), oldest first."""
    found: dict[tuple[str, str], list[Memo]] = {}
    for memo in project.memos.of("grid"):
        if memo.document_id is not None and memo.code_id is not None:
            found.setdefault((memo.document_id, memo.code_id), []).append(memo)
    return found


def memos_report(project: Project) -> Report:
    """Every memo grouped by what it is on: the project, each testimony, each code, each grid cell, each span."""
    return Report(f"Memos: {project.name}", _blocks(project))


def _blocks(project: Project) -> Iterator[Block]:
    memos = list(project.memos.all())
    spans = project.memos.span_memos()
    summaries = {summary.id: summary for summary in project.documents.summaries()}
    codes = project.codes.all()
    names = {code.id: code.name for code in codes}
    code_order = {code.id: index for index, (code, _) in enumerate(code_depths(codes))}
    document_order = {document_id: index for index, document_id in enumerate(summaries)}
    yield Paragraph(
        f"Project {project.name}: {counted(len(memos), 'memo')} and {counted(len(spans), 'span memo')}, "
        "grouped by what each is on; within a group, oldest first. Memo text is shown as written."
    )
    if not memos and not spans:
        yield Paragraph("The project has no memos yet (`annotator memos add` writes one).", note=True)
        return

    def of(kind: str) -> list[Memo]:
        return [memo for memo in memos if memo.kind == kind]

    def document_key(document_id: str | None) -> int:
        return document_order.get(document_id or "", len(document_order))

    def code_key(code_id: str | None) -> int:
        return code_order.get(code_id or "", len(code_order))

    yield from _section("On the project", [("", of("project"))])
    yield from _section(
        "On testimonies",
        _grouped(
            sorted(of("document"), key=lambda memo: document_key(memo.document_id)),
            lambda memo: testimony_label(summaries.get(memo.document_id or ""), memo.document_id or ""),
        ),
    )
    yield from _section(
        "On codes",
        _grouped(
            sorted(of("code"), key=lambda memo: code_key(memo.code_id)),
            lambda memo: names.get(memo.code_id or "", memo.code_id or ""),
        ),
    )
    yield from _section(
        "Summaries in the grid",
        _grouped(
            sorted(of("grid"), key=lambda memo: (document_key(memo.document_id), code_key(memo.code_id))),
            lambda memo: f"{memo.document_id} × {names.get(memo.code_id or '', memo.code_id or '')}",
        ),
    )
    yield from _section(
        "On spans",
        _grouped(
            spans,
            lambda memo: f"{memo.document_id} × {names.get(memo.code_id, memo.code_id)}",
        ),
    )


def _grouped(memos: Iterable[M], label: Callable[[M], str]) -> list[tuple[str, list[M]]]:
    """Memos under their labels, in the order the memos come."""
    groups: dict[str, list[M]] = {}
    for memo in memos:
        groups.setdefault(label(memo), []).append(memo)
    return list(groups.items())


def _section(title: str, groups: Sequence[tuple[str, Sequence[Memo | SpanMemo]]]) -> Iterator[Block]:
    count = sum(len(members) for _, members in groups)
    if not count:
        return
    yield Heading(2, f"{title} ({counted(count, 'memo')})")
    for label, members in groups:
        if label:
            yield Heading(3, label)
        for memo in members:
            yield memo_paragraph(memo)
