"""The XML inside a workbook, read with zipfile + lxml: no openpyxl, which costs ~50 ms to
import and reads a sheet several times slower.

Which sheets there are, in what order and under what names (`xl/workbook.xml` and its
relationships), the shared strings cells point into, which cell styles show a number as a date
(`xl/styles.xml`), the date system, the custom document properties, and each sheet's rows as
the values openpyxl gives in read-only, data-only mode. A sheet is streamed: however long, only
the row being read is in memory. No part may declare a DTD (no entity is ever expanded): one
that does is damage, like XML that is not well formed.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Iterator

from lxml import etree

from tilsyn.formats.cellref import column_letter, column_number
from tilsyn.readers.ziputil import read_member

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_PROPERTY = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
_ROW, _C, _V, _F, _IS, _SI = (f"{{{MAIN}}}{name}" for name in ("row", "c", "v", "f", "is", "si"))

_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_PARSER = etree.XMLParser(**_SAFE)
# A string's text: plain, or the runs of rich text; never the phonetic guide (`rPh`).
_STRING_PIECES = etree.XPath(
    "m:t/text() | m:r/m:t/text()", namespaces={"m": MAIN}, smart_strings=False
)

_WINDOWS_EPOCH, _MAC_EPOCH = dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1)
# Built-in number formats that show a date or time (ECMA-376 18.8.30; 27-36 and 50-58 are the
# East Asian ones, 71-81 the Thai ones, whose codes depend on the locale), and the duration.
_BUILTIN_DATES = frozenset(
    [*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59), *range(71, 82)]
)
_BUILTIN_DURATION = 46  # [h]:mm:ss


@dataclass(frozen=True)
class Sheet:
    name: str
    part: str  # its member in the zip
    hidden: bool


@dataclass
class Workbook:
    sheets: list[Sheet]
    strings: list[str]  # shared strings
    # Cell style (the `s` attribute, as written) -> whether it shows a duration, for the
    # styles that show a number as a date, time or duration.
    date_styles: dict[str, bool]
    epoch: dt.datetime  # the day before day 1 (Excel's 1900 system, or 1904)
    properties: dict[str, str]  # custom document properties

    def number(self, text: str, style: str | None) -> Any:
        """A number cell: an int when its text is integral, else a float; a date, time or
        duration when its style shows one (a date out of range is Excel's `#VALUE!`)."""
        value = float(text) if "." in text or "E" in text or "e" in text else int(text)
        duration = self.date_styles.get(style) if style else None
        if duration is None:
            return value
        try:
            return _from_serial(value, self.epoch, duration)
        except (OverflowError, ValueError):
            return "#VALUE!"


def read_workbook(archive: zipfile.ZipFile) -> Workbook:
    """What it takes to read the sheets; a part that is missing where it must not be, or
    damaged, raises (the reader says the workbook cannot be opened)."""
    package = _relationships(archive, "_rels/.rels")
    part = _related(package, "officeDocument", "xl/workbook.xml")
    root = parse_part(archive, part)
    if root.tag != f"{{{MAIN}}}workbook":
        raise ValueError(f"{part} is not a workbook")
    related = _relationships(archive, _rels_of(part))
    strings = _related(related, "sharedStrings", "xl/sharedStrings.xml")
    styles = _related(related, "styles", "xl/styles.xml")
    custom = _related(package, "custom-properties", "docProps/custom.xml")
    present = archive.NameToInfo
    return Workbook(
        sheets=_sheets(archive, root, related),
        strings=_shared_strings(archive, strings) if strings in present else [],
        date_styles=_date_styles(parse_part(archive, styles)) if styles in present else {},
        epoch=_MAC_EPOCH if _date1904(root) else _WINDOWS_EPOCH,
        properties=_properties(parse_part(archive, custom)) if custom in present else {},
    )


def parse_part(archive: zipfile.ZipFile, part: str) -> etree._Element:
    root = etree.fromstring(read_member(archive, part), _PARSER)
    _refuse_dtd(root, part)
    return root


def _refuse_dtd(element: etree._Element, part: str) -> None:
    if element.getroottree().docinfo.doctype:
        raise ValueError(f"{part} declares a DTD, which no workbook needs")


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(archive: zipfile.ZipFile, rels: str) -> dict[str, tuple[str, str]]:
    """Id -> (kind, member) of a part's relationships inside the zip, the kind being the last
    word of its type. A target is relative to the part's folder, or absolute from the root."""
    if rels not in archive.NameToInfo:
        return {}
    folder = posixpath.dirname(posixpath.dirname(rels))
    found = {}
    for rel in parse_part(archive, rels).iter(_RELATIONSHIP):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            member = (
                target[1:]
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], member)
    return found


def _related(relationships: dict[str, tuple[str, str]], kind: str, usual: str) -> str:
    return next((member for k, member in relationships.values() if k == kind), usual)


