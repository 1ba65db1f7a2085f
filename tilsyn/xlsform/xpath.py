"""XLSForm's expressions (the XPath subset surveys use) translated into tilsyn's rule language.

`${name}`, `.` (in a constraint: the answer itself), `= != < <= > >=`, `and`, `or`, `not()`,
`+ - * div mod`, string and number literals, `selected()`, `count-selected()`,
`string-length()`, `regex()`, `today()`, `int()`, `if()`, `coalesce()`, `true()`, `false()`,
`date()`, `min()`, `max()`, `abs()`, and a date minus a date as a number of days. Anything
else is an `XPathError` with its position, never a rule that means something else: a path, an
unknown function, a date compared with a text, a select_multiple compared with `=`, a
comparison with '' (tilsyn counts an unanswered question as unknown, not as empty text).

Each part is translated with its kind (number, date, datetime, text, codes, bool, or any for a
name the survey does not know, which the survey's own check reports), because XPath's `-`
between two dates is `days()` in tilsyn, and `selected()` on a select_one is `==`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

NUMBER, DATE, DATETIME, TEXT, CODES, BOOL, ANY = (
    "number",
    "date",
    "datetime",
    "text",
    "codes",
    "bool",
    "any",
)
DAY_MINUTES = 1440

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<ref>\$\{\s*(?P<refname>[^}\s]*)\s*\})
  | (?P<number>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
  | (?P<dot>\.(?!\.))
  | (?P<word>[A-Za-z_][A-Za-z0-9_.-]*)
    """,
    re.VERBOSE,
)
_OPERATOR_WORDS = frozenset({"and", "or", "div", "mod"})


class XPathError(Exception):
    """An expression outside the subset: the variant of SRV017 that says why, the position."""

    def __init__(self, variant: str, position: int, **params: str):
        super().__init__(variant)
        self.variant, self.position, self.params = variant, position, params


@dataclass(frozen=True)
class Part:
    """A translated part: its text in the rule language, its kind, how tightly it binds (a
    bigger number binds tighter) and, for a difference of two dates or times, the two
    operands (so that `(b - a) * 1440` becomes `minutes(a, b)`)."""

    text: str
    kind: str
    strength: int = 9
    difference: tuple[str, str] | None = None


@dataclass
class Context:
    """What names mean where the expression stands: each field's and calculate's kind, and
    the field `.` stands for (in a constraint), if any."""

    kinds: dict[str, str]
    dot: str | None = None
    names: set[str] = field(default_factory=set)  # the names read, for the caller


def translate(source: str, context: Context) -> Part:
    """The rule for an XLSForm expression; XPathError with the position of what is outside
    the subset."""
    tokens = _tokens(source)
    parser = _Parser(tokens, context)
    part = parser.expression()
    kind, value, position = parser.peek
    if kind != "end":
        raise XPathError("syntax", position, found=str(value))
    return part


def _tokens(source: str) -> list[tuple[str, str, int]]:
    tokens = []
    position = 0
    while position < len(source):
        m = _TOKEN.match(source, position)
        if m is None:
            raise XPathError("syntax", position, found=source[position])
        kind = m.lastgroup if m.lastgroup != "refname" else "ref"
        if kind == "ref":
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", m.group("refname")):
                raise XPathError("syntax", position, found=m.group())
            tokens.append(("ref", m.group("refname"), position))
        elif kind == "word" and m.group() in _OPERATOR_WORDS:
            tokens.append(("op", m.group(), position))
        elif kind != "ws":
            tokens.append((kind, m.group(), position))  # type: ignore[arg-type]
        position = m.end()
    tokens.append(("end", "", len(source)))
    return tokens


