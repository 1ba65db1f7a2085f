"""`tilsyn form new -o FILE.xlsx`: an entry spreadsheet that the spreadsheet reader reads back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

import tilsyn
from tests.factories import acute_call, valid_call, write_json
from tilsyn.headers import sheet_column
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
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Samtale-ID *", "Undersøking", "Tidspunkt for samtalen *"]
    topics = SURVEY.by_name["topics"]
    assert [h for h in headers if h.startswith(topics.label["nn"])] == [
        f"{topics.label['nn']}: {topics.choice_label(c, 'nn')}" for c in topics.codes
    ]
    assert codes.sheet_state == "hidden"
    assert sheet.freeze_panes == "B2"
    listed = {
        codes.cell(1, c).value: [
            codes.cell(r, c).value for r in range(2, codes.max_row + 1) if codes.cell(r, c).value
        ]
        for c in range(1, codes.max_column + 1, 2)
    }
    label = {f.name: f.label["nn"] for f in SURVEY.fields}  # headed by the question, in words
    assert listed[label["language_barrier"]] == ["Ja", "Nei"]
    assert listed[label["county"]][-1] == "Statsforvaltaren i Vestland"
    assert set(listed) == {label[f.name] for f in SURVEY.fields if f.is_choice and f.type != "many"}
    assert {codes.cell(1, c).value for c in range(2, codes.max_column + 1, 2)} == {"kode"}


def test_every_column_is_a_field_read_back_by_validation():
    from tilsyn.forms.xlsx_writer import columns, header
    from tilsyn.headers import sheet_column

    for f, code in columns(SURVEY):
        for lang in ("nb", "nn", "en"):
            assert sheet_column(SURVEY, header(f, code, lang)) == (f.name, code)
    assert sheet_column(SURVEY, SURVEY.by_name["topics"].label["nn"] + ": ikkje eit val") == (
        None,
        None,
    )


def test_every_choice_column_has_a_drop_down_and_every_column_its_help(template):
    sheet = load_workbook(template).worksheets[0]
    by_column = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        by_column[column] = validation
    for cell in sheet[1]:
        name, code = sheet_column(SURVEY, cell.value)
        f = SURVEY.by_name[name]
        validation = by_column[cell.column_letter]
        assert validation.showInputMessage and f.help["nn"][:40] in validation.prompt
        assert len(validation.prompt) <= 255 and len(validation.promptTitle) <= 32
        numbered = f"{SURVEY.question_number(name)}. {f.label['nn']}"  # as the Word form numbers it
        assert numbered.startswith(validation.promptTitle.removesuffix("…"))
        if validation.promptTitle.endswith("…"):  # shortened at a word, never inside one
            assert numbered[len(validation.promptTitle) - 1] == " "
            assert validation.prompt.startswith(f.label["nn"])
        if code:
            assert validation.type == "list" and validation.formula1 == '"x"'
        elif f.is_choice:
            assert validation.type == "list" and validation.formula1.startswith("'Kodelister'!")

    def column_format(name):
        letter = next(c.column_letter for c in sheet[1] if sheet_column(SURVEY, c.value)[0] == name)
        return sheet.column_dimensions[letter].number_format

    assert column_format("municipality_number") == "@"  # 0301 keeps its zero
    assert column_format("observed_at") == "dd.mm.yyyy hh:mm"


def test_it_prints_one_page_wide_in_landscape_with_the_header_on_every_page(template):
    sheet = load_workbook(template).worksheets[0]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"


def test_questions_not_asked_grey_out_by_their_rule(template):
    sheet = load_workbook(template).worksheets[0]
    letter = {sheet_column(SURVEY, c.value): c.column_letter for c in sheet[1]}
    rules = {str(r.sqref): r.rules[0].formula[0] for r in sheet.conditional_formatting}
    query_call = letter["query_call_made", None]
    assert (
        rules[f"{query_call}2:{query_call}1001"]
        == f'NOT(${letter["office_contact_needed", None]}2="Ja")'
    )
    same_day = letter["same_day_contact", None]
    no_food = letter["acute_markers", "no_food"]
    assert f'${no_food}2<>""' in rules[f"{same_day}2:{same_day}1001"]
    asked = {f.name for f in SURVEY.fields if f.relevant is not None}
    assert {
        sheet_column(SURVEY, sheet[f"{r.split(':')[0][:-1]}1"].value)[0] for r in rules
    } == asked


def test_blank_template_validates_with_no_calls(cli, template):
    result = cli("validate", template)
    assert result.exit_code == 0
    assert result.stderr.strip().endswith("1 file, 0 calls, 0 errors, 0 warnings")


def test_template_filled_with_a_few_rows_validates_exactly(cli, template, tmp_path):
    """Rows typed the way an inspector does: labels from the drop-downs, Ja/Nei, «x» in the
    column of each choice of a many-choice field, a date cell, a decimal comma."""
    book = load_workbook(template)
    sheet = book.worksheets[0]
    records = [
        valid_call(),
        acute_call(
            call_id="VL-002",
            topics=["emergency_assistance", "other"],
            queue_wait_minutes="3,5",
            county="vestland",
        ),
    ]
    for row, record in enumerate(records, start=2):
        for cell in sheet[1]:
            name, code = sheet_column(SURVEY, cell.value)
            f, value = SURVEY.by_name[name], record.get(name)
            if value is None or code and code not in value:
                continue
            if code:
                value = "x"
            elif f.is_choice:
                value = f.choice_label(value, "nn")
            elif f.type == "datetime":
                value = dt.datetime.fromisoformat(value)
            sheet.cell(row, cell.column, value)
    book.save(template)
    result = cli("validate", "--json", template)
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    loaded = tilsyn.load([template]).records
    assert [r.values for r in loaded] == [typed(tmp_path, r) for r in records]


def test_a_many_choice_field_in_one_column_and_in_x_columns_is_col002(tmp_path):
    from tests.factories import write_xlsx
    from tilsyn.forms.xlsx_writer import header

    topics = SURVEY.by_name["topics"]
    record = {"call_id": "VL-1", "topics": "other", header(topics, "other", "nn"): "x"}
    codes = {d.code for d in tilsyn.load([write_xlsx(tmp_path / "s.xlsx", [record])]).diagnostics}
    assert "COL002" in codes


def test_count_without_prefix_is_refused_with_a_clear_message(cli, tmp_path):
    result = cli("form", "new", "-o", tmp_path / "s.xlsx", "--count", "20")
    assert result.exit_code == 2 and "--call-id-prefix" in result.output
    assert not (tmp_path / "s.xlsx").exists()


def test_prefilled_rows_with_count_and_prefix(cli, tmp_path):
    path = tmp_path / "vestland.xlsx"
    result = cli(
        "form",
        "new",
        "-o",
        path,
        "--lang",
        "en",
        "--count",
        "3",
        "--call-id-prefix",
        "VL-",
        "--county",
        "vestland",
        "--observer",
        "KH",
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=False))
        for row in sheet.iter_rows(min_row=2, max_row=4)
    ]
    assert [r["Call ID *"] for r in rows] == ["VL-001", "VL-002", "VL-003"]
    assert {r["County governor *"] for r in rows} == {"County Governor of Vestland"}
    assert {r["Observer *"] for r in rows} == {"KH"}
    assert sheet.cell(5, 1).value is None


def test_prefilled_text_that_looks_like_a_formula_stays_text(tmp_path):
    from tilsyn.forms import write_sheet

    path = tmp_path / "sheet.xlsx"
    write_sheet(path, rows=[{"call_id": "=1+1", "nav_office": '=HYPERLINK("x")'}])
    sheet = load_workbook(path).worksheets[0]
    assert sheet.cell(2, 1).value == "=1+1" and sheet.cell(2, 1).data_type == "s"


def test_rows_written_with_the_sheet_read_back_exactly(tmp_path):
    from tilsyn.forms import write_sheet

    records = [valid_call(), acute_call(call_id="VL-002", topics=["other", "financial_assistance"])]
    write_sheet(tmp_path / "sheet.xlsx", lang="en", rows=records)
    result = tilsyn.load([tmp_path / "sheet.xlsx"])
    assert result.ok, [d.message for d in result.diagnostics]
    assert [r.values for r in result.records] == [typed(tmp_path, r) for r in records]


def test_x_columns_read_0_and_nei_as_not_ticked_and_marked_headers_keep_their_column(tmp_path):
    from tests.factories import write_xlsx
    from tilsyn.forms.xlsx_writer import header

    topics, role = SURVEY.by_name["topics"], SURVEY.by_name["caller_role"]
    record = {k: v for k, v in valid_call().items() if k not in ("topics", "caller_role")}
    record |= {
        header(topics, "other", "nb"): "x",
        header(topics, "emergency_assistance", "nb"): "0",
        header(topics, "temporary_housing", "nb"): "Nei",
        header(role, None, "nb"): "Kanskje",
    }
    result = tilsyn.load([write_xlsx(tmp_path / "s.xlsx", [record])])
    (bad,) = [d for d in result.diagnostics if d.is_error]
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(list(record).index(header(role, None, "nb")) + 1)
    assert (bad.code, bad.field, bad.column) == ("VAL004", "caller_role", letter)
    record[header(role, None, "nb")] = "Brukeren selv"
    (loaded,) = tilsyn.load([write_xlsx(tmp_path / "s.xlsx", [record])]).records
    assert loaded.values["topics"] == ("other",)
