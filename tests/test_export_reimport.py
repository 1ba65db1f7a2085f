"""What lets an export load straight back: sheets without records, result columns, CSV escapes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

import tilsyn
from tests.factories import valid_call, write_csv, write_jsonl
from tilsyn.formats.cells import escape_csv, is_risky, unescape_csv


def _workbook(path, sheets: dict[str, list[list]], custom: dict[str, str] | None = None):
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for name, value in (custom or {}).items():
        book.custom_doc_props.append(StringProperty(name=name, value=value))
    book.save(path)
    return path


def _call_rows(*records):
    headers = list(records[0])
    return [headers] + [
        [";".join(v) if isinstance(v, list) else v for v in r.values()] for r in records
    ]


def test_sheet_without_key_beside_a_data_sheet_is_skipped(tmp_path):
    path = _workbook(
        tmp_path / "calls.xlsx",
        {
            "Instruksjoner": [["Slik fyller du ut"], ["Én rad per samtale."]],
            "Samtaler": _call_rows(valid_call()),
            "Notater": [["Merknad", "Dato"], ["husk tolk", "2021-01-01"]],
        },
    )
    result = tilsyn.load([path])
    assert result.ok, [d.message for d in result.diagnostics]
    assert [r.key for r in result.records] == ["VL-001"]


def test_workbook_where_no_sheet_matches_still_reports_col003(tmp_path):
    path = _workbook(
        tmp_path / "calls.xlsx",
        {"Ark1": [["Navn", "Dato"], ["x", "y"]], "Ark2": [["Merknad"], ["z"]]},
    )
    result = tilsyn.load([path])
    assert [d.code for d in result.errors] == ["COL003", "COL003"]


def test_sheets_listed_in_the_custom_property_are_not_read(tmp_path):
    results = [["call_id", "K01"], ["VL-001", "pass"]]
    sheets = {"Samtaler": _call_rows(valid_call()), "Resultater": results}
    plain = tilsyn.load([_workbook(tmp_path / "plain.xlsx", sheets)])
    assert "COL001" in {d.code for d in plain.errors}  # the results sheet looks like calls
    marked = tilsyn.load(
        [
            _workbook(
                tmp_path / "marked.xlsx",
                sheets,
                {"tilsyn:sheets-without-records": json.dumps(["Resultater"])},
            )
        ]
    )
    assert marked.ok, [d.message for d in marked.diagnostics]
    assert [r.sheet for r in marked.records] == ["Samtaler"]


def test_a_damaged_custom_property_is_ignored(tmp_path):
    path = _workbook(
        tmp_path / "calls.xlsx",
        {"Samtaler": _call_rows(valid_call())},
        {"tilsyn:sheets-without-records": "Samtaler"},
    )
    assert len(tilsyn.load([path]).records) == 1


def test_result_columns_are_skipped_in_csv_and_jsonl(tmp_path):
    record = valid_call(
        **{
            "result:K01": "fail",
            "resultat:K01:vurderingsgrunnlag": "ventetid 14,5 min",
            "Result:K02": "pass",
        }
    )
    for path in (
        write_csv(tmp_path / "calls.csv", [record]),
        write_jsonl(tmp_path / "calls.jsonl", [record]),
    ):
        result = tilsyn.load([path])
        assert result.ok, [d.message for d in result.diagnostics]
        assert (
            result.records[0].values
            == tilsyn.load([write_jsonl(tmp_path / "plain.jsonl", [valid_call()])])
            .records[0]
            .values
        )


def test_unknown_column_is_still_an_error(tmp_path):
    result = tilsyn.load([write_csv(tmp_path / "calls.csv", [valid_call(results="fail")])])
    assert [d.code for d in result.errors] == ["COL001"]


def test_csv_reader_removes_the_formula_escape(tmp_path):
    record = valid_call(nav_office="'=1+1", notes="''-2", observer="'KH")
    result = tilsyn.load([write_csv(tmp_path / "calls.csv", [record])])
    values = result.records[0].values
    assert (values["nav_office"], values["notes"], values["observer"]) == ("=1+1", "'-2", "'KH")


@given(st.text())
def test_csv_escape_is_safe_and_exactly_reversed(text):
    escaped = escape_csv(text)
    assert not is_risky(escaped)
    assert unescape_csv(escaped) == text
