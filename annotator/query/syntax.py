"""The query language, parsed by hand (recursive descent) into a small tree; every node knows its column.

    query    := or
    or       := and ("OR" and)*
    and      := not ("AND" not)*
    not      := "NOT" not | relation
    relation := primary (RELATION primary option?)*
    primary  := "(" query ")" | "AT" "LEAST" n "OF" "(" query ("," query)* ")"
              | code "!"? | "text:" (word "*"? | "phrase") | "@" name

Relations bind tighter than AND, and chain to the left: `a AND b WITHIN c` is `a AND (b WITHIN c)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.query.errors import QueryError

MAX_QUERY_LENGTH = 10_000  # characters: far above any real query, low enough to refuse a pasted file
MAX_DEPTH = 100  # parentheses and operators nested in one another

RELATIONS = ("WITHIN", "ENCLOSES", "OVERLAPS", "NEAR", "FOLLOWS", "PRECEDES")
KEYWORDS = frozenset({"AND", "OR", "NOT", "AT", "LEAST", "OF", "IN", *RELATIONS})
NEAR_UNITS = ("sentence", "paragraph", "turn")
NEAR_DISTANCES = ("characters", "words")
STEP_UNITS = ("turns", "sentences", "paragraphs")

_TOKEN = re.compile(r'\s*(?:(?P<string>")|(?P<punct>[(),!*@:])|(?P<word>[^\s()",!*@:]+))')


@dataclass(frozen=True)
class Token:
    """A word, a quoted string (its text unquoted) or a punctuation mark, and its 1-based column."""

    kind: str  # "word", "string", "punct", "end"
    text: str
    column: int

    def is_keyword(self, *words: str) -> bool:
        """Whether this is an unquoted word spelling one of `words` (any case)."""
        return self.kind == "word" and self.text.upper() in words


@dataclass(frozen=True)
class Node:
    """A node of the query tree, with the column it starts at."""

    column: int


@dataclass(frozen=True)
class CodeTerm(Node):
    """A code by id or name; with its descendants unless `exact` (written `code!`)."""

    name: str
    exact: bool


@dataclass(frozen=True)
class TextTerm(Node):
    """Words of the text: a phrase, or a word, or a prefix (`text:passp*`)."""

    words: str
    prefix: bool


@dataclass(frozen=True)
class SavedTerm(Node):
    """A saved query by name (`@name`), evaluated afresh."""

    name: str


@dataclass(frozen=True)
class Not(Node):
    """Everything but the operand."""

    operand: Node


@dataclass(frozen=True)
class And(Node):
    """All operands."""

    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    """Any operand."""

    operands: tuple[Node, ...]


@dataclass(frozen=True)
class AtLeast(Node):
    """At least `count` of the operands."""

    count: int
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Scope:
    """How near NEAR means (a unit, or n characters or words), or how far FOLLOWS reaches (n units)."""

    unit: str
    count: int = 0


@dataclass(frozen=True)
class Relation(Node):
    """`left OP right`: the left operand's segments that stand in the relation to one of the right's."""

    operator: str
    left: Node
    right: Node
    scope: Scope | None
    scope_column: int = 0


def parse(query: str) -> Node:
    """The tree of a query; QueryError pointing at the column for anything that is not the language."""
    return _Parser(query).parse()


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens: list[Token] = []
        self.index = 0
        self.depth = 0

    def fail(self, message: str, column: int) -> QueryError:
        return QueryError(f"query: {message}", self.query, column)

    def parse(self) -> Node:
        if len(self.query) > MAX_QUERY_LENGTH:
            raise self.fail(
                f"the query is {len(self.query):,} characters long; at most {MAX_QUERY_LENGTH:,}",
                MAX_QUERY_LENGTH + 1,
            )
        self.tokens = self._tokens()
        if self.peek.kind == "end":
            raise QueryError("query: the query is empty; give a code, text:word or an expression")
        node = self.or_()
        if self.peek.kind != "end":
            token = self.peek
            what = "')' without its '('" if token.text == ")" and token.kind == "punct" else f"{token.text!r}"
            raise self.fail(f"unexpected {what}; expected AND, OR, a relation or the end", token.column)
        return node

    def _tokens(self) -> list[Token]:
        tokens: list[Token] = []
        position = 0
        text = self.query
        while True:
            match = _TOKEN.match(text, position)
            if match is None or match.lastgroup is None:  # only spaces are left
                break
            column = match.start(match.lastgroup) + 1
            if match.lastgroup == "string":
                start = match.end()
                end = start
                while True:
                    end = text.find('"', end)
                    if end < 0:
                        raise self.fail("a quote without its closing quote", column)
                    if text.startswith('""', end):
                        end += 2
                        continue
                    break
                tokens.append(Token("string", text[start:end].replace('""', '"'), column))
                position = end + 1
            else:
                tokens.append(Token(str(match.lastgroup), match.group(match.lastgroup), column))
                position = match.end()
        tokens.append(Token("end", "", len(text.rstrip()) + 1))
        return tokens

    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def ahead(self, steps: int) -> Token:
        return self.tokens[min(self.index + steps, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def expect_punct(self, mark: str, what: str) -> Token:
        token = self.take()
        if token.kind != "punct" or token.text != mark:
            found = "the end of the query" if token.kind == "end" else repr(token.text)
            raise self.fail(f"expected {what}, found {found}", token.column)
        return token

    def nested(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"the query nests deeper than {MAX_DEPTH} levels", column)

    def or_(self) -> Node:
        first = self.and_()
        operands = [first]
        while self.peek.is_keyword("OR"):
            self.take()
            operands.append(self.and_())
        return first if len(operands) == 1 else Or(first.column, tuple(operands))

    def and_(self) -> Node:
        first = self.not_()
        operands = [first]
        while self.peek.is_keyword("AND"):
            self.take()
            operands.append(self.not_())
        return first if len(operands) == 1 else And(first.column, tuple(operands))

    def not_(self) -> Node:
        if self.peek.is_keyword("NOT"):
            token = self.take()
            self.nested(token.column)
            node = Not(token.column, self.not_())
            self.depth -= 1
            return node
        return self.relation()

    def relation(self) -> Node:
        left = self.primary()
        while self.peek.is_keyword(*RELATIONS):
            operator = self.take().text.upper()
            self.nested(left.column)
            right = self.primary()
            scope, scope_column = self.scope(operator)
            left = Relation(left.column, operator, left, right, scope, scope_column)
        return left

    def scope(self, operator: str) -> tuple[Scope | None, int]:
        """NEAR's `IN unit` or `WITHIN n characters|words`; FOLLOWS/PRECEDES's `WITHIN n turns|sentences|paragraphs`."""
        if operator not in ("NEAR", "FOLLOWS", "PRECEDES"):
            return None, 0
        token = self.peek
        if operator == "NEAR" and token.is_keyword("IN"):
            self.take()
            unit = self.take()
            if unit.kind != "word" or unit.text.lower() not in NEAR_UNITS:
                raise self.fail(f"NEAR ... IN takes one of {', '.join(NEAR_UNITS)}", unit.column)
            return Scope(unit.text.lower()), unit.column
        # WITHIN followed by a number is a distance; followed by anything else it is the next relation.
        if token.is_keyword("WITHIN") and self.ahead(1).kind == "word" and self.ahead(1).text.isdigit():
            self.take()
            count = int(self.take().text)
            unit = self.take()
            units = NEAR_DISTANCES if operator == "NEAR" else STEP_UNITS
            if unit.kind != "word" or unit.text.lower() not in units:
                raise self.fail(f"{operator} ... WITHIN {count} takes one of {', '.join(units)}", unit.column)
            if count < 1 and operator != "NEAR":
                raise self.fail(f"{operator} ... WITHIN needs at least 1", token.column)
            return Scope(unit.text.lower(), count), unit.column
        return None, 0

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "punct" and token.text == "(":
            self.nested(token.column)
            node = self.or_()
            self.expect_punct(")", f"')' closing the '(' of column {token.column}")
            self.depth -= 1
            return node
        if token.is_keyword("AT"):
            return self.at_least(token)
        if token.kind == "punct" and token.text == "@":
            name = self.take()
            if name.kind not in ("word", "string"):
                raise self.fail("@ needs the name of a saved query", name.column)
            return SavedTerm(token.column, name.text)
        if (
            token.kind == "word"
            and token.text.lower() == "text"
            and self.peek.text == ":"
            and self.peek.kind == "punct"
        ):
            self.take()
            return self.text_term(token)
        if token.kind == "string" or (token.kind == "word" and not token.is_keyword(*KEYWORDS)):
            if not token.text.strip():
                raise self.fail("an empty code name", token.column)
            exact = (
                self.peek.kind == "punct"
                and self.peek.text == "!"
                and self.peek.column == token.column + len(token.text) + (2 if token.kind == "string" else 0)
            )
            if exact:
                self.take()
            return CodeTerm(token.column, token.text, exact)
        if token.kind == "end":
            raise self.fail("the query ends where a code, text: or '(' was expected", token.column)
        raise self.fail(f"expected a code, text: or '(', found {token.text!r}", token.column)

    def text_term(self, start: Token) -> Node:
        words = self.take()
        if words.kind not in ("word", "string"):
            raise self.fail('text: needs a word, a prefix* or a "phrase"', words.column)
        prefix = words.kind == "word" and self.peek.kind == "punct" and self.peek.text == "*"
        if prefix:
            self.take()
        return TextTerm(start.column, words.text, prefix)

    def at_least(self, start: Token) -> Node:
        least = self.take()
        if not least.is_keyword("LEAST"):
            raise self.fail("AT is only used as AT LEAST k OF (...)", least.column)
        count = self.take()
        if count.kind != "word" or not count.text.isdigit():
            raise self.fail("AT LEAST needs a number", count.column)
        of = self.take()
        if not of.is_keyword("OF"):
            raise self.fail("expected OF after AT LEAST k", of.column)
        opening = self.expect_punct("(", "'(' after AT LEAST k OF")
        self.nested(opening.column)
        operands = [self.or_()]
        while self.peek.kind == "punct" and self.peek.text == ",":
            self.take()
            operands.append(self.or_())
        self.expect_punct(")", f"')' closing the '(' of column {opening.column}")
        self.depth -= 1
        k = int(count.text)
        if not 1 <= k <= len(operands):
            raise self.fail(f"AT LEAST {k} OF {len(operands)} operand(s) can never be met", count.column)
        return AtLeast(start.column, k, tuple(operands))
