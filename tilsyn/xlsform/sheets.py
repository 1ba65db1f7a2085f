"""The sheets of an XLSForm workbook as rows of header -> text, each cell with its place.

Read with tilsyn's own spreadsheet reader (zipfile + lxml, `tilsyn.readers.xlsxparts`), with
its bounds against hostile files (size, zip bombs, entities), and bounds of its own: a survey
definition has at most `MAX_ROWS` rows and `MAX_COLUMNS` columns a sheet and `MAX_TEXT`
characters in all; a workbook past them is refused, not read in part.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tilsyn.formats.cellref import column_letter

MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_TEXT = 5_000_000
SHEETS = ("survey", "choices", "settings")


class WorkbookError(Exception):
    """The workbook cannot be read as a survey definition: the SRV015 variant and its
    parameters."""

    def __init__(self, variant: str, **params: Any):
        super().__init__(variant)
        self.variant, self.params = variant, params


@dataclass
class Sheet:
    """One sheet: its headers (lowercase where XLSForm ignores case), the letter of each
    header's column, and its rows as (row number, header -> text), empty cells left out."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    header_row: int = 1

    def letter(self, header: str) -> str:
        """The column of `header`; for one the sheet lacks, the first free column."""
        return self.columns.get(header) or column_letter(len(self.columns) + 1)


def read_sheets(path: Path) -> dict[str, Sheet]:
    """The survey, choices and settings sheets (by name, any case), those present."""
    from tilsyn.readers.base import ReadError
    from tilsyn.readers.xlsxparts import read_workbook
    from tilsyn.readers.ziputil import open_office_zip

    try:
        with open_office_zip(path) as archive:
            book = read_workbook(archive)
            budget = [MAX_TEXT]
            return {
                sheet.name.strip().casefold(): _sheet(archive, book, sheet, budget)
                for sheet in book.sheets
                if sheet.name.strip().casefold() in SHEETS
            }
    except ReadError as exc:
        raise WorkbookError("read", detail=exc.message) from None
    except WorkbookError:
        raise
    except Exception as exc:  # lxml, zipfile and the parts' own checks raise many types
        raise WorkbookError("read", detail=f"{type(exc).__name__}: {exc}") from None


def _sheet(archive: Any, book: Any, sheet: Any, budget: list[int]) -> Sheet:
    from tilsyn.readers.xlsxparts import sheet_rows

    result = Sheet(sheet.name)
    headers: list[str] | None = None
    for number, cells, _ in sheet_rows(archive, book, sheet.part):
        if len(cells) > MAX_COLUMNS or number > MAX_ROWS + 50:
            raise WorkbookError("limits", sheet=sheet.name, rows=MAX_ROWS, columns=MAX_COLUMNS)
        texts = [_text(c) for c in cells]
        budget[0] -= sum(map(len, texts))
        if budget[0] < 0:
            raise WorkbookError("limits", sheet=sheet.name, rows=MAX_ROWS, columns=MAX_COLUMNS)
        if headers is None:
            if any(texts):
                headers = [_header(t) for t in texts]
                result.header_row = number
                result.columns = {h: column_letter(i + 1) for i, h in enumerate(headers) if h}
            continue
        values = {h: t for h, t in zip(headers, texts, strict=False) if h and t}
        if values:
            result.rows.append((number, values))
    if len(result.rows) > MAX_ROWS:
        raise WorkbookError("limits", sheet=sheet.name, rows=MAX_ROWS, columns=MAX_COLUMNS)
    return result


_SPACES = re.compile(r"\s+")


def _header(text: str) -> str:
    """A header as XLSForm reads it: `label::Norsk bokmål (nb)` keeps its language's case,
    the column's own name is compared without case (`Label`, `LABEL`)."""
    name, sep, lang = text.partition("::")
    return _SPACES.sub(" ", name.strip().casefold()) + (sep + lang.strip() if sep else "")


def _text(value: Any) -> str:
    """A cell as text: a whole number without its `.0`, a date as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).strip()


_LANG_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\s*\)\s*$")


def language_of(name: str) -> str:
    """The language code of `Norsk bokmål (nb)` (nb), or the name itself where it is a code
    (`nb`), lowercase."""
    found = _LANG_CODE.search(name)
    return (found.group(1) if found else name.strip()).casefold()


def texts(values: dict[str, str], column: str, default_language: str | None) -> dict[str, str]:
    """A column's texts by language code: `label::Norsk bokmål (nb)` and friends, and a plain
    `label` for the default language (all languages where none is set)."""
    found: dict[str, str] = {}
    plain = values.get(column)
    for header, value in values.items():
        name, sep, lang = header.partition("::")
        if sep and name == column and value:
            found[language_of(lang)] = value
    if plain:
        if default_language:
            found.setdefault(default_language, plain)
        else:
            found.setdefault("_all", plain)
    return found
