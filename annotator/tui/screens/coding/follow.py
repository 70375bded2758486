"""The coding screen follows the project: what other processes commit shows within a second."""

from __future__ import annotations

from annotator.coding.follow import ProjectChanges
from annotator.coding.session import CodingSession
from annotator.coding.testimony import no_testimony
from annotator.tui.screens.coding.codebook import CodebookActions
from annotator.tui.screens.coding.documents import DocumentActions

# More changed spans than this in the open testimony: read it again whole rather than span by span.
RELOAD_ABOVE = 2_000


class FollowActions(CodebookActions, DocumentActions):
    """Take in what another process changed: the testimony list and progress, the codebook (keys,
    colours, counts), the open testimony's spans one by one, and its text, speakers and review list."""

    def __init__(self, session: CodingSession) -> None:
        super().__init__(session)
        # Spans changed elsewhere in a testimony still loading, to check again once it is shown.
        self._missed: dict[str, set[str]] = {}

    def follow(self, changes: ProjectChanges) -> None:
        """Show what changed elsewhere (the session has read its part already)."""
        mine = self.session.coder
        if changes.document_list or mine in changes.progress:
            self._show_testimonies()
        elif mine in changes.owners:
            self._show_progress(changes.spans)
        if changes.everything or changes.codes:
            self._show_codes()
            self._show_code_detail()
        self._follow_open(changes)
        self._update_header()
        if self.open.present:  # the status line speaks of the testimony on screen
            self._update_status()

    def _follow_open(self, changes: ProjectChanges) -> None:
        """The testimony on screen (or loading): gone, read again, or its changed spans redrawn."""
        document_id = self.requested
        who = changes.latest.coder if changes.latest is not None else "another process"
        if document_id is None:
            if self.session.testimonies:  # the project had none; now it has
                self.open_testimony(self.session.testimonies[0].id)
            return
        if not self.session.knows(document_id):
            self._testimony_gone(document_id, changes.renamed.get(document_id), who)
            return
        if changes.everything or document_id in changes.documents or document_id in changes.passages:
            if document_id in changes.documents:
                self.notify(f"{who} changed testimony {document_id}: it is shown as it is now.")
            self._reload()
            return
        if (
            document_id in changes.reviews
            and self.metadata is not None
            and self._metadata_for is not None
            and self._metadata_for[0] is self.loaded
        ):
            self.session.reread_review(self.metadata)
            self._show_facts()
        span_ids = changes.spans.get(document_id)
        # A suggestion is open until its coder rejects it or codes its stretch, perhaps in another process.
        if self.document_id == document_id and (
            document_id in changes.suggestions or (span_ids and self.session.coder in changes.owners)
        ):
            self.follow_suggestions()
        if not span_ids:
            return
        if self.document_id != document_id:  # still loading: check these once it is shown
            self._missed.setdefault(document_id, set()).update(span_ids)
        elif len(span_ids) > RELOAD_ABOVE:
            self._reload()
        else:
            self._follow_spans(span_ids)

    def _follow_spans(self, span_ids: set[str]) -> None:
        self._show_edit(self.open.follow(self.session.spans_by_id(span_ids), span_ids))

    def catch_up(self) -> None:
        """A testimony has just been shown: take in the span changes made elsewhere while it loaded."""
        missed = self._missed.pop(self.document_id or "", None)
        if missed:
            self._follow_spans(missed)

    def _testimony_gone(self, document_id: str, renamed_to: str | None, who: str) -> None:
        """The testimony on screen was renamed or removed elsewhere: say so, and show the renamed one
        (or the first testimony; nothing when none is left)."""
        if renamed_to is not None and self.session.knows(renamed_to):
            self.notify(f"{who} renamed testimony {document_id} to {renamed_to}.", severity="warning")
            self.open_testimony(renamed_to, self.transcript.selected_range())
            return
        self.notify(f"{who} removed testimony {document_id} from the project.", severity="warning")
        if self.session.testimonies:
            self.open_testimony(self.session.testimonies[0].id)
        else:
            self.open = no_testimony()
            self.requested = None
            self.transcript.border_title = "No testimonies in this project"
            self.transcript.load_text("")
