"""Spreadsheet rows as the file holds them (tilsyn/readers/xlsxparts.py, xlsxfile.py): rows out
of order, numbered twice or numbered 0 are read in the file's order and none is dropped
silently; cells far to the right cost neither time nor memory and are said; crafted values
are read as they are or refused with a diagnostic, row by row."""

from __future__ import annotations

import time
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import examples, valid_call, write_xlsx
from tests.test_xlsx_reader import header, read, write_book


def _row(number: int | None, value: int) -> str:
    ref = "" if number is None else f' r="{number}"'
    cell = "" if number is None else f' r="A{number}"'
    return f"<row{ref}><c{cell}><v>{value}</v></c></row>"


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 12)), min_size=1, max_size=12))
def test_every_row_is_read_in_the_order_the_file_holds_it(tmp_path_factory, numbers):
    """Whatever numbers the rows claim (none, out of order, twice, 0), every value comes back,
    in the file's order, with row numbers that only go up; disorder is said once."""
    path = tmp_path_factory.mktemp("rows") / "rader.xlsx"
    rows = "".join(_row(n, 100 + i) for i, n in enumerate(numbers))
    write_book(path, header("a") + rows)
    ((_, items),) = read(path)
    records = [item for item in items if not isinstance(item[0], str)]
    warnings = [item for item in items if isinstance(item[0], str)]
    assert [values["a"] for _, values in records] == [100 + i for i in range(len(numbers))]
    assert all(a < b for (a, _), (b, _) in zip(records, records[1:], strict=False))
    assert all(n > 1 for n, _ in records)  # after the header, always
    claimed, last = [], 1
    for n in numbers:
        claimed.append(n is not None and n <= last)
        last = n if n is not None and n > last else last + 1
    assert [code for code, _ in warnings] == (["READ022"] if any(claimed) else [])


def test_rows_out_of_order_reach_the_dataset_with_a_warning(tmp_path):
    calls = [valid_call(call_id=f"VL-{i}") for i in range(3)]
    path = write_xlsx(tmp_path / "samtaler.xlsx", calls)
    # Number the rows 3, 2, 0 instead of 2, 3, 4: the reader used to keep only the first.
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for old, new in (('r="2"', 'r="3"'), ('r="3"', 'r="2"'), ('r="4"', 'r="0"')):
        sheet = sheet.replace(f"<row {old}", f"<row X{new}", 1)
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<row X", "<row ").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = tilsyn.load([path])
    assert [r.key for r in result.records] == ["VL-0", "VL-1", "VL-2"]
    assert [d.code for d in result.warnings if d.code.startswith("READ")] == ["READ022"]


def test_a_cell_in_column_xfd_in_every_row_is_bounded_and_said(tmp_path):
    rows = 20_000
    data = header("a", "b") + "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="XFD{n}"><v>1</v></c></row>'
        for n in range(2, rows + 2)
    )
    path = write_book(tmp_path / "bred.xlsx", data)
    tracemalloc.start()
    started = time.perf_counter()
    ((_, items),) = read(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    records = [i for i in items if not isinstance(i[0], str)]
    assert len(records) == rows and records[0][1] == {"a": 2, "b": None}
    assert [i for i in items if isinstance(i[0], str)] == [("READ024", 2)]
    assert seconds < 10 and peak < 100_000_000  # a list of 16,384 cells per row would not be


def test_cells_beyond_excels_last_column_are_refused(tmp_path):
    many = "<c><v>1</v></c>" * 20_000  # no references: each is the next column
    path = write_book(
        tmp_path / "for-bred.xlsx",
        header("a")
        + f'<row r="2"><c r="A2"><v>5</v></c>{many}</row><row r="3"><c r="A3"><v>6</v></c></row>',
    )
    ((_, items),) = read(path)
    assert (3, {"a": 6}) in items and (2, {"a": 5}) in items
    assert ("READ024", 2) in items


@settings(max_examples=examples(100), deadline=None)
@given(
    st.sampled_from(
        [
            ('t="b"', "<v>2</v>"),
            ('t="b"', "<v>ja</v>"),
            ('t="s"', "<v>99</v>"),
            ('t="s"', "<v>-1</v>"),
            ('t="s"', "<v>x</v>"),
            ("", "<v>abc</v>"),
            ("", "<v>1" + "0" * 5000 + "</v>"),
            ('t="n"', "<v>--3</v>"),
            ('t="d"', "<v>not a date</v>"),
        ]
    ),
    st.booleans(),
)
def test_a_crafted_value_spoils_its_row_only(tmp_path_factory, crafted, shared):
    kind, value = crafted
    path = tmp_path_factory.mktemp("crafted") / "laget.xlsx"
    write_book(
        path,
        header("a", "b")
        + f'<row r="2"><c r="A2"><v>1</v></c><c r="B2" {kind}>{value}</c></row>'
        + '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="b"><v>1</v></c></row>',
        strings=["<si><t>delt</t></si>"] if shared else None,
    )
    ((_, items),) = read(path)
    assert items == [("READ023", 2), (3, {"a": 2, "b": True})]


def test_values_read_as_they_are(tmp_path):
    path = write_book(
        tmp_path / "verdier.xlsx",
        header("a", "b", "c", "d", "e")
        + '<row r="2"><c r="A2" t="b"><v>true</v></c><c r="B2" t="e"><v>#DIV/0!</v></c>'
        '<c r="C2" t="inlineStr"><is><r><rPr><b/><color rgb="FFFF0000"/></rPr><t>fet </t></r>'
        '<r><rPr><i/></rPr><t xml:space="preserve">og kursiv</t></r>'
        '<rPh sb="0" eb="1"><t>FONETISK</t></rPh></is></c>'
        '<c r="D2" t="inlineStr"><v>v i stedet for is</v></c>'
        '<c r="E2" t="b"><v>0</v></c></row>',
    )
    ((_, items),) = read(path)
    assert items == [
        (
            2,
            {"a": True, "b": "#DIV/0!", "c": "fet og kursiv", "d": "v i stedet for is", "e": False},
        )
    ]
