"""Spreadsheets (.xlsx, .xlsm): one row per record, header row of field codes or labels.

Every sheet is read, hidden ones too (a hidden sheet of records is a warning, a hidden sheet of
code lists beside the data is skipped like any other sheet that matches no survey), except those
the workbook itself lists in its custom document property `tilsyn:sheets-without-records` (a
JSON list of sheet names): tilsyn's own exports name their results and summary sheets there, so
an export loads straight back. The header is the first row that is not empty.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.diagnostics import read_error
from tilsyn.readers.base import RawRow, ReadError, Rows, Table, clean_value
from tilsyn.readers.ziputil import DAMAGE, damaged, open_office_zip

# Rows above the header that may be empty (a title row left blank, a sheet starting lower).
_HEADER_SEARCH_ROWS = 50
# The text a workbook may expand to: its unpacked size many times over, at least this much.
# Shared strings let a small file repeat one long text in every cell (an amplification attack).
_MIN_TEXT_BUDGET = 50_000_000
_TEXT_BUDGET_FACTOR = 10


def read_xlsx(path: Path) -> Iterator[Table]:
    with open_office_zip(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    from openpyxl import load_workbook  # heavy: only when a spreadsheet is read

    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise read_error("READ009", "sheet_open", {"detail": f"{type(exc).__name__}: {exc}"}) from None
    warnings = []
    if path.suffix.lower() == ".xlsm":
        warnings.append(read_error("READ013", "sheet"))
    budget = [max(_MIN_TEXT_BUDGET, _TEXT_BUDGET_FACTOR * unpacked)]
    try:
        yield from _tables(path, book, warnings, budget)
    except ReadError:
        raise
    except Exception as exc:  # a damaged part found while reading the sheets
        raise read_error("READ009", "sheet", {"detail": f"{type(exc).__name__}: {exc}"}) from None
    finally:
        book.close()


def _tables(path: Path, book, warnings: list[ReadError], budget: list[int]) -> Iterator[Table]:
    from openpyxl.utils import get_column_letter

    skipped = _sheets_without_records(book)
    sheets = [s for s in book.worksheets if s.title not in skipped]
    found = [_header_row(s) for s in sheets]
    all_headers = [headers for _, headers in found]
    for sheet, (header_row, headers) in zip(sheets, found):
        if not any(headers):
            continue
        rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
        columns = {h: get_column_letter(i + 1) for i, h in enumerate(headers) if h}
        siblings = [[h for h in other if h] for other in all_headers if other is not headers]
        yield Table(file=str(path), sheet=sheet.title, headers=[h for h in headers if h],
                    columns=columns, rows=_rows(rows, headers, header_row + 1,
                                                _uncached_formulas(path, sheet), budget),
                    warnings=warnings, sibling_headers=siblings,
                    hidden=getattr(sheet, "sheet_state", "visible") != "visible")
        warnings = []




def _sheets_without_records(book) -> set[str]:
    """Sheet names the workbook's custom property lists as holding no records."""
    for prop in getattr(book, "custom_doc_props", None) or ():
        if prop.name == SHEETS_WITHOUT_RECORDS:
            try:
                names = json.loads(prop.value)
            except (TypeError, ValueError, RecursionError):
                return set()
            return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()
    return set()


def _header_row(sheet) -> tuple[int, list[str]]:
    """The number of the first row that is not empty, and its stripped header texts without
    trailing empty cells."""
    for number, cells in enumerate(sheet.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True),
                                   start=1):
        headers = [_header(v) for v in cells]
        while headers and not headers[-1]:
            headers.pop()
        if headers:
            return number, headers
    return 1, []


_FORMULA = re.compile(rb"<f[ >/]")
_CACHED = re.compile(rb"<v>[^<]|<is>")  # a saved result: a value, or inline text
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')


def _uncached_formulas(path: Path, sheet) -> dict[int, str]:
    """Row number -> first cell holding a formula whose result the file does not hold (made
    by a program that does not calculate, or saved without calculating): read as empty, its
    answer would be lost without a word. The sheet is streamed, a whole number of cells at a
    time, so memory stays flat however large it is."""
    part = getattr(sheet, "_worksheet_path", None)
    found: dict[int, str] = {}
    if part is None:
        return found
    with open_office_zip(path) as archive:
        if part not in archive.NameToInfo:
            return found
        try:
            with archive.open(part) as stream:
                rest = b""
                while chunk := stream.read(1 << 20):
                    rest += chunk
                    cut = rest.rfind(b"</c>") + len(b"</c>")
                    if cut >= len(b"</c>"):
                        _formulas_in(rest[:cut], found)
                        rest = rest[cut:]
                _formulas_in(rest, found)
        except DAMAGE as exc:
            raise damaged(part, exc) from None
    return found


def _formulas_in(cells: bytes, found: dict[int, str]) -> None:
    for formula in _FORMULA.finditer(cells):
        start = cells.rfind(b"<c ", 0, formula.start())
        end = cells.find(b"</c>", formula.start())
        if start < 0 or end < 0:
            return
        cell = cells[start:end]
        ref = _CELL_REF.search(cell)
        if ref and _CACHED.search(cell) is None:
            found.setdefault(int(ref.group(2)), (ref.group(1) + ref.group(2)).decode())


_CONTROL_ESCAPE = re.compile(r"_x00([01][0-9A-Fa-f])_")


def _control_chars(value: Any) -> Any:
    """Excel stores control characters (a line break pasted from Word is \x0b) as `_x000B_`;
    openpyxl leaves them escaped, so decode them here (and make them safe, see clean_text)."""
    if isinstance(value, str) and "_x00" in value:
        value = _CONTROL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return clean_value(value)


def _header(value: Any) -> str:
    return "" if value is None else str(_control_chars(value)).strip()


def _rows(rows: Iterator[tuple], headers: list[str], first: int, formulas: dict[int, str],
          budget: list[int]) -> Rows:
    number = first - 1
    try:
        for number, cells in enumerate(rows, start=first):
            if number in formulas:
                yield ReadError("READ019", f"cell {formulas[number]} holds a formula whose result "
                                "was never saved in the file, so its value is unknown",
                                "Open the file in Excel or LibreOffice, let it calculate, and save "
                                "it; or type the value instead of the formula.", row=number)
                continue
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            budget[0] -= sum(len(c) for c in cells if isinstance(c, str))
            if budget[0] < 0:
                yield ReadError("READ012", f"the sheet expands to far more text than the file "
                                f"holds (from row {number} on); the rest is not read",
                                "This is not a normal sheet (a long text repeated in every cell); "
                                "do not open it.", row=number)
                return
            yield RawRow({h: _control_chars(c) for h, c in zip(headers, cells) if h}, number)
    except Exception as exc:  # openpyxl parses rows lazily; damage shows up here
        yield read_error("READ009", "sheet_row", {"row": number,
                                                  "detail": f"{type(exc).__name__}: {exc}"},
                         row=number + 1)
