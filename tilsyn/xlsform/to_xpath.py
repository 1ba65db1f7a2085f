"""tilsyn's rules written as XLSForm expressions, so that a survey runs in ODK and Kobo with
the same relevance, constraints and calculations, and reads back (`tilsyn.xlsform.xpath`) as
the rules it was written from.

`a in ['x', 'y']` is `(${a} = 'x' or ${a} = 'y')`, `a has 'x'` is `selected(${a}, 'x')`,
`days(a, b)` is `${b} - ${a}` (`date()` around a date and time), `minutes(a, b)` is
`(${b} - ${a}) * 1440`, a true-or-false derived value `acute` is `${acute} = 'true'` (what ODK
stores for it), and the functions of the rule language have their XLSForm names.
"""

from __future__ import annotations

from typing import Any

from tilsyn import expr

# XPath's precedence, loosest first, as in tilsyn.xlsform.xpath
_OR, _AND, _EQUALITY, _RELATION, _SUM, _PRODUCT, _UNARY, _ATOM = 1, 2, 3, 4, 5, 6, 7, 9
_RENAMED = {"count": "count-selected", "length": "string-length", "matches": "regex"}


class Unwritable(Exception):
    """A rule with a part XLSForm has no expression for."""


class XPathWriter:
    """Writes the rules of one survey; `dot` is the field `.` stands for (a constraint)."""

    def __init__(self, survey: Any, dot: str | None = None):
        self.survey, self.dot = survey, dot

    def condition(self, source: str) -> str:
        return self._condition(expr.parse_tree(source))[0]

    def value(self, source: str) -> str:
        return self._value(expr.parse_tree(source))[0]

    # -- conditions

    def _condition(self, node: tuple) -> tuple[str, int]:
        kind = node[0]
        if kind in ("or", "and"):
            strength = _OR if kind == "or" else _AND
            parts = [_wrap(self._condition(n), strength + 1) for n in node[1]]
            return f" {kind} ".join(parts), strength
        if kind == "not":
            return f"not({self._condition(node[1])[0]})", _ATOM
        if kind == "group":
            return self._condition(node[1])
        if kind == "name":
            return f"{self._name(node[1])} = 'true'", _EQUALITY
        if kind == "cmp":
            return self._comparison(*node[1:4])
        if kind == "lit" and isinstance(node[1], bool):
            return ("true()" if node[1] else "false()"), _ATOM
        if kind == "call":
            return self._value(node)
        raise Unwritable(kind)

    def _comparison(self, op: str, left: tuple, right: tuple) -> tuple[str, int]:
        if op in ("in", "has_any"):
            if right[0] != "list":
                raise Unwritable(op)
            if not right[1]:
                return "false()", _ATOM
            subject = self._value(left)[0]
            parts = [
                f"{subject} = {_literal(code)}"
                if op == "in"
                else f"selected({subject}, {_literal(code)})"
                for code in right[1]
            ]
            return ("(" + " or ".join(parts) + ")" if len(parts) > 1 else parts[0]), _ATOM
        if op == "has":
            return f"selected({self._value(left)[0]}, {self._value(right)[0]})", _ATOM
        strength = _EQUALITY if op in ("==", "!=") else _RELATION
        sides = [self._side(n) for n in (left, right)]
        symbol = "=" if op == "==" else op
        return f"{_wrap(sides[0], strength + 1)} {symbol} {_wrap(sides[1], strength + 1)}", strength

    def _side(self, node: tuple) -> tuple[str, int]:
        """A compared value; true and false as ODK stores a true-or-false value."""
        if node[0] == "lit" and isinstance(node[1], bool):
            return ("'true'" if node[1] else "'false'"), _ATOM
        return self._value(node)

    # -- values

    def _value(self, node: tuple) -> tuple[str, int]:
        kind = node[0]
        if kind == "name":
            return self._name(node[1]), _ATOM
        if kind == "lit":
            return _literal(node[1]), _UNARY if _negative(node[1]) else _ATOM
        if kind == "group":
            return self._value(node[1])
        if kind == "arith":
            return self._arithmetic(node[1])
        if kind == "neg":
            return f"-{_wrap(self._value(node[1]), _UNARY)}", _UNARY
        if kind == "call":
            return self._call(*node[1])
        return f"({self._condition(node)[0]})", _ATOM  # a condition used as a value

    def _arithmetic(self, run: tuple) -> tuple[str, int]:
        first, rest = run
        strength = _SUM if rest[0][0] in "+-" else _PRODUCT
        text = _wrap(self._value(first), strength)
        for op, operand in rest:
            symbol = "div" if op == "/" else op
            text += f" {symbol} {_wrap(self._value(operand), strength + 1)}"
        return text, strength

    def _call(self, name: str, args: list[tuple]) -> tuple[str, int]:
        if name == "days":
            start, end = (self._as_date(a) for a in args)
            return f"{end} - {start}", _SUM
        if name == "minutes":
            start, end = (_wrap(self._value(a), _SUM + 1) for a in args)
            return f"({end} - {start}) * 1440", _PRODUCT
        if name == "mod":
            left, right = (self._value(a) for a in args)
            return f"{_wrap(left, _PRODUCT)} mod {_wrap(right, _PRODUCT + 1)}", _PRODUCT
        written = [
            self._condition(a)[0] if name == "if" and i == 0 else self._value(a)[0]
            for i, a in enumerate(args)
        ]
        return f"{_RENAMED.get(name, name)}({', '.join(written)})", _ATOM

    def _as_date(self, node: tuple) -> str:
        """A date operand of days(): a date and time counts by its date (`date()`)."""
        text = _wrap(self._value(node), _SUM + 1)
        inner = node
        while inner[0] == "group":
            inner = inner[1]
        if inner[0] == "name" and self._type(inner[1]) == "date":
            return text
        return f"date({text})"

    def _type(self, name: str) -> str | None:
        if name in self.survey.by_name:
            return self.survey.by_name[name].type
        return self.survey.derived_type.get(name)

    def _name(self, name: str) -> str:
        return "." if name == self.dot else "${" + name + "}"


def _wrap(part: tuple[str, int], strength: int) -> str:
    text, own = part
    return text if own >= strength else f"({text})"


def _negative(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true()" if value else "false()"
    if isinstance(value, str):
        if "'" not in value:
            return f"'{value}'"
        if '"' not in value:
            return f'"{value}"'
        raise Unwritable(value)
    return repr(value)
