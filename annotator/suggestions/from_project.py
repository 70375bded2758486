"""A coder's suggester over a project: what it reads (texts, the coder's own spans and rejections), what it proposes and stores."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.errors import InputError
from annotator.domain.suggestions import Suggestion, suggestion_id
from annotator.storage import Project
from annotator.suggestions.corpus import CorpusUnits
from annotator.suggestions.suggester import DEFAULT_MIN_SCORE, SUGGESTER_VERSION, Suggester, Training
from annotator.suggestions.units import Bounds, check_unit

SpansByDocument = dict[str, dict[str, list[Bounds]]]


def load_units(project: Project, unit: str) -> CorpusUnits:
    """Every document of the project cut into units (turns from its transcripts' speaker turns)."""
    check_unit(unit)
    texts = project.corpus.texts(project.documents.ids())
    turns = {doc: [(turn.start, turn.end) for turn in found] for doc, found in project.corpus.turns().items()}
    return CorpusUnits.cut(texts, unit, turns)


def known_coder(project: Project, coder: str) -> str:
    """The coder, or InputError when the project has none of that name (a typo must not learn from nobody)."""
    if coder not in project.coders.all():
        raise InputError(f"no coder {coder!r} in the project")
    return coder


def coder_spans(project: Project, coder: str, code_ids: Sequence[str]) -> SpansByDocument:
    """The coder's own spans of the given codes, as offsets by document and code (nobody else's: blind coding holds)."""
    found: SpansByDocument = {}
    for span in project.corpus.coded([coder], code_ids):
        found.setdefault(span.document_id, {}).setdefault(span.code_id, []).append((span.start, span.end))
    return found


def coded_documents(project: Project, coder: str) -> set[str]:
    """Documents the coder has coded: any span of theirs there, or marked done (a done document without a span teaches 'none of these')."""
    return set(project.counts.by_document(coder)) | project.coders.done_documents(coder)


class CoderSuggester:
    """One coder's suggester, kept in memory while they code (the screen's worker holds one) and
    retrained from the project after each action: nothing learned is stored anywhere.

    It holds no connection: each call takes the project of the thread that makes it. One thread
    at a time uses it (the worker's), as its models are refitted in place."""

    def __init__(self, project: Project, coder: str, *, unit: str = "paragraph", learn_from: str | None = None) -> None:
        self.coder = coder
        self.learn_from = known_coder(project, learn_from) if learn_from not in (None, coder) else coder
        self.codes = project.codes.visible_to(self.learn_from)
        self.units = load_units(project, unit)
        self.suggester = Suggester(self.codes, self.units.texts)
        self.spans: SpansByDocument = {}
        self.retrain(project)

    def retrain(self, project: Project) -> list[str]:
        """Read the coder's spans and rejections again and refit the codes whose labels changed; those codes."""
        code_ids = [code.id for code in self.codes]
        self.spans = coder_spans(project, self.learn_from, code_ids)
        documents = coded_documents(project, self.learn_from)
        rows = self.units.rows_of(doc for doc in self.units.rows if doc in documents)
        labels = self.units.labels(self.spans, code_ids)
        if self.learn_from == self.coder:
            rows, labels = self._with_rejections(project, rows, labels)
        return self.suggester.train(
            Training(tuple(rows), {code: [labels[code][row] for row in rows] for code in labels})
        )

    def _with_rejections(
        self, project: Project, rows: list[int], labels: dict[str, list[bool]]
    ) -> tuple[list[int], dict[str, list[bool]]]:
        """A rejected unit is a training unit, negative for the rejected code (even in a document not coded yet)."""
        row_of = {where: row for row, where in enumerate(self.units.where)}
        chosen = set(rows)
        for doc, start, end, code_id in project.suggestions.rejected(self.coder):
            row = row_of.get((doc, start, end))
            if row is not None and code_id in labels:
                chosen.add(row)
                labels[code_id][row] = False
        return sorted(chosen), labels

    def suggest(
        self, document_id: str, min_score: float = DEFAULT_MIN_SCORE, codes: Sequence[str] = ()
    ) -> list[Suggestion]:
        """Suggestions for one document, in text order: units and codes scoring `min_score` or more,
        leaving out units the coder already coded with the code."""
        if document_id not in self.units.rows:
            raise InputError(f"no document {document_id!r} in the project")
        rows = list(self.units.rows[document_id])
        coded = self.spans.get(document_id, {}) if self.learn_from == self.coder else {}
        found = []
        for row, scores in zip(rows, self.suggester.scores(rows, min_score)):
            _, start, end = self.units.where[row]
            for code_id, (score, why) in scores.items():
                if codes and code_id not in codes:
                    continue
                if any(s < end and start < e for s, e in coded.get(code_id, ())):
                    continue
                found.append(
                    Suggestion(
                        suggestion_id(self.coder, document_id, start, end, code_id),
                        document_id,
                        start,
                        end,
                        code_id,
                        round(score, 4),
                        why,
                        self.units.unit,
                        SUGGESTER_VERSION,
                    )
                )
        return found


def make_suggestions(
    project: Project,
    coder: str,
    document_ids: Sequence[str],
    *,
    unit: str = "paragraph",
    min_score: float = DEFAULT_MIN_SCORE,
    codes: Sequence[str] = (),
    learn_from: str | None = None,
) -> dict[str, list[Suggestion]]:
    """Make the coder's suggestions for the documents and store them (replacing theirs there); the open ones by document."""
    suggester = CoderSuggester(project, coder, unit=unit, learn_from=learn_from)
    for code_id in codes:
        project.codes.get(code_id)  # an unknown code is named, not silently ignored
    found = {}
    for document_id in document_ids:
        project.suggestions.replace_for(coder, document_id, suggester.suggest(document_id, min_score, codes))
        found[document_id] = project.suggestions.of(coder, document_id)
    return found
