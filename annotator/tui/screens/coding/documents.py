"""The coding screen's document keys: the attributes and section shown under the text, editing the
attributes, correcting the text in $EDITOR, and stepping through (and resolving) what needs review."""

from __future__ import annotations

from textual.app import SuspendNotSupported

from annotator.coding.candidates import Decision, describe, next_candidate, suggested_entry
from annotator.coding.documents import (
    ReviewItem,
    TestimonyMetadata,
    assignments_text,
    parse_assignments,
    replaced_report,
)
from annotator.coding.editing import choose_editor, edit_in_editor
from annotator.coding.session import LoadedDocument
from annotator.coding.text_conflict import EditKept
from annotator.storage import Action
from annotator.storage.corrections import Replaced
from annotator.tui.dialogs.attributes import AttributesPrompt
from annotator.tui.dialogs.candidate import CandidatePrompt
from annotator.tui.errors import notify_errors
from annotator.tui.screens.coding.view import CodingView
from annotator.tui.widgets.testimony_list import TestimonyList

NO_REVIEW = "Nothing to review in this testimony."


class DocumentActions(CodingView):
    """Document keys; what is shown and decided comes from `annotator.coding.documents`."""

    # The metadata of the testimony on screen, and the load and view it was read for (re-read when
    # either changes: a blind coder's review list holds only their own spans' items).
    metadata: TestimonyMetadata | None = None
    _metadata_for: tuple[LoadedDocument, bool] | None = None

    def _update_status(self) -> None:
        super()._update_status()
        self._show_facts()

    def _current_metadata(self) -> TestimonyMetadata | None:
        if not self.open.present:
            return None
        loaded = self.loaded
        sees_others = self.session.sees_others
        if self._metadata_for is None or self._metadata_for[0] is not loaded or self._metadata_for[1] != sees_others:
            self.metadata = self.session.testimony_metadata(loaded.document)
            self._metadata_for = (loaded, sees_others)
        return self.metadata

    def _show_facts(self) -> None:
        """Section under the cursor, attributes, review count on the transcript's lower border."""
        metadata = self._current_metadata()
        if metadata is not None and self.requested == self.document_id:  # not over "loading…"
            self.transcript.border_subtitle = metadata.facts(self.transcript.cursor_offset)

    def _reload(self) -> None:
        """Read the testimony on screen again (its text, attributes or passages changed), keeping the selection."""
        if self.document_id is not None:
            self.open_testimony(self.document_id, self.transcript.selected_range())

    def _refresh_testimonies(self) -> None:
        """Read the testimony list again: its rows show the attributes (one query, no text read)."""
        self.session.reread_testimonies()
        self._show_testimonies()

    def _show_testimonies(self) -> None:
        """Draw the testimony list as the session has it, the one on screen marked."""
        testimonies = self.query_one(TestimonyList)
        # A coder browsing the list keeps their place in it when it is drawn again.
        highlighted = testimonies.highlighted_id() if testimonies.has_focus else self.document_id
        testimonies.set_testimonies(
            self.session.testimonies, {t.id: self._progress(t.id) for t in self.session.testimonies}
        )
        if highlighted is not None:
            testimonies.mark_current(highlighted)

    def document_changed(self, action: Action) -> bool:
        """After an undo or redo: reload when it changed the testimony on screen (text, attributes,
        review list); True when it did, so the caller does not apply its span changes to the old text."""
        document_id = action.detail.get("document")
        if document_id is not None and action.touches("document"):
            self._refresh_testimonies()
        if self.document_id is None or document_id != self.document_id:
            return False
        if action.touches("document") or action.touches("passage"):
            self._reload()
            return True
        if action.touches("meta") and self.metadata is not None:
            self.session.reread_review(self.metadata)
            self._show_facts()
        return False

    def action_edit_attributes(self) -> None:
        """Ask for the attributes as KEY=VALUE words and set them as one undoable action."""
        metadata = self._current_metadata()
        if metadata is None:
            return
        current = dict(metadata.attributes)

        def changed(_: object) -> None:
            self._refresh_testimonies()
            self._reload()
            self.notify(f"Attributes of {metadata.document_id} changed; ctrl+z undoes it.")

        def save(typed: str | None) -> None:
            self.transcript.focus()
            if typed is None:
                return
            with notify_errors(self):
                values, unset = parse_assignments(typed, current)
                if not values and not unset:
                    self.notify("The attributes are unchanged.")
                    return
                self.writes.submit(
                    self,
                    f"set the attributes of {metadata.document_id}",
                    lambda: self.session.set_attributes(metadata.document_id, values, unset),
                    changed,
                )

        self.app.push_screen(AttributesPrompt(metadata.document_id, assignments_text(current)), save)

    def action_next_review(self, direction: int) -> None:
        """Select the next (1) or previous (-1) item left for review, wrapping around."""
        metadata = self._current_metadata()
        item = metadata.review.next_item(self.transcript.selected_range(), direction) if metadata else None
        if item is None:
            self.notify(NO_REVIEW)
            return
        self.transcript.select_range(item.start, item.end, center=True)
        self.notify(f"To review: {self._numbered(item)}; R marks it resolved.")

    def _numbered(self, item: ReviewItem) -> str:
        review = self.metadata.review if self.metadata is not None else None
        number = (review.current or 0) + 1 if review is not None else 1
        return f"{item.describe()} ({number} of {len(review.items) if review is not None else 1})"

    def action_resolve_review(self) -> None:
        """Take the review item under the selection off the review list (one undoable action)."""
        metadata = self._current_metadata()
        if metadata is None:
            return
        item = metadata.review.at(*self.transcript.selected_range())
        if item is None:
            self.notify("No review item here: f / F step to one." if metadata.review.items else NO_REVIEW)
            return
        with notify_errors(self):
            self.session.resolve_review(metadata.document_id, [item.key])
            self.session.reread_review(metadata)
            self._show_facts()
            left = len(metadata.review.items)
            self.notify(f"Resolved {item.describe()}; {left} left to review; ctrl+z undoes it.")

    def action_next_candidate(self, direction: int = 1) -> None:
        """Select the next (1) or previous (-1) unreviewed pseudonym candidate of this testimony and ask
        what it is (accept as a new identifier or a variant, reject, skip); stepping goes on until escape."""
        if not self.open.present or self.document_id is None:
            return
        candidates = self.session.pseudonym_candidates(self.document_id)
        index = next_candidate(candidates, self.transcript.selected_range(), direction)
        if index is None:
            self.notify("No pseudonym candidates left in this testimony (`annotator pseudonyms detect` finds them).")
            return
        candidate = candidates[index]
        self.transcript.select_range(candidate.start, candidate.end, center=True)

        def decided(decision: Decision | None) -> None:
            self.transcript.focus()
            if decision is None:
                return
            if decision.decision != "skip":
                with notify_errors(self):
                    done = self.session.review_candidate(candidate, decision.decision, decision.kind)
                    self.notify(f"{done[0].status}: {len(done)} candidate(s) of the same words; ctrl+z undoes it.")
            self.action_next_candidate(1)

        title = describe(candidate, index + 1, len(candidates))
        self.app.push_screen(CandidatePrompt(title, suggested_entry(candidate)), decided)

    def action_correct_text(self) -> None:
        """Correct the text in $VISUAL or $EDITOR, else editor, nano or vi (the app steps aside); spans are carried across.
        Written only if nobody changed the text meanwhile; else the edited copy is kept in a file."""
        if not self.open.present:
            return
        loaded = self.loaded
        document_id, old = loaded.document.id, loaded.document.text
        with notify_errors(self):
            editor = choose_editor()
            try:
                with self.app.suspend():
                    text = edit_in_editor(document_id, old, editor.command)
            except SuspendNotSupported:  # no terminal to hand over (headless tests): run it as it is
                text = edit_in_editor(document_id, old, editor.command)
            if editor.notice:
                self.notify(editor.notice)
            if text == old:
                self.notify(f"The text of {document_id} is unchanged.")
                return

            def replaced(result: Replaced | EditKept) -> None:
                if isinstance(result, EditKept):  # long enough to read the path off the screen
                    self.notify(str(result), title="Not done", severity="error", timeout=60)
                    return
                self._reload()
                self.notify(
                    replaced_report(result, self.session.coder, self.session.sees_others) + " ctrl+z undoes it.",
                    timeout=10,
                )

            def write() -> Replaced | EditKept:
                try:
                    return self.session.correct_text(document_id, text, opened=old)
                except EditKept as kept:
                    return kept

            self.writes.submit(self, f"correct the text of {document_id}", write, replaced)
