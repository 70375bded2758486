"""Quotes from the query layer, a code at a time, and how a report shows a quote, a testimony and its options."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.domain.errors import InputError
from annotator.query.engine import Hit, QueryOptions, run_query
from annotator.reports.model import Quote, attribute_line

if TYPE_CHECKING:
    from annotator.domain.models import Code
    from annotator.storage import Project
    from annotator.storage.documents import DocumentSummary

Progress = Callable[[int, int], None] | None


def code_expression(code_id: str) -> str:
    """The query naming one code by id, without its children (`"id"!`), whatever the id spells."""
    return '"' + code_id.replace('"', '""') + '"!'


def code_hits(project: Project, code_id: str, options: QueryOptions) -> list[Hit]:
    """The coded segments of one code (its children apart) by the chosen coders, in project order."""
    return run_query(project, code_expression(code_id), replace(options, unit="segment"))


def check_coders(project: Project, options: QueryOptions) -> None:
    """Refuse, before anything is written, a coder the project does not know (a misspelt name reports nothing)."""
    if not options.coders:
        raise InputError("no coder chosen: give --coder NAME, --coders A,B or --all-coders")
    for coder in options.coders:
        project.coders.validate(coder)


def chosen_codes(project: Project, wanted: Sequence[str]) -> list[Code]:
    """The codes named by id or name (all, in codebook order, when none is); InputError naming an unknown one."""
    codes = project.codes.all()
    if not wanted:
        return codes
    by_id = {code.id: code for code in codes}
    by_name = {code.name.casefold(): code for code in codes}
    found: dict[str, Code] = {}
    for name in wanted:
        code = by_id.get(name) or by_name.get(name.casefold())
        if code is None:
            raise InputError(f"unknown code {name!r}; `annotator codes` lists them")
        found[code.id] = code
    return [code for code in codes if code.id in found]


def counted(count: int, singular: str, plural: str = "") -> str:
    """`1 quote`, `3 quotes`, `2 testimonies`."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def split_names(value: str | None) -> tuple[str, ...]:
    """`a,b` as ('a', 'b'), blanks dropped."""
    return tuple(name.strip() for name in (value or "").split(",") if name.strip())


def attribute_items(attributes: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """A testimony's attributes as (name, value) pairs in the order the project keeps them, empty ones left out."""
    return tuple((str(name), str(value)) for name, value in attributes.items() if value not in (None, ""))


def testimony_label(summary: DocumentSummary | None, document_id: str) -> str:
    """`Testimony A`, with its title when it says more than the id."""
    title = summary.title.strip() if summary is not None else ""
    return f"Testimony {document_id}" + (f": {title}" if title and title != document_id else "")


def quote_of(hit: Hit, *, several_coders: bool, with_attributes: bool) -> Quote:
    """A hit as a quote: its text, the testimony and offsets it comes from, whose coding (when several) and its memos."""
    notes = [f"coded by {', '.join(hit.coders)}"] if several_coders else []
    notes += [f"memo: {memo}" for memo in hit.memos]
    return Quote(
        hit.text,
        f"{hit.document_id}, characters {hit.start}–{hit.end}",
        attribute_items(hit.attributes) if with_attributes else (),
        tuple(notes),
    )


def describe_options(options: QueryOptions) -> str:
    """What a report's quotes were chosen by: whose coding, which documents and speakers."""
    parts = [f"Coding of {', '.join(options.coders)}"]
    if options.where:
        parts.append("documents where " + " and ".join(options.where))
    if options.documents:
        parts.append("documents " + ", ".join(options.documents))
    if options.speakers:
        parts.append("turns of " + ", ".join(options.speakers))
    return "; ".join(parts) + "."


def by_testimony(hits: Iterable[Hit]) -> dict[str, list[Hit]]:
    """Hits grouped by document, in the order they come (project order)."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.document_id, []).append(hit)
    return groups


def attribute_summary(hits: Sequence[Hit]) -> dict[tuple[str, str], tuple[int, int]]:
    """(attribute, value) -> (quotes, testimonies) over the hits, each attribute's whole value as one value."""
    quotes: dict[tuple[str, str], int] = {}
    documents: dict[tuple[str, str], set[str]] = {}
    for hit in hits:
        for item in attribute_items(hit.attributes):
            quotes[item] = quotes.get(item, 0) + 1
            documents.setdefault(item, set()).add(hit.document_id)
    return {item: (quotes[item], len(documents[item])) for item in sorted(quotes)}


def attribute_text(attributes: Mapping[str, object]) -> str:
    """A testimony's attributes on one line (`gender: Male · country: China`), or that it has none."""
    return attribute_line(attribute_items(attributes)) or "(no attributes)"
