"""Replace every registered original and variant in the project's texts, and map span offsets onto the result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.anchoring import Opcode, TextMap
from annotator.domain.models import Code, CodeExample, Document, Passage, Span
from annotator.domain.pseudonyms import Identifier
from annotator.pseudonyms.matching import Matcher


def register_matcher(register: Sequence[Identifier]) -> Matcher[Identifier]:
    """A matcher of every original and variant of the register, each owned by its entry."""
    return Matcher([(form, entry) for entry in register for form in entry.forms])


def replaced(text: str, matcher: Matcher[Identifier]) -> tuple[str, list[Opcode]]:
    """`text` with every form replaced by its entry's replacement, and the opcodes from one to the other."""
    pieces: list[str] = []
    opcodes: list[Opcode] = []
    old_at = new_at = 0
    for found in matcher.find(text):
        if found.start > old_at:
            pieces.append(text[old_at : found.start])
            opcodes.append(("equal", old_at, found.start, new_at, new_at + found.start - old_at))
            new_at += found.start - old_at
        replacement = found.owner.replacement
        pieces.append(replacement)
        opcodes.append(("replace", found.start, found.end, new_at, new_at + len(replacement)))
        old_at, new_at = found.end, new_at + len(replacement)
    if not opcodes:
        return text, [("equal", 0, len(text), 0, len(text))] if text else []
    if old_at < len(text):
        pieces.append(text[old_at:])
        opcodes.append(("equal", old_at, len(text), new_at, new_at + len(text) - old_at))
    return "".join(pieces), opcodes


class Pseudonymiser:
    """The register applied to everything an output holds: document texts (with an offset map each),
    spans, memos, titles, attributes, speaker turns and the codebook's definitions and example quotes."""

    def __init__(self, register: Sequence[Identifier]) -> None:
        self.register = tuple(register)
        self.matcher = register_matcher(self.register)
        self._maps: dict[str, TextMap] = {}

    def text(self, text: str) -> str:
        """Any free text (a memo, a title, an attribute value, a quote) with every form replaced."""
        if not self.matcher or not text:
            return text
        return replaced(text, self.matcher)[0]

    def text_map(self, document_id: str, text: str) -> TextMap:
        """The offset map of a document's text onto its pseudonymised text (made once per document)."""
        found = self._maps.get(document_id)
        if found is None or (found.old is not text and found.old != text):
            new, opcodes = replaced(text, self.matcher)
            found = self._maps[document_id] = TextMap(text, new, opcodes)
        return found

    def document(self, document: Document) -> Document:
        """The document with its text, title and attribute values pseudonymised."""
        text = self.text_map(document.id, document.text).new
        attributes = {name: self.text(value) for name, value in document.attributes.items()}
        return document.model_copy(update={"text": text, "title": self.text(document.title), "attributes": attributes})

    def offsets(self, document_id: str, start: int, end: int) -> tuple[int, int]:
        """A span's offsets in the pseudonymised text: a span that starts or ends inside a replaced
        name covers the whole replacement, so it keeps covering the same words."""
        text_map = self._maps[document_id]
        if text_map.old is text_map.new:  # nothing replaced in this document: `replaced` returned the text itself
            return start, end
        new_start = text_map.start_of(start)
        return new_start, max(new_start + 1, text_map.end_of(end))

    def stretch(self, document_id: str, start: int, end: int) -> tuple[int, int, str]:
        """A stretch's offsets in the pseudonymised text (call `document` or `text_map` for its
        document first), and its text there."""
        new_start, new_end = self.offsets(document_id, start, end)
        return new_start, new_end, self._maps[document_id].new[new_start:new_end]

    def span(self, span: Span) -> Span:
        """The span on the pseudonymised text: its offsets mapped, its text the new slice, its memo pseudonymised."""
        start, end, text = self.stretch(span.document_id, span.start, span.end)
        return replace(span, start=start, end=end, text=text, memo=self.text(span.memo))

    def passage(self, passage: Passage) -> Passage:
        """A passage (a report section, a speaker turn) on the pseudonymised text, its attributes pseudonymised."""
        moved = self._maps[passage.document_id].move_passage(passage.start, passage.end)
        attributes = {name: self.text(value) for name, value in passage.attributes.items()}
        return passage.model_copy(
            update={
                "start": moved.start,
                "end": moved.end,
                "section": self.text(passage.section),
                "attributes": attributes,
            }
        )

    def code(self, code: Code) -> Code:
        """A code with its name, definition, guidance and example quotes pseudonymised (an in-vivo
        code's name and every example quote are testimony)."""
        examples = tuple(
            CodeExample(quote=self.text(example.quote), document=example.document) for example in code.examples
        )
        return code.model_copy(
            update={
                "name": self.text(code.name),
                "definition": self.text(code.definition),
                "include": self.text(code.include),
                "exclude": self.text(code.exclude),
                "examples": examples,
            }
        )
