"""What every part of the rule language shares: the third truth value, the error with its
position, and the limits that keep a hostile or mistaken rule from exhausting the parser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeAlias

MAX_SOURCE_LENGTH: Final = 4000
MAX_NESTING: Final = 64
MAX_NUMBER_DIGITS: Final = 15
MAX_RESULT: Final = 1e18  # an arithmetic result beyond this is a rule bug (e.g. x * x * x * ...)


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
Fn: TypeAlias = Callable[[Lookup], object]  # a compiled rule: the record's lookup -> a value

COLLECTIONS: Final = (tuple, list, frozenset, set)


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


def is_number(value: object) -> bool:
    """An int or float, not a bool (which Python counts as an int)."""
    return isinstance(value, (int, float)) and value is not True and value is not False
