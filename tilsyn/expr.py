"""The small rule language of survey relevance ("asked if"), derived values and criteria rules.

Rules live in data files written by people, so they are parsed by our own tokenizer and
recursive-descent parser and never handed to `eval`: a rule can read names through the lookup
it is given, compute with numbers and dates, and compare values, nothing else. Grammar
(docs/CONTRACTS.md, "Expressions"):

    expr    := or ;  or := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | cmp
    cmp     := sum (OP sum)?      OP: == = != < <= > >= in has has_any
    sum     := product (('+' | '-') product)* ;  product := unary (('*' | '/') unary)*
    unary   := '-' unary | atom
    atom    := NAME | FUNCTION '(' sum (',' sum)* ')' | 'string' | "string" | number
             | [literal, ...] | ( expr ) | true | false
    FUNCTION: days(a, b)  minutes(a, b)  min(x, ...)  max(x, ...)  abs(x)

List items are literals (strings, numbers, true, false), not names. Keywords and function
names are lowercase; names are ASCII `[A-Za-z_][A-Za-z0-9_]*`; numbers are `123` or `12.5` (no
exponent; `-` is the operator); strings have no escapes (a string may hold the other kind of
quote). A name followed by `(` is a function call, and only the five functions exist.

Evaluation is three-valued (Kleene). A name resolves to str, int, float, date, datetime, a
tuple of codes (a "many" field), None (empty because not asked) or `UNKNOWN` (asked but not
answered):

* `==` `=` `!=`: UNKNOWN if either side is UNKNOWN; None is an ordinary value.
* `<` `<=` `>` `>=`: UNKNOWN if either side is UNKNOWN; false if either side is None; false
  when the values cannot be ordered (text against a number): records are validated before
  they are scored, so this can only be a rule that compares the wrong things, and a wrong
  comparison should fail the rule rather than crash a run of 100,000 records.
* `x in [..]`, `a has 'c'`, `a has_any [..]`: UNKNOWN if either side is UNKNOWN; false if
  either side is None.
* `not`, `and`, `or`: Kleene, short-circuiting where the result is already settled
  (`false and UNKNOWN` is false, `true or UNKNOWN` is true).
* A bare name used as a condition (`acute`, `not acute`) must hold true, false, UNKNOWN or
  None (None counts as false).
* `+ - * /`, unary `-` and the functions: UNKNOWN if any operand is UNKNOWN, else None if any
  is None, else the value. `/` always gives a float; dividing by zero gives UNKNOWN (by a
  literal 0 it is a compile error). `days(a, b)`: whole days from date a to date b (int; a
  datetime counts by its date; negative when b is before a). `minutes(a, b)`: the time from
  a to b in whole seconds (rounded to the nearest second) divided by 60, a float such as 14.5
  and exact for whole minutes (a date counts as its midnight). `min`/`max`: of one or more
  numbers, or of dates, or of datetimes. `abs(x)`: of a number.

A rule that uses a value in a way it cannot be (a bare name holding text, `has` on a value that
is not a list of codes, text or a bool in arithmetic, a number where `days` needs a date, a
result beyond ±10**18) raises `ExprError` at evaluation: that is a bug in the rule, not in the
data, and it must not be scored silently as false. Literals of the wrong kind (`'a' + 1`,
`days(3, d)`) are caught at compile time.

Limits keep a hostile or mistaken file from exhausting the parser: at most
`MAX_SOURCE_LENGTH` characters, `MAX_NESTING` nested parentheses, `not`s, `-`s and function
calls, and `MAX_NUMBER_DIGITS` digits in a number; each is an `ExprError` with a position.

`compile` builds a condition (true, false or UNKNOWN); `compile_value` builds a value (a number,
date, bool, text, tuple, None or UNKNOWN), for derived values such as
`minutes(queue_started_at, answered_at)`. Both are memoized and build nested closures, because
scoring evaluates rules millions of times; `evaluate` then costs a handful of Python calls.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple, TypeAlias

__all__ = [
    "UNKNOWN",
    "UnknownType",
    "Truth",
    "ExprError",
    "Expr",
    "ValueExpr",
    "compile",
    "compile_value",
    "names",
    "FUNCTIONS",
    "MAX_SOURCE_LENGTH",
    "MAX_NESTING",
    "MAX_NUMBER_DIGITS",
]

MAX_SOURCE_LENGTH: Final = 4000
MAX_NESTING: Final = 64
MAX_NUMBER_DIGITS: Final = 15
_MAX_RESULT = 1e18  # an arithmetic result beyond this is a rule bug (e.g. x * x * x * ...)


class UnknownType:
    """The type of `UNKNOWN`: the third truth value, "relevant but not answered".

    A singleton, so results are compared with `is`. It refuses `bool()`, so that an
    `if rule.evaluate(...)` that forgot the third case fails loudly instead of treating an
    unanswered question as answered.
    """

    __slots__ = ()
    _instance: UnknownType | None = None

    def __new__(cls) -> UnknownType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN is neither true nor false; test for it with `is UNKNOWN`")

    def __reduce__(self) -> str:
        return "UNKNOWN"  # pickle and copy give back the singleton


UNKNOWN: Final = UnknownType()

Truth: TypeAlias = "bool | UnknownType"
Lookup: TypeAlias = Callable[[str], object]
_Fn: TypeAlias = Callable[[Lookup], object]

_COLLECTIONS = (tuple, list, frozenset, set)


class ExprError(ValueError):
    """A rule that cannot be parsed (or, at evaluation, uses a value in a way it cannot be).

    `message` says what was expected and where, `position` is the 0-based character offset in
    `source`, so a loader can point at the spot in the survey or catalogue file.
    """

    def __init__(self, message: str, position: int, source: str):
        super().__init__(message)
        self.message = message
        self.position = position
        self.source = source

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------------------------
# Functions: a closed set. Each takes the values of its arguments, none of them None or UNKNOWN
# (the caller has handled those), and raises `_WrongArgument` for one of the wrong type.


class _WrongArgument(Exception):
    def __init__(self, index: int, needs: str):
        self.index, self.needs = index, needs


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and value is not True and value is not False


def _as_date(value: object, index: int) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise _WrongArgument(index, "a date")


def _as_datetime(value: object, index: int) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise _WrongArgument(index, "a date or time")


def _days(values: Sequence[object]) -> int:
    return (_as_date(values[1], 1) - _as_date(values[0], 0)).days


def _minutes(values: Sequence[object]) -> float:
    start, end = _as_datetime(values[0], 0), _as_datetime(values[1], 1)
    if (start.tzinfo is None) != (end.tzinfo is None):
        raise _WrongArgument(1, "a time like the first (both with a time zone or neither)")
    return round((end - start).total_seconds()) / 60


def _kind_of(value: object) -> str | None:
    """What min and max can order: numbers, dates, datetimes (never mixed)."""
    if _is_number(value):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    return None


def _extreme(pick: Callable[[Sequence[object]], object]) -> Callable[[Sequence[object]], object]:
    def impl(values: Sequence[object]) -> object:
        first = _kind_of(values[0])
        if first is None:
            raise _WrongArgument(0, "a number, date or time")
        for index, value in enumerate(values):
            if _kind_of(value) != first:
                raise _WrongArgument(index, f"a {first} like the first argument")
        return pick(values)

    return impl


def _abs(values: Sequence[object]) -> object:
    if not _is_number(values[0]):
        raise _WrongArgument(0, "a number")
    return abs(values[0])  # type: ignore[arg-type]


class _Function(NamedTuple):
    min_args: int
    max_args: int | None  # None: any number
    arguments: str  # what the arguments are, for messages
    takes_numbers: bool  # a number literal or arithmetic is a fine argument
    gives_number: bool  # the result is always a number (not a date)
    impl: Callable[[Sequence[object]], object]


_FUNCTIONS: dict[str, _Function] = {
    "abs": _Function(1, 1, "a number", True, True, _abs),
    "days": _Function(2, 2, "the date from and the date to", False, True, _days),
    "max": _Function(1, None, "numbers, dates or times", True, False, _extreme(max)),
    "min": _Function(1, None, "numbers, dates or times", True, False, _extreme(min)),
    "minutes": _Function(2, 2, "the time from and the time to", False, True, _minutes),
}
FUNCTIONS: Final = tuple(sorted(_FUNCTIONS))
_FUNCTION_LIST = ", ".join(f"{name}()" for name in FUNCTIONS)


# ---------------------------------------------------------------------------------------------
# Tokenizer

_KEYWORDS = frozenset({"and", "or", "not", "in", "has", "has_any", "true", "false"})
_CMP_OPS = frozenset({"==", "=", "!=", "<", "<=", ">", ">=", "in", "has", "has_any"})

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|=|\(|\)|\[|\]|,|\+|-|\*|/)
  | (?P<quote>['"])
    """,
    re.VERBOSE,
)
_AFTER_NUMBER = re.compile(r"[A-Za-z0-9_.]")
_NUMBER_LIKE = re.compile(r"[A-Za-z0-9_.]+")

