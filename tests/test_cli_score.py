"""`tilsyn score` and `tilsyn criteria` through the CLI: streams, JSON, options, exit codes."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

import tilsyn
from tests.factories import acute_call, valid_call, write_csv, write_jsonl

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
CATALOGUE_TEXT = (
    resources.files("tilsyn.surveys").joinpath("nks-call.criteria.toml").read_text("utf-8")
)


def criterion(data: dict, criterion_id: str) -> dict:
    return next(c for c in data["criteria"] if c["id"] == criterion_id)


@pytest.fixture
def calls(tmp_path):
    """Three valid calls: two offices in Vestland, one acute call in Agder."""
    return write_jsonl(
        tmp_path / "calls.jsonl",
        [
            valid_call(),
            valid_call(
                call_id="VL-002",
                queue_wait_minutes=4,
                nav_office="Nav Voss",
                municipality_number="4621",
            ),
            acute_call(
                call_id="AG-001",
                county="agder",
                municipality_number="4203",
                nav_office="Nav Arendal",
            ),
        ],
    )


def test_sample_data_k06_is_6_of_44(cli):
    if not SAMPLE_DATA.is_dir():
        pytest.skip("sample_data/ is not there")
    result = cli("score", SAMPLE_DATA, "--json", "--quiet")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    k06 = criterion(data, "K06")
    assert (k06["pass"], k06["fail"], k06["pass"] + k06["fail"]) == (6, 38, 44)
    assert (k06["share"], k06["ci95"]) == (0.136, [0.064, 0.267])
    assert len(data["calls"]) == 59 and data["excluded"] == []


def test_json_on_stdout_and_parameters_recorded(cli, calls):
    result = cli("score", calls, "--json", "--lang", "nb")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["catalogue"]["parameters"] == {"max_queue_wait_minutes": 10}
    assert [c["call_id"] for c in data["calls"]] == ["VL-001", "VL-002", "AG-001"]
    assert data["calls"][0]["results"]["K01"] == {
        "status": "fail",
        "evidence": "ventetid 14,5 min > 10 min",
    }
    assert "Parametere: max_queue_wait_minutes = 10 (standardverdi)" in result.stderr


def test_table_on_stderr_with_symbols_words_and_counts(cli, calls):
    result = cli("score", calls, "--lang", "nb", "--small-sample", "1")
    assert result.exit_code == 0 and result.stdout == ""
    table = result.stderr
    assert "Hele landet – 3 samtaler" in table
    k01 = next(line for line in table.splitlines() if "K01" in line)
    assert "1 av 3" in k01 and "33,3\u00a0%" in k01 and "6,1–79,2\u00a0%" in k01
    for words in ("✔ oppfylt", "✘ ikke oppfylt", "– ikke aktuelt", "? ikke besvart"):
        assert words in table


def test_table_in_english(cli, calls):
    result = cli("score", calls, "--lang", "en", "--small-sample", "1")
    k06 = next(line for line in result.stderr.splitlines() if "K06" in line)
    assert "0 of 3" in k06 and "0.0%" in k06 and "✘ not met" in result.stderr


def test_set_overrides_a_parameter_and_says_so(cli, calls):
    result = cli("score", calls, "--json", "--lang", "nb", "--set", "max_queue_wait_minutes=15")
    data = json.loads(result.stdout)
    assert criterion(data, "K01")["pass"] == 3
    assert data["calls"][0]["results"]["K01"]["evidence"] == "ventetid 14,5 min ≤ 15 min"
    assert data["catalogue"]["parameters"] == {"max_queue_wait_minutes": 15}
    assert data["catalogue"]["parameter_sources"] == {"max_queue_wait_minutes": "--set"}
    assert "max_queue_wait_minutes = 15 (--set; standardverdi 10)" in result.stderr


def test_params_file_then_set_wins(cli, calls, tmp_path):
    params = tmp_path / "params.toml"
    params.write_text("max_queue_wait_minutes = 3\n", encoding="utf-8")
    only_file = json.loads(cli("score", calls, "--json", "--params", params).stdout)
    assert criterion(only_file, "K01")["pass"] == 0
    assert only_file["catalogue"]["parameter_sources"]["max_queue_wait_minutes"] == str(params)
    both = json.loads(
        cli(
            "score", calls, "--json", "--params", params, "--set", "max_queue_wait_minutes=14,5"
        ).stdout
    )
    assert criterion(both, "K01")["pass"] == 3


HANDLING = """
[[criteria]]
id = "K16"
title = { nb = "Kort samtaletid", nn = "Kort samtaletid", en = "Short handling time" }
rationale = { nb = "Lange samtaler binder opp linjene.", nn = "Lange samtalar bind opp linjene.", en = "Long calls tie up the lines." }
severity = "low"
recommendations = ["R1"]
passes = "handling_minutes < max_handling_minutes"

