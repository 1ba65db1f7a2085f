"""The spreadsheet reader's own XML reading (zipfile + lxml): what openpyxl used to do for it.

Each workbook is built here from a few lines of XML, so a test names exactly what a file holds:
a date style, the 1904 system, a boolean, an error, an inline or rich-text string, a cell or row
left out, a formula with or without its saved result, an absolute part name. Where openpyxl is
the reference (it stays a dependency, for the writers) a test compares the two readers.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.factories import valid_call, write_xlsx
from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.readers import reader_for
from tilsyn.readers.base import ReadError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _rels(*relationships: tuple[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_TYPE}{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(relationships, start=1)
    )
    return (
        f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships">{items}</Relationships>'
    )


def write_book(
    path: Path,
    *sheets: str,
    strings: list[str] | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    names: list[str] | None = None,
    states: dict[int, str] | None = None,
    target: str = "worksheets/sheet{n}.xml",
    chart_first: bool = False,
    stored: bool = False,
    sheet_prolog: str = "",
    properties: tuple[str, dict[str, str]] | None = None,
) -> Path:
    """A workbook whose sheets hold the given `<sheetData>` contents, with what openpyxl needs
    to read it too ([Content_Types].xml). `properties` is (part, name -> text) of the custom
    document properties."""
    names = names or [f"Ark{n}" for n in range(1, len(sheets) + 1)]
    states = states or {}
    entries = {}
    relationships = []
    overrides = []
    book_sheets = []
    if chart_first:
        relationships.append(("chartsheet", "chartsheets/sheet1.xml"))
        book_sheets.append('<sheet name="Diagram" sheetId="99" r:id="rId1"/>')
        entries["xl/chartsheets/sheet1.xml"] = f'{XML}<chartsheet xmlns="{MAIN}"/>'
    for n, (name, data) in enumerate(zip(names, sheets, strict=False), start=1):
        relationships.append(("worksheet", target.format(n=n)))
        state = f' state="{states[n]}"' if n in states else ""
        book_sheets.append(
            f'<sheet name="{name}" sheetId="{n}"{state} r:id="rId{len(relationships)}"/>'
        )
        entries[f"xl/worksheets/sheet{n}.xml"] = (
            f'{XML}{sheet_prolog}<worksheet xmlns="{MAIN}" xmlns:r="{R}"><sheetData>{data}</sheetData></worksheet>'
        )
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        )
    if strings is not None:
        relationships.append(("sharedStrings", "sharedStrings.xml"))
        entries["xl/sharedStrings.xml"] = f'{XML}<sst xmlns="{MAIN}">{"".join(strings)}</sst>'
        overrides.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    if styles is not None:
        relationships.append(("styles", "styles.xml"))
        entries["xl/styles.xml"] = f'{XML}<styleSheet xmlns="{MAIN}">{styles}</styleSheet>'
    entries["xl/workbook.xml"] = (
        f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{R}">{workbook_pr}'
        f"<sheets>{''.join(book_sheets)}</sheets></workbook>"
    )
    entries["xl/_rels/workbook.xml.rels"] = _rels(*relationships)
    package = [("officeDocument", "xl/workbook.xml")]
    if properties is not None:
        part, texts = properties
        package.append(("custom-properties", part))
        entries[part] = (
            f'{XML}<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}">'
            + "".join(
                f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{name}">'
                f"<vt:lpwstr>{text}</vt:lpwstr></property>"
                for pid, (name, text) in enumerate(texts.items(), start=2)
            )
            + "</Properties>"
        )
    entries["_rels/.rels"] = _rels(*package)
    entries["[Content_Types].xml"] = (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/>{"".join(overrides)}</Types>'
    )
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header(*names: str, row: int = 1) -> str:
    return (
        f'<row r="{row}">'
        + "".join(inline(f"{chr(65 + i)}{row}", n) for i, n in enumerate(names))
        + "</row>"
    )


def tables(path: Path) -> list[tuple]:
    """Each table and its rows, read before the next table is asked for (as the reader wants:
    it closes the file when the last table is given)."""
    return [(table, list(table.rows)) for table in reader_for(path)(path)]


def read(path: Path) -> list[tuple[str, list]]:
    """(sheet, its rows) per table: (row number, values) or (code, row number) of a problem."""
    return [
        (
            table.sheet,
            [
                (item.code, item.row) if isinstance(item, ReadError) else (item.row, item.values)
                for item in rows
            ],
        )
        for table, rows in tables(path)
    ]


def values(path: Path) -> list[dict]:
    ((_, rows),) = read(path)
    return [v for _, v in rows]


def openpyxl_values(path: Path) -> list[dict]:
    """The same sheet as openpyxl reads it (read-only, values only), rows after the header."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    rows = [r for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    headers = rows[0]
    return [
        dict(zip(headers, r + (None,) * (len(headers) - len(r)), strict=False))
        for r in rows[1:]
        if any(v is not None for v in r)
    ]


DATE_STYLES = (
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="0.0&quot; dager&quot;"/>'
    '<numFmt numFmtId="166" formatCode="[Red][&lt;0]0;0"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="20"/><xf numFmtId="46"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
)


