"""Saved and opened again, a scored dataset is exactly the one scored: values (typed), results
and evidence, records left out, the other survey kind's run, the inspector's assessments and
whether free text was kept; `score --json` and every output are the same from the saved file
as from the data; and the file is smaller than the JSON Lines it came from."""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest

import tilsyn
from tests.factories import valid_call, valid_office, write_jsonl
from tests.report_helpers import docx_text
from tilsyn.saved import decode, saved_text

NOTE = "Innringer Kari Nordmann, tlf. 412 34 567, ba om å bli ringt opp."
CALLS = [
    valid_call(call_id="VL-001", notes=NOTE),
    valid_call(
        call_id="VL-002",
        queue_wait_minutes=3.5,
        topics=["temporary_housing", "financial_counselling"],
    ),
    valid_call(call_id="VL-003", county="rogaland", nav_office="Nav Stavanger"),
    valid_call(call_id="VL-004", queue_wait_minutes="mye"),  # invalid: left out
]
OPTIONS = ["--skip-invalid", "--by", "county", "--lang", "nb"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fidelity")
    (folder / "data").mkdir()
    write_jsonl(folder / "data" / "calls.jsonl", CALLS)
    write_jsonl(folder / "data" / "offices.jsonl", [valid_office()])
    later = [valid_call(call_id=f"VL-1{n:02}", county="rogaland") for n in range(1, 5)]
    write_jsonl(folder / "later.jsonl", later)  # the next round, for compare
    assessments = folder / "vurderinger.csv"
    with assessments.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["nøkkel", "kriterium", "status", "begrunnelse", "vurdert av", "dato"])
        writer.writerow(
            ["VL-002", "K06", "oppfylt", "Ringte tilbake samme dag", "KH", "2022-05-03"]
        )
    return folder


def _options(folder, personal: bool) -> list:
    extra = ["--include-personal-data"] if personal else []
    return [*OPTIONS, "--assessments", folder / "vurderinger.csv", *extra]


@pytest.fixture(scope="module", params=[False, True], ids=["redacted", "personal"])
def saved(request, folder):
    """The data scored with every kind of content, and the same saved and opened again."""
    from typer.testing import CliRunner

    from tilsyn.cli import app

    personal = request.param
    path = folder / f"saved-{personal}.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1620000000")
        args = ["score", folder / "data", *_options(folder, personal), "-o", path, "-q"]
        result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return personal, path


def test_score_json_is_the_same_from_the_saved_file(cli, folder, saved, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    personal, path = saved
    direct = cli("score", folder / "data", *_options(folder, personal), "--json", "-q")
    again = cli("score", path, "--json", "-q", "--lang", "nb")
    assert direct.exit_code == 0 == again.exit_code, again.stderr
    data = json.loads(direct.stdout)
    assert json.loads(again.stdout) == data
    assert [e["call_id"] for e in data["excluded"]] == ["VL-004"]
    assert list(data["related"]) == ["office"] and data["personal_data"] is personal
    (k06,) = [c["results"]["K06"] for c in data["calls"] if c["call_id"] == "VL-002"]
    assert k06["assessment"]["by"] == "KH" and k06["status"] == "pass"


def test_values_results_and_flags_survive_exactly(folder, saved):
    personal, path = saved
    options = tilsyn.ScoringOptions(skip_invalid=True, assessments=folder / "vurderinger.csv")
    direct = tilsyn.score_inputs(
        [folder / "data"], options, by=["county"], include_personal_data=personal
    )
    again = tilsyn.open_dataset([path])
    for one, other in [(direct, again), (direct.related["office"], again.related["office"])]:
        assert [r.values for r in other.records] == [r.values for r in one.records]
        assert [(r.key, r.info, r.results) for r in other.records] == [
            (r.key, r.info, r.results) for r in one.records
        ]
        assert (other.excluded, other.criteria, other.groups) == (
            one.excluded,
            one.criteria,
            one.groups,
        )
        assert (other.survey, other.catalogue.id, other.parameters) == (
            one.survey,
            one.catalogue.id,
            one.parameters,
        )
    notes = again.records[0].values["notes"]
    assert again.personal_data is personal and (notes == NOTE) is personal
    assert "412 34 567" not in notes or personal


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "jsonl"])
def test_every_export_is_the_same_from_the_saved_file(
    cli, folder, saved, tmp_path, monkeypatch, suffix
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    personal, path = saved
    direct, again = tmp_path / f"direct.{suffix}", tmp_path / f"again.{suffix}"
    kept = ["--include-personal-data"] if personal else []
    scoring = ["--skip-invalid", "--assessments", folder / "vurderinger.csv"]
    assert cli("export", folder / "data", *scoring, *kept, "-o", direct, "-q").exit_code == 0
    assert cli("export", path, *kept, "-o", again, "-q").exit_code == 0
    if suffix == "xlsx":
        from openpyxl import load_workbook

        def cells(book_path):
            book = load_workbook(book_path, read_only=True)
            return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}

        assert cells(direct) == cells(again)
    else:
        assert direct.read_bytes() == again.read_bytes()


def test_report_plan_and_compare_are_the_same_from_the_saved_file(
    cli, folder, saved, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620000000")
    personal, path = saved
    data, assessments = folder / "data", folder / "vurderinger.csv"
    kept = ["--include-personal-data"] if personal else []
    direct, again = tmp_path / "direct.docx", tmp_path / "again.docx"
    scoring = ["--skip-invalid", "--assessments", assessments]
    assert cli("report", data, *scoring, *kept, "-o", direct, "-q").exit_code == 0
    assert cli("report", path, *kept, "-o", again, "-q").exit_code == 0
    assert docx_text(direct) == docx_text(again)
    plans = [
        cli("plan", source, "--margin", "0.2", "--json", "-q", *extra).stdout
        for source, extra in [(data, scoring), (path, [])]
    ]
    assert plans[0] == plans[1] and json.loads(plans[0])["criteria"]
    from_data = ["--skip-invalid", "--baseline-assessments", assessments, "--lang", "nb"]
    later = folder / "later.jsonl"
    compared = [
        json.loads(cli("compare", source, later, "--json", "-q", *extra).stdout)
        for source, extra in [(data, from_data), (path, ["--lang", "nb"])]
    ]
    assert compared[0]["criteria"] == compared[1]["criteria"] and compared[0]["criteria"]


def test_a_key_that_is_not_its_field_s_value_is_kept(tmp_path):
    """Validation masks a key that looks like personal data; the saved file keeps the key a
    record was known by."""
    dataset = tilsyn.score_inputs([write_jsonl(tmp_path / "c.jsonl", CALLS[:2])])
    dataset.records[0] = dataclasses.replace(dataset.records[0], key="VL-•••")
    again = decode(json.loads(saved_text(dataset)), "saved.json")
    assert [r.key for r in again.records] == ["VL-•••", "VL-002"]


def test_the_saved_file_is_smaller_than_the_json_lines_it_came_from(tmp_path):
    from benchmarks import synthetic

    data = synthetic.write_jsonl(tmp_path / "calls.jsonl", 300, 2021)
    dataset = tilsyn.score_inputs([data], include_personal_data=True)
    size = len(saved_text(dataset).encode("utf-8"))
    assert size <= 1.5 * data.stat().st_size
