"""What every reader returns: tables of raw rows, each value with where it came from.

Readers know nothing about surveys: bytes in, raw rows out. Mapping headers to fields and
checking values is the job of `tilsyn.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Union


@dataclass(slots=True)
class RawRow:
    """One record as read: header (or JSON key) -> value as the file held it."""

    values: dict[str, Any]
    row: int | None = None


@dataclass
class Table:
    """A run of rows sharing a header: a CSV file, a worksheet, a JSON file, a Word form."""

    file: str
    rows: Iterator["RawRow | ReadError"]  # a ReadError here spoils one row, not the file
    sheet: str | None = None
    headers: list[str] | None = None
    columns: dict[str, str] = field(default_factory=dict)
    survey_id: str | None = None
    survey_version: str | None = None
    warnings: list["ReadError"] = field(default_factory=list)
    # Headers of the other sheets of the same workbook: a sheet that matches no survey is
    # skipped, not an error, when one of its siblings does (an instructions or summary sheet).
    sibling_headers: list[list[str]] = field(default_factory=list)


class ReadError(Exception):
    """A file (or part of one) that cannot be read, with a stable diagnostic code."""

    def __init__(self, code: str, message: str, hint: str = "", *, row: int | None = None,
                 sheet: str | None = None, field: str | None = None, key: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.row = row
        self.sheet = sheet
        self.field = field
        self.key = key


Rows = Iterator[Union[RawRow, ReadError]]