def test_numbers_shown_as_dates_are_dates(tmp_path):
    path = write_book(
        tmp_path / "d.xlsx",
        header("plain", "date", "custom", "time", "hours", "days", "red")
        + '<row r="2"><c r="A2"><v>45356</v></c><c r="B2" s="1"><v>45356</v></c>'
        '<c r="C2" s="2"><v>45356.5</v></c><c r="D2" s="3"><v>0.75</v></c>'
        '<c r="E2" s="4"><v>1.5</v></c><c r="F2" s="5"><v>2.5</v></c>'
        '<c r="G2" s="6"><v>-3</v></c></row>',
        styles=DATE_STYLES,
    )
    (row,) = values(path)
    assert row == {
        "plain": 45356,
        "date": dt.datetime(2024, 3, 5),
        "custom": dt.datetime(2024, 3, 5, 12),
        "time": dt.time(18),
        "hours": dt.timedelta(hours=36),
        "days": 2.5,
        "red": -3,
    }
    assert type(row["plain"]) is int and type(row["days"]) is float
    assert values(path) == openpyxl_values(path)


def test_the_1904_date_system(tmp_path):
    path = write_book(
        tmp_path / "mac.xlsx",
        header("date") + '<row r="2"><c r="A2" s="1"><v>43894</v></c></row>',
        styles=DATE_STYLES,
        workbook_pr='<workbookPr date1904="1"/>',
    )
    assert values(path) == [{"date": dt.datetime(2024, 3, 5)}] == openpyxl_values(path)


def test_east_asian_builtin_date_formats_are_dates(tmp_path):
    """Ids 27-36 and 50-58 show dates in Excel whatever the locale (their codes are not
    written in the file); openpyxl knows only the ids below 50."""
    styles = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs>'
    path = write_book(
        tmp_path / "ja.xlsx",
        header("date") + '<row r="2"><c r="A2" s="1"><v>45356</v></c></row>',
        styles=styles,
    )
    assert values(path) == [{"date": dt.datetime(2024, 3, 5)}]


def test_booleans_errors_formula_text_and_iso_dates(tmp_path):
    path = write_book(
        tmp_path / "t.xlsx",
        header("yes", "no", "error", "formula", "iso")
        + '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c>'
        '<c r="C2" t="e"><v>#N/A</v></c>'
        '<c r="D2" t="str"><f>CONCAT("a","b")</f><v>ab</v></c>'
        '<c r="E2" t="d"><v>2024-03-05T10:15:00</v></c></row>',
    )
    assert (
        values(path)
        == [
            {
                "yes": True,
                "no": False,
                "error": "#N/A",
                "formula": "ab",
                "iso": dt.datetime(2024, 3, 5, 10, 15),
            }
        ]
        == openpyxl_values(path)
    )


def test_shared_inline_and_rich_text_strings(tmp_path):
    strings = [
        "<si><t>Bergen</t></si>",
        '<si><r><rPr><b/></rPr><t>Nav </t></r><r><t xml:space="preserve">Voss </t></r>'
        '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>',
        "<si><t/></si>",
    ]
    path = write_book(
        tmp_path / "s.xlsx",
        header("a", "b", "c", "d")
        + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
        '<c r="C2" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c>'
        '<c r="D2" t="s"><v>2</v></c></row>',
        strings=strings,
    )
    assert values(path) == [{"a": "Bergen", "b": "Nav Voss ", "c": "inline", "d": ""}]
    assert values(path) == openpyxl_values(path)


def test_cells_without_a_reference_and_rows_left_out(tmp_path):
    path = write_book(
        tmp_path / "gaps.xlsx",
        header("a", "b", "c") + '<row r="3"><c t="inlineStr"><is><t>x</t></is></c><c><v>2</v></c>'
        '<c r="C3"><v>3</v></c></row>'
        '<row><c r="B4"><v>4</v></c></row>'
        '<row r="7"><c><v>7</v></c><c r="C7"><v>9</v></c></row>',
    )
    ((_, rows),) = read(path)
    assert rows == [
        (3, {"a": "x", "b": 2, "c": 3}),
        (4, {"a": None, "b": 4, "c": None}),
        (7, {"a": 7, "b": None, "c": 9}),
    ]
    assert [v for _, v in rows] == openpyxl_values(path)


def test_the_header_may_start_lower_and_a_row_may_end_early(tmp_path):
    path = write_book(
        tmp_path / "low.xlsx",
        '<row r="2"/>' + header("a", "b", "c", row=4) + '<row r="5"><c r="A5"><v>1</v></c></row>',
    )
    assert read(path) == [("Ark1", [(5, {"a": 1, "b": None, "c": None})])]


def test_a_formula_without_a_saved_result_is_named_by_its_cell(tmp_path):
    path = write_book(
        tmp_path / "f.xlsx",
        header("a", "b")
        + '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>A2*2</f><v>2</v></c></row>'
        '<row r="3"><c r="A3"><v>1</v></c><c r="B3"><f>A3*2</f></c></row>'
        '<row r="4"><c r="A4"><v>1</v></c><c r="B4"><f>A4*2</f><v></v></c></row>',
    )
    ((_, rows),) = read(path)
    assert rows == [(2, {"a": 1, "b": 2}), ("READ019", 3), ("READ019", 4)]
    ((_, items),) = tables(path)
    assert ["B3" in items[1].message, "B4" in items[2].message] == [True, True]


