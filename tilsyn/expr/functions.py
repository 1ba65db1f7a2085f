"""The functions a rule may call: a closed set, one table.

Each takes the values of its arguments, none of them None or UNKNOWN (the caller has handled
those), and raises `WrongArgument` for one of the wrong type, so the caller can name it.
"""

from __future__ import annotations

import datetime as dt
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


class Function(NamedTuple):
    min_args: int
    max_args: int | None  # None: any number
    arguments: str  # what the arguments are, for messages
    takes_numbers: bool  # a number literal or arithmetic is a fine argument
    gives_number: bool  # the result is always a number (not a date)
    impl: Callable[[Sequence[object]], object]


TABLE: Final[dict[str, Function]] = {
    "abs": Function(1, 1, "a number", True, True, _abs),
    "days": Function(2, 2, "the date from and the date to", False, True, _days),
    "max": Function(1, None, "numbers, dates or times", True, False, _extreme(max)),
    "min": Function(1, None, "numbers, dates or times", True, False, _extreme(min)),
    "minutes": Function(2, 2, "the time from and the time to", False, True, _minutes),
}
FUNCTIONS: Final = tuple(sorted(TABLE))
FUNCTION_LIST: Final = ", ".join(f"{name}()" for name in FUNCTIONS)
