"""Following the project: what other processes committed since the screen last looked, by what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.storage import Project
from annotator.storage.changes import LoggedChange
from annotator.storage.entities import SUGGESTION_REJECTION

# More events than this since the last look (a bulk change elsewhere): read everything again
# rather than sort each one.
MOST_EVENTS = 20_000
REVIEW_KEY = "review:"
BULK_KINDS = frozenset({"import", "merge"})


@dataclass
class ProjectChanges:
    """What changed elsewhere, sorted by the part of a screen that shows it."""

    everything: bool = False  # too much, or a bulk import or merge: read all again
    codes: bool = False  # the codebook (codes added, removed, renamed, keys, colours)
    documents: set[str] = field(default_factory=set)  # document rows (added, removed, text, title, attributes)
    passages: set[str] = field(default_factory=set)  # documents whose passages changed (speakers, roles)
    reviews: set[str] = field(default_factory=set)  # documents whose review list changed
    progress: set[str] = field(default_factory=set)  # coders whose done marks changed
    owners: set[str] = field(default_factory=set)  # coders whose spans changed
    spans: dict[str, set[str]] = field(default_factory=dict)  # document -> ids of its spans that changed
    memos: bool = False  # memos on the project, testimonies, codes or grid cells (span memos: `spans`)
    suggestions: set[str] = field(default_factory=set)  # documents where a coder's suggestion rejections changed
    answers: set[str] = field(default_factory=set)  # coders whose rejections of suggestions changed
    kinds: set[str] = field(default_factory=set)  # the kinds of action seen
    renamed: dict[str, str] = field(default_factory=dict)  # old document id -> new one
    listing: bool = False  # documents were imported (no event): the testimony list is read again
    latest: LoggedChange | None = None  # the newest change taken in (who did it, for messages)

    def __bool__(self) -> bool:
        return bool(
            self.everything
            or self.listing
            or self.codes
            or self.documents
            or self.passages
            or self.reviews
            or self.progress
            or self.owners
            or self.spans
            or self.memos
            or self.suggestions
            or self.kinds
        )

    def teaches(self, coder: str) -> bool:
        """Whether the coder's suggester has something new to learn: their spans, done marks or rejections,
        the codebook or a text changed (another coder's spans teach it nothing: blind coding holds)."""
        return bool(
            self.everything
            or self.codes
            or self.documents
            or coder in self.owners
            or coder in self.progress
            or coder in self.answers
        )

    @property
    def document_list(self) -> bool:
        """Whether the testimony list must be read again."""
        return self.everything or self.listing or bool(self.documents)

    def take(self, change: LoggedChange) -> None:
        """Sort one logged change into what it touches."""
        self.kinds.add(change.kind)
        self.latest = change
        entity = change.entity
        if change.entity_id is None:
            self.everything |= change.kind in BULK_KINDS
        elif entity == "span":
            for document_id in change.documents:
                if document_id is not None:
                    self.spans.setdefault(document_id, set()).add(change.entity_id)
            self.owners.update(owner for owner in change.owners if owner is not None)
        elif entity == "code":
            self.codes = True
        elif entity == "memo":
            self.memos = True
        elif entity == SUGGESTION_REJECTION:  # redrawn where it was decided, and taught to its coder's suggester
            self.suggestions.update(document_id for document_id in change.documents if document_id is not None)
            self.answers.update(owner for owner in change.owners if owner is not None)
        elif entity == "document":
            self.documents.add(change.entity_id)
        elif entity == "passage":
            self.passages.update(document_id for document_id in change.documents if document_id is not None)
        elif entity == "progress":
            self.progress.update(owner for owner in change.owners if owner is not None)
        elif entity == "meta" and change.entity_id.startswith(REVIEW_KEY):
            self.reviews.add(change.entity_id.removeprefix(REVIEW_KEY))


class ProjectWatch:
    """Notices, on the screen's own connection, that another connection committed, and says what changed.

    `poll` costs one `PRAGMA data_version` when nothing happened (a few microseconds), so a timer
    may call it often; the event log is read only after a commit elsewhere, from the last id seen.
    Batches this screen wrote itself (`own`) are left out: it showed them when it wrote them.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.own: set[str] = set()
        self.version = project.changes.version()
        self.last_id = project.changes.last_event_id()
        self.shape = project.changes.shape()

    def poll(self) -> ProjectChanges | None:
        """What other connections committed since the last poll; None when nothing was."""
        version = self.project.changes.version()
        if version == self.version:
            return None
        self.version = version
        return self.read()

    def read(self) -> ProjectChanges:
        """Every change logged since the last one read (and any unlogged import of documents or codes)."""
        changes = ProjectChanges()
        rows = self.project.changes.since(self.last_id, MOST_EVENTS + 1)
        if len(rows) > MOST_EVENTS:
            changes.everything = True
            self.last_id = self.project.changes.last_event_id()
        elif rows:
            self.last_id = rows[-1].id
        ours = set()
        for row in rows if not changes.everything else ():
            if row.batch in self.own:
                ours.add(row.batch)
                continue
            changes.take(row)
            if row.kind == "document-rename" and row.entity_id is not None and row.documents[1] is None:
                moved = self.project.changes.batch_detail_to(row.batch)
                if moved is not None:
                    changes.renamed[row.entity_id] = moved
        self.own -= ours
        current = self.project.changes.shape()
        if current != self.shape:  # documents or codes imported without an event
            self.shape = current
            changes.codes = changes.listing = True
        return changes
