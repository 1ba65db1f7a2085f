"""The builder: turns the parse tree into nested closures `fn(lookup) -> value`, so that
evaluating a rule for a record costs a handful of Python calls.

Mistakes a literal makes plain (`'a' + 1`, `days(3, d)`, dividing by a literal 0, a number as
a condition) are reported here, once, rather than per record.
"""

from __future__ import annotations

from tilsyn.expr.base import MAX_RESULT, UNKNOWN, ExprError, Fn, Lookup, is_number
from tilsyn.expr.functions import TABLE, WrongArgument
from tilsyn.expr.membership import membership
from tilsyn.expr.parser import Node, is_numeric, node_text, unwrap
from tilsyn.expr.semantics import PRESENT, Spec, compare, connective, gap, getter, negation


class Builder:
    """Turns the parse tree into closures `fn(lookup) -> value`."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, message: str, position: int) -> ExprError:
        return ExprError(message, position, self.source)

    # -- conditions: closures returning True, False or UNKNOWN

    def cond(self, node: Node) -> Fn:
        kind = node[0]
        if kind == "or":
            return connective([self.cond(n) for n in node[1]], True)
        if kind == "and":
            return connective([self.cond(n) for n in node[1]], False)
        if kind == "not":
            inner = node[1]
            while inner[0] == "group":
                inner = inner[1]
            if inner[0] == "name":
                return self.not_name(inner[1], inner[2])
            return negation(self.cond(inner))
        if kind == "group":
            return self.cond(node[1])
        if kind == "cmp":
            return self.comparison(node)
        if kind == "name":
            return self.bare_name(node[1], node[2])
        if kind == "lit" and isinstance(node[1], bool):
            value = node[1]
            return lambda lookup: value
        if kind == "call" and TABLE[node[1][0]].gives_bool:
            return _truth(getter(self.call(node)))
        example = "days(a, b) <= 10" if is_numeric(node) else "name == 'yes'"
        raise self.fail(
            f"expected a condition at position {node[2]}, found {node_text(node)} (compare "
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

    def bare_name(self, name: str, position: int) -> Fn:
        def fn(lookup: Lookup) -> object:
            v = lookup(name)
            if v is True or v is False or v is UNKNOWN:
                return v
            if v is None:
                return False
            raise self.not_boolean(name, v, position)

        return fn

    def not_name(self, name: str, position: int) -> Fn:
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

    def value(self, node: Node) -> Spec:
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

    def numeric(self, node: Node, context: str) -> Spec:
        """The value of an operand that must be a number: a literal that cannot be one (text,
        a list, a condition) is a mistake in the rule, reported now rather than per record."""
        if is_numeric(node) is False:
            raise self.fail(
                f"{context} needs numbers: found {node_text(unwrap(node))} at position {node[2]}",
                node[2],
            )
        return self.value(node)

    def folded(self, fn: Fn, specs: list[Spec]) -> Spec:
        """A computation on literals only is done once, here (`2 * 60` is the constant 120)."""
        if all(spec[0] == "const" for spec in specs):
            return ("const", fn(_no_lookup))
        return ("fn", fn)

    def arith(self, node: Node) -> Spec:
        (first, rest), position = node[1], node[2]
        nodes = [first] + [operand for _, operand in rest]
        ops = tuple(op for op, _ in rest)
        specs = [self.numeric(n, "arithmetic") for n in nodes]
        for op, operand, spec in zip(ops, nodes[1:], specs[1:], strict=False):
            if op == "/" and spec[0] == "const" and spec[1] == 0:
                raise self.fail(f"division by zero at position {operand[2]}", operand[2])
        getters = tuple(map(getter, specs))
        wheres = tuple(map(_where, nodes))

        def too_large() -> ExprError:
            return self.fail(
                f"the arithmetic at position {position} gives a result beyond ±10^18 (or not "
                f"a number at all); check the rule",
                position,
            )

        def fn(lookup: Lookup) -> object:
            values = [get(lookup) for get in getters]
            missing = gap(values)
            if missing is not PRESENT:
                return missing
            for value, where in zip(values, wheres, strict=False):
                if not is_number(value):
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
            if -MAX_RESULT <= total <= MAX_RESULT:  # type: ignore[operator]
                return total
            raise too_large()

        return self.folded(fn, specs)

    def negate(self, node: Node) -> Spec:
        _, operand, _ = node
        spec = self.numeric(operand, "arithmetic")
        get = getter(spec)
        where = _where(operand)

        def fn(lookup: Lookup) -> object:
            value = get(lookup)
            if value is UNKNOWN or value is None:
                return value
            if not is_number(value):
                raise self.wrong_type(value, where, "used in arithmetic", "a number")
            return -value  # type: ignore[operator]

        return self.folded(fn, [spec])

    def call(self, node: Node) -> Spec:
        name, args = node[1]
        if name == "if":
            return self.choose(args)
        if name == "coalesce":
            return ("fn", _first_given([getter(self.value(arg)) for arg in args]))
        if name == "matches":
            self.pattern(args[1])
        function = TABLE[name]
        specs = []
        for arg in args:
            numeric = is_numeric(arg)
            text = function.takes_text and unwrap(arg)[0] == "lit"
            if (numeric is False and not text) or (numeric and not function.takes_numbers):
                raise self.fail(
                    f"{name}() needs {function.arguments}: found {node_text(unwrap(arg))} at "
                    f"position {arg[2]}",
                    arg[2],
                )
            specs.append(self.value(arg))
        getters = tuple(map(getter, specs))
        wheres = tuple(map(_where, args))
        impl, doing = function.impl, f"given to {name}()"

        def fn(lookup: Lookup) -> object:
            values = [get(lookup) for get in getters]
            missing = gap(values)
            if missing is not PRESENT:
                return missing
            try:
                return impl(values)
            except WrongArgument as wrong:
                i = wrong.index
                raise self.wrong_type(values[i], wheres[i], doing, wrong.needs) from None

        return self.folded(fn, specs)

    def choose(self, args: list[Node]) -> Spec:
        """`if(condition, a, b)`: a when the condition holds, b when not, UNKNOWN when it is
        unknown; only the value chosen is read."""
        test, then, otherwise = self.cond(args[0]), *(getter(self.value(a)) for a in args[1:])

        def fn(lookup: Lookup) -> object:
            holds = test(lookup)
            if holds is UNKNOWN:
                return UNKNOWN
            return then(lookup) if holds else otherwise(lookup)

        return ("fn", fn)

    def pattern(self, node: Node) -> None:
        """The pattern of `matches()`: a text in quotes that is a regular expression, checked
        once, here."""
        import re

        node = unwrap(node)
        if node[0] != "lit" or not isinstance(node[1], str):
            raise self.fail(
                f"matches() needs its pattern in quotes: found {node_text(node)} at position "
                f"{node[2]}",
                node[2],
            )
        try:
            re.compile(node[1])
        except (re.error, RecursionError, OverflowError) as exc:
            raise self.fail(
                f"the pattern at position {node[2]} cannot be read: {exc}", node[2]
            ) from None

    def comparison(self, node: Node) -> Fn:
        _, op, left_node, right_node, position = node
        left, right = self.value(left_node), self.value(right_node)
        if op not in ("in", "has", "has_any"):
            return compare(op, left, right)
        sides = (left_node, right_node)

        def refuse(value: object, side: int) -> ExprError:
            node = sides[side]
            who = f"'{node[1]}'" if node[0] == "name" else "the value"
            return self.fail(
                f"{who} at position {node[2]} is used with '{op}', but its value is a "
                f"{type(value).__name__}, not a list of codes",
                node[2],
            )

        return membership(op, left, right, refuse)


def _truth(get: Fn) -> Fn:
    """A function's true/false result as a condition: empty (not asked) counts as false."""

    def fn(lookup: Lookup) -> object:
        value = get(lookup)
        return False if value is None else value

    return fn


def _first_given(getters: list[Fn]) -> Fn:
    """`coalesce(a, b, ...)`: the first value given (not empty, not unanswered); when none is,
    UNKNOWN if one was asked and left unanswered, else None."""

    def fn(lookup: Lookup) -> object:
        missing: object = None
        for get in getters:
            value = get(lookup)
            if value is UNKNOWN:
                missing = UNKNOWN
            elif value is not None and value != "":
                return value
        return missing

    return fn


def _where(node: Node) -> tuple[str, int]:
    """Who an operand is and where, for messages about its value."""
    node = unwrap(node)
    return (f"'{node[1]}'" if node[0] == "name" else "the value", node[2])


def _no_lookup(name: str) -> object:
    raise AssertionError(f"a constant expression read {name!r}")
