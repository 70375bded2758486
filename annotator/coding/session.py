"""One coder's session over a project: what the coding screen reads, and every change it commits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.coding.colours import display_colours
from annotator.coding.counts import by_document, tally
from annotator.coding.documents import TestimonyMetadata
from annotator.coding.follow import ProjectChanges, ProjectWatch
from annotator.coding.offsets import LineOffsets
from annotator.coding.pairs import PartnerChoice, coder_pairs, partner_choice
from annotator.coding.retrieval import code_family, in_reading_order
from annotator.coding.span_index import SpanIndex
from annotator.coding.span_order import SpanOrder
from annotator.coding.text_conflict import correct_or_keep
from annotator.coding.text_units import TextUnits
from annotator.coding.turn_labels import LabelledRows
from annotator.coding.turns import TurnInfo, Turns, segment_turns
from annotator.domain.consensus import consensus_name
from annotator.domain.models import Code, Document, Span
from annotator.domain.pseudonyms import Candidate
from annotator.domain.suggestions import Suggestion
from annotator.query.selection import SpanSelection
from annotator.storage import Action, NewSpan, Project
from annotator.storage.corrections import Replaced
from annotator.storage.documents import DocumentSummary
from annotator.storage.row_labels import last_change
from annotator.storage.saved_queries import SavedQuery

if TYPE_CHECKING:  # the query layer is imported when the query screen opens, not with the coding screen
    from annotator.coding.overview import OverviewGrid
    from annotator.coding.query_view import HitOptions

# A document as the testimony list shows it (id, title, attributes, length): storage's summary, read without the text.
Testimony = DocumentSummary


@dataclass
class LoadedDocument:
    """A testimony ready to show: its text, line index and visible spans, built off the UI thread."""

    document: Document
    lines: LineOffsets
    spans: SpanIndex
    show_others: bool
    code_counts: Counter[str] = field(default_factory=Counter)
    compared: tuple[str, str] | None = None  # compare view: (background coder, underlined coder)
    turns: Turns = field(default_factory=Turns)  # a transcript's speaker turns (none for plain text)
    # Built with the rest off the UI thread: the spans in text order, the text's (lazy) unit cuts.
    order: SpanOrder = field(init=False)
    units: TextUnits = field(init=False)
    labelled: LabelledRows = field(init=False)  # the text as drawn, a speaker label above each turn

    def __post_init__(self) -> None:
        self.order = SpanOrder(self.spans)
        self.units = TextUnits(self.document.text)
        self.labelled = LabelledRows(self.document.text, self.lines, self.turns)

    @property
    def primary(self) -> str | None:
        """The coder whose spans are the background (None: the session's coder)."""
        return self.compared[0] if self.compared is not None else None


def no_document() -> LoadedDocument:
    """The null testimony: no text, spans or turns (what a screen holds before one is shown, or once
    none is left), so the screen never asks whether it holds one before drawing."""
    # Unvalidated on purpose: a stored document's id is never empty (Document.id has min_length=1),
    # so the empty id says "no testimony" and cannot meet a real one.
    document = Document.model_construct(id="", title="", text="", attributes={})
    lines = LineOffsets(document.text)
    return LoadedDocument(document, lines, SpanIndex(lines, []), show_others=False)


def read_document(
    project: Project, coder: str, document_id: str, show_others: bool, compare: tuple[str, str] | None = None
) -> LoadedDocument:
    """Read a testimony and the spans the coder may see (their own, everyone's when not blind).

    With `compare` (two coders), only those two coders' spans, the first one's as the background.
    """
    document = project.documents.get(document_id)
    whose = compare if compare is not None else None if show_others else (coder,)
    spans = list(SpanSelection(coders=whose, documents=(document_id,)).spans(project))
    lines = LineOffsets(document.text)
    counts = Counter(span.code_id for span in spans if span.coder == coder)
    turns = Turns.from_passages(project.documents.passages(document_id))
    return LoadedDocument(document, lines, SpanIndex(lines, spans), show_others, counts, compare, turns)


def load_document(
    db_path: Path, coder: str, document_id: str, show_others: bool, compare: tuple[str, str] | None = None
) -> LoadedDocument:
    """`read_document` on a connection of its own (for thread workers: a Project is one connection)."""
    with Project.open(db_path, readonly=True) as project:
        return read_document(project, coder, document_id, show_others, compare)


def code_ranges(db_path: Path, coder: str, document_id: str, code_id: str, ranges: Sequence[tuple[int, int]]) -> Action:
    """Code many ranges of one document as one undoable action, on a connection of its own."""
    with Project.open(db_path) as project:
        return project.spans.add_many(coder, [NewSpan(document_id, code_id, start, end) for start, end in ranges])


class CodingSession:
    """The coder, the project and the coder's progress; every method that writes commits at once."""

    def __init__(
        self, project: Project, coder: str, *, show_others: bool = False, consensus: str | None = None
    ) -> None:
        self.project = project
        self.coder = project.coders.ensure(coder)
        self.show_others = show_others
        self.consensus = consensus  # one coder every adjudication writes into; None: one per pair
        self.compared: tuple[str, str] | None = None  # the pair last compared in the agreement screen
        self.compare_view = False
        self.suggesting = True  # code suggestions drawn in the text (switched off with a key)
        # Summaries, not documents: opening the screen on 10,000 testimonies reads no text.
        self.testimonies: list[Testimony] = project.documents.summaries()
        self.codes: list[Code] = []
        self._colours: dict[str, str] = {}
        self._colours_of: list[Code] | None = None
        self.refresh_codes()
        self.done: set[str] = project.coders.done_documents(self.coder)
        self.span_counts: Counter[str] = Counter(self._own_counts())
        # What other processes commit: the screens poll it and follow (this session's own
        # actions are marked as its own, so they are not taken in twice).
        self.watch = ProjectWatch(project)

    # --- reading ---------------------------------------------------------------------------------

    @property
    def db_path(self) -> Path:
        """The project file (thread workers open their own connection on it)."""
        return self.project.path

    @property
    def project_name(self) -> str:
        """The project's name, for the header."""
        return self.project.name

    @property
    def codebook_name(self) -> str | None:
        """The codebook's name, from its YAML (None when the project's codes came without one)."""
        return self.project.meta("codebook_name")

    @property
    def colours(self) -> dict[str, str]:
        """Each code's colour on screen (children kept apart from parents and siblings, `display_colours`)."""
        if self._colours_of is not self.codes:  # the codes are a new list after every change
            self._colours, self._colours_of = display_colours(self.codes), self.codes
        return self._colours

    @property
    def codes_by_id(self) -> dict[str, Code]:
        """Codes keyed by id."""
        return {code.id: code for code in self.codes}

    def code_for_key(self, key: str) -> Code | None:
        """The code a digit key applies, if the codebook gives that key to one."""
        return next((code for code in self.codes if code.key == key), None)

    def position(self, document_id: str) -> int:
        """Index of a testimony in the list."""
        index = self._index(document_id)
        assert index is not None, f"testimony {document_id!r} is not in the list"
        return index

    def _index(self, document_id: str) -> int | None:
        """Index of a testimony in the list, None when it is not there (removed elsewhere)."""
        return next((index for index, testimony in enumerate(self.testimonies) if testimony.id == document_id), None)

    def neighbour_testimony(self, current: str | None, step: int) -> str | None:
        """The testimony after (1) or before (-1) `current` (the first when None); None past the ends."""
        if not self.testimonies:
            return None
        index = self.position(current or self.testimonies[0].id) + step
        return self.testimonies[index].id if 0 <= index < len(self.testimonies) else None

    def code_name(self, code_id: str) -> str:
        """A code's name (its id when the codebook no longer has it)."""
        code = self.codes_by_id.get(code_id)
        return code.name if code else code_id

    def progress(self, document_id: str) -> tuple[int, bool]:
        """The coder's spans in a testimony and whether it is marked done."""
        return self.span_counts.get(document_id, 0), document_id in self.done

    def header(self, document_id: str | None, comparing: bool) -> str:
        """`tester · A · 1/4 · done · blind`: the coder, where they are, and what is on show."""
        parts = [self.coder]
        index = None if document_id is None else self._index(document_id)  # None: removed elsewhere
        if index is not None:
            parts.append(f"{document_id} · {index + 1}/{len(self.testimonies)}")
            if document_id in self.done:
                parts.append("done")
        parts.append("compare" if comparing else "others shown" if self.show_others else "blind")
        return " · ".join(parts)

    def start_document(self) -> str | None:
        """The testimony the coder was last on, else the first; None for a project without any."""
        if not self.testimonies:
            return None
        current = self.project.coders.current_document(self.coder)
        known = {testimony.id for testimony in self.testimonies}
        return current if current in known else self.testimonies[0].id

    def refresh_codes(self) -> None:
        """The codes this coder sees: coding blind, without the in-vivo codes other coders made
        (unless this coder's own spans use them); with others' spans on show, every code."""
        self.codes = self.project.codes.visible_to(self.coder, self.sees_others)

    @property
    def sees_others(self) -> bool:
        """Whether other coders' spans are on show (asked for, or comparing)."""
        return self.show_others or self.compare_view

    def segments(
        self,
        code_id: str,
        *,
        with_children: bool = False,
        documents: Collection[str] | None = None,
        every_coder: bool = False,
    ) -> list[Span]:
        """Every span of one code (and `with_children`, of the codes below it) across all testimonies or
        in some, in reading order (the coder's own; everyone's when others are shown or `every_coder`)."""
        coders = None if self.sees_others or every_coder else (self.coder,)
        within = None if documents is None else tuple(documents)
        family = code_family(self.codes, code_id, with_children=with_children)
        spans = [
            span
            for member in family
            for span in SpanSelection(coders=coders, codes=(member,), exact=True, documents=within).spans(self.project)
        ]
        return spans if len(family) == 1 else in_reading_order(spans, [testimony.id for testimony in self.testimonies])

    def code_counts_by_testimony(self, *, every_coder: bool = False) -> list[tuple[str, str, int]]:
        """(testimony, code, spans) for every pair that has spans: the coder's own, or everyone's."""
        coders = None if self.sees_others or every_coder else (self.coder,)
        counts = SpanSelection(coders=coders).count(self.project, by=("document_id", "code_id"))
        return [(document, code, spans) for (document, code), spans in counts.items()]

    def overview(self, *, every_coder: bool = False) -> OverviewGrid:
        """Testimonies by codes, the coder's spans (everyone's when others are shown or `every_coder`),
        each row's counts read when it is drawn."""
        from annotator.coding.overview import lazy_overview  # codebook_view (which overview uses) imports this

        coders = None if self.sees_others or every_coder else [self.coder]
        return lazy_overview(self.project, coders, self.codes, self.testimonies)

    def code_totals(self) -> dict[str, int]:
        """Spans per code across all testimonies (the coder's own, everyone's when others are shown)."""
        coders = None if self.sees_others else (self.coder,)
        return SpanSelection(coders=coders).count_per(self.project, "code_id")

    def saved_queries(self) -> list[SavedQuery]:
        """Every saved query of the project, by name (the query screen's picker)."""
        return self.project.queries.all()

    def partners(self, document_id: str | None) -> PartnerChoice | None:
        """Whom the coder can compare with from `document_id` (the partner picker's rows and the one
        to highlight), None when nobody else has coded."""
        return partner_choice(self.project, self.coder, document_id, consensus=self.consensus, remembered=self.compared)

    def compare_pair(self) -> tuple[str, str] | None:
        """The coders the compare view shows, background first: the pair picked or compared last."""
        return self.compared

    def start_compare(self, pair: tuple[str, str]) -> None:
        """Turn the compare view on for a pair (the first coder's spans as the background)."""
        self.compared = pair
        self.compare_view = True

    def remember_pair(self, first: str, second: str) -> None:
        """The pair compared last (in the agreement screen, or adjudicated): the compare view shows it
        and the partner picker highlights the partner again."""
        self.compared = (first, second)

    def resume_compare(self) -> tuple[str, str] | None:
        """Turn the compare view on for the pair compared last; that pair, None when the view was on already."""
        if self.compare_view:
            return None
        self.compare_view = True
        return self.compared

    def stop_compare(self) -> None:
        """Back to the coder's own view (others' spans as `show_others` says)."""
        self.compare_view = False

    def toggle_others(self) -> bool:
        """Show or hide other coders' spans; whether they are shown now."""
        self.show_others = not self.show_others
        return self.show_others

    def toggle_suggestions(self) -> bool:
        """Switch code suggestions on or off; whether they are on now."""
        self.suggesting = not self.suggesting
        return self.suggesting

    def suggestions(self, document_id: str) -> list[Suggestion]:
        """The suggestions stored for this coder in a testimony (not the rejected ones)."""
        return self.project.suggestions.of(self.coder, document_id)

    def agreement_pairs(self, pair: tuple[str, str]) -> list[tuple[str, str]]:
        """The pairs of coders the agreement screen offers, the picked pair first."""
        return coder_pairs(pair, self.project.coders.with_spans())

    def consensus_for(self, first: str, second: str) -> str:
        """The coder adjudicating `first` × `second` writes into: the name given (--consensus), else
        the pair's own (`consensus-ann-bob`)."""
        return self.consensus or consensus_name(first, second)

    def coder_spans(self, document_id: str, coder: str) -> list[Span]:
        """One coder's spans in a testimony (the consensus coder's, in adjudication)."""
        return list(SpanSelection(coders=(coder,), documents=(document_id,)).spans(self.project))

    def spans_by_id(self, span_ids: Iterable[str]) -> dict[str, Span]:
        """The spans that exist among `span_ids`, by id (what another process changed, as it is now)."""
        return self.project.changes.spans_by_id(span_ids)

    def has_span(self, span_id: str) -> bool:
        """Whether a span is (still) in the project."""
        return self.project.changes.span_exists(span_id)

    def last_span_change(self, span_id: str) -> tuple[str, str] | None:
        """(coder, action kind) of the newest logged change of a span (who removed it), None when none is logged."""
        return last_change(self.project.db, "span", span_id)

    def segment_turns(self, spans: Iterable[Span]) -> dict[str, TurnInfo]:
        """The speaker turn each span starts in, by span id (spans in testimonies without turns left out)."""
        return segment_turns(self.project, spans)

    def testimony_metadata(self, document: Document) -> TestimonyMetadata:
        """A testimony's attributes, sections and review list as this coder sees them now."""
        return TestimonyMetadata(self.project, document, self.coder, self.sees_others)

    def reread_review(self, metadata: TestimonyMetadata) -> None:
        """Read a testimony's review list again (resolved, undone, or changed elsewhere)."""
        metadata.reread_review(self.project)

    def reread_testimonies(self) -> None:
        """Read the testimony list again (its rows show the attributes: one query, no text read)."""
        self.testimonies = self.project.documents.summaries()

    def follow(self, changes: ProjectChanges) -> None:
        """Read again what other processes changed of what the session keeps: the testimony list,
        the codes, the coder's done marks and span counts (each only when it changed)."""
        if changes.document_list:
            self.reread_testimonies()
        if changes.everything or changes.codes:
            self.refresh_codes()
        if changes.everything or self.coder in changes.progress:
            self.done = self.project.coders.done_documents(self.coder)
        if changes.everything or self.coder in changes.owners:
            self.span_counts = Counter(self._own_counts())

    def _own_counts(self) -> dict[str, int]:
        """The coder's spans in each testimony (from the totals the triggers keep)."""
        return SpanSelection(coders=(self.coder,)).count_per(self.project, "document_id")

    def knows(self, document_id: str) -> bool:
        """Whether a testimony is (still) in the list."""
        return self._index(document_id) is not None

    # --- writing ---------------------------------------------------------------------------------

    def remember(self, document_id: str) -> None:
        """Record the testimony on screen, so the next session opens there."""
        self.project.coders.set_current_document(self.coder, document_id)

    def add_span(self, document_id: str, code_id: str, start: int, end: int) -> Action:
        """Code `[start, end)` of a testimony."""
        return self._counted(self.project.spans.add_many(self.coder, [NewSpan(document_id, code_id, start, end)]))

    def remove_span(self, span_id: str) -> Action:
        """Remove one of the coder's spans."""
        return self._counted(self.project.spans.remove(self.coder, span_id))

    def recode_span(self, span_id: str, code_id: str) -> Action:
        """Give one of the coder's spans another code."""
        return self._counted(self.project.spans.recode(self.coder, span_id, code_id))

    def resize_span(self, span_id: str, start: int, end: int) -> Action:
        """Move one of the coder's span boundaries."""
        return self._counted(self.project.spans.resize(self.coder, span_id, start, end))

    def set_memo(self, span_id: str, memo: str) -> Action:
        """Attach (or clear) a memo on one of the coder's spans."""
        return self._counted(self.project.spans.set_memo(self.coder, span_id, memo))

    def add_spans(self, spans: Sequence[NewSpan]) -> Action:
        """Code many ranges at once (every turn of a speaker) as one undoable action."""
        return self.count(self.project.spans.add_many(self.coder, spans))

    def accept_suggestion(self, suggestion_id: str, code_id: str | None = None) -> Action:
        """Code a suggestion's stretch as one of the coder's spans (with its code, or `code_id`): one undoable action."""
        return self._counted(self.project.suggestions.accept(self.coder, suggestion_id, code_id))

    def reject_suggestion(self, suggestion_id: str) -> Action:
        """Reject a suggestion: remembered (never proposed again for that unit and code), undoable."""
        return self._counted(self.project.suggestions.reject(self.coder, suggestion_id))

    def set_attributes(self, document_id: str, values: dict[str, str], unset: Sequence[str]) -> dict[str, str]:
        """Set and unset attributes of a testimony as one undoable action; its attributes afterwards."""
        return self.project.documents.set_attributes(self.coder, document_id, values, unset)

    def resolve_review(self, document_id: str, keys: Sequence[tuple[str, str]]) -> int:
        """Take items off a testimony's review list as one undoable action; how many."""
        return self.project.reviews.resolve(self.coder, document_id, keys)

    def pseudonym_candidates(self, document_id: str) -> list[Candidate]:
        """The testimony's unreviewed pseudonym candidates in its text, in text order (those in its title
        and attribute values are decided with `annotator pseudonyms review`)."""
        candidates = self.project.pseudonyms.candidates(status="unreviewed", document_id=document_id)
        return [candidate for candidate in candidates if not candidate.field]

    def review_candidate(self, candidate: Candidate, decision: str, kind: str | None = None) -> list[Candidate]:
        """Decide a candidate (and every unreviewed one of the same words) as one undoable action; refused
        (ConflictError) when another process decided it since the screen read it."""
        return self.project.pseudonyms.review(
            self.coder, candidate.id, decision, kind=kind, expected_status=candidate.status
        )

    def correct_text(self, document_id: str, text: str, opened: str) -> Replaced:
        """Replace a testimony's text corrected from `opened`, its spans carried across; raises
        EditKept (the edited copy kept in a file) when the text changed meanwhile."""
        return correct_or_keep(self.project, self.coder, document_id, text, opened=opened)

    def undo(self) -> Action | None:
        """Undo the coder's latest action (from the event log, so also after a restart)."""
        return self._followed(self.project.history.undo(self.coder))

    def redo(self) -> Action | None:
        """Redo the coder's latest undone action."""
        return self._followed(self.project.history.redo(self.coder))

    def create_code(self, name: str) -> Code:
        """Create an in-vivo code from a name typed while coding."""
        code = self.project.codes.create(name, coder=self.coder)
        self.refresh_codes()
        return code

    def save_query(self, name: str, expression: str, options: HitOptions) -> Action:
        """Save a query the screen ran under `name`, with its options, as one undoable action."""
        chosen = options.saved(self.coder, self.project.coders.with_spans())
        action = self.project.queries.save(self.coder, name, expression, chosen)
        self.watch.own.add(action.batch)
        return action

    def set_done(self, document_id: str, done: bool) -> None:
        """Mark (or unmark) a testimony as done by the coder."""
        self.watch.own.add(self.project.coders.set_done(self.coder, document_id, done).batch)
        if done:
            self.done.add(document_id)
        else:
            self.done.discard(document_id)

    def count(self, action: Action) -> Action:
        """Keep the per-testimony span counts in step with an action committed on another connection
        (a worker): read from the totals, since the watch may have taken the action in already."""
        self.watch.own.add(action.batch)
        for document_id in action.document_ids:
            self.span_counts[document_id] = SpanSelection(coders=(self.coder,), documents=(document_id,)).total(
                self.project
            )
        return action

    def _followed(self, action: Action | None) -> Action | None:
        """Counts, done marks and codes in step with an undone or redone action (any kind)."""
        if action is None:
            return None
        if action.touches("progress"):
            self.done = self.project.coders.done_documents(self.coder)
        if action.touches("code"):
            self.refresh_codes()
        return self._counted(action)

    def _counted(self, action: Action) -> Action:
        self.watch.own.add(action.batch)
        tally(self.span_counts, action.changes, self.coder, by_document)
        return action
