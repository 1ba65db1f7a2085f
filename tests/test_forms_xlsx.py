"""`tilsyn form new -o FILE.xlsx`: an entry spreadsheet that the spreadsheet reader reads back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

import tilsyn
from tests.factories import acute_call, valid_call, write_json
from tilsyn.survey import get_survey

SURVEY = get_survey("nks-call")


def typed(tmp_path, record):
    result = tilsyn.load([write_json(tmp_path / "oracle.json", [record])])
    assert result.ok, result.diagnostics
    return result.records[0].values


@pytest.fixture
def template(cli, tmp_path):
    path = tmp_path / "innsamling.xlsx"
    result = cli("form", "new", "-o", path, "--lang", "nn")
    assert result.exit_code == 0, result.output
    return path


def test_header_row_holds_the_labels_and_choices_sit_on_a_hidden_sheet(template):
    book = load_workbook(template)
    sheet, codes = book.worksheets
    assert sheet.title == "Samtalar" and sheet.sheet_state == "visible"
    assert [c.value for c in sheet[1]] == [f.label["nn"] for f in SURVEY.fields]
    assert codes.sheet_state == "hidden"
    assert sheet.freeze_panes == "B2"
    listed = {codes.cell(1, c).value: [codes.cell(r, c).value for r in range(2, codes.max_row + 1)
                                       if codes.cell(r, c).value] for c in range(1, codes.max_column + 1, 2)}
    assert listed["language_barrier"] == ["Ja", "Nei"]
    assert listed["county"][-1] == "Statsforvaltaren i Vestland"
    assert set(listed) == {f.name for f in SURVEY.fields if f.is_choice}


def test_every_choice_column_has_a_drop_down_and_every_column_its_help(template):
    sheet = load_workbook(template).worksheets[0]
    by_column = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        by_column[column] = validation
    for index, f in enumerate(SURVEY.fields, start=1):
        validation = by_column[sheet.cell(1, index).column_letter]
        assert validation.showInputMessage and validation.prompt.startswith(f.help["nn"][:40])
        if f.is_choice:
            assert validation.type == "list" and "Kodelister" in validation.formula1
            assert bool(validation.showErrorMessage) is (f.type != "many")  # several may be typed
    def column_format(name):
        letter = sheet.cell(1, list(SURVEY.by_name).index(name) + 1).column_letter
        return sheet.column_dimensions[letter].number_format

    assert column_format("municipality_number") == "@"  # 0301 keeps its zero
    assert column_format("observed_at") == "dd.mm.yyyy hh:mm"


def test_blank_template_validates_with_no_calls(cli, template):
    result = cli("validate", template)
    assert result.exit_code == 0
    assert result.stderr.strip().endswith("1 file, 0 calls, 0 errors, 0 warnings")


def test_template_filled_with_a_few_rows_validates_exactly(cli, template, tmp_path):
    """Rows typed the way an inspector does: labels from the drop-downs, Ja/Nei, several choices
    joined with "; ", a date cell, a decimal comma."""
    book = load_workbook(template)
    sheet = book.worksheets[0]
    records = [valid_call(), acute_call(call_id="VL-002", topics=["emergency_assistance", "other"],
                                        queue_wait_minutes="3,5", county="vestland")]
    for row, record in enumerate(records, start=2):
        for column, f in enumerate(SURVEY.fields, start=1):
            value = record.get(f.name)
            if value is None:
                continue
            if f.type == "many":
                value = "; ".join(f.choice_label(code, "nn") for code in value)
            elif f.is_choice:
                value = f.choice_label(value, "nn")
            elif f.type == "datetime":
                value = dt.datetime.fromisoformat(value)
            sheet.cell(row, column, value)
    book.save(template)
    result = cli("validate", "--json", template)
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    loaded = tilsyn.load([template]).records
    assert [r.values for r in loaded] == [typed(tmp_path, r) for r in records]


def test_prefilled_rows_with_count_and_prefix(cli, tmp_path):
    path = tmp_path / "vestland.xlsx"
    result = cli("form", "new", "-o", path, "--lang", "en", "--count", "3", "--call-id-prefix", "VL-",
                 "--county", "vestland", "--observer", "KH")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert [r["Call ID"] for r in rows] == ["VL-001", "VL-002", "VL-003"]
    assert {r["County governor"] for r in rows} == {"County Governor of Vestland"}
    assert {r["Observer"] for r in rows} == {"KH"}
    assert sheet.cell(5, 1).value is None


def test_prefilled_text_that_looks_like_a_formula_stays_text(tmp_path):
    from tilsyn.forms import write_sheet

    path = tmp_path / "sheet.xlsx"
    write_sheet(path, rows=[{"call_id": "=1+1", "nav_office": "=HYPERLINK(\"x\")"}])
    sheet = load_workbook(path).worksheets[0]
    assert sheet.cell(2, 1).value == "=1+1" and sheet.cell(2, 1).data_type == "s"
