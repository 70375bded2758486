"""`report query`: a query's hits as quotes, grouped by code, testimony or attribute value."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.coding.codebook_view import code_depths
from annotator.domain.errors import InputError
from annotator.exchange.matrix import MISSING
from annotator.query.engine import Hit, QueryOptions, run_query
from annotator.reports.model import Block, Heading, Paragraph, Quote, Report
from annotator.reports.quotes import Progress, check_coders, counted, describe_options, quote_of, testimony_label

if TYPE_CHECKING:
    from annotator.storage import Project

GROUPS = ("code", "document", "attribute:NAME")


def query_report(
    project: Project, expression: str, options: QueryOptions, *, group_by: str = "code", progress: Progress = None
) -> Report:
    """The hits of `expression` as a quote list under one heading per group; a query that cannot run is
    refused (QueryError, a caret under the column) before anything is written."""
    check_coders(project, options)
    _check_group(project, group_by)
    hits = run_query(project, expression, options)
    return Report(f"Query: {expression}", _blocks(project, expression, options, hits, group_by, progress))


def _check_group(project: Project, group_by: str) -> None:
    if group_by in ("code", "document"):
        return
    name = group_by.removeprefix("attribute:").strip()
    if not group_by.startswith("attribute:") or not name:
        raise InputError(f"--group-by: {group_by!r} is not a grouping; use {', '.join(GROUPS)}")
    known = sorted({key for summary in project.documents.summaries() for key in summary.attributes})
    if name not in known:
        raise InputError(
            f"--group-by: no document has an attribute {name!r} (attributes: {', '.join(known) or 'none'})"
        )


def _blocks(
    project: Project, expression: str, options: QueryOptions, hits: list[Hit], group_by: str, progress: Progress
) -> Iterator[Block]:
    unit = "" if options.unit == "segment" else f" Hits are whole {options.unit}s."
    yield Paragraph(f"Project {project.name}. {describe_options(options)}{unit} {counted(len(hits), 'hit')}.")
    if not hits:
        yield Paragraph(
            "No passage answers this query for the chosen coders and documents: the report is empty.", note=True
        )
        return
    summaries = {summary.id: summary for summary in project.documents.summaries()}
    names = {code.id: code.name for code in project.codes.all()}
    groups = _groups(project, hits, group_by)
    several = len(options.coders) > 1
    for done, (label, members) in enumerate(groups, start=1):
        if group_by == "document":
            label = testimony_label(summaries.get(label), label)
        yield Heading(2, f"{label} ({counted(len(members), 'hit')})")
        for hit in members:
            quote = quote_of(hit, several_coders=several, with_attributes=True)
            codes = ", ".join(names.get(code, code) for code in hit.codes)
            yield quote if not codes or group_by == "code" else _with_codes(quote, codes)
        if progress is not None:
            progress(done, len(groups))


def _with_codes(quote: Quote, codes: str) -> Quote:
    """The quote with the codes of its hit named first under it."""
    return replace(quote, notes=(f"codes: {codes}", *quote.notes))


def _groups(project: Project, hits: list[Hit], group_by: str) -> list[tuple[str, list[Hit]]]:
    """(heading, hits) in order: codes in tree order (a hit under each code it holds), testimonies in
    project order, or attribute values sorted with the documents lacking one last."""
    if group_by == "code":
        by_code: dict[str, list[Hit]] = {}
        for hit in hits:
            for code in hit.codes:
                by_code.setdefault(code, []).append(hit)
        return [(code.name, by_code[code.id]) for code, _ in code_depths(project.codes.all()) if code.id in by_code]
    if group_by == "document":
        by_document: dict[str, list[Hit]] = {}
        for hit in hits:
            by_document.setdefault(hit.document_id, []).append(hit)
        return list(by_document.items())
    name = group_by.removeprefix("attribute:").strip()
    by_value: dict[str, list[Hit]] = {}
    for hit in hits:
        by_value.setdefault(str(hit.attributes.get(name) or MISSING), []).append(hit)
    ordered = sorted(set(by_value) - {MISSING}) + ([MISSING] if MISSING in by_value else [])
    return [(f"{name}: {value}", by_value[value]) for value in ordered]
