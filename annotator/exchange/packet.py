"""Blind coding packets: a new project file with the documents and codebook, and no one's spans."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.storage import Project
from annotator.storage.base import check_coder_name
from annotator.storage.database import now, remove_database
from annotator.storage.exchange import add_coders, copy_meta, set_document_guids

# Project settings a packet carries over, so the coder sees the same codebook name and version.
CARRIED_META = ("codebook_name", "codebook_version", "codebook_description")


@dataclass
class PacketSummary:
    """What a packet holds."""

    path: Path
    coder: str
    documents: int
    codes: int


def make_packet(project: Project, path: str | Path, coder: str) -> PacketSummary:
    """Write a packet for `coder` to `path`: same document ids, texts, GUIDs and codes; no spans, no events.

    The file is built under a temporary name beside `path` and renamed at the end, so an
    interrupted run leaves nothing that looks like a packet; an existing `path` is never replaced.
    """
    path = Path(path)
    coder = check_coder_name(coder)
    if path.exists():
        raise AnnotatorError(f"{path}: already exists; a packet never overwrites a file (choose another -o)")
    if path.resolve() == project.path.resolve():
        raise AnnotatorError(f"{path}: is the project itself; give the packet another file name")
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    documents = project.documents()
    codes = project.codes()
    packet = Project.create(partial, name=project.name)
    try:
        with packet, packet.transaction():
            packet.add_documents(documents, project.passages())
            set_document_guids(packet, project.document_guids())
            packet.add_codes(codes, origin="codebook")
            copy_meta(packet, CARRIED_META, project)
            guid = project.coder_guids().get(coder) or str(uuid.uuid4()).upper()
            add_coders(packet, {coder: guid})
            packet.set_meta("packet_coder", coder)
            packet.set_meta("packet_of", project.name)
            packet.set_meta("packet_created_at", now())
        if path.exists():
            raise AnnotatorError(f"{path}: appeared while the packet was written; it was left alone")
        os.replace(partial, path)
    except BaseException:
        remove_database(partial)
        raise
    return PacketSummary(path, coder, len(documents), len(codes))
