"""The small rule language of survey relevance ("asked if") and criteria applies/pass rules.

Rules live in data files written by people, so they are parsed by our own tokenizer and
recursive-descent parser and never handed to `eval`: a rule can read names through the lookup
it is given and compare values, nothing else. Grammar (docs/CONTRACTS.md, "Expressions"):

    expr  := or ;  or := and ('or' and)* ;  and := not ('and' not)* ;  not := 'not' not | cmp
    cmp   := term (OP term)?      OP: == = != < <= > >= in has has_any
    term  := NAME | 'string' | "string" | number | [literal, ...] | ( expr ) | true | false

List items are literals (strings, numbers, true, false), not names. Keywords are lowercase;
names are ASCII `[A-Za-z_][A-Za-z0-9_]*`; numbers are `123` or `12.5` (no sign, no exponent);
strings have no escapes (a string may hold the other kind of quote).

Evaluation is three-valued (Kleene). A name resolves to str, int, float, a tuple of codes (a
"many" field), None (empty because not asked) or `UNKNOWN` (asked but not answered):

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

A rule that uses a value in a way it cannot be (a bare name holding text, `has` on a value that
is not a list of codes) raises `ExprError` at evaluation: that is a bug in the rule, not in the
data, and it must not be scored silently as false.

Rules are compiled once (`compile` is memoized) into nested closures, because scoring evaluates
them millions of times; `evaluate` then costs a handful of Python calls.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Final, TypeAlias

__all__ = ["UNKNOWN", "UnknownType", "Truth", "ExprError", "Expr", "compile", "names"]


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
# Tokenizer

_KEYWORDS = frozenset({"and", "or", "not", "in", "has", "has_any", "true", "false"})
_CMP_OPS = frozenset({"==", "=", "!=", "<", "<=", ">", ">=", "in", "has", "has_any"})

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|=|\(|\)|\[|\]|,)
  | (?P<quote>['"])
    """,
    re.VERBOSE,
)
_AFTER_NUMBER = re.compile(r"[A-Za-z0-9_.]")

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
            raise ExprError(
                f"unexpected character {source[pos]!r} at position {pos}", pos, source
            )
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
            if _AFTER_NUMBER.match(source, m.end()):
                bad = re.match(r"[A-Za-z0-9_.]+", source[pos:]).group()  # type: ignore[union-attr]
                raise ExprError(f"invalid number {bad!r} at position {pos}", pos, source)
            value: object = float(text) if "." in text else int(text)
            tokens.append(("num", value, pos))
        elif kind == "name":
            tokens.append(("kw" if text in _KEYWORDS else "name", text, pos))
        elif kind == "op":
            tokens.append(("op", text, pos))
        pos = m.end()
    tokens.append(("end", None, end))
    return tokens


# ---------------------------------------------------------------------------------------------
# Parser: builds a small tuple tree; `_Builder` turns it into closures.
#   ("or", [nodes], pos) ("and", [nodes], pos) ("not", node, pos) ("cmp", op, left, right, pos)
#   ("name", name, pos) ("lit", value, pos) ("list", tuple, pos) ("group", node, pos)

_Node: TypeAlias = tuple