def _sheets(
    archive: zipfile.ZipFile, root: etree._Element, related: dict[str, tuple[str, str]]
) -> list[Sheet]:
    """The worksheets in workbook order. As openpyxl: a sheet without a relationship (older
    .xlsm files have them) or whose part is missing is passed over, and so are chart sheets."""
    sheets = []
    for sheet in root.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
        name, rid = sheet.get("name"), sheet.get(_R_ID)
        if name is None:
            raise ValueError("a sheet has no name")
        if not rid:
            continue
        if rid not in related:
            raise ValueError(f"sheet {name!r} points to {rid}, which the workbook does not have")
        kind, part = related[rid]
        if kind != "chartsheet" and part in archive.NameToInfo:
            sheets.append(Sheet(name, part, sheet.get("state", "visible") != "visible"))
    return sheets


def _date1904(root: etree._Element) -> bool:
    """Whether dates count from 1904 (old Mac Excel); `false`, `f`, `0` or empty say not."""
    props = root.find(f"{{{MAIN}}}workbookPr")
    flag = None if props is None else props.get("date1904")
    return flag not in (None, "", "false", "f", "0")


def _properties(root: etree._Element) -> dict[str, str]:
    return {prop.get("name"): "".join(prop.itertext()) for prop in root.iter(_PROPERTY)}


def _shared_strings(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The shared strings, streamed, as written: Excel's `_xHHHH_` escapes are decoded with
    the other cells' (tilsyn/readers/xlsxfile.py)."""
    strings = []
    with archive.open(part) as stream:
        for element in _streamed(stream, _SI, part):
            strings.append(string_text(element))
    return strings


def string_text(element: etree._Element) -> str:
    """The text of a shared or inline string (`si`, `is`)."""
    return "".join(_STRING_PIECES(element))


def _streamed(stream, tag: str, part: str) -> Iterator[etree._Element]:
    """Each `tag` element of a part in document order, forgotten once the next is asked for,
    so memory holds one at a time. Refuses a DTD before anything inside is used."""
    checked = False
    parsed = etree.iterparse(stream, events=("end",), tag=tag, **_SAFE)
    for _, element in parsed:
        if not checked:
            _refuse_dtd(element, part)
            checked = True
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    if not checked and parsed.root is not None:
        _refuse_dtd(parsed.root, part)


# A number format code's literal text ("..."), and bracketed colours, locales and conditions,
# but not the elapsed-time brackets [h] [mm] [ss]: none of them makes a format a date.
_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")  # not after _ (a space) or \ (a literal)
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def _date_styles(root: etree._Element) -> dict[str, bool]:
    """Cell style index -> shows a duration, for the styles (`cellXfs`) whose number format
    shows a date or time. A custom format (`numFmts`) of an id overrides the built-in one."""
    custom = {
        int(fmt.get("numFmtId")): fmt.get("formatCode") or ""
        for fmt in root.iterfind(f"{{{MAIN}}}numFmts/{{{MAIN}}}numFmt")
    }
    found = {}
    for index, xf in enumerate(root.iterfind(f"{{{MAIN}}}cellXfs/{{{MAIN}}}xf")):
        number = int(xf.get("numFmtId", 0))
        if number in custom:
            shown = _format_shows(custom[number])
        else:
            shown = (
                ("duration" if number == _BUILTIN_DURATION else "date")
                if number in _BUILTIN_DATES
                else None
            )
        if shown is not None:
            found[str(index)] = shown == "duration"
    return found


def _format_shows(code: str) -> str | None:
    """ "date" or "duration" when the format code's first (positive) section shows one."""
    positive = code.split(";")[0]
    if _DATE_LETTER.search(_NOT_DATE_PARTS.sub("", positive)) is None:
        return None
    return "duration" if _ELAPSED.search(positive) else "date"


def _from_serial(serial: float, epoch: dt.datetime, duration: bool) -> Any:
    """An Excel date serial as openpyxl's `from_excel` gives it, to the millisecond: a time of
    day below 1; in the 1900 system, which counts a 29 February 1900 that never was, a day
    added below 60."""
    if duration:
        span = dt.timedelta(days=serial)
        if span.microseconds:
            span = dt.timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(serial, 1)
    time_of_day = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and time_of_day.days == 0:
        return (dt.datetime.min + time_of_day).time()
    if 0 < serial < 60 and epoch == _WINDOWS_EPOCH:
        day += 1
    return epoch + dt.timedelta(days=day) + time_of_day


_ISO = re.compile(r"(?:(\d{4})-(\d{2})-(\d{2}))?T?(?:(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?Z?")


def _iso_date(text: str) -> Any:
    """A `t="d"` cell's ISO 8601 text: a date, a time, or both, as openpyxl reads it."""
    found = _ISO.match(text)
    if found is None or not any(found.groups()):
        raise ValueError(f"{text[:40]!r} is not an ISO 8601 date")
    year, month, day, hour, minute, second, fraction = found.groups()
    micro = int(float(fraction) * 1_000_000) if fraction else 0
    if year is None:
        return dt.time(int(hour), int(minute), int(second or 0), micro)
    if hour is None:
        return dt.date(int(year), int(month), int(day))
    return dt.datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro
    )


