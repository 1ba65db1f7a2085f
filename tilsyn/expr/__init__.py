"""The small rule language of survey relevance ("asked if"), derived values and criteria rules.

Rules live in data files written by people, so they are parsed by our own tokenizer and
recursive-descent parser and never handed to `eval`: a rule can read names through the lookup
it is given, compute with numbers and dates, and compare values, nothing else. Grammar
(docs/CONTRACTS.md, "Expressions"):

    expr    := or ;  or := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | cmp
    cmp     := sum (OP sum)?      OP: == = != < <= > >= in has has_any
    sum     := product (('+' | '-') product)* ;  product := unary (('*' | '/') unary)*
    unary   := '-' unary | atom
    atom    := NAME | FUNCTION '(' (sum (',' sum)*)? ')' | 'string' | "string" | number
             | 'if' '(' expr ',' sum ',' sum ')'
             | [literal, ...] | ( expr ) | true | false
    FUNCTION: days(a, b)  minutes(a, b)  min(x, ...)  max(x, ...)  abs(x)  int(x)  mod(a, b)
              count(many)  length(text)  matches(text, 'pattern')  today()
              if(condition, a, b)  coalesce(a, b, ...)

List items are literals (strings, numbers, true, false), not names. Keywords and function
names are lowercase; names are ASCII `[A-Za-z_][A-Za-z0-9_]*`; numbers are `123` or `12.5` (no
exponent; `-` is the operator); strings have no escapes (a string may hold the other kind of
quote). A name followed by `(` is a function call, and only the functions listed exist
(`tilsyn.expr.functions.TABLE`; XLSForm's functions of the same use are translated to them).

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
  numbers, or of dates, or of datetimes. `abs(x)`: of a number. `int(x)`: its whole part,
  toward zero. `mod(a, b)`: the remainder with the sign of a (UNKNOWN when b is 0).
  `count(m)`: how many codes a many-choice value holds. `length(t)`: of a text.
  `matches(t, 'pattern')`: whether the pattern (a literal, checked when the rule is read) is
  found anywhere in the text; a condition. `today()`: the date tilsyn runs on
  (SOURCE_DATE_EPOCH's where it is set). `if(c, a, b)`: a when c holds, b when not, UNKNOWN
  when c is; only the value chosen is read. `coalesce(a, b, ...)`: the first value given; when
  none is, UNKNOWN if any is, else None.

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

The package: `tokens` (text -> tokens), `parser` (tokens -> a tuple tree), `functions` (the
table of functions), `semantics` and `membership` (what operators mean, as closures), `build`
(tree -> closures); `base` holds what they share.
"""

from __future__ import annotations

import functools

from tilsyn.expr.base import (
    MAX_NESTING,
    MAX_NUMBER_DIGITS,
    MAX_SOURCE_LENGTH,
    UNKNOWN,
    ExprError,
    Fn,
    Lookup,
    Truth,
    UnknownType,
)
from tilsyn.expr.build import Builder
from tilsyn.expr.functions import FUNCTIONS
from tilsyn.expr.parser import Node, collect_names, parse_tree
from tilsyn.expr.semantics import getter

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
    "parse_tree",
    "FUNCTIONS",
    "MAX_SOURCE_LENGTH",
    "MAX_NESTING",
    "MAX_NUMBER_DIGITS",
]


class Expr:
    """A compiled condition: parse once at load time, evaluate per record."""

    __slots__ = ("source", "names", "_fn")

    def __init__(self, source: str, names: frozenset[str], fn: Fn):
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


def _parse(source: object) -> tuple[Node, frozenset[str]]:
    tree = parse_tree(source)
    found: set[str] = set()
    collect_names(tree, found)
    return tree, frozenset(found)


@functools.lru_cache(maxsize=4096)
def compile(source: str) -> Expr:  # noqa: A001 - the natural name; builtins.compile is not used
    """Parse the condition `source` into an `Expr`; raises `ExprError` with the position of any
    mistake, including a value that is not a condition (`days(a, b)`, `'yes'`).

    Memoized: the same rule text in several fields or criteria is parsed once.
    """
    tree, found = _parse(source)
    return Expr(source, found, Builder(source).cond(tree))


@functools.lru_cache(maxsize=4096)
def compile_value(source: str) -> ValueExpr:
    """Parse `source` into a `ValueExpr` that computes a value, e.g. a derived number
    `minutes(queue_started_at, answered_at)`; a condition is a value too (true, false or
    UNKNOWN). Raises `ExprError` with the position of any mistake. Memoized.
    """
    tree, found = _parse(source)
    return ValueExpr(source, found, getter(Builder(source).value(tree)))


def names(source: str) -> frozenset[str]:
    """The names (fields, derived names, parameters) a rule or value reads, not function names;
    raises `ExprError`."""
    return compile_value(source).names
