"""The functions a rule may call: a closed set, one table.

Each takes the values of its arguments, none of them None or UNKNOWN (the caller has handled
those), and raises `WrongArgument` for one of the wrong type, so the caller can name it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple

from tilsyn.expr.base import is_number


class WrongArgument(Exception):
    def __init__(self, index: int, needs: str):
        self.index, self.needs = index, needs


def _as_date(value: object, index: int) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise WrongArgument(index, "a date")


def _as_datetime(value: object, index: int) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise WrongArgument(index, "a date or time")


def _days(values: Sequence[object]) -> int:
    return (_as_date(values[1], 1) - _as_date(values[0], 0)).days


def _minutes(values: Sequence[object]) -> float:
    start, end = _as_datetime(values[0], 0), _as_datetime(values[1], 1)
    if (start.tzinfo is None) != (end.tzinfo is None):
        raise WrongArgument(1, "a time like the first (both with a time zone or neither)")
    return round((end - start).total_seconds()) / 60


def _kind_of(value: object) -> str | None:
    """What min and max can order: numbers, dates, datetimes (never mixed)."""
    if is_number(value):
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
            raise WrongArgument(0, "a number, date or time")
        for index, value in enumerate(values):
            if _kind_of(value) != first:
                raise WrongArgument(index, f"a {first} like the first argument")
        return pick(values)

    return impl


def _abs(values: Sequence[object]) -> object:
    if not is_number(values[0]):
        raise WrongArgument(0, "a number")
    return abs(values[0])  # type: ignore[arg-type]


def _count(values: Sequence[object]) -> int:
    """How many codes a many-choice field holds (XLSForm's count-selected)."""
    if not isinstance(values[0], tuple):
        raise WrongArgument(0, "the codes of a many-choice field")
    return len(values[0])


def _length(values: Sequence[object]) -> int:
    if not isinstance(values[0], str):
        raise WrongArgument(0, "a text")
    return len(values[0])


def _int(values: Sequence[object]) -> int:
    """The whole part of a number, toward zero (XLSForm's int())."""
    if not is_number(values[0]):
        raise WrongArgument(0, "a number")
    return math.trunc(values[0])  # type: ignore[arg-type]


def _mod(values: Sequence[object]) -> object:
    """The remainder with the sign of the dividend (XPath's mod); UNKNOWN for a zero divisor,
    as for `/`."""
    from tilsyn.expr.base import UNKNOWN

    for index, value in enumerate(values):
        if not is_number(value):
            raise WrongArgument(index, "a number")
    a, b = values
    if b == 0:
        return UNKNOWN
    if isinstance(a, int) and isinstance(b, int):
        rest = abs(a) % abs(b)
        return rest if a >= 0 else -rest
    return math.fmod(a, b)  # type: ignore[arg-type]


def _matches(values: Sequence[object]) -> bool:
    """Whether the pattern is found in the text (XLSForm's regex(), which looks for it anywhere:
    anchor it with ^ and $ to match the whole answer). The pattern is a literal, checked when
    the rule is read."""
    if not isinstance(values[0], str):
        raise WrongArgument(0, "a text")
    return re.search(values[1], values[0]) is not None  # type: ignore[arg-type]


def _today(values: Sequence[object]) -> dt.date:
    from tilsyn.reproducible import today

    return today()


def _special(values: Sequence[object]) -> object:
    raise AssertionError("if() and coalesce() are built by the builder")  # pragma: no cover


class Function(NamedTuple):
    min_args: int
    max_args: int | None  # None: any number
    arguments: str  # what the arguments are, for messages
    takes_numbers: bool  # a number literal or arithmetic is a fine argument
    gives_number: bool  # the result is always a number (not a date)
    impl: Callable[[Sequence[object]], object]
    gives_bool: bool = False  # the result is true or false: a condition
    takes_text: bool = False  # a text in quotes is a fine argument


TABLE: Final[dict[str, Function]] = {
    "abs": Function(1, 1, "a number", True, True, _abs),
    "coalesce": Function(2, None, "values, the first given is the result", True, False, _special),
    "count": Function(1, 1, "a many-choice field", False, True, _count),
    "days": Function(2, 2, "the date from and the date to", False, True, _days),
    "if": Function(3, 3, "a condition, the value if true, the value if not", True, False, _special),
    "int": Function(1, 1, "a number", True, True, _int),
    "length": Function(1, 1, "a text", False, True, _length, False, True),
    "matches": Function(2, 2, "a text and a pattern in quotes", False, False, _matches, True, True),
    "max": Function(1, None, "numbers, dates or times", True, False, _extreme(max)),
    "min": Function(1, None, "numbers, dates or times", True, False, _extreme(min)),
    "minutes": Function(2, 2, "the time from and the time to", False, True, _minutes),
    "mod": Function(2, 2, "two numbers", True, True, _mod),
    "today": Function(0, 0, "no arguments", False, False, _today),
}
FUNCTIONS: Final = tuple(sorted(TABLE))
FUNCTION_LIST: Final = ", ".join(f"{name}()" for name in FUNCTIONS)