# kinds: "name", "kw", "op", "str", "num", "end"
_Token: TypeAlias = tuple[str, object, int]


def _describe(tok: _Token) -> str:
    kind, value, _ = tok
    if kind == "end":
        return "end of input"
    if kind == "name":
        return f"name '{value}'"
    if kind == "str":
        return f"string {value!r}"
    if kind == "num":
        return f"number {value!r}"
    return f"'{value}'"


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    end = len(source)
    while pos < end:
        m = _TOKEN.match(source, pos)
        if m is None:
            raise ExprError(f"unexpected character {source[pos]!r} at position {pos}", pos, source)
        kind = m.lastgroup
        text = m.group()
        if kind == "quote":
            close = source.find(text, pos + 1)
            if close < 0:
                raise ExprError(
                    f"unterminated string: the quote at position {pos} is never closed",
                    pos,
                    source,
                )
            tokens.append(("str", source[pos + 1 : close], pos))
            pos = close + 1
            continue
        if kind == "number":
            tokens.append(("num", _number(source, m), pos))
        elif kind == "name":
            tokens.append(("kw" if text in _KEYWORDS else "name", text, pos))
        elif kind == "op":
            tokens.append(("op", text, pos))
        pos = m.end()
    tokens.append(("end", None, end))
    return tokens


