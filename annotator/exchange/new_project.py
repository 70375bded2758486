"""Create a project from a corpus folder and a codebook file, all or nothing."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.codebook import load_codebook
from annotator.domain.corpus import read_corpus
from annotator.exchange.spans_csv import import_spans_csv
from annotator.exchange.transcripts import with_transcripts
from annotator.storage import Project, ProjectError
from annotator.storage.database import remove_database


def init_project(db_path: Path, corpus_folder: Path, codebook_path: Path | None, *, coder: str) -> Project:
    """Create `db_path` holding the corpus, the codebook and the corpus's own codings (their coders
    recorded as reference codings).

    Everything is read and checked before the file is created; if a later step fails the new
    file is removed, so a failed init leaves nothing behind.
    """
    if db_path.exists():
        raise ProjectError(f"{db_path}: already exists; a project is never overwritten (use another --db path)")
    codebook = load_codebook(codebook_path) if codebook_path is not None else None
    corpus = with_transcripts(read_corpus(corpus_folder, require_documents=False))
    project = Project.create(db_path, name=corpus.title)
    try:
        with project.transaction():
            project.documents.add(corpus.documents, corpus.passages)
            if codebook is not None:
                project.codes.add_codebook(codebook)
            project.coders.ensure(coder)
            project.coders.mark_reference(())  # recorded, even when empty: the corpus's codings are the references
        for coding in corpus.codings:
            import_spans_csv(coding, project, coder=coder, reference=True)
    except BaseException:
        project.close()
        remove_database(db_path)
        raise
    return project
