"""Blind coding packets: a new project file with the documents and codebook, and no one's spans."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.domain.private_files import private_file
from annotator.storage import Project
from annotator.storage.base import StorageFailure, check_coder_name
from annotator.storage.database import ProjectError, describe_output_error, now

# Project settings a packet carries over, so the coder sees the same codebook name and version.
CARRIED_META = ("codebook_name", "codebook_version", "codebook_description")


@dataclass
class PacketSummary:
    """What a packet holds."""

    path: Path
    coder: str
    documents: int
    codes: int


def _reason(error: Exception) -> str:
    """What went wrong writing the packet, in words (a StorageFailure keeps SQLite's error as its context)."""
    cause = error if isinstance(error, sqlite3.DatabaseError) else error.__context__
    if isinstance(cause, sqlite3.DatabaseError):
        return describe_output_error(cause)
    return str(error).partition(": ")[2] or str(error)


def make_packet(project: Project, path: str | Path, coder: str) -> PacketSummary:
    """Write a packet for `coder` to `path`: same document ids, texts, GUIDs and codes; no spans, no events.

    The file is built under a temporary name beside `path` and renamed at the end, so an
    interrupted run leaves nothing that looks like a packet; an existing `path` is never replaced.
    """
    path = Path(path)
    coder = check_coder_name(coder)
    if path.resolve() == project.path.resolve():
        raise AnnotatorError(f"{path}: is the project itself; give the packet another file name")
    documents = project.documents.all()
    codes = project.codes.all()
    with private_file(path, replace=False, kind="packet") as partial:
        try:
            packet = Project.create(partial, name=project.name)
            with packet, packet.transaction():
                packet.documents.add(documents, project.documents.passages())
                packet.documents.set_guids(project.documents.guids())
                packet.codes.add(codes, origin="codebook")
                for key in CARRIED_META:
                    value = project.meta(key)
                    if value is not None:
                        packet.set_meta(key, value)
                guid = project.coders.guids().get(coder) or str(uuid.uuid4()).upper()
                packet.coders.add({coder: guid})
                packet.set_meta("packet_coder", coder)
                packet.set_meta("packet_of", project.name)
                packet.set_meta("packet_created_at", now())
        except (sqlite3.DatabaseError, ProjectError, StorageFailure) as error:
            # The packet's disk, not the project's: name the packet file.
            raise AnnotatorError(f"{path}: cannot be written ({_reason(error)}); nothing was written") from None
    return PacketSummary(path, coder, len(documents), len(codes))