def _number(source: str, m: re.Match[str]) -> int | float:
    """The value of a number token; checked before conversion, so no huge int is ever made."""
    text, pos = m.group(), m.start()
    if _AFTER_NUMBER.match(source, m.end()):
        bad = _NUMBER_LIKE.match(source, pos).group()  # type: ignore[union-attr]
        shown = bad if len(bad) <= 30 else bad[:30] + "…"
        raise ExprError(f"invalid number {shown!r} at position {pos}", pos, source)
    digits = len(text) - ("." in text)
    if digits > MAX_NUMBER_DIGITS:
        raise ExprError(
            f"the number at position {pos} has {digits} digits; at most {MAX_NUMBER_DIGITS} "
            f"are allowed",
            pos,
            source,
        )
    return float(text) if "." in text else int(text)


# ---------------------------------------------------------------------------------------------
# Parser: builds a small tuple tree; `_Builder` turns it into closures.
#   ("or", [nodes], pos) ("and", [nodes], pos) ("not", node, pos) ("cmp", op, left, right, pos)
#   ("name", name, pos) ("lit", value, pos) ("list", tuple, pos) ("group", node, pos)
#   ("arith", (first, [(op, node), ...]), pos)   one run of + - or of * /
#   ("neg", node, pos) ("call", (function, [nodes]), pos)

_Node: TypeAlias = tuple


