"""What tilsyn cannot read in an XLSForm is a diagnostic at its sheet, row and column, in the
SRV codes, never a silent misreading and never exit 70: repeats, unknown functions, paths,
a missing tilsyn_key, a list missing from choices, a damaged workbook."""

from __future__ import annotations

import pytest

from tests.xlsform_survey import SETTINGS, SURVEY, write_workbook, write_xlsform_survey
from tilsyn import expr
from tilsyn.xlsform import xpath


def _with(row_number: int, column: str, value: str) -> list[list]:
    """The test survey with one cell changed (row_number as the sheet numbers rows)."""
    rows = [list(r) for r in SURVEY]
    index = rows[0].index(column)
    row = rows[row_number - 1]
    row += [""] * (index + 1 - len(row))
    row[index] = value
    return rows


@pytest.mark.parametrize(
    "row, column, value, code, variant_text, letter",
    [
        (12, "type", "begin_repeat", "SRV016", "repeat", "A"),
        (12, "relevant", "pulldata('x', 'y')", "SRV017", "pulldata()", "G"),
        (12, "relevant", "/data/case/decision_made = 'yes'", "SRV017", "cannot be read", "G"),
        (12, "relevant", "${decision_date} > '2022-01-01'", "SRV017", "compares the date", "G"),
        (12, "relevant", "${decision_made} = ''", "SRV017", "unknown, not as empty", "G"),
        (12, "relevant", "${nowhere} = 'yes'", "SRV005", "nowhere", "G"),
        (12, "required", "${decision_made} = 'yes'", "SRV018", "tilsyn reads yes or no", "F"),
        (11, "type", "select_one nolist", "SRV018", "nolist", "A"),
        (15, "tilsyn_type", "text", "SRV018", "tilsyn_type", "M"),
        (6, "type", "geopoint", "SRV016", "geopoint", "A"),
    ],
)
def test_what_tilsyn_cannot_read_is_placed_at_its_cell(
    cli, tmp_path, row, column, value, code, variant_text, letter
):
    definition = write_xlsform_survey(tmp_path, _with(row, column, value))
    result = cli("survey", "check", definition)
    assert result.exit_code == 1
    assert code in result.stderr and variant_text in result.stderr
    found = cli("validate", tmp_path, "--survey", definition)
    assert found.exit_code == 1 and code in found.stderr
    assert f"sheet survey:{row} col {letter} " in result.stderr


def test_a_missing_tilsyn_key_is_placed_in_settings(cli, tmp_path):
    settings = [
        [h for h in SETTINGS[0] if h != "tilsyn_key"],
        [v for v in SETTINGS[1] if v != "case_id"],
    ]
    definition = write_xlsform_survey(tmp_path, settings=settings)
    result = cli("score", tmp_path, "--survey", definition, "--lang", "nn")
    assert result.exit_code == 1
    assert "SRV019" in result.stderr and "tilsyn_key" in result.stderr
    assert "ark settings:1" in result.stderr


@pytest.mark.parametrize(
    "content", [b"", b"not a workbook", b"PK\x03\x04broken", "type,name\ntext,a\n".encode()]
)
def test_a_workbook_that_is_not_one_is_srv015(cli, tmp_path, content):
    definition = tmp_path / "broken.xlsx"
    definition.write_bytes(content)
    result = cli("survey", "check", definition)
    assert result.exit_code == 1 and "SRV015" in result.stderr


def test_a_workbook_without_a_survey_sheet_is_srv019(cli, tmp_path):
    definition = write_workbook(tmp_path / "data.xlsx", {"cases": [["case_id"], ["S-1"]]})
    result = cli("survey", "check", definition)
    assert result.exit_code == 1 and "SRV019" in result.stderr


KINDS = {"a": "date", "b": "date", "t": "datetime", "u": "datetime", "n": "number", "m": "codes"}


@pytest.mark.parametrize(
    "source, rule",
    [
        ("${b} - ${a}", "days(a, b)"),
        ("(${u} - ${t}) * 1440", "minutes(t, u)"),
        ("date(${u}) - date(${t}) > 3", "days(t, u) > 3"),
        ("selected(${m}, 'x') and count-selected(${m}) > 1", "m has 'x' and count(m) > 1"),
        ("not(${n} = 1 or ${n} != 2)", "not (n == 1 or n != 2)"),
        ("${n} div 2 mod 3", "mod(n / 2, 3)"),
        ("if(${n} > 1, 1, coalesce(${n}, 0))", "if(n > 1, 1, coalesce(n, 0))"),
        ("regex(., '^[0-9]{4}$')", "matches(n, '^[0-9]{4}$')"),
        (
            "string-length(${s}) <= 10 and int(${n}) >= today() - today()",
            "length(s) <= 10 and int(n) >= days(today(), today())",
        ),
    ],
)
def test_the_xpath_subset_translates_into_rules(source, rule):
    part = xpath.translate(source, xpath.Context(KINDS, dot="n"))
    assert part.text == rule
    expr.compile_value(part.text)  # the translation is a rule tilsyn reads


@pytest.mark.parametrize(
    "source, variant",
    [
        ("${m} = 'x'", "codes"),
        (". > 1", "dot"),
        ("${a} + 1", "arithmetic"),
        ("pulldata('a', 'b')", "function"),
        ("instance('x')/root", "syntax"),
        ("${n} = ", "value"),
        ("(${n} = 1", "expected"),
        ("${n} | ${a}", "syntax"),
    ],
)
def test_what_is_outside_the_subset_says_why(source, variant):
    with pytest.raises(xpath.XPathError) as caught:
        xpath.translate(source, xpath.Context(KINDS))
    assert caught.value.variant == variant
