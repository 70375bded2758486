"""Code retrieval, headless: a code's segments with or without its children, and the list written out."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Code, Span
from annotator.domain.private_files import make_private_folder, write_private_text
from annotator.paths import EXPORTS_DIR

EXPORT_FORMATS = ("md", "csv")
CSV_COLUMNS = ("document", "start", "end", "coder", "code", "text", "memo")


def code_family(codes: Iterable[Code], code_id: str, *, with_children: bool = True) -> list[str]:
    """`code_id` and, `with_children`, every code below it (children, their children ...), parent first."""
    children: dict[str, list[str]] = {}
    for code in codes:
        if code.parent is not None:
            children.setdefault(code.parent, []).append(code.id)
    family = [code_id]
    if with_children:
        for member in family:  # grows as it is read: breadth first, each code once
            family.extend(child for child in children.get(member, []) if child not in family)
    return family


def in_reading_order(spans: Iterable[Span], document_order: Sequence[str]) -> list[Span]:
    """Spans in the testimonies' order, then by offset (spans of several codes merged into one list)."""
    position = {document_id: index for index, document_id in enumerate(document_order)}
    return sorted(spans, key=lambda span: (position.get(span.document_id, len(position)), span.start, span.end))


def retrieval_markdown(heading: str, spans: Sequence[Span], code_names: dict[str, str]) -> str:
    """The listed segments as Markdown: one section per segment, its whole quote and memo."""
    lines = [f"# {heading}", ""]
    for span in spans:
        lines += [
            f"## {span.document_id} · {span.start}–{span.end} · {code_names.get(span.code_id, span.code_id)} "
            f"({span.coder})",
            "",
        ]
        lines += [f"> {line}" if line else ">" for line in span.text.splitlines() or [""]]
        if span.memo:
            lines += ["", f"Memo: {' '.join(span.memo.split())}"]
        lines.append("")
    return "\n".join(lines)


def retrieval_csv(spans: Sequence[Span], code_names: dict[str, str]) -> str:
    """The listed segments as CSV, one row per segment with a header (pandas and R read it as is)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for span in spans:
        name = code_names.get(span.code_id, span.code_id)
        writer.writerow([span.document_id, span.start, span.end, span.coder, name, span.text, span.memo or ""])
    return out.getvalue()


def safe_stem(name: str) -> str:
    """`name` as a file name's stem: anything but letters, digits, `.`, `_` and `-` becomes `-`
    (an attribute value may hold `/` or spaces)."""
    return re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII).strip("-.") or "retrieval"


def export_retrieval(
    file_stem: str, heading: str, spans: Sequence[Span], code_names: dict[str, str], kind: str
) -> Path:
    """Write the listed segments to `exports/FILE_STEM.md` or `.csv` (owner-only, through the one
    private writer); the path written."""
    if kind not in EXPORT_FORMATS:
        raise ValueError(f"retrieval exports {EXPORT_FORMATS}, not {kind!r}")
    try:
        make_private_folder(EXPORTS_DIR)
    except OSError as error:
        raise AnnotatorError(f"{EXPORTS_DIR}: the folder cannot be created ({error.strerror or error})") from None
    path = EXPORTS_DIR / f"{file_stem}.{kind}"
    text = retrieval_markdown(heading, spans, code_names) if kind == "md" else retrieval_csv(spans, code_names)
    write_private_text(path, text)
    return path