# Excel's last column (XFD): a cell said to be further right is not one Excel could save.
MAX_COLUMN = 16_384


@dataclass(frozen=True)
class Row:
    """A row of a sheet as read: its number, its values from column A on (no further than
    the width asked for) and what is wrong with it, if anything."""

    number: int
    values: list[Any]
    uncached: str | None = None  # the first cell whose formula has no saved result
    unreadable: tuple[str, str] | None = None  # (cell, value as written) not a value
    beyond: str | None = None  # the first cell with a value past the width asked for
    declared: int | None = None  # its number as written, when it does not follow the last

    def __iter__(self):
        """(number, values, uncached), as rows were read before they said more."""
        return iter((self.number, self.values, self.uncached))


def sheet_rows(
    archive: zipfile.ZipFile, book: Workbook, part: str, width: int = MAX_COLUMN
) -> Iterator[Row]:
    """Each row the sheet holds, in the order the file holds them; only the first `width`
    columns are kept, so a cell far to the right costs nothing. A row the sheet leaves out is
    empty and not made up. A row numbered out of order, twice or 0 is read all the same, as
    the row after the last one (`declared` keeps what it said): nothing is passed over."""
    number = 0
    with archive.open(part) as stream:
        for row in _streamed(stream, _ROW, part):
            ref = row.get("r")
            declared = _row_number(ref) if ref else number + 1
            stated = declared if declared > number else None
            number = declared if stated else number + 1
            yield _cells(row, book, number, width, None if stated or not ref else declared)


def _row_number(ref: str) -> int:
    try:
        return int(ref)
    except ValueError:
        number = float(ref)  # some writers say 2.0
        if not number.is_integer():
            raise ValueError(f"{ref} is not a row number") from None
        return int(number)


def _cells(
    row: etree._Element, book: Workbook, number: int, width: int, declared: int | None
) -> Row:
    """A row's values placed by their column (a cell without a reference is the next one),
    and the first cell whose formula has no saved result, whose value cannot be read, or
    that lies past `width` with a value."""
    values: list[Any] = []
    uncached = unreadable = beyond = None
    column = 0
    for cell in row.iterchildren(_C):  # the hot loop: most cells call no Python function
        ref = cell.get("r")
        column = (_COLUMNS.get(ref.rstrip(_DIGITS)) or _column(ref)) if ref else column + 1
        if column > width:
            if beyond is None and len(cell):
                beyond = f"{column_letter(min(column, MAX_COLUMN))}{number}"
            if column > MAX_COLUMN:
                break  # no further cell can be one Excel saved
            continue
        text = formula = inline = None
        for child in cell:  # in this order, each at most once: f, v, is
            tag = child.tag
            if tag == _V:
                text = child.text
            elif tag == _F:
                formula = child
            elif tag == _IS:
                inline = child
        kind = cell.get("t")
        try:
            if kind == "s" and text:  # the commonest cell: a shared string
                value = book.strings[int(text) if text.isdigit() else -len(book.strings) - 1]
            else:
                value = _cell_value(text, kind, inline, cell, book)
        except (ValueError, IndexError, OverflowError):
            value = None
            if unreadable is None:
                unreadable = (f"{column_letter(column)}{number}", (text or "")[:40])
        if formula is not None and not text and inline is None and uncached is None:
            uncached = f"{column_letter(column)}{number}"
        if column == len(values) + 1:
            values.append(value)
        else:
            values.extend([None] * (column - len(values)))
            values[column - 1] = value
    return Row(number, values, uncached, unreadable, beyond, declared)


def _cell_value(
    text: str | None, kind: str | None, inline: Any, cell: etree._Element, book: Workbook
) -> Any:
    if kind == "inlineStr":
        return text if inline is None else string_text(inline)  # a <v> where <is> belongs
    if not text:
        return None
    return _value(text, kind, cell, book)


def _value(text: str, kind: str | None, cell: etree._Element, book: Workbook) -> Any:
    """A cell's value from its saved text (`v`) by its type (`t`); `_cells` looks up shared
    strings itself (the commonest cells). A boolean is 1 or 0 (true or false, as some writers
    put it); anything else raises ValueError."""
    if kind is None or kind == "n":
        return book.number(text, cell.get("s"))
    if kind == "b":
        return _BOOLEANS[text.strip().lower()]
    if kind == "d":
        return _iso_date(text)
    return text  # "str", a formula's text; "e", an error such as #N/A


class _Booleans(dict):
    def __missing__(self, key: str) -> bool:
        raise ValueError(f"{key[:20]!r} is not a boolean")


_BOOLEANS = _Booleans({"1": True, "0": False, "true": True, "false": False})
_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # column letters -> number, as met (a dict lookup per cell)


def _column(ref: str) -> int:
    """The column number of a cell reference such as `AB12`, remembered in `_COLUMNS`."""
    letters = ref.rstrip(_DIGITS)
    number = _COLUMNS[letters] = column_number(letters)
    return number
