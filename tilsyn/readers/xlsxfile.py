"""Spreadsheets (.xlsx, .xlsm): one row per record, header row of field codes or labels.

Every sheet is read, hidden ones too (a hidden sheet of records is a warning, a hidden sheet of
code lists beside the data is skipped like any other sheet that matches no survey), except those
the workbook itself lists in its custom document property `tilsyn:sheets-without-records` (a
JSON list of sheet names): tilsyn's own exports name their results and summary sheets there, so
an export loads straight back. The header is the first row that is not empty.

The XML is read by `xlsxparts` (zipfile + lxml), never by openpyxl: a report run that reads a
workbook would otherwise spend a tenth of its time importing it.
"""

from __future__ import annotations

import json
import re
import zipfile
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Iterator

from tilsyn.diagnostics import read_error
from tilsyn.formats.cellref import column_letter
from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.formats.properties import DOCUMENT, OWN_OUTPUTS, prefilled_names
from tilsyn.readers.base import (
    RawRow,
    ReadError,
    Rows,
    Table,
    checked_values,
    clean_text,
    is_too_long,
    needs_cleaning,
)
from tilsyn.readers.submissions import adapt
from tilsyn.readers.xlsxparts import Row, Sheet, Workbook, read_workbook, sheet_rows
from tilsyn.readers.ziputil import open_office_zip

# Rows above the header that may be empty (a title row left blank, a sheet starting lower).
_HEADER_SEARCH_ROWS = 50
# The text a workbook may expand to: its unpacked size many times over, at least this much.
# Shared strings let a small file repeat one long text in every cell (an amplification attack).
_MIN_TEXT_BUDGET = 50_000_000
_TEXT_BUDGET_FACTOR = 10


def read_xlsx(path: Path) -> Iterator[Table]:
    with open_office_zip(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
        with _damage("sheet_open"):
            book = read_workbook(archive)
        warnings = []
        if path.suffix.lower() == ".xlsm":
            warnings.append(read_error("READ013", "sheet"))
        budget = [max(_MIN_TEXT_BUDGET, _TEXT_BUDGET_FACTOR * unpacked)]
        with _damage("sheet"):  # a damaged part found while looking for the headers
            yield from _tables(path, archive, book, warnings, budget)


@contextmanager
def _damage(variant: str) -> Iterator[None]:
    """Any error but our own is damage (READ009 `variant`): lxml, zipfile and the parts' own
    checks raise many types."""
    try:
        yield
    except ReadError:
        raise
    except Exception as exc:
        if is_too_long(exc):
            raise read_error("READ027") from None
        raise read_error("READ009", variant, {"detail": f"{type(exc).__name__}: {exc}"}) from None


def _tables(
    path: Path,
    archive: zipfile.ZipFile,
    book: Workbook,
    warnings: list[ReadError],
    budget: list[int],
) -> Iterator[Table]:
    if book.properties.get(DOCUMENT) in OWN_OUTPUTS:  # a comparison tilsyn wrote: not data
        raise read_error("READ021", book.properties[DOCUMENT])
    prefilled = prefilled_names(book.properties)
    listed = _sheets_without_records(book.properties)
    # The sheets listed as holding no records come last: validation reads them only when no
    # other sheet held records (a sheet of calls listed by mistake is never lost silently).
    sheets = [s for s in book.sheets if s.name not in listed]
    sheets += [s for s in book.sheets if s.name in listed]
    found = [_header_row(archive, book, s) for s in sheets]
    if _is_survey_definition(sheets, found):
        return  # an XLSForm kept beside its data (`--survey`) defines the records, holds none
    all_headers = [headers for _, headers in found]
    for sheet, (header_row, headers) in zip(sheets, found, strict=False):
        if not any(headers):
            continue
        rows = sheet_rows(archive, book, sheet.part, len(headers))
        columns = {h: column_letter(i + 1) for i, h in enumerate(headers) if h}
        siblings = [[h for h in other if h] for other in all_headers if other is not headers]
        table = Table(
            file=str(path),
            sheet=sheet.name,
            headers=[h for h in headers if h],
            columns=columns,
            rows=_rows(rows, headers, header_row, budget),
            warnings=warnings,
            sibling_headers=siblings,
            hidden=sheet.hidden,
            prefilled=prefilled,
            listed_without_records=sheet.name in listed,
        )
        yield adapt(table)  # a Kobo export: its columns read past
        warnings = []


def _is_survey_definition(sheets: list[Sheet], found: list[tuple[int, list[str]]]) -> bool:
    """Whether the workbook is an XLSForm: a `survey` sheet with the columns type and name,
    beside a `choices` or `settings` sheet."""
    names = {
        sheet.name.strip().casefold(): headers
        for sheet, (_, headers) in zip(sheets, found, strict=True)
    }
    survey = {h.casefold() for h in names.get("survey", [])}
    return {"type", "name"} <= survey and bool({"choices", "settings"} & names.keys())


def _sheets_without_records(properties: dict[str, str]) -> set[str]:
    """Sheet names the workbook's custom property lists as holding no records."""
    try:
        names = json.loads(properties[SHEETS_WITHOUT_RECORDS])
    except (KeyError, ValueError, RecursionError):
        return set()
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _header_row(archive: zipfile.ZipFile, book: Workbook, sheet: Sheet) -> tuple[int, list[str]]:
    """The number of the first row that is not empty, and its stripped header texts without
    trailing empty cells."""
    with closing(sheet_rows(archive, book, sheet.part)) as rows:
        for row in rows:
            if row.number > _HEADER_SEARCH_ROWS:
                break
            headers = [_header(v) for v in row.values]
            while headers and not headers[-1]:
                headers.pop()
            if headers:
                return row.number, headers
    return 1, []


# Excel stores control characters (a line break pasted from Word is \x0b) as `_x000B_`, and
# an underscore that would start such an escape as `_x005F_`: decoded in one pass, so the
# text «_x000B_» written as «_x005F_x000B_» comes back as it was.
_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff])_")


