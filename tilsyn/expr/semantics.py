"""What the operators mean on values: three-valued comparisons, Kleene connectives, and the
closures for the common `name OP literal` shape, which must agree with the generic ones
(tests/test_expr.py compares them on any value, None and UNKNOWN included).

A compiled operand is a spec: ("const", value), ("name", name) or ("fn", closure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeAlias

from tilsyn.expr.base import UNKNOWN, Fn, Lookup

Spec: TypeAlias = tuple[str, object]
PRESENT: Final = object()


def getter(spec: Spec) -> Fn:
    """The closure that reads an operand's value for a record."""
    kind, payload = spec
    if kind == "const":
        return lambda lookup: payload
    if kind == "name":
        return lambda lookup: lookup(payload)  # type: ignore[arg-type]
    return payload  # type: ignore[return-value]


def gap(values: list[object]) -> object:
    """UNKNOWN if any value is UNKNOWN, else None if any is None, else `PRESENT`."""
    found = PRESENT
    for value in values:
        if value is UNKNOWN:
            return UNKNOWN
        if value is None:
            found = None
    return found


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


SEMANTICS: Final[dict[str, Callable[[object, object], object]]] = {
    "==": _eq,
    "!=": _ne,
    "<": _ordering(lambda a, b: a < b),  # type: ignore[operator]
    "<=": _ordering(lambda a, b: a <= b),  # type: ignore[operator]
    ">": _ordering(lambda a, b: a > b),  # type: ignore[operator]
    ">=": _ordering(lambda a, b: a >= b),  # type: ignore[operator]
}


def compare(op: str, left: Spec, right: Spec) -> Fn:
    """`left OP right` for the six comparison operators."""
    if left[0] == "name" and right[0] == "const":
        return _name_vs_const(op, left[1], right[1])  # type: ignore[arg-type]
    sem = SEMANTICS[op]
    lf, rf = getter(left), getter(right)
    return lambda lookup: sem(lf(lookup), rf(lookup))


def _name_vs_const(op: str, name: str, const: object) -> Fn:
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
    sem = SEMANTICS[op]
    return lambda lookup: sem(lookup(name), const)


def negation(inner: Fn) -> Fn:
    def fn(lookup: Lookup) -> object:
        v = inner(lookup)
        if v is True:
            return False
        if v is False:
            return True
        return UNKNOWN

    return fn


def connective(parts: list[Fn], decisive: bool) -> Fn:
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