# XPath 1.0's precedence, loosest first; the strength a translated part has.
_OR, _AND, _EQUALITY, _RELATION, _SUM, _PRODUCT, _UNARY = 1, 2, 3, 4, 5, 6, 7
_TILSYN_OP = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]], context: Context):
        self.tokens, self.context, self.i, self.depth = tokens, context, 0, 0

    @property
    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at(self, *ops: str) -> bool:
        kind, value, _ = self.peek
        return kind == "op" and value in ops

    def expect(self, op: str) -> None:
        kind, value, position = self.peek
        if kind != "op" or value != op:
            raise XPathError("expected", position, expected=op, found=value or "–")
        self.i += 1

    def expression(self) -> Part:
        self.depth += 1
        if self.depth > 60:
            raise XPathError("syntax", self.peek[2], found=self.peek[1])
        part = self.connective("or", _OR, lambda: self.connective("and", _AND, self.equality))
        self.depth -= 1
        return part

    def connective(self, word: str, strength: int, operand: Callable[[], Part]) -> Part:
        parts = [operand()]
        while self.at(word):
            self.take()
            parts.append(operand())
        if len(parts) == 1:
            return parts[0]
        return Part(f" {word} ".join(_wrap(p, strength + 1) for p in parts), BOOL, strength)

    def equality(self) -> Part:
        left = self.relation()
        while self.at("=", "!="):
            op, position = self.take()[1:]
            right = self.relation()
            left = _equality(op, left, right, position)
        return left

    def relation(self) -> Part:
        left = self.sum()
        while self.at("<", "<=", ">", ">="):
            op, position = self.take()[1:]
            right = self.sum()
            _comparable(left, right, position)
            text = f"{_wrap(left, _SUM)} {op} {_wrap(right, _SUM)}"
            left = Part(text, BOOL, _RELATION)
        return left

    def sum(self) -> Part:
        left = self.product()
        while self.at("+", "-"):
            op, position = self.take()[1:]
            left = _arithmetic(op, left, self.product(), position)
        return left

    def product(self) -> Part:
        left = self.unary()
        while self.at("*", "div", "mod"):
            op, position = self.take()[1:]
            left = _arithmetic(op, left, self.unary(), position)
        return left

    def unary(self) -> Part:
        if self.at("-"):
            position = self.take()[2]
            operand = self.unary()
            _numbers(operand, position)
            return Part(f"-{_wrap(operand, _UNARY)}", NUMBER, _UNARY)
        return self.primary()

    def primary(self) -> Part:
        kind, value, position = self.take()
        if kind == "ref":
            self.context.names.add(value)
            return Part(value, self.context.kinds.get(value, ANY))
        if kind == "dot":
            if self.context.dot is None:
                raise XPathError("dot", position)
            name = self.context.dot
            self.context.names.add(name)
            return Part(name, self.context.kinds.get(name, ANY))
        if kind == "number":
            return Part(value if not value.startswith(".") else "0" + value, NUMBER)
        if kind == "string":
            return Part(value, TEXT)
        if kind == "op" and value == "(":
            inner = self.expression()
            self.expect(")")
            return Part(f"({inner.text})", inner.kind, 9, inner.difference)
        if kind == "word" and self.at("("):
            return self.call(value, position)
        if kind == "word":
            raise XPathError("path", position, found=value)
        raise XPathError("value", position, found=value or "–")

    def call(self, name: str, position: int) -> Part:
        function = _FUNCTIONS.get(name)
        if function is None:
            raise XPathError("function", position, name=name, known=KNOWN_FUNCTIONS)
        self.expect("(")
        args: list[Part] = []
        if not self.at(")"):
            args.append(self.expression())
            while self.at(","):
                self.take()
                args.append(self.expression())
        self.expect(")")
        low, high, build = function
        if len(args) < low or (high is not None and len(args) > high):
            raise XPathError("arguments", position, name=name)
        return build(args, position)


def _wrap(part: Part, strength: int) -> str:
    """The part's text, in parentheses where it binds more loosely than its place needs."""
    return part.text if part.strength >= strength else f"({part.text})"


def _equality(op: str, left: Part, right: Part, position: int) -> Part:
    for a, b in ((left, right), (right, left)):
        if a.kind == BOOL and b.text in ("'true'", '"true"', "'false'", '"false"'):
            holds = (b.text.strip("'\"") == "true") == (op == "=")
            return Part(a.text, BOOL, 9) if holds else Part(f"not {_wrap(a, 8)}", BOOL, _UNARY)
    _comparable(left, right, position)
    text = f"{_wrap(left, _RELATION)} {_TILSYN_OP[op]} {_wrap(right, _RELATION)}"
    return Part(text, BOOL, _EQUALITY)


def _comparable(left: Part, right: Part, position: int) -> None:
    """What tilsyn cannot compare as XPath does: a select_multiple with anything (XPath
    compares its space-separated text), '' (an unanswered question is unknown, not empty),
    a date or time with a text (tilsyn has no date literals)."""
    for a, b in ((left, right), (right, left)):
        if a.kind == CODES:
            raise XPathError("codes", position, name=a.text)
        if b.text in ("''", '""'):
            raise XPathError("empty", position)
        if a.kind in (DATE, DATETIME) and b.kind == TEXT:
            raise XPathError("date_text", position, name=a.text, text=b.text)