class _Parser:
    def __init__(self, source: str):
        self.source = source
        if len(source) > MAX_SOURCE_LENGTH:
            raise self.error(
                f"the expression is {len(source)} characters long; at most "
                f"{MAX_SOURCE_LENGTH} are allowed (position {MAX_SOURCE_LENGTH} is past the "
                f"limit)",
                MAX_SOURCE_LENGTH,
            )
        self.tokens = _tokenize(source)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def is_kw(self, word: str) -> bool:
        kind, value, _ = self.tokens[self.i]
        return kind == "kw" and value == word

    def is_op(self, *ops: str) -> bool:
        kind, value, _ = self.tokens[self.i]
        return kind == "op" and value in ops

    def error(self, message: str, position: int) -> ExprError:
        return ExprError(message, position, self.source)

    def expected(self, what: str, after: _Token | None) -> ExprError:
        tok = self.tok
        where = f" after '{after[1]}'" if after is not None else ""
        return self.error(
            f"expected {what}{where} at position {tok[2]}, found {_describe(tok)}", tok[2]
        )

    def enter(self, position: int) -> None:
        """One level deeper (a parenthesis, `not`, `-` or call): bounded, so that no input can
        exhaust Python's stack here or in the closures built from the tree."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(
                f"the expression nests too deeply at position {position}: at most "
                f"{MAX_NESTING} levels of parentheses, 'not', '-' and function calls",
                position,
            )

    def parse(self) -> _Node:
        if not self.source.strip():
            raise self.error("the expression is empty", 0)
        node = self.parse_or()
        tok = self.tok
        if tok[0] != "end":
            hint = ""
            if tok[0] == "name" and str(tok[1]).lower() in _KEYWORDS:
                hint = f" (keywords are lowercase: '{str(tok[1]).lower()}')"
            elif tok[0] == "name" and tok[1] == "is":
                hint = " (write '==' or '!=' instead of 'is')"
            elif tok[1] == "(":
                hint = f" (only a function name can be followed by '(': {_FUNCTION_LIST})"
            elif tok[0] in ("op", "kw") and tok[1] in _CMP_OPS:
                hint = " (comparisons cannot be chained; join them with 'and')"
            raise self.error(
                f"unexpected {_describe(tok)} at position {tok[2]}; expected an operator, "
                f"'and', 'or' or the end{hint}",
                tok[2],
            )
        return node

    def parse_or(self, after: _Token | None = None) -> _Node:
        pos = self.tok[2]
        items = [self.parse_and(after)]
        while self.is_kw("or"):
            after = self.tok
            self.i += 1
            items.append(self.parse_and(after))
        return items[0] if len(items) == 1 else ("or", items, pos)

    def parse_and(self, after: _Token | None) -> _Node:
        pos = self.tok[2]
        items = [self.parse_not(after)]
        while self.is_kw("and"):
            op = self.tok
            self.i += 1
            items.append(self.parse_not(op))
        return items[0] if len(items) == 1 else ("and", items, pos)

    def parse_not(self, after: _Token | None) -> _Node:
        if self.is_kw("not"):
            tok = self.tok
            self.enter(tok[2])
            self.i += 1
            node = ("not", self.parse_not(tok), tok[2])
            self.depth -= 1
            return node
        return self.parse_cmp(after)

    def parse_cmp(self, after: _Token | None) -> _Node:
        left = self.parse_sum(after)
        kind, value, pos = self.tok
        if kind in ("op", "kw") and value in _CMP_OPS:
            op_tok = self.tok
            self.i += 1
            right = self.parse_sum(op_tok)
            op = "==" if value == "=" else str(value)
            if op in ("in", "has_any") and right[0] not in ("list", "name"):
                raise self.error(
                    f"expected a list such as ['a', 'b'] after '{value}' at position "
                    f"{right[2]}, found {_node_text(right)}",
                    right[2],
                )
            if op == "has" and right[0] == "list":
                raise self.error(
                    f"expected a single code after 'has' at position {right[2]}, found a "
                    f"list (use 'has_any' for a list)",
                    right[2],
                )
            return ("cmp", op, left, right, pos)
        return left

    def parse_sum(self, after: _Token | None) -> _Node:
        return self.parse_run(("+", "-"), self.parse_product, after)

    def parse_product(self, after: _Token | None) -> _Node:
        return self.parse_run(("*", "/"), self.parse_unary, after)

    def parse_run(
        self, ops: tuple[str, str], operand: Callable[[_Token | None], _Node], after: _Token | None
    ) -> _Node:
        """`operand (op operand)*`, kept flat so that a long sum is a loop, not a recursion."""
        first = operand(after)
        rest = []
        while self.is_op(*ops):
            op_tok = self.tok
            self.i += 1
            rest.append((op_tok[1], operand(op_tok)))
        return ("arith", (first, rest), first[2]) if rest else first

    def parse_unary(self, after: _Token | None) -> _Node:
        if not self.is_op("-"):
            return self.parse_term(after)
        tok = self.tok
        self.enter(tok[2])
        self.i += 1
        operand = self.parse_unary(tok)
        self.depth -= 1
        if operand[0] == "lit" and type(operand[1]) in (int, float):
            return ("lit", -operand[1], tok[2])  # a negative number is a literal
        return ("neg", operand, tok[2])

    def parse_term(self, after: _Token | None) -> _Node:
        kind, value, pos = self.tok
        if kind == "name":
            self.i += 1
            if self.is_op("("):
                return self.parse_call(str(value), pos)
            return ("name", value, pos)
        if kind in ("str", "num"):
            self.i += 1
            return ("lit", value, pos)
        if kind == "kw" and value in ("true", "false"):
            self.i += 1
            return ("lit", value == "true", pos)
        if kind == "op" and value == "(":
            self.enter(pos)
            self.i += 1
            inner = self.parse_or(self.tokens[self.i - 1])
            if not self.is_op(")"):
                tok = self.tok
                raise self.error(
                    f"expected ')' to close the '(' at position {pos}, found {_describe(tok)} "
                    f"at position {tok[2]}",
                    tok[2],
                )
            self.i += 1
            self.depth -= 1
            return ("group", inner, pos)
        if kind == "op" and value == "[":
            return self.parse_list()
        raise self.expected("a value", after)

    def parse_call(self, name: str, pos: int) -> _Node:
        function = _FUNCTIONS.get(name)
        if function is None:
            hint = ""
            if name.lower() in _FUNCTIONS:
                hint = f" (function names are lowercase: '{name.lower()}')"
            raise self.error(
                f"unknown function '{name}' at position {pos}; the functions are "
                f"{_FUNCTION_LIST}{hint}",
                pos,
            )
        self.enter(pos)
        open_tok = self.tok
        self.i += 1
        args: list[_Node] = []
        if not self.is_op(")"):
            after = open_tok
            while True:
                args.append(self.parse_sum(after))
                if self.is_op(")"):
                    break
                if not self.is_op(","):
                    tok = self.tok
                    raise self.error(
                        f"expected ',' or ')' in the call of {name}() at position {pos}, found "
                        f"{_describe(tok)} at position {tok[2]}",
                        tok[2],
                    )
                after = self.tok
                self.i += 1
        close = self.tok
        self.i += 1
        self.depth -= 1
        count = len(args)
        if count < function.min_args or (
            function.max_args is not None and count > function.max_args
        ):
            wanted = (
                f"{function.min_args}"
                if function.min_args == function.max_args
                else f"at least {function.min_args}"
            )
            raise self.error(
                f"{name}() at position {pos} takes {wanted} argument"
                f"{'' if function.min_args == 1 else 's'}: {function.arguments}; found "
                f"{count} at position {close[2]}",
                close[2],
            )
        return ("call", (name, args), pos)

    def parse_list(self) -> _Node:
        open_tok = self.tok
        self.i += 1
        items: list[object] = []
        if self.is_op("]"):
            self.i += 1
            return ("list", (), open_tok[2])
        after = open_tok
        while True:
            kind, value, pos = self.tok
            if self.is_op("-") and self.tokens[self.i + 1][0] == "num":
                self.i += 1
                items.append(-self.tok[1])  # type: ignore[operator]
            elif kind in ("str", "num"):
                items.append(value)
            elif kind == "kw" and value in ("true", "false"):
                items.append(value == "true")
            else:
                raise self.expected("a string or number in the list", after)
            self.i += 1
            kind, value, pos = self.tok
            if kind == "op" and value == "]":
                self.i += 1
                return ("list", tuple(items), open_tok[2])
            if kind == "op" and value == ",":
                after = self.tok
                self.i += 1
                continue
            raise self.error(
                f"expected ',' or ']' in the list opened at position {open_tok[2]}, found "
                f"{_describe(self.tok)} at position {pos}",
                pos,
            )


def _literal_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"the number {value!r}"


def _node_text(node: _Node) -> str:
    """A node in words, for messages."""
    kind = node[0]
    if kind == "lit":
        return _literal_text(node[1])
    if kind == "call":
        return f"a call of {node[1][0]}()"
    return {
        "group": "a parenthesised expression",
        "list": "a list",
        "name": f"'{node[1]}'",
        "arith": "an arithmetic expression",
        "neg": "an arithmetic expression",
    }.get(kind, "a condition")


def _unwrap(node: _Node) -> _Node:
    while node[0] == "group":
        node = node[1]
    return node


def _is_numeric(node: _Node) -> bool | None:
    """True: always a number; None: a name or min/max, known only at evaluation; False: never
    a number (text, a list, a condition)."""
    node = _unwrap(node)
    kind = node[0]
    if kind in ("arith", "neg"):
        return True
    if kind == "lit":
        return type(node[1]) in (int, float)
    if kind == "call":
        return True if _FUNCTIONS[node[1][0]].gives_number else None
    return None if kind == "name" else False


def _collect_names(node: _Node, out: set[str]) -> None:
    kind = node[0]
    if kind == "name":
        out.add(node[1])
    elif kind in ("or", "and"):
        for item in node[1]:
            _collect_names(item, out)
    elif kind in ("not", "group", "neg"):
        _collect_names(node[1], out)
    elif kind == "cmp":
        _collect_names(node[2], out)
        _collect_names(node[3], out)
    elif kind == "arith":
        _collect_names(node[1][0], out)
        for _, item in node[1][1]:
            _collect_names(item, out)
    elif kind == "call":
        for item in node[1][1]:
            _collect_names(item, out)


# ---------------------------------------------------------------------------------------------
# Semantics of the binary operators on two values (the generic path; the builder also has
# specialised closures for the common `name OP literal` shape that must agree with these).


def _eq(a: object, b: object) -> object:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return a == b


def _ne(a: object, b: object) -> object:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    return a != b


def _ordering(compare: Callable[[object, object], bool]) -> Callable[[object, object], object]:
    def sem(a: object, b: object) -> object:
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        if a is None or b is None:
            return False
        try:
            return compare(a, b)
        except TypeError:  # e.g. text against a number: documented as false
            return False

    return sem


_SEMANTICS: dict[str, Callable[[object, object], object]] = {
    "==": _eq,
    "!=": _ne,
    "<": _ordering(lambda a, b: a < b),  # type: ignore[operator]
    "<=": _ordering(lambda a, b: a <= b),  # type: ignore[operator]
    ">": _ordering(lambda a, b: a > b),  # type: ignore[operator]
    ">=": _ordering(lambda a, b: a >= b),  # type: ignore[operator]
}


class _Builder:
    """Turns the parse tree into closures `fn(lookup) -> value`."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, message: str, position: int) -> ExprError:
        return ExprError(message, position, self.source)

    # -- conditions: closures returning True, False or UNKNOWN

    def cond(self, node: _Node) -> _Fn:
        kind = node[0]
        if kind == "or":
            return _or([self.cond(n) for n in node[1]])
        if kind == "and":
            return _and([self.cond(n) for n in node[1]])
        if kind == "not":
            inner = node[1]
            while inner[0] == "group":
                inner = inner[1]
            if inner[0] == "name":
                return self.not_name(inner[1], inner[2])
            return _not(self.cond(inner))
        if kind == "group":
            return self.cond(node[1])
        if kind == "cmp":
            return self.compare(node)
        if kind == "name":
            return self.bare_name(node[1], node[2])
        if kind == "lit" and isinstance(node[1], bool):
            value = node[1]
            return lambda lookup: value
        example = "days(a, b) <= 10" if _is_numeric(node) else "name == 'yes'"
        raise self.fail(
            f"expected a condition at position {node[2]}, found {_node_text(node)} (compare "
            f"it with something, e.g. {example})",
            node[2],
        )

    def not_boolean(self, name: str, value: object, position: int) -> ExprError:
        # The type only, never the value: a text field may hold personal data.
        return self.fail(
            f"'{name}' at position {position} is used as a condition, but its value is a "
            f"{type(value).__name__}, not true or false (compare it, e.g. {name} == 'yes')",
            position,
        )

    def bare_name(self, name: str, position: int) -> _Fn:
        def fn(lookup: Lookup) -> object:
            v = lookup(name)
            if v is True or v is False or v is UNKNOWN:
                return v
            if v is None:
                return False
            raise self.not_boolean(name, v, position)

        return fn

    def not_name(self, name: str, position: int) -> _Fn:
        def fn(lookup: Lookup) -> object:
            v = lookup(name)
            if v is False or v is None:
                return True
            if v is True:
                return False
            if v is UNKNOWN:
                return UNKNOWN
            raise self.not_boolean(name, v, position)

        return fn

    # -- values: ("const", v), ("name", name) or ("fn", closure)

    def value(self, node: _Node) -> tuple[str, object]:
        kind = node[0]
        if kind == "lit" or kind == "list":
            return ("const", node[1])
        if kind == "name":
            return ("name", node[1])
        if kind == "group":
            return self.value(node[1])
        if kind == "arith":
            return self.arith(node)
        if kind == "neg":
            return self.negate(node)
        if kind == "call":
            return self.call(node)
        # a condition used as a value, e.g. (a == 'x') == true
        return ("fn", self.cond(node))

    @staticmethod
    def getter(spec: tuple[str, object]) -> _Fn:
        kind, payload = spec
        if kind == "const":
            return lambda lookup: payload
        if kind == "name":
            return lambda lookup: lookup(payload)  # type: ignore[arg-type]
        return payload  # type: ignore[return-value]

    # -- arithmetic and functions: UNKNOWN if any operand is, else None if any is, else a value

    def wrong_type(
        self, value: object, where: tuple[str, int], doing: str, needs: str
    ) -> ExprError:
        # The type only, never the value: a text field may hold personal data.
        who, position = where
        return self.fail(
            f"{who} at position {position} is {doing}, but its value is a "
            f"{type(value).__name__}, not {needs}",
            position,
        )

    def numeric(self, node: _Node, context: str) -> tuple[str, object]:
        """The value of an operand that must be a number: a literal that cannot be one (text,
        a list, a condition) is a mistake in the rule, reported now rather than per record."""
        if _is_numeric(node) is False:
            raise self.fail(
                f"{context} needs numbers: found {_node_text(_unwrap(node))} at position {node[2]}",
                node[2],
            )
        return self.value(node)

    def folded(self, fn: _Fn, specs: list[tuple[str, object]]) -> tuple[str, object]:
        """A computation on literals only is done once, here (`2 * 60` is the constant 120)."""
        if all(spec[0] == "const" for spec in specs):
            return ("const", fn(_no_lookup))
        return ("fn", fn)

    def arith(self, node: _Node) -> tuple[str, object]:
        (first, rest), position = node[1], node[2]
        nodes = [first] + [operand for _, operand in rest]
        ops = tuple(op for op, _ in rest)
        specs = [self.numeric(n, "arithmetic") for n in nodes]
        for op, operand, spec in zip(ops, nodes[1:], specs[1:], strict=False):
            if op == "/" and spec[0] == "const" and spec[1] == 0:
                raise self.fail(f"division by zero at position {operand[2]}", operand[2])
        getters = tuple(map(self.getter, specs))
        wheres = tuple(map(_where, nodes))

        def too_large() -> ExprError:
            return self.fail(
                f"the arithmetic at position {position} gives a result beyond ±10^18 (or not "
                f"a number at all); check the rule",
                position,
            )

        def fn(lookup: Lookup) -> object:
            values = [get(lookup) for get in getters]
            gap = _gap(values)
            if gap is not _PRESENT:
                return gap
            for value, where in zip(values, wheres, strict=False):
                if not _is_number(value):
                    raise self.wrong_type(value, where, "used in arithmetic", "a number")
            total: object = values[0]
            try:
                for op, value in zip(ops, values[1:], strict=False):
                    if op == "+":
                        total = total + value  # type: ignore[operator]
                    elif op == "-":
                        total = total - value  # type: ignore[operator]
                    elif op == "*":
                        total = total * value  # type: ignore[operator]
                    elif value == 0:
                        return UNKNOWN
                    else:
                        total = total / value  # type: ignore[operator]
            except OverflowError:
                raise too_large() from None
            if -_MAX_RESULT <= total <= _MAX_RESULT:  # type: ignore[operator]
                return total
            raise too_large()

        return self.folded(fn, specs)

    def negate(self, node: _Node) -> tuple[str, object]:
        _, operand, _ = node
        spec = self.numeric(operand, "arithmetic")
        get = self.getter(spec)
        where = _where(operand)

        def fn(lookup: Lookup) -> object:
            value = get(lookup)
            if value is UNKNOWN or value is None:
                return value
            if not _is_number(value):
                raise self.wrong_type(value, where, "used in arithmetic", "a number")
            return -value  # type: ignore[operator]

        return self.folded(fn, [spec])

    def call(self, node: _Node) -> tuple[str, object]:
        name, args = node[1]
        function = _FUNCTIONS[name]
        specs = []
        for arg in args:
            numeric = _is_numeric(arg)
            if numeric is False or (numeric and not function.takes_numbers):
                raise self.fail(
                    f"{name}() needs {function.arguments}: found {_node_text(_unwrap(arg))} at "
                    f"position {arg[2]}",
                    arg[2],
                )
            specs.append(self.value(arg))
        getters = tuple(map(self.getter, specs))
        wheres = tuple(map(_where, args))
        impl, doing = function.impl, f"given to {name}()"

        def fn(lookup: Lookup) -> object:
            values = [get(lookup) for get in getters]
            gap = _gap(values)
            if gap is not _PRESENT:
                return gap
            try:
                return impl(values)
            except _WrongArgument as wrong:
                i = wrong.index
                raise self.wrong_type(values[i], wheres[i], doing, wrong.needs) from None

        return self.folded(fn, specs)

    def compare(self, node: _Node) -> _Fn:
        _, op, left_node, right_node, position = node
        left = self.value(left_node)
        right = self.value(right_node)
        if op in ("in", "has", "has_any"):
            return self.membership(op, left, right, left_node, right_node, position)
        if left[0] == "name" and right[0] == "const":
            return _name_vs_const(op, left[1], right[1])  # type: ignore[arg-type]
        sem = _SEMANTICS[op]
        lf, rf = self.getter(left), self.getter(right)
        return lambda lookup: sem(lf(lookup), rf(lookup))

    def membership(
        self,
        op: str,
        left: tuple[str, object],
        right: tuple[str, object],
        left_node: _Node,
        right_node: _Node,
        position: int,
    ) -> _Fn:
        """`in`, `has`, `has_any`: the side that must be a list of codes is checked here."""

        # Which side is the collection: `x in LIST`, `COLL has x`, `COLL has_any LIST`.
        def describe(node: _Node) -> str:
            return f"'{node[1]}'" if node[0] == "name" else "the value"

        def not_a_list(value: object, node: _Node) -> ExprError:
            return self.fail(
                f"{describe(node)} at position {node[2]} is used with '{op}', but its value "
                f"is a {type(value).__name__}, not a list of codes",
                node[2],
            )

        lf, rf = self.getter(left), self.getter(right)

        if op == "in":
            if right[0] == "const":
                items = tuple(right[1])  # type: ignore[call-overload]
                members = frozenset(items)
                if left[0] == "name":
                    name = left[1]

                    def in_const(lookup: Lookup) -> object:
                        v = lookup(name)  # type: ignore[arg-type]
                        if v is UNKNOWN:
                            return UNKNOWN
                        if v is None:
                            return False
                        try:
                            return v in members
                        except TypeError:  # unhashable value
                            return v in items

                    return in_const

            def in_any(lookup: Lookup) -> object:
                a, b = lf(lookup), rf(lookup)
                if a is UNKNOWN or b is UNKNOWN:
                    return UNKNOWN
                if a is None or b is None:
                    return False
                if not isinstance(b, _COLLECTIONS):
                    raise not_a_list(b, right_node)
                return a in b

            return in_any

        if op == "has":
            if left[0] == "name" and right[0] == "const":
                name, code = left[1], right[1]

                def has_const(lookup: Lookup) -> object:
                    v = lookup(name)  # type: ignore[arg-type]
                    if type(v) is tuple:
                        return code in v
                    if v is UNKNOWN:
                        return UNKNOWN
                    if v is None:
                        return False
                    if isinstance(v, _COLLECTIONS):
                        return code in v
                    raise not_a_list(v, left_node)

                return has_const

            def has_any_value(lookup: Lookup) -> object:
                a, b = lf(lookup), rf(lookup)
                if a is UNKNOWN or b is UNKNOWN:
                    return UNKNOWN
                if a is None or b is None:
                    return False
                if not isinstance(a, _COLLECTIONS):
                    raise not_a_list(a, left_node)
                return b in a

            return has_any_value

        # has_any
        if left[0] == "name" and right[0] == "const":
            name = left[1]
            codes = frozenset(right[1])  # type: ignore[arg-type]

            def has_any_const(lookup: Lookup) -> object:
                v = lookup(name)  # type: ignore[arg-type]
                if type(v) is tuple:
                    return not codes.isdisjoint(v)
                if v is UNKNOWN:
                    return UNKNOWN
                if v is None:
                    return False
                if isinstance(v, _COLLECTIONS):
                    return any(c in v for c in codes)
                raise not_a_list(v, left_node)

            return has_any_const

        def has_any_generic(lookup: Lookup) -> object:
            a, b = lf(lookup), rf(lookup)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            if a is None or b is None:
                return False
            if not isinstance(a, _COLLECTIONS):
                raise not_a_list(a, left_node)
            if not isinstance(b, _COLLECTIONS):
                raise not_a_list(b, right_node)
            return any(c in a for c in b)

        return has_any_generic


