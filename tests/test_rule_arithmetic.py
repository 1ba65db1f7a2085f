"""Arithmetic that overflows in a survey's derived value or constraint is a diagnostic: a
constraint that cannot be worked out is VAL013 on the record (it used to pass silently), and a
derived value that cannot be computed names the survey definition, not the catalogue."""

from __future__ import annotations

import json

import pytest

from tests import user_survey

GROWTH = "days(application_date, decision_date) * 1000000000 * 1000000000 * 1000000000"


def _survey(tmp_path, old: str, new: str):
    path = user_survey.write_survey(tmp_path / "def")
    path.write_text(user_survey.SURVEY.replace(old, new), encoding="utf-8")
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(user_survey.CASES), encoding="utf-8")
    return path, data


@pytest.mark.parametrize(
    "rule",
    [
        f"{GROWTH} > 0",
        "days(application_date, decision_date) * 100000000000 * 100000000000 > 0",
        "-(days(application_date, decision_date) * 1000000000000) * 1000000000000 < 0",
    ],
)
def test_a_constraint_that_overflows_is_said_on_the_record(cli, tmp_path, rule):
    path, data = _survey(tmp_path, 'rule = "decision_date >= application_date"', f'rule = "{rule}"')
    run = cli("validate", data, "--survey", path, "--json")
    assert run.exit_code == 1
    codes = [d["code"] for d in json.loads(run.stdout)]
    assert "VAL013" in codes


def test_a_derived_value_that_overflows_names_the_survey(cli, tmp_path):
    path, data = _survey(
        tmp_path,
        'expr = "days(application_date, decision_date)"',
        f'expr = "{GROWTH}"',
    )
    run = cli("score", data, "--survey", path, "-q")
    assert run.exit_code == 1
    assert "derived value processing_days" in run.stderr and "catalogue" not in run.stderr
