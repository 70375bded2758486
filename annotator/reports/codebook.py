"""`report codebook`: each code in tree order with its definition, rules, examples, memo, counts and quotes by testimony."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from annotator.coding.codebook_view import code_depths
from annotator.query.engine import Hit, QueryOptions
from annotator.reports.memo_blocks import code_memo_blocks
from annotator.reports.model import Block, Fields, Heading, Paragraph, Report, Table
from annotator.reports.quotes import (
    Progress,
    attribute_summary,
    attribute_text,
    by_testimony,
    check_coders,
    chosen_codes,
    code_hits,
    counted,
    describe_options,
    quote_of,
    testimony_label,
)

if TYPE_CHECKING:
    from annotator.domain.models import Code
    from annotator.storage import Project
    from annotator.storage.documents import DocumentSummary


def codebook_report(
    project: Project,
    options: QueryOptions,
    *,
    quotes: int | None = None,
    codes: Sequence[str] = (),
    progress: Progress = None,
) -> Report:
    """The codebook as a document (MAXQDA's Smart Publisher shape), its quotes read a code at a time.

    `quotes` caps the quotes shown per code (counts are of all); `codes` keeps those codes (ids or names).
    Unknown coders and codes are refused here, before anything is written.
    """
    check_coders(project, options)
    chosen = chosen_codes(project, codes)
    codebook = project.codes.codebook()
    return Report(
        f"Codebook: {codebook.name}", _blocks(project, options, chosen, codebook.description, quotes, progress)
    )


def _blocks(
    project: Project,
    options: QueryOptions,
    chosen: list[Code],
    description: str,
    limit: int | None,
    progress: Progress,
) -> Iterator[Block]:
    summaries = {summary.id: summary for summary in project.documents.summaries()}
    every = project.codes.all()
    names = {code.id: code.name for code in every}
    wanted = {code.id for code in chosen}
    ordered = [(code, depth) for code, depth in code_depths(every) if code.id in wanted]
    cap = "all quotes" if limit is None else f"at most {counted(limit, 'quote')} per code"
    yield Paragraph(
        f"Project {project.name}: {counted(len(ordered), 'code')} in codebook order, "
        f"{counted(len(summaries), 'testimony', 'testimonies')}. "
        f"{describe_options(options)} Each code's own segments (its sub-codes apart), {cap}, grouped by testimony."
    )
    if description.strip():
        yield Paragraph(description)
    if not ordered:
        yield Paragraph("The codebook has no codes: there is nothing to report.", note=True)
    several = len(options.coders) > 1
    for done, (code, depth) in enumerate(ordered, start=1):
        hits = code_hits(project, code.id, options)
        yield from _code_section(project, code, depth, names, hits, summaries, limit, several)
        del hits  # the next code's quotes replace these: memory stays one code's worth
        if progress is not None:
            progress(done, len(ordered))


def _code_section(
    project: Project,
    code: Code,
    depth: int,
    names: dict[str, str],
    hits: list[Hit],
    summaries: dict[str, DocumentSummary],
    limit: int | None,
    several: bool,
) -> Iterator[Block]:
    yield Heading(2, code.name)
    items = [("Code", code.id)]
    if code.parent:
        items.append(("Under", names.get(code.parent, code.parent)))
    items += [(label, text) for label, text in _rules(code) if text.strip()]
    items += [
        ("Example", f"“{example.quote}”" + (f" ({example.document})" if example.document else ""))
        for example in code.examples
    ]
    yield Fields(tuple(items))
    yield from code_memo_blocks(project, code.id)
    groups = by_testimony(hits)
    if not hits:
        yield Paragraph("No quotes: the chosen coders coded nothing with this code here.", note=True)
        return
    yield Paragraph(f"{counted(len(hits), 'quote')} in {counted(len(groups), 'testimony', 'testimonies')}.")
    yield Table(
        f"Quotes of {code.name} per testimony",
        ("Testimony", "Quotes"),
        tuple((document_id, str(len(found))) for document_id, found in groups.items()),
    )
    by_value = attribute_summary(hits)
    if by_value:
        yield Table(
            f"Quotes of {code.name} per attribute value",
            ("Attribute", "Value", "Quotes", "Testimonies"),
            tuple((name, value, str(count), str(documents)) for (name, value), (count, documents) in by_value.items()),
        )
    shown = 0
    level = 3
    yield Heading(level, f"Quotes of {code.name}")
    for document_id, found in groups.items():
        if limit is not None and shown >= limit:
            break
        yield Heading(level + 1, testimony_label(summaries.get(document_id), document_id))
        yield Paragraph(attribute_text(found[0].attributes))
        for hit in found:
            if limit is not None and shown >= limit:
                break
            yield quote_of(hit, several_coders=several, with_attributes=False)
            shown += 1
    if shown < len(hits):
        yield Paragraph(f"Showing {shown} of {len(hits)} quotes (--quotes {limit}).", note=True)


def _rules(code: Code) -> list[tuple[str, str]]:
    return [("Definition", code.definition), ("Include", code.include), ("Exclude", code.exclude)]