_PRESENT: Final = object()


def _gap(values: list[object]) -> object:
    """UNKNOWN if any value is UNKNOWN, else None if any is None, else `_PRESENT`."""
    gap = _PRESENT
    for value in values:
        if value is UNKNOWN:
            return UNKNOWN
        if value is None:
            gap = None
    return gap


def _where(node: _Node) -> tuple[str, int]:
    """Who an operand is and where, for messages about its value."""
    node = _unwrap(node)
    return (f"'{node[1]}'" if node[0] == "name" else "the value", node[2])


def _no_lookup(name: str) -> object:
    raise AssertionError(f"a constant expression read {name!r}")


def _name_vs_const(op: str, name: str, const: object) -> _Fn:
    """The common shape `field OP literal`, without the generic path's extra calls."""
    if op == "==":

        def eq(lookup: Lookup) -> object:
            v = lookup(name)
            if v is UNKNOWN:
                return UNKNOWN
            return v == const

        return eq
    if op == "!=":

        def ne(lookup: Lookup) -> object:
            v = lookup(name)
            if v is UNKNOWN:
                return UNKNOWN
            return v != const

        return ne
    sem = _SEMANTICS[op]
    return lambda lookup: sem(lookup(name), const)


def _not(inner: _Fn) -> _Fn:
    def fn(lookup: Lookup) -> object:
        v = inner(lookup)
        if v is True:
            return False
        if v is False:
            return True
        return UNKNOWN

    return fn