def test_sheets_in_workbook_order_with_absolute_targets_hidden_states_and_chart_sheets(tmp_path):
    path = write_book(
        tmp_path / "abs.xlsx",
        header("a") + '<row r="2"><c r="A2"><v>1</v></c></row>',
        header("b") + '<row r="2"><c r="A2"><v>2</v></c></row>',
        names=["Første", "Andre"],
        states={2: "veryHidden"},
        target="/xl/worksheets/sheet{n}.xml",
        chart_first=True,
    )
    assert [
        (t.sheet, t.hidden, t.headers, [r.values for r in rows]) for t, rows in tables(path)
    ] == [("Første", False, ["a"], [{"a": 1}]), ("Andre", True, ["b"], [{"b": 2}])]


@pytest.mark.parametrize("part", ["docProps/custom.xml", "docProps/andre.xml"])
def test_sheets_the_workbook_lists_as_holding_no_records_are_skipped(tmp_path, part):
    path = write_book(
        tmp_path / "export.xlsx",
        header("a") + '<row r="2"><c r="A2"><v>1</v></c></row>',
        header("a") + '<row r="2"><c r="A2"><v>2</v></c></row>',
        names=["Samtaler", "Resultater"],
        properties=(part, {SHEETS_WITHOUT_RECORDS: '["Resultater"]', "other": "x"}),
    )
    # Listed sheets come last, marked: validation reads them only when no other sheet held
    # records (tests/test_text_survival.py).
    assert [(t.sheet, t.listed_without_records) for t, _ in tables(path)] == [
        ("Samtaler", False),
        ("Resultater", True),
    ]


def test_a_column_past_z_is_named_by_its_letters(tmp_path):
    path = write_book(
        tmp_path / "wide.xlsx",
        '<row r="1">'
        + inline("A1", "a")
        + inline("AB1", "far")
        + '</row><row r="2"><c r="AB2"><v>5</v></c></row>',
    )
    ((table, rows),) = tables(path)
    assert table.columns == {"a": "A", "far": "AB"}
    assert [r.values for r in rows] == [{"a": None, "far": 5}]


@pytest.mark.parametrize("part", ["sheet", "strings"])
def test_a_dtd_anywhere_is_damage_and_no_entity_is_expanded(tmp_path, part):
    doctype = '<!DOCTYPE x [<!ENTITY e "EXPANDED">]>'
    if part == "sheet":
        path = write_book(
            tmp_path / "dtd.xlsx",
            header("a") + '<row r="2">' + inline("A2", "&e;") + "</row>",
            sheet_prolog=doctype,
        )
    else:
        path = write_book(
            tmp_path / "dtd.xlsx",
            header("a") + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
            strings=["<si><t>&e;</t></si>"],
        )
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
            b"<sst", doctype.encode() + b"<sst", 1
        )
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    with pytest.raises(ReadError) as raised:
        read(path)
    assert raised.value.code == "READ009" and "DTD" in raised.value.message
    assert "EXPANDED" not in raised.value.message


def test_a_sheet_cut_short_keeps_the_rows_before_and_names_where(tmp_path):
    path = write_book(
        tmp_path / "cut.xlsx",
        header("a") + '<row r="2"><c r="A2"><v>1</v></c></row>'
        '<row r="3"><c r="A3"><v>2</v></c></row>',
    )
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet[: sheet.index(b'<row r="3">') + 20]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    ((_, rows),) = read(path)
    assert rows == [(2, {"a": 1}), ("READ009", 3)]


@pytest.mark.slow  # 100,000 rows: left out of the inner loop
def test_a_long_sheet_is_streamed(tmp_path):
    """100,000 rows are read in a fraction of the memory their XML would take as one tree."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="inlineStr"><is><t>'
        f'note {n}</t></is></c><c r="C{n}" t="b"><v>1</v></c></row>'
        for n in range(2, 100_002)
    )
    path = write_book(tmp_path / "long.xlsx", header("n", "note", "flag") + rows, stored=True)
    code = (
        "import resource, sys; from pathlib import Path; from tilsyn.readers import reader_for;"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        f"n = sum(1 for t in reader_for(Path({str(path)!r}))(Path({str(path)!r})) for r in t.rows);"
        "print(n, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)"
    )
    count, grown_mb = map(
        int,
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split(),
    )
    assert count == 100_000
    assert grown_mb < 40, grown_mb  # as one tree, these 12 MB of XML take several hundred


def test_reading_a_workbook_never_imports_openpyxl(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", [valid_call(call_id="X-1")])
    code = (
        "import sys, tilsyn; result = tilsyn.load([sys.argv[1]]); "
        "print(len(result.records), sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=1)
    assert out == ["1", "[]\n"] or out == ["1", "[]"]
