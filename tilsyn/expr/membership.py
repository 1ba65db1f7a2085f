"""`in`, `has` and `has_any`: one table of (operator, a name against a literal?) -> the factory
of its closure.

The shapes `field in [...]`, `field has 'code'` and `field has_any [...]` are most of the
catalogue's rules, so they get closures that read one name and test a prepared frozenset;
every other shape gets the generic closure, which reads both sides. Both must agree for any
value, None and UNKNOWN included (tests/test_expr.py compares them). The side that must be a
list of codes is checked at evaluation; `refuse(value, side)` makes the error that names it
(side 0 the left operand, 1 the right).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeAlias

from tilsyn.expr.base import COLLECTIONS, UNKNOWN, ExprError, Fn, Lookup
from tilsyn.expr.semantics import Spec, getter

Refuse: TypeAlias = Callable[[object, int], ExprError]
Factory: TypeAlias = Callable[[Spec, Spec, Refuse], Fn]


def _shares(a: object, b: object) -> bool:
    """Whether collection `a` holds any item of collection `b` (a function of its own, so that
    no closure's local becomes a cell: that would slow every call)."""
    return any(c in a for c in b)  # type: ignore[attr-defined, operator]


def _in_literal(left: Spec, right: Spec, refuse: Refuse) -> Fn:
    """`field in [literals]`: the literal is the collection, so only the field is read."""
    name, items = left[1], tuple(right[1])  # type: ignore[call-overload]
    members = frozenset(items)

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


def _holds_literal(closure_name: str, many: bool) -> Factory:
    """`field has 'code'` (one code) and `field has_any [codes]` (`many`): whether the field's
    codes include any of the literal's."""

    def factory(left: Spec, right: Spec, refuse: Refuse) -> Fn:
        name, literal = left[1], right[1]
        codes = frozenset(literal if many else (literal,))  # type: ignore[arg-type]
        disjoint = codes.isdisjoint

        def fn(lookup: Lookup) -> object:
            v = lookup(name)  # type: ignore[arg-type]
            if type(v) is tuple:  # a many field's codes: by far the most common
                if not many:
                    return literal in v
                return not disjoint(v)
            if v is UNKNOWN:
                return UNKNOWN
            if v is None:
                return False
            if isinstance(v, COLLECTIONS):
                return _shares(v, codes)
            raise refuse(v, 0)

        fn.__name__ = fn.__qualname__ = closure_name
        return fn

    return factory


def _generic(
    test: Callable[[object, object], bool], left_is_list: bool, right_is_list: bool
) -> Factory:
    """Any other shape: both sides read, UNKNOWN or None on either side settles it, and the
    side(s) that must be a list of codes are checked."""

    def factory(left: Spec, right: Spec, refuse: Refuse) -> Fn:
        lf, rf = getter(left), getter(right)

        def membership(lookup: Lookup) -> object:
            a, b = lf(lookup), rf(lookup)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            if a is None or b is None:
                return False
            if left_is_list and not isinstance(a, COLLECTIONS):
                raise refuse(a, 0)
            if right_is_list and not isinstance(b, COLLECTIONS):
                raise refuse(b, 1)
            return test(a, b)

        return membership

    return factory


MEMBERSHIP: Final[dict[tuple[str, bool], Factory]] = {
    ("in", True): _in_literal,
    ("has", True): _holds_literal("has_const", many=False),
    ("has_any", True): _holds_literal("has_any_const", many=True),
    ("in", False): _generic(lambda a, b: a in b, False, True),  # type: ignore[operator]
    ("has", False): _generic(lambda a, b: b in a, True, False),  # type: ignore[operator]
    ("has_any", False): _generic(_shares, True, True),
}


def membership(op: str, left: Spec, right: Spec, refuse: Refuse) -> Fn:
    """The closure of `left OP right` for `in`, `has` or `has_any`."""
    literal = left[0] == "name" and right[0] == "const"
    return MEMBERSHIP[op, literal](left, right, refuse)