def _numbers(part: Part, position: int) -> None:
    if part.kind in (DATE, DATETIME, TEXT, CODES, BOOL):
        raise XPathError("arithmetic", position, kind=part.kind)


def _arithmetic(op: str, left: Part, right: Part, position: int) -> Part:
    dates = (DATE, DATETIME)
    if op == "-" and left.kind in dates and right.kind in dates:
        if DATETIME in (left.kind, right.kind):
            text = f"minutes({right.text}, {left.text}) / {DAY_MINUTES}"
            return Part(text, NUMBER, _PRODUCT, (right.text, left.text))
        return Part(f"days({right.text}, {left.text})", NUMBER, 9, (right.text, left.text))
    if op == "*":
        for diff, factor in ((left, right), (right, left)):
            if diff.difference and factor.text == str(DAY_MINUTES):
                return Part(f"minutes({diff.difference[0]}, {diff.difference[1]})", NUMBER)
    _numbers(left, position)
    _numbers(right, position)
    if op == "mod":
        return Part(f"mod({left.text}, {right.text})", NUMBER)
    strength = _SUM if op in "+-" else _PRODUCT
    symbol = "/" if op == "div" else op
    # the right operand binds tighter: a - (b - c) keeps its parentheses
    text = f"{_wrap(left, strength)} {symbol} {_wrap(right, strength + 1)}"
    return Part(text, NUMBER, strength)


def _selected(args: list[Part], position: int) -> Part:
    codes, code = args
    if codes.kind == CODES or codes.kind == ANY:
        return Part(f"{codes.text} has {_wrap(code, 9)}", BOOL, _EQUALITY)
    if codes.kind in (DATE, DATETIME, NUMBER, BOOL):
        raise XPathError("selected", position, name=codes.text)
    return Part(f"{codes.text} == {_wrap(code, 9)}", BOOL, _EQUALITY)


def _date(args: list[Part], position: int) -> Part:
    (value,) = args
    if value.kind not in (DATE, DATETIME, ANY):
        raise XPathError("date_text", position, name="date()", text=value.text)
    return Part(value.text, DATE, value.strength)


def _same(name: str, kind: str | None = None) -> Callable[[list[Part], int], Part]:
    """A function that has the same name and meaning in tilsyn (or another name)."""

    def build(args: list[Part], position: int) -> Part:
        result = kind or (args[1].kind if name == "if" else args[0].kind)
        return Part(f"{name}({', '.join(a.text for a in args)})", result)

    return build


def _literal(value: str) -> Callable[[list[Part], int], Part]:
    return lambda args, position: Part(value, BOOL)


def _not(args: list[Part], position: int) -> Part:
    return Part(f"not {_wrap(args[0], 8)}", BOOL, _UNARY)


def _regex(args: list[Part], position: int) -> Part:
    if args[1].text[:1] not in ("'", '"'):
        raise XPathError("regex", position)
    return Part(f"matches({args[0].text}, {args[1].text})", BOOL)


# name -> (fewest arguments, most (None: any), how to translate)
_FUNCTIONS: dict[str, tuple[int, int | None, Callable[[list[Part], int], Part]]] = {
    "abs": (1, 1, _same("abs", NUMBER)),
    "coalesce": (2, None, _same("coalesce")),
    "count-selected": (1, 1, _same("count", NUMBER)),
    "date": (1, 1, _date),
    "false": (0, 0, _literal("false")),
    "if": (3, 3, _same("if")),
    "int": (1, 1, _same("int", NUMBER)),
    "max": (1, None, _same("max")),
    "min": (1, None, _same("min")),
    "not": (1, 1, _not),
    "now": (0, 0, _same("now", DATETIME)),  # only in `. <= now()`: a time not in the future
    "regex": (2, 2, _regex),
    "selected": (2, 2, _selected),
    "string-length": (1, 1, _same("length", NUMBER)),
    "today": (0, 0, _same("today", DATE)),
    "true": (0, 0, _literal("true")),
}
KNOWN_FUNCTIONS = ", ".join(f"{name}()" for name in sorted(_FUNCTIONS))
