"""`tilsyn export` through the CLI: options, column naming, escapes, exit codes."""

from __future__ import annotations

import csv
import json

import pytest

import tilsyn
from tests.factories import acute_call, valid_call, write_json, write_jsonl
from tilsyn.survey import get_survey


@pytest.fixture
def calls(tmp_path):
    return write_jsonl(
        tmp_path / "calls.jsonl",
        [
            valid_call(nav_office="=1+1", notes="Kari ringte fra 912 34 567."),
            acute_call(call_id="VL-002", queue_wait_minutes=7.5),
        ],
    )


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_options_of_the_issue_are_there():
    import typer

    from tilsyn.cli import app

    command = typer.main.get_command(app).commands["export"]
    options = {o for param in command.params for o in (*param.opts, *param.secondary_opts)}
    assert options >= {
        "--output",
        "-o",
        "--lang",
        "--codes",
        "--labels",
        "--criteria",
        "--names",
        "--include-personal-data",
        "--params",
        "--set",
        "--skip-invalid",
    }


def test_codes_name_columns_and_results_by_code(cli, calls, tmp_path):
    out = tmp_path / "export.csv"
    result = cli("export", calls, "-o", out, "--codes")
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stderr and "2 calls" in result.stderr and not result.stdout
    header, first, second = _csv(out)
    row = dict(zip(header, first, strict=False))
    assert header[0] == "call_id" and "result:K01" in header and "result:K01:evidence" in header
    assert row["result:K01"] == "fail" and row["queue_wait_minutes"] == "14,5"
    assert row["observed_at"] == "2020-11-03 10:15" and row["topics"] == "financial_assistance"
    assert dict(zip(header, second, strict=False))["acute_markers"] == "no_food"


@pytest.mark.parametrize(
    "lang, key, result, evidence, fail",
    [
        ("nb", "Samtale-ID", "resultat:K01", "resultat:K01:vurderingsgrunnlag", "✘ ikke oppfylt"),
        ("nn", "Samtale-ID", "resultat:K01", "resultat:K01:vurderingsgrunnlag", "✘ ikkje oppfylt"),
        ("en", "Call ID", "result:K01", "result:K01:evidence", "✘ not met"),
    ],
)
def test_labels_name_columns_and_statuses_in_the_language(
    cli, calls, tmp_path, lang, key, result, evidence, fail
):
    out = tmp_path / "export.jsonl"
    assert cli("export", calls, "-o", out, "--lang", lang, "-q").exit_code == 0
    first = _jsonl(out)[0]
    assert first[key] == "VL-001" and first[result] == fail and evidence in first
    survey = get_survey("nks-call")
    role = survey.by_name["caller_role"]
    assert first[survey.label("caller_role", lang)] == role.choice_label("user", lang)
    assert first[survey.label("language_barrier", lang)] == ("No" if lang == "en" else "Nei")
    again = tilsyn.load([out]).records
    assert again[1].values == tilsyn.load([calls]).records[1].values  # no personal data in it


def test_risky_text_is_escaped_in_csv_and_reads_back_literally(cli, calls, tmp_path):
    out = tmp_path / "export.csv"
    assert cli("export", calls, "-o", out, "--codes", "-q").exit_code == 0
    raw = out.read_text(encoding="utf-8-sig")
    assert ";'=1+1;" in raw and ";=1+1;" not in raw
    assert tilsyn.load([out]).records[0].values["nav_office"] == "=1+1"


def test_names_file_redacts_listed_names_too(cli, calls, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("# navn\nKari\n", encoding="utf-8")
    plain, named = tmp_path / "plain.csv", tmp_path / "named.csv"
    assert cli("export", calls, "-o", plain, "--codes", "-q").exit_code == 0
    assert cli("export", calls, "-o", named, "--codes", "--names", names, "-q").exit_code == 0
    note = lambda path: dict(zip(*_csv(path)[:2], strict=False))["notes"]  # noqa: E731
    assert note(plain) == "Kari ringte fra [telefonnummer]."  # a lone first name is not guessed
    assert note(named) == "[navn] ringte fra [telefonnummer]."
    missing = cli("export", calls, "-o", named, "--force", "--names", tmp_path / "nope.txt")
    assert missing.exit_code == 2 and "names file" in missing.stderr


def test_parameters_reach_the_scoring(cli, calls, tmp_path):
    out = tmp_path / "export.jsonl"
    assert (
        cli(
            "export", calls, "-o", out, "--codes", "--set", "max_queue_wait_minutes=20", "-q"
        ).exit_code
        == 0
    )
    assert _jsonl(out)[0]["result:K01"] == "pass"
    bad = cli("export", calls, "-o", out, "--force", "--set", "no_such_parameter=1")
    assert bad.exit_code == 2


def test_wrong_suffix_is_a_usage_error_before_reading(cli, tmp_path):
    result = cli("export", tmp_path / "missing.jsonl", "-o", tmp_path / "export.pdf")
    assert result.exit_code == 2
    assert "READ001" not in result.stderr and ".xlsx, .csv or .jsonl" in result.stderr


def test_never_writes_over_an_input(cli, calls):
    result = cli("export", calls, "-o", calls)
    assert result.exit_code == 3
    assert len(calls.read_text(encoding="utf-8").splitlines()) == 2


def test_invalid_input_stops_unless_skip_invalid(cli, tmp_path):
    source = write_json(
        tmp_path / "calls.json", [valid_call(), valid_call(call_id="VL-002", county="atlantis")]
    )
    out = tmp_path / "export.xlsx"
    stopped = cli("export", source, "-o", out)
    assert stopped.exit_code == 1 and "VAL004" in stopped.stderr and not out.exists()
    skipped = cli("export", source, "-o", out, "--skip-invalid")
    assert skipped.exit_code == 0, skipped.stderr
    assert "1 excluded" in skipped.stderr
    assert [r.key for r in tilsyn.load([out]).records] == ["VL-001"]
    from openpyxl import load_workbook

    provenance = list(load_workbook(out)["Opphav"].iter_rows(values_only=True))
    assert ["Samtaler holdt utenfor på grunn av feil", 1] in [list(r[:2]) for r in provenance]
