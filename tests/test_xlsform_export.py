"""`tilsyn survey export` writes any survey as an XLSForm that ODK's pyxform converts without
an error or a warning, and that, given back as `--survey`, scores every record exactly as the
original: the built-in surveys on sample_data, and a user's TOML survey."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import write_jsonl
from tests.user_survey import CASES, write_survey
from tilsyn import survey as survey_module

ROOT = Path(__file__).resolve().parents[1]
SURVEYS, SAMPLE = ROOT / "tilsyn" / "surveys", ROOT / "sample_data"


@pytest.fixture(autouse=True)
def builtin_surveys_restored():
    """A workbook given back with a built-in id takes its place for the run; not for the
    tests after this one."""
    yield
    for survey_id in ("nks-call", "office"):
        survey_module._REGISTERED.pop(survey_id, None)
    survey_module.all_surveys.cache_clear()


def _pyxform(path: Path) -> None:
    from pyxform.xls2xform import convert

    converted = convert(xlsform=str(path), validate=False)
    assert converted.warnings == []
    assert "<h:html" in converted.xform


def _records(result) -> dict[str, dict]:
    data = json.loads(result.stdout)
    key = data["survey"]["key"]
    return {r[key]: r for r in data[data["survey"]["records_key"]]}


@pytest.mark.parametrize("survey_id", ["nks-call", "office"])
def test_a_builtin_survey_as_xlsform_scores_sample_data_as_the_builtin(cli, tmp_path, survey_id):
    workbook = tmp_path / f"{survey_id}.xlsx"
    written = cli("survey", "export", survey_id, "-o", workbook)
    assert written.exit_code == 0, written.stderr
    _pyxform(workbook)
    builtin = cli("score", SAMPLE, "--survey", survey_id, "--json", "-q")
    catalogue = SURVEYS / f"{survey_id}.criteria.toml"
    again = cli("score", SAMPLE, "--survey", workbook, "--criteria", catalogue, "--json", "-q")
    assert again.exit_code == 0, again.stderr
    assert _records(again) == _records(builtin)
    assert json.loads(again.stdout)["criteria"] == json.loads(builtin.stdout)["criteria"]


def test_a_users_toml_survey_as_xlsform_scores_as_the_toml(cli, tmp_path):
    toml = write_survey(tmp_path / "toml")
    workbook = tmp_path / "xlsx" / "case-review.xlsx"
    workbook.parent.mkdir()
    assert cli("survey", "export", toml, "-o", workbook).exit_code == 0
    _pyxform(workbook)
    (workbook.parent / "case-review.criteria.toml").write_bytes(
        (toml.parent / "case-review.criteria.toml").read_bytes()
    )
    data = write_jsonl(tmp_path / "cases.jsonl", CASES)
    first = cli("score", data, "--survey", toml, "--json", "-q")
    second = cli("score", data, "--survey", workbook, "--json", "-q")
    assert _records(second) == _records(first)


def test_the_test_workbook_is_an_xlsform_pyxform_converts(tmp_path):
    from tests.xlsform_survey import write_xlsform_survey

    _pyxform(write_xlsform_survey(tmp_path))


def test_export_keeps_what_is_there_and_wants_xlsx(cli, tmp_path):
    workbook = tmp_path / "survey.xlsx"
    workbook.write_text("mine")
    kept = cli("survey", "export", "office", "-o", workbook)
    assert kept.exit_code == 3 and workbook.read_text() == "mine"
    assert cli("survey", "export", "office", "-o", workbook, "--force").exit_code == 0
    wrong = cli("survey", "export", "office", "-o", tmp_path / "survey.csv")
    assert wrong.exit_code == 2 and ".xlsx" in wrong.stderr
    unknown = cli("survey", "export", "no-such-survey", "-o", tmp_path / "x.xlsx")
    assert unknown.exit_code == 2
