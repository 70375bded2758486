"""What an exporter reads when asked to pseudonymise: the project's texts with the register applied, checked as made."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.models import Code, Document, Passage, Span
from annotator.pseudonyms.replace import Pseudonymiser
from annotator.pseudonyms.scan import Scanner
from annotator.storage import Project


class PseudonymisedView:
    """The register and the unreviewed candidates of a project, read once; every piece an exporter
    takes through it is pseudonymised, and each document, code and memo is scanned as it is made,
    so a refusal names the document (the written file is scanned again before it is kept)."""

    def __init__(self, project: Project) -> None:
        register = project.pseudonyms.all()
        self.pseudonymiser = Pseudonymiser(register)
        self.scanner = Scanner(register, project.pseudonyms.candidates(status="unreviewed"))

    def documents(self, documents: Sequence[Document]) -> list[Document]:
        """The documents pseudonymised (text, title, attribute values), each scanned."""
        result = []
        for document in documents:
            new = self.pseudonymiser.document(document)
            where = f"document {document.id!r}"
            for text in (new.text, new.title, *new.attributes.values()):
                self.scanner.check_text(text, where)
            result.append(new)
        return result

    def codes(self, codes: Sequence[Code]) -> list[Code]:
        """The codes pseudonymised (names, definitions, guidance, example quotes), each scanned."""
        result = []
        for code in codes:
            new = self.pseudonymiser.code(code)
            texts = (new.name, new.definition, new.include, new.exclude, *(example.quote for example in new.examples))
            for text in texts:
                self.scanner.check_text(text, f"the codebook (code {code.id!r})", lines=False)
            result.append(new)
        return result

    def span_cells(self, document_id: str, start: int, end: int, memo: str) -> tuple[int, int, str, str]:
        """A span's offsets, text and memo on its pseudonymised document (`documents` first)."""
        return (*self.pseudonymiser.stretch(document_id, start, end), self.memo(document_id, memo))

    def span(self, span: Span) -> Span:
        """The span on its pseudonymised document, its memo scanned."""
        new = self.pseudonymiser.span(span)
        self.memo(span.document_id, new.memo)
        return new

    def memo(self, document_id: str, memo: str) -> str:
        """A memo pseudonymised and scanned."""
        if not memo:
            return memo
        new = self.pseudonymiser.text(memo)
        self.scanner.check_text(new, f"a memo in document {document_id!r}", lines=False)
        return new

    def quote(self, document_id: str, start: int, end: int) -> str:
        """A stretch of a document (`documents` first) quoted from its pseudonymised text, scanned: taken
        before a report escapes it (HTML writes "P'yŏngyang" as "P&#x27;yŏngyang", which no search of the
        page finds); a stretch cut inside a name covers the whole replacement."""
        text = self.pseudonymiser.stretch(document_id, start, end)[2]
        self.scanner.check_text(text, f"document {document_id!r}", lines=False)
        return text

    def passages(self, passages: Sequence[Passage]) -> list[Passage]:
        """Passages (report sections, speaker turns) on the pseudonymised texts, their speakers pseudonymised."""
        return [self.pseudonymiser.passage(passage) for passage in passages]

    def text(self, text: str, where: str) -> str:
        """Any other text (a rendered report with its quotes) pseudonymised and scanned (naming the line)."""
        new = self.pseudonymiser.text(text)
        self.scanner.check_text(new, where)
        return new
