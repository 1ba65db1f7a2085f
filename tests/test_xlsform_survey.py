"""A case-file survey written as an XLSForm (tests/xlsform_survey.py) goes through every
command as its TOML twin does: blank forms, validation at the right row and field, scoring,
reports and exports, from JSON Lines and from the CSV that ODK Central or Kobo exports."""

from __future__ import annotations

import json

import pytest

from tests.factories import write_jsonl
from tests.user_survey import CASES, case
from tests.xlsform_survey import (
    write_kobo_csv,
    write_odk_central_csv,
    write_xlsform_survey,
)

COUNTS = {"pass": 2, "fail": 1, "not_applicable": 1, "not_answered": 1}


@pytest.fixture
def survey(tmp_path):
    return write_xlsform_survey(tmp_path / "mine")


def _counts(result, cid="S01"):
    criterion = next(c for c in json.loads(result.stdout)["criteria"] if c["id"] == cid)
    return {k: criterion[k] for k in COUNTS}


def test_scores_jsonl_records_by_the_workbook_as_by_the_toml(cli, survey, tmp_path):
    data = write_jsonl(tmp_path / "cases.jsonl", CASES)
    result = cli("score", data, "--survey", survey, "--json", "-q", "--lang", "nb")
    assert result.exit_code == 0, result.stderr
    assert _counts(result) == COUNTS
    cases = {c["case_id"]: c for c in json.loads(result.stdout)["cases"]}
    assert cases["S-2"]["processing_days"] == 57
    assert cases["S-2"]["results"]["S01"]["evidence"] == "vedtak etter 57 dager, mer enn 30"
    grouped = cli("score", data, "--survey", survey, "--json", "-q", "--by", "municipality")
    groups = json.loads(grouped.stdout)["groups"]["municipality"]
    assert [(g["group"], g["records"]) for g in groups] == [
        ("Bergen", 2),
        ("Stavanger", 1),
        ("Voss", 2),
    ]


@pytest.mark.parametrize("writer", [write_odk_central_csv, write_kobo_csv])
def test_scores_an_odk_or_kobo_export_of_the_same_records(cli, survey, tmp_path, writer):
    data = writer(tmp_path / "submissions.csv", CASES)
    result = cli("score", data, "--survey", survey, "--json", "-q")
    assert result.exit_code == 0, result.stderr
    assert _counts(result) == COUNTS
    cases = {c["case_id"]: c for c in json.loads(result.stdout)["cases"]}
    assert cases["S-2"]["processing_days"] == 57
    assert cases["S-1"]["instance_id"] in ("uuid:00000001-aaaa-4bbb-8ccc-dddddddddddd", "kobo-1")
    assert cli("validate", data, "--survey", survey).exit_code == 0


def test_validate_places_a_broken_constraint_at_its_row_and_field(cli, survey, tmp_path):
    bad = [*CASES[:2], case("S-9", "Voss", "2022-05-01", "2022-04-01")]
    data = write_odk_central_csv(tmp_path / "submissions.csv", bad)
    result = cli("validate", data, "--survey", survey, "--json")
    assert result.exit_code == 1
    (problem,) = [d for d in json.loads(result.stdout) if d["severity"] == "error"]
    assert (problem["code"], problem["row"], problem["field"]) == ("VAL011", 4, "decision_date")
    assert problem["key"] == "S-9" and problem["column"] == "G"
    assert problem["message"].endswith("The decision date is before the application date.")


def test_form_new_report_and_export_take_the_workbook(cli, survey, tmp_path):
    data = write_jsonl(tmp_path / "cases.jsonl", CASES)
    form = cli("form", "new", "-o", tmp_path / "blank.docx", "--survey", survey, "--lang", "nn")
    assert form.exit_code == 0, form.stderr
    assert (tmp_path / "blank.docx").stat().st_size > 0
    saved = cli("score", data, "--survey", survey, "-o", tmp_path / "scored.json", "-q")
    assert saved.exit_code == 0, saved.stderr
    report = cli("report", tmp_path / "scored.json", "-o", tmp_path / "report.docx", "-q")
    assert report.exit_code == 0, report.stderr
    export = cli("export", data, "--survey", survey, "-o", tmp_path / "cases.xlsx", "-q")
    assert export.exit_code == 0, export.stderr
    again = cli("validate", tmp_path / "cases.xlsx", "--survey", survey, "-q")
    assert again.exit_code == 0, again.stderr


def test_survey_check_shows_what_the_workbook_defines(cli, survey):
    result = cli("survey", "check", survey, "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["survey"]["key"] == "case_id"
    assert [f["name"] for f in shown["fields"]][:3] == ["case_id", "county", "municipality_name"]
    assert shown["fields"][4]["type"] == "yesno"
    assert shown["derived"] == [
        {"name": "processing_days", "type": "int", "expr": "days(application_date, decision_date)"}
    ]
    assert shown["constraints"][0]["rule"] == "decision_date >= application_date"
    assert [(level["id"], level["field"]) for level in shown["levels"]] == [
        ("county", "county"),
        ("municipality", "municipality_name"),
    ]
    assert [c["id"] for c in shown["criteria"]["criteria"]] == ["S01"]
    human = cli("survey", "check", survey, "--lang", "nn")
    assert "Definisjonen kan brukast." in human.stdout and "Kriterium i" in human.stdout