def _connective(parts: list[_Fn], decisive: bool) -> _Fn:
    """Kleene `and` (decisive False) or `or` (decisive True): the decisive value wins as soon
    as a part has it, without reading further names; else UNKNOWN if any part is."""
    frozen = tuple(parts)
    other = not decisive

    def fn(lookup: Lookup) -> object:
        result: object = other
        for part in frozen:
            v = part(lookup)
            if v is decisive:
                return decisive
            if v is not other:
                result = UNKNOWN
        return result

    return fn


def _and(parts: list[_Fn]) -> _Fn:
    return _connective(parts, False)


def _or(parts: list[_Fn]) -> _Fn:
    return _connective(parts, True)


# ---------------------------------------------------------------------------------------------
# Public API


class Expr:
    """A compiled condition: parse once at load time, evaluate per record."""

    __slots__ = ("source", "names", "_fn")

    def __init__(self, source: str, names: frozenset[str], fn: _Fn):
        self.source = source
        self.names = names  # every name the rule reads, so a loader can check them up front
        self._fn = fn

    def evaluate(self, lookup: Lookup) -> Truth:
        """True, False or UNKNOWN for the record that `lookup(name)` reads values from."""
        return self._fn(lookup)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.source!r})"


class ValueExpr(Expr):
    """A compiled value (`compile_value`): a number, date, bool, text, tuple, None or UNKNOWN."""

    __slots__ = ()

    def evaluate(self, lookup: Lookup) -> object:  # type: ignore[override]
        """The value for the record that `lookup(name)` reads values from."""
        return self._fn(lookup)


