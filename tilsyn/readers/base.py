"""What every reader returns: tables of raw rows, each value with where it came from.

Readers know nothing about surveys: bytes in, raw rows out. Mapping headers to fields and
checking values is the job of `tilsyn.validate`. The one exception is plain: a Word form can
only be read with the layout of the survey it was made for, so its reader is handed a lookup of
surveys (`readers.docx.read_docx_form(path, survey_for)`) and never loads one itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from tilsyn.errors import ReadError

# What no XML document may hold (C0 controls but tab and line breaks, lone surrogates, U+FFFE
# and U+FFFF): text enters tilsyn through the readers, so it is made safe here, once, and no
# report or export can meet it. A vertical tab or form feed is a line break pasted from Word.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def clean_text(text: str) -> str:
    """`text` with line-break controls as line breaks and other XML-invalid characters as U+FFFD."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: _BREAKS.get(m.group(0), "\ufffd"), text)


def needs_cleaning(text: str) -> bool:
    """Whether `clean_text` would change `text`."""
    return _UNSAFE.search(text) is not None


def clean_value(value: Any) -> Any:
    """A cell or JSON value with every text in it cleaned (lists of choices too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value


def clean_values(values: dict) -> dict[str, Any]:
    """A record's keys and values cleaned; a key that is not text becomes its text."""
    return {
        clean_text(k if isinstance(k, str) else str(k)): clean_value(v) for k, v in values.items()
    }


def _lost(value: Any) -> set[str]:
    """The characters `clean_text` would replace by U+FFFD in a value (not the line breaks)."""
    if isinstance(value, str):
        return {c for c in _UNSAFE.findall(value) if c not in _BREAKS}
    if isinstance(value, list):
        return set().union(*map(_lost, value)) if value else set()
    return set()


def checked_values(values: dict, row: int | None) -> tuple[dict[str, Any], list["ReadError"]]:
    """A record's values cleaned, and a warning (READ025) for each field whose text held
    characters no document can hold (a lone surrogate, NUL, U+FFFE): never a silent «�»."""
    from tilsyn.diagnostics import read_error

    warnings = []
    for key, value in values.items():
        lost = _lost(value) | _lost(key)
        if lost:
            name = clean_text(key if isinstance(key, str) else str(key))
            chars = ", ".join(f"U+{ord(c):04X}" for c in sorted(lost))
            params = {"field": name, "chars": chars}
            warnings.append(read_error("READ025", params=params, row=row, field=name))
    return clean_values(values), warnings


def is_too_long(exc: Exception) -> bool:
    """Whether lxml refused a part because one text in it is longer than it reads in one
    piece (10 million characters): a size to say, not damage."""
    detail = str(exc)
    return "Text node too long" in detail or "huge text node" in detail.lower()


@dataclass(slots=True)
class RawRow:
    """One record as read: header (or JSON key) -> value as the file held it."""

    values: dict[str, Any]
    row: int | None = None
    source_id: str | None = None  # the submission's instance id (ODK, Kobo), for provenance


@dataclass(frozen=True, slots=True)
class DateAnswer:
    """A Word date control's answer: the text it shows and the date Word stored beside it
    (`w:fullDate`, local time with a Z that means nothing). Which of the two is the answer is
    validation's choice (a typed time of day is not in the stored date)."""

    text: str
    stored: str

    def __str__(self) -> str:
        return self.text


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
    hidden: bool = False  # a sheet the workbook hides: its records are read, with a warning
    # An export of submissions (tilsyn.readers.submissions): the tool it came from, and what
    # separates the codes of a select_multiple (a space); None for any other table.
    dialect: str | None = None
    choice_separator: str | None = None
    # A form or entry sheet: the fields it was handed out with (`form new`). A record holding
    # nothing but these (and its key) is not filled in yet. None for data files (CSV, JSON).
    prefilled: frozenset[str] | None = None
    # A sheet the workbook lists as holding no records (tilsyn's own exports list their
    # results and summaries): read only when no other sheet of the file held any, with a word.
    listed_without_records: bool = False


Rows = Iterator[Union[RawRow, ReadError]]