class _Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = _tokenize(source)
        self.i = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def is_kw(self, word: str) -> bool:
        kind, value, _ = self.tokens[self.i]
        return kind == "kw" and value == word

    def error(self, message: str, position: int) -> ExprError:
        return ExprError(message, position, self.source)

    def expected(self, what: str, after: _Token | None) -> ExprError:
        tok = self.tok
        where = f" after '{after[1]}'" if after is not None else ""
        return self.error(
            f"expected {what}{where} at position {tok[2]}, found {_describe(tok)}", tok[2]
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
                hint = " (there are no function calls)"
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
            self.i += 1
            return ("not", self.parse_not(tok), tok[2])
        return self.parse_cmp(after)

    def parse_cmp(self, after: _Token | None) -> _Node:
        left = self.parse_term(after)
        kind, value, pos = self.tok
        if kind in ("op", "kw") and value in _CMP_OPS:
            op_tok = self.tok
            self.i += 1
            right = self.parse_term(op_tok)
            op = "==" if value == "=" else str(value)
            if op in ("in", "has_any") and right[0] not in ("list", "name"):
                raise self.error(
                    f"expected a list such as ['a', 'b'] after '{value}' at position "
                    f"{right[2]}, found {self._node_text(right)}",
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

    def parse_term(self, after: _Token | None) -> _Node:
        kind, value, pos = self.tok
        if kind == "name":
            self.i += 1
            return ("name", value, pos)
        if kind in ("str", "num"):
            self.i += 1
            return ("lit", value, pos)
        if kind == "kw" and value in ("true", "false"):
            self.i += 1
            return ("lit", value == "true", pos)
        if kind == "op" and value == "(":
            self.i += 1
            inner = self.parse_or(self.tokens[self.i - 1])
            if not (self.tok[0] == "op" and self.tok[1] == ")"):
                tok = self.tok
                raise self.error(
                    f"expected ')' to close the '(' at position {pos}, found {_describe(tok)} "
                    f"at position {tok[2]}",
                    tok[2],
                )
            self.i += 1
            return ("group", inner, pos)
        if kind == "op" and value == "[":
            return self.parse_list()
        raise self.expected("a value", after)

    def parse_list(self) -> _Node:
        open_tok = self.tok
        self.i += 1
        items: list[object] = []
        if self.tok[0] == "op" and self.tok[1] == "]":
            self.i += 1
            return ("list", (), open_tok[2])
        after = open_tok
        while True:
            kind, value, pos = self.tok
            if kind in ("str", "num"):
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

    def _node_text(self, node: _Node) -> str:
        kind = node[0]
        if kind == "lit":
            return _literal_text(node[1])
        return {"group": "a parenthesised expression"}.get(kind, "a value")


def _literal_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"the number {value!r}"


def _collect_names(node: _Node, out: set[str]) -> None:
    kind = node[0]
    if kind == "name":
        out.add(node[1])
    elif kind in ("or", "and"):
        for item in node[1]:
            _collect_names(item, out)
    elif kind in ("not", "group"):
        _collect_names(node[1], out)
    elif kind == "cmp":
        _collect_names(node[2], out)
        _collect_names(node[3], out)


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
        what = "a list" if kind == "list" else _literal_text(node[1])
        raise self.fail(
            f"expected a condition at position {node[2]}, found {what} (compare it with "
            f"something, e.g. name == 'yes')",
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

    # -- values: ("const", v) or ("fn", closure)

    def value(self, node: _Node) -> tuple[str, object]:
        kind = node[0]
        if kind == "lit" or kind == "list":
            return ("const", node[1])
        if kind == "name":
            name = node[1]
            return ("name", name)
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
    """A compiled rule: parse once at load time, evaluate per record."""

    __slots__ = ("source", "names", "_fn")

    def __init__(self, source: str, names: frozenset[str], fn: _Fn):
        self.source = source
        self.names = names  # every name the rule reads, so a loader can check them up front
        self._fn = fn

    def evaluate(self, lookup: Lookup) -> Truth:
        """True, False or UNKNOWN for the record that `lookup(name)` reads values from."""
        return self._fn(lookup)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Expr({self.source!r})"


@functools.lru_cache(maxsize=4096)
def compile(source: str) -> Expr:  # noqa: A001 - the natural name; builtins.compile is not used
    """Parse `source` into an `Expr`; raises `ExprError` with the position of any mistake.

    Memoized: the same rule text in several fields or criteria is parsed once.
    """
    if not isinstance(source, str):
        raise TypeError(f"an expression must be a str, not {type(source).__name__}")
    tree = _Parser(source).parse()
    found: set[str] = set()
    _collect_names(tree, found)
    return Expr(source, frozenset(found), _Builder(source).cond(tree))


def names(source: str) -> frozenset[str]:
    """The names (fields, derived names, parameters) a rule reads; raises `ExprError`."""
    return compile(source).names
