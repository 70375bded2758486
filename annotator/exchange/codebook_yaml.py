"""Write a project's codebook (in-vivo codes included) as the YAML that `codebook check` reads."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.codebook import dump_codebook
from annotator.exchange.files import private_output
from annotator.storage import Project


def write_codebook_yaml(project: Project, path: Path) -> int:
    """Write the project's codebook as YAML to `path` (owner-only); returns the number of codes."""
    codebook = project.codes.codebook()
    with private_output(path) as handle:
        handle.write(dump_codebook(codebook))
    return len(codebook.codes)