def _parse(source: object) -> tuple[_Node, frozenset[str]]:
    if not isinstance(source, str):
        raise TypeError(f"an expression must be a str, not {type(source).__name__}")
    tree = _Parser(source).parse()
    found: set[str] = set()
    _collect_names(tree, found)
    return tree, frozenset(found)


@functools.lru_cache(maxsize=4096)
def compile(source: str) -> Expr:  # noqa: A001 - the natural name; builtins.compile is not used
    """Parse the condition `source` into an `Expr`; raises `ExprError` with the position of any
    mistake, including a value that is not a condition (`days(a, b)`, `'yes'`).

    Memoized: the same rule text in several fields or criteria is parsed once.
    """
    tree, found = _parse(source)
    return Expr(source, found, _Builder(source).cond(tree))


@functools.lru_cache(maxsize=4096)
def compile_value(source: str) -> ValueExpr:
    """Parse `source` into a `ValueExpr` that computes a value, e.g. a derived number
    `minutes(queue_started_at, answered_at)`; a condition is a value too (true, false or
    UNKNOWN). Raises `ExprError` with the position of any mistake. Memoized.
    """
    tree, found = _parse(source)
    return ValueExpr(source, found, _Builder.getter(_Builder(source).value(tree)))


def names(source: str) -> frozenset[str]:
    """The names (fields, derived names, parameters) a rule or value reads, not function names;
    raises `ExprError`."""
    return compile_value(source).names