def _unescaped(value: Any) -> Any:
    """A cell's text with Excel's escapes decoded (not yet made safe: see clean_text)."""
    if isinstance(value, str) and "_x00" in value:
        return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _control_chars(value: Any) -> Any:
    value = _unescaped(value)
    return clean_text(value) if isinstance(value, str) else value


def _header(value: Any) -> str:
    return "" if value is None else str(_control_chars(value)).strip()


def _rows(rows: Iterator[Row], headers: list[str], header_row: int, budget: list[int]) -> Rows:
    """The records after the header row, in the order the file holds them. A row that cannot
    be read is a problem of its own; rows out of order and values in columns without a header
    are said once per sheet, at the first."""
    number = header_row
    said: set[str] = set()
    try:
        for row in rows:
            number = row.number
            if number <= header_row:
                continue
            yield from _row_warnings(row, said)
            if row.uncached or row.unreadable:
                yield _unreadable(row)
                continue
            cells = row.values
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            budget[0] -= sum([len(c) for c in cells if isinstance(c, str)])
            if budget[0] < 0:
                yield read_error("READ012", "text", {"row": number}, row=number)
                return
            cells += [None] * (len(headers) - len(cells))  # every header, as the sheet is wide
            values = {h: _unescaped(c) for h, c in zip(headers, cells, strict=False) if h}
            if any(isinstance(c, str) and needs_cleaning(c) for c in values.values()):
                values, warnings = checked_values(values, number)
                yield from warnings
            yield RawRow(values, number)
    except Exception as exc:  # rows are parsed as they are read; damage shows up here
        if is_too_long(exc):
            yield read_error("READ027", row=number + 1)
            return
        yield read_error(
            "READ009",
            "sheet_row",
            {"row": number, "detail": f"{type(exc).__name__}: {exc}"},
            row=number + 1,
        )


def _row_warnings(row: Row, said: set[str]) -> Iterator[ReadError]:
    if row.declared is not None and "order" not in said:
        said.add("order")
        params = {"declared": row.declared, "row": row.number}
        yield read_error("READ022", params=params, row=row.number)
    if row.beyond is not None and "beyond" not in said:
        said.add("beyond")
        yield read_error("READ024", params={"cell": row.beyond}, row=row.number)


def _unreadable(row: Row) -> ReadError:
    if row.uncached:
        return read_error("READ019", params={"cell": row.uncached}, row=row.number)
    cell, value = row.unreadable or ("", "")
    return read_error("READ023", params={"cell": cell, "value": value}, row=row.number)
