"""Spreadsheets (.xlsx, .xlsm): one row per record, header row of field codes or labels.

Every visible sheet is read, except those the workbook itself lists in its custom document
property `tilsyn:sheets-without-records` (a JSON list of sheet names): tilsyn's own exports name
their results and summary sheets there, so an export loads straight back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.diagnostics import read_error
from tilsyn.readers.base import RawRow, ReadError, Rows, Table
from tilsyn.readers.ziputil import open_office_zip


def read_xlsx(path: Path) -> Iterator[Table]:
    open_office_zip(path).close()
    from openpyxl import load_workbook  # heavy: only when a spreadsheet is read

    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise read_error("READ009", "sheet_open", {"detail": f"{type(exc).__name__}: {exc}"}) from None
    warnings = []
    if path.suffix.lower() == ".xlsm":
        warnings.append(read_error("READ013", "sheet"))
    try:
        yield from _tables(path, book, warnings)
    except ReadError:
        raise
    except Exception as exc:  # a damaged part found while reading the sheets
        raise read_error("READ009", "sheet", {"detail": f"{type(exc).__name__}: {exc}"}) from None
    finally:
        book.close()


def _tables(path: Path, book, warnings: list[ReadError]) -> Iterator[Table]:
    from openpyxl.utils import get_column_letter

    skipped = _sheets_without_records(book)
    sheets = [s for s in book.worksheets
              if getattr(s, "sheet_state", "visible") == "visible" and s.title not in skipped]
    all_headers = [_header_row(s) for s in sheets]
    for sheet, headers in zip(sheets, all_headers):
        if not any(headers):
            continue
        rows = sheet.iter_rows(values_only=True)
        next(rows, None)
        columns = {h: get_column_letter(i + 1) for i, h in enumerate(headers) if h}
        siblings = [[h for h in other if h] for other in all_headers if other is not headers]
        yield Table(file=str(path), sheet=sheet.title, headers=[h for h in headers if h],
                    columns=columns, rows=_rows(rows, headers), warnings=warnings,
                    sibling_headers=siblings)
        warnings = []




def _sheets_without_records(book) -> set[str]:
    """Sheet names the workbook's custom property lists as holding no records."""
    for prop in getattr(book, "custom_doc_props", None) or ():
        if prop.name == SHEETS_WITHOUT_RECORDS:
            try:
                names = json.loads(prop.value)
            except (TypeError, ValueError):
                return set()
            return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()
    return set()


def _header_row(sheet) -> list[str]:
    """The first row as stripped header texts, without trailing empty cells."""
    first = next(sheet.iter_rows(max_row=1, values_only=True), None) or ()
    headers = [_header(v) for v in first]
    while headers and not headers[-1]:
        headers.pop()
    return headers


_CONTROL_ESCAPE = re.compile(r"_x00([01][0-9A-Fa-f])_")


def _control_chars(value: Any) -> Any:
    """Excel stores control characters (a line break pasted from Word is \x0b) as `_x000B_`;
    openpyxl leaves them escaped, so decode them here."""
    if isinstance(value, str) and "_x00" in value:
        return _CONTROL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _header(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _rows(rows: Iterator[tuple], headers: list[str]) -> Rows:
    number = 1
    try:
        for number, cells in enumerate(rows, start=2):
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            yield RawRow({h: _control_chars(c) for h, c in zip(headers, cells) if h}, number)
    except Exception as exc:  # openpyxl parses rows lazily; damage shows up here
        yield read_error("READ009", "sheet_row", {"row": number,
                                                  "detail": f"{type(exc).__name__}: {exc}"},
                         row=number + 1)
