"""Where the bundled corpus, codebook and default output folder are."""

from __future__ import annotations

import os
from pathlib import Path

# The package lives at the top of the repository, beside corpora/ and codebooks/.
REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPOSITORY_ROOT / "corpora" / "nk-overseas-workers"
BUNDLED_CODEBOOK = REPOSITORY_ROOT / "codebooks" / "nk-overseas-labour.yaml"
DEFAULT_DB = "annotator.db"
EXPORTS_DIR = Path("exports")


def default_db_path() -> Path:
    """`ANNOTATOR_DB` if set, else `annotator.db` in the working folder."""
    return Path(os.environ.get("ANNOTATOR_DB") or DEFAULT_DB)
