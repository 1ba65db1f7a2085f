"""A survey kind defined by a user in their own folder goes through every command with no code
change: blank forms, validation (a constraint across two dates), scoring (a criterion on the
days between two dates, with a parameter), reports in nb, nn and en, and exports."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.factories import write_jsonl
from tests.user_survey import CASES, case, write_survey


@pytest.fixture
def survey(tmp_path):
    return write_survey(tmp_path / "mine")


@pytest.fixture
def data(tmp_path):
    return write_jsonl(tmp_path / "cases.jsonl", CASES)


def _counts(result, cid="S01"):
    criterion = next(c for c in json.loads(result.stdout)["criteria"] if c["id"] == cid)
    return {k: criterion[k] for k in ("pass", "fail", "not_applicable", "not_answered")}


def test_scores_the_days_between_two_dates_against_a_parameter(cli, survey, data):
    result = cli("score", data, "--survey", survey, "--json", "-q", "--lang", "nb")
    assert result.exit_code == 0, result.stderr
    assert _counts(result) == {"pass": 2, "fail": 1, "not_applicable": 1, "not_answered": 1}
    cases = {c["case_id"]: c for c in json.loads(result.stdout)["cases"]}
    assert cases["S-2"]["processing_days"] == 57 and cases["S-4"]["processing_days"] is None
    assert cases["S-2"]["results"]["S01"]["evidence"] == "vedtak etter 57 dager, mer enn 30"
    longer = cli(
        "score", data, "--survey", survey, "--json", "-q", "--set", "max_processing_days=60"
    )
    assert _counts(longer) == {"pass": 3, "fail": 0, "not_applicable": 1, "not_answered": 1}


def test_groups_by_the_survey_s_own_levels(cli, survey, data):
    result = cli("score", data, "--survey", survey, "--json", "-q", "--by", "municipality")
    groups = json.loads(result.stdout)["groups"]["municipality"]
    assert [(g["group"], g["county"], g["records"]) for g in groups] == [
        ("Bergen", "vestland", 2),
        ("Stavanger", "rogaland", 1),
        ("Voss", "vestland", 2),
    ]
    wrong = cli("score", data, "--survey", survey, "--by", "office")
    assert wrong.exit_code == 2 and "county, municipality" in wrong.stderr


@pytest.mark.parametrize("lang, message", [("en", "before the application date")])
def test_a_constraint_across_two_dates_is_an_error_with_its_own_message(
    cli, survey, tmp_path, lang, message
):
    bad = write_jsonl(tmp_path / "bad.jsonl", [case("S-9", "Voss", "2022-05-01", "2022-04-01")])
    result = cli("validate", bad, "--survey", survey, "--json")
    assert result.exit_code == 1
    (diagnostic,) = json.loads(result.stdout)
    assert diagnostic["code"] == "VAL011" and diagnostic["field"] == "decision_date"
    assert diagnostic["case_id"] == "S-9" and message in diagnostic["message"]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_reports_in_every_language_from_data_and_from_the_saved_dataset(
    cli, survey, data, tmp_path, lang, monkeypatch
):
    from tests.report_helpers import docx_text

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    saved = tmp_path / "cases.json"
    assert cli("score", data, "--survey", survey, "-o", saved, "-q").exit_code == 0
    direct, again = tmp_path / f"direct-{lang}.docx", tmp_path / f"saved-{lang}.docx"
    assert cli("report", data, "--survey", survey, "-o", direct, "--lang", lang).exit_code == 0
    assert cli("report", saved, "-o", again, "--lang", lang).exit_code == 0
    text = docx_text(direct)
    assert text == docx_text(again)
    assert "S01" in text and "Bergen" in text


def test_a_report_of_one_municipality(cli, survey, data, tmp_path):
    from tests.report_helpers import docx_text

    output = tmp_path / "voss.docx"
    result = cli("report", data, "--survey", survey, "-o", output, "--scope", "municipality:voss")
    assert result.exit_code == 0, result.stderr
    assert "on 2 cases" in result.stderr and "Voss" in docx_text(output)


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "jsonl"])
def test_exports_show_derived_values_and_load_back(cli, survey, data, tmp_path, suffix):
    output = tmp_path / f"exported.{suffix}"
    result = cli("export", data, "--survey", survey, "-o", output, "--codes")
    assert result.exit_code == 0, result.stderr
    if suffix == "jsonl":
        rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
        assert [r.get("derived:processing_days") for r in rows] == [17, 57, None, None, 10]
    again = cli("score", output, "--survey", survey, "--json", "-q")
    assert _counts(again) == {"pass": 2, "fail": 1, "not_applicable": 1, "not_answered": 1}


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_blank_forms(cli, survey, tmp_path, suffix):
    output = tmp_path / f"blank.{suffix}"
    result = cli("form", "new", "-o", output, "--survey", survey)
    assert result.exit_code == 0, result.stderr
    assert zipfile.is_zipfile(output)


def test_a_filled_word_form_validates(cli, survey, tmp_path):
    from tilsyn.forms import fill_form

    cli("form", "new", "-o", tmp_path / "x.docx", "--survey", survey)  # registers the survey
    fill_form(CASES[0], tmp_path / "S-1.docx", "nb")
    result = cli("score", tmp_path / "S-1.docx", "--survey", survey, "--json", "-q")
    assert result.exit_code == 0, result.stderr
    assert _counts(result)["pass"] == 1


def test_a_definition_with_mistakes_gets_diagnostics_with_lines(cli, tmp_path, survey, data):
    text = survey.read_text(encoding="utf-8")
    survey.write_text(
        text.replace(
            "relevant = \"decision_made == 'yes'\"", "relevant = \"decison_made == 'yes'\""
        ).replace('type = "yesno"', 'type = "yes-no"'),
        encoding="utf-8",
    )
    result = cli("score", data, "--survey", survey, "--json")
    assert result.exit_code == 1
    assert "SRV004" in result.stderr and "yes-no" in result.stderr
    line = next(n for n, text in enumerate(survey.read_text().splitlines(), 1) if "yes-no" in text)
    assert f":{line}" in result.stderr


@pytest.mark.parametrize(
    "lang, words",
    [
        ("nb", "undersøkelsen case-review har ikke noe felt som --observer fyller ut"),
        ("nn", "undersøkinga case-review har ikkje noko felt som --observer fyller ut"),
        ("en", "the case-review survey has no field that --observer fills in"),
    ],
)
def test_a_form_option_the_survey_gives_no_field_is_a_usage_error(
    cli, survey, tmp_path, monkeypatch, lang, words
):
    monkeypatch.setenv("TILSYN_LANG", lang)
    result = cli("form", "new", "-o", tmp_path / "f.docx", "--survey", survey, "--observer", "AB")
    assert result.exit_code == 2 and words in result.stderr
    assert "--prefill" in result.stderr  # the way that always works
    assert not (tmp_path / "f.docx").exists()


def _with_form_settings(survey, settings: str):
    text = survey.read_text(encoding="utf-8")
    survey.write_text(text.replace("[[levels]]", f"{settings}\n\n[[levels]]", 1), "utf-8")


def test_the_survey_says_what_form_options_fill_in_and_who_the_author_is(cli, survey, tmp_path):
    from tilsyn.forms import fill_form
    from tilsyn.readers.docx import read_docx_form
    from tilsyn.survey import find_survey

    _with_form_settings(
        survey, '[form]\nprefill = { observer = "municipality_name" }\nauthor = "county"'
    )
    blank = tmp_path / "blank.docx"
    result = cli("form", "new", "-o", blank, "--survey", survey, "--observer", "Voss")
    assert result.exit_code == 0, result.stderr
    (table,) = read_docx_form(blank, find_survey)
    assert next(iter(table.rows)).values == {"municipality_name": "Voss"}
    fill_form(CASES[0], tmp_path / "S-1.docx", "nb")
    core = zipfile.ZipFile(tmp_path / "S-1.docx").read("docProps/core.xml").decode()
    assert "<dc:creator>vestland</dc:creator>" in core


def test_form_settings_that_name_no_field_are_a_definition_error(cli, survey, data):
    _with_form_settings(survey, '[form]\nprefill = { observer = "reviewer" }')
    result = cli("score", data, "--survey", survey, "--json")
    assert result.exit_code == 1
    assert "SRV005" in result.stderr and "[form] prefill.observer names ‘reviewer’" in result.stderr