[criteria.parameters.max_handling_minutes]
default = 20
unit = "min"

[criteria.evidence]
pass = { nb = "samtaletid {handling_minutes} min < {max_handling_minutes} min", nn = "samtaletid {handling_minutes} min < {max_handling_minutes} min", en = "handling {handling_minutes} min < {max_handling_minutes} min" }
fail = { nb = "samtaletid {handling_minutes} min ≥ {max_handling_minutes} min", nn = "samtaletid {handling_minutes} min ≥ {max_handling_minutes} min", en = "handling {handling_minutes} min ≥ {max_handling_minutes} min" }
"""


def test_a_user_catalogue_adds_a_criterion_with_no_code_change(cli, tmp_path):
    catalogue = tmp_path / "mine.criteria.toml"
    catalogue.write_text(
        CATALOGUE_TEXT.replace('version = "1"', 'version = "1-local"', 1) + HANDLING,
        encoding="utf-8",
    )
    data_file = write_jsonl(
        tmp_path / "c.jsonl",
        [
            valid_call(handling_minutes=9),
            valid_call(call_id="VL-002", handling_minutes=25),
            valid_call(call_id="VL-003", handling_minutes=None),
        ],
    )
    result = cli(
        "score",
        data_file,
        "--json",
        "--criteria",
        catalogue,
        "--lang",
        "nb",
        "--set",
        "max_handling_minutes=10",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    k16 = criterion(data, "K16")
    assert (k16["pass"], k16["fail"], k16["not_answered"]) == (1, 1, 1)
    assert [c["results"]["K16"]["evidence"] for c in data["calls"]] == [
        "samtaletid 9 min < 10 min",
        "samtaletid 25 min ≥ 10 min",
        "mangler svar: samtaletid (minutter)",
    ]
    assert data["catalogue"]["version"] == "1-local" and data["catalogue"]["source"] == str(
        catalogue
    )
    assert data["catalogue"]["parameters"] == {
        "max_queue_wait_minutes": 10,
        "max_handling_minutes": 10,
    }
    shown = cli("criteria", "show", "K16", "--criteria", catalogue)
    assert shown.exit_code == 0 and "max_handling_minutes = 20 min" in shown.stderr


def test_a_broken_user_catalogue_exits_1_with_located_diagnostics(cli, calls, tmp_path):
    catalogue = tmp_path / "broken.toml"
    catalogue.write_text(
        CATALOGUE_TEXT.replace("need_clarified == 'yes'", "need_clarifed == 'yes'"),
        encoding="utf-8",
    )
    result = cli("score", calls, "--criteria", catalogue)
    assert result.exit_code == 1 and result.stdout == ""
    line = next(
        i for i, text in enumerate(catalogue.read_text().splitlines(), 1) if "need_clarifed" in text
    )
    assert f"CAT006 {catalogue}:{line} K02.passes" in result.stderr


def test_invalid_input_stops_scoring(cli, tmp_path):
    path = write_csv(
        tmp_path / "calls.csv", [valid_call(), valid_call(call_id="VL-002", county="mars")]
    )
    result = cli("score", path, "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "VAL004" in result.stderr and "--skip-invalid" in result.stderr


def test_skip_invalid_scores_the_rest_and_names_the_excluded(cli, tmp_path):
    path = write_csv(
        tmp_path / "calls.csv", [valid_call(), valid_call(call_id="VL-002", county="mars")]
    )
    result = cli("score", path, "--json", "--skip-invalid", "--lang", "nb")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["call_id"] for c in data["calls"]] == ["VL-001"]
    assert data["excluded"] == [
        {"call_id": "VL-002", "file": str(path), "row": 3, "codes": ["VAL004"]}
    ]
    assert "1 samtale ble holdt utenfor på grunn av feil: VL-002 (VAL004)" in result.stderr


def test_by_county_and_office(cli, calls):
    data = json.loads(cli("score", calls, "--json", "--by", "county", "--by", "office").stdout)
    counties = data["groups"]["county"]
    assert [g["group"] for g in counties] == ["agder", "vestland"]
    assert criterion(counties[1], "K01")["pass"] == 1 and counties[1]["records"] == 2
    assert [g["group"] for g in data["groups"]["office"]] == [
        "Nav Arendal",
        "Nav Bergen nord",
        "Nav Voss",
    ]
    table = cli(
        "score",
        calls,
        "--by",
        "county",
        "--lang",
        "nb",
        "--small-sample",
        "1",
        env={"COLUMNS": "200"},
    ).stderr
    lines = table.splitlines()
    # one table for the level: criteria down, groups across (1 call in Agder, 2 in Vestland)
    assert sum("Statsforvalter" in line for line in lines) == 1
    header = next(line for line in lines if "Agder (1)" in line)
    assert "Vestland (2)" in header
    k01 = [n for n, line in enumerate(lines) if line.startswith("│ K01")]
    assert len(k01) == 2 and "0/1" in lines[k01[1] + 1] and "1/2" in lines[k01[1] + 1]


def test_output_file_is_written_and_never_over_an_input(cli, calls, tmp_path):
    out = tmp_path / "results.json"
    result = cli("score", calls, "-o", out, "--quiet")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert tilsyn.open_dataset([out]).summary("K06").counts.failed == 3
    before = calls.read_bytes()
    refused = cli("score", calls, "-o", calls)
    assert refused.exit_code == 3 and calls.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--set", "max_queue_wait_minutes"],
        ["--set", "no_such_parameter=3"],
        ["--set", "max_queue_wait_minutes=ti"],
        ["--by", "planet"],
        ["--lang", "de"],
    ],
)
def test_usage_errors_exit_2(cli, calls, args):
    result = cli("score", calls, *args)
    assert result.exit_code == 2


def test_bad_params_file_exits_1(cli, calls, tmp_path):
    params = tmp_path / "params.json"
    params.write_text("{not json", encoding="utf-8")
    result = cli("score", calls, "--params", params)
    assert result.exit_code == 1 and "PAR003" in result.stderr


def test_criteria_list_and_show(cli):
    listed = cli("criteria", "list", "--lang", "en", env={"COLUMNS": "200"})
    assert listed.exit_code == 0
    assert (
        "K01 Acceptable queue time" in listed.stderr and "max_queue_wait_minutes" in listed.stderr
    )
    shown = cli("criteria", "show", "k06", "--lang", "nb")
    assert shown.exit_code == 0
    text = shown.stderr
    assert "K06 Svar på spørreanropet" in text and "sosialtjenesteloven § 4" in text
    assert "query_call_made == 'yes'" in text and "R3" in text and "Begrunnelse:" in text


def test_criteria_show_unknown_id_exits_2(cli):
    result = cli("criteria", "show", "K99")
    assert result.exit_code == 2 and "K99" in result.stderr and "K15" in result.stderr


def test_criteria_unknown_survey_exits_2(cli):
    assert cli("criteria", "list", "--survey", "nope").exit_code == 2


def test_mixed_input_scores_one_survey_kind_and_says_so(cli, tmp_path):
    from tests.test_scoring import OFFICE

    write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    write_jsonl(tmp_path / "offices.jsonl", [OFFICE])
    calls_run = cli("score", tmp_path, "--json")
    assert calls_run.exit_code == 0
    assert [c["call_id"] for c in json.loads(calls_run.stdout)["calls"]] == ["VL-001"]
    assert "also holds 1 Nav office from the survey" in calls_run.stderr
    offices_run = json.loads(cli("score", tmp_path, "--json", "--survey", "office").stdout)
    assert [o["office_id"] for o in offices_run["offices"]] == ["VL-K01"]
    assert offices_run["catalogue"]["id"] == "office"
