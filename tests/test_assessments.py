"""Inspector assessments: read from CSV, xlsx and TOML, checked row by row, applied on top of
the automatic results, and shown by score --json and export."""

from __future__ import annotations

import csv
import json

import pytest

import tilsyn
from tests.factories import write_xlsx
from tests.rounds import calls, round_file
from tilsyn.assessments import AssessmentError, assess
from tilsyn.criteria import builtin_catalogue
from tilsyn.saved import decode, saved_text
from tilsyn.scoring import score

HEADER = ["nøkkel", "kriterium", "status", "begrunnelse", "vurdert av", "dato"]


@pytest.fixture
def data(tmp_path):
    """Ten calls: VL-001..003 pass K06, the other seven fail it; K01 fails in all."""
    return round_file(tmp_path / "calls.jsonl", calls("VL", 10, answered=3))


@pytest.fixture
def run(data):
    return score(tilsyn.load([data]).records, builtin_catalogue("nks-call"), by=("county",))


def write_rows(path, rows, header=HEADER, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = [
    ["VL-004", "K06", "bestått", "Kontoret ringte tilbake innen fem minutter", "KH", "03.05.2022"],
    ["VL-001", "K06", "fail", "Svarte, men la på uten å hjelpe", "AB", "2022-05-04"],
]


def statuses(run, cid):
    return {r.key: r.results[cid].status for r in run.records}


def test_changes_exactly_the_listed_results_and_recounts(run, tmp_path):
    before = {cid: statuses(run, cid) for cid in run.criterion_ids}
    assessed, warnings = assess(run, write_rows(tmp_path / "v.csv", GOOD))
    assert warnings == []
    after = {cid: statuses(assessed, cid) for cid in assessed.criterion_ids}
    changed = {
        (key, cid) for cid in after for key in after[cid] if after[cid][key] != before[cid][key]
    }
    assert changed == {("VL-004", "K06"), ("VL-001", "K06")}
    assert assessed.summary("K06").counts.passed == 3  # 3 - 1 + 1
    result = assessed.records[3].results["K06"]
    assert (result.status, result.automatic_status) == ("pass", "fail")
    assert result.assessment.to_json() == {
        "justification": "Kontoret ringte tilbake innen fem minutter",
        "by": "KH",
        "on": "2022-05-03",
    }
    assert run.records[3].results["K06"].status == "fail"  # the input run is not modified
    assert assessed.groups["county"][0].criteria[5].counts.passed == 3


def test_every_format_reads_the_same(run, tmp_path):
    cp1252 = write_rows(tmp_path / "v1252.csv", GOOD, encoding="cp1252")
    book = write_xlsx(
        tmp_path / "v.xlsx",
        [dict(zip(HEADER, row, strict=False)) for row in GOOD],
        sheet="Vurderinger",
    )
    toml = tmp_path / "v.toml"
    toml.write_text(
        "\n".join(
            f'[[assessment]]\nkey = "{r[0]}"\ncriterion = "{r[1]}"\nstatus = "{r[2]}"\n'
            f'justification = "{r[3]}"\nby = "{r[4]}"\non = "{r[5]}"\n'
            for r in GOOD
        ),
        encoding="utf-8",
    )
    expected = assess(run, write_rows(tmp_path / "v.csv", GOOD))[0].to_json()
    for path in (cp1252, book, toml):
        assert assess(run, path)[0].to_json() == expected, path


def test_bad_rows_are_diagnosed_with_their_row_numbers(run, tmp_path):
    rows = [
        GOOD[0],
        ["VL-999", "K06", "pass", "x", "", ""],
        ["VL-002", "K99", "pass", "x", "", ""],
        ["VL-002", "K06", "maybe", "x", "", ""],
        ["VL-003", "K06", "fail", "", "", ""],
        ["VL-005", "K06", "pass", "x", "", "31.02.2022"],
    ]
    with pytest.raises(AssessmentError) as caught:
        assess(run, write_rows(tmp_path / "v.csv", rows))
    found = [(d.code, d.row, d.file.endswith("v.csv")) for d in caught.value.diagnostics]
    assert found == [
        ("ASMT003", 3, True),
        ("ASMT004", 4, True),
        ("ASMT005", 5, True),
        ("ASMT006", 6, True),
        ("ASMT009", 7, True),
    ]


def test_agreeing_and_doubled_rows(run, tmp_path):
    agreeing = [["VL-001", "K06", "pass", "Enig", "KH", ""]]
    assessed, warnings = assess(run, write_rows(tmp_path / "a.csv", agreeing))
    assert [(w.code, w.severity, w.row) for w in warnings] == [("ASMT008", "warning", 2)]
    assert assessed.to_json() == run.to_json()
    with pytest.raises(AssessmentError) as caught:
        assess(run, write_rows(tmp_path / "d.csv", [GOOD[0], GOOD[0]]))
    assert [(d.code, d.row) for d in caught.value.diagnostics] == [("ASMT007", 3)]


def test_missing_columns_and_unknown_files(run, tmp_path):
    with pytest.raises(AssessmentError) as caught:
        assess(
            run, write_rows(tmp_path / "v.csv", GOOD, header=HEADER[:3] + ["notat"] + HEADER[4:])
        )
    assert caught.value.diagnostics[0].code == "ASMT002"
    assert "notat" in caught.value.diagnostics[0].message
    for name in ("v.txt", "mangler.csv"):
        with pytest.raises(AssessmentError) as caught:
            assess(run, tmp_path / name)
        assert caught.value.diagnostics[0].code == "ASMT001"


def test_saved_results_keep_both_statuses(run, tmp_path):
    assessed, _ = assess(run, write_rows(tmp_path / "v.csv", GOOD))
    again = decode(json.loads(saved_text(assessed)), "saved.json")
    assert again.to_json() == assessed.to_json()
    assert again.records[3].results["K06"].assessment.by == "KH"


def test_score_json_shows_automatic_and_final_status(cli, data, tmp_path):
    result = cli(
        "score", data, "--json", "-q", "--assessments", write_rows(tmp_path / "v.csv", GOOD)
    )
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    k06 = output["calls"][3]["results"]["K06"]
    assert (k06["status"], k06["automatic_status"]) == ("pass", "fail")
    assert k06["assessment"]["justification"].startswith("Kontoret ringte")
    assert "automatic_status" not in output["calls"][4]["results"]["K06"]
    assert next(c for c in output["criteria"] if c["id"] == "K06")["pass"] == 3


def test_score_stops_on_a_bad_file_naming_the_row(cli, data, tmp_path):
    bad = write_rows(tmp_path / "v.csv", [["VL-001", "K06", "fail", "", "", ""]])
    result = cli("score", data, "--assessments", bad)
    assert result.exit_code == 1
    assert "ASMT006" in result.stderr and "v.csv:2 [VL-001] K06" in result.stderr


def test_export_has_both_columns(cli, data, tmp_path):
    sheet = tmp_path / "ut.csv"
    result = cli(
        "export", data, "-o", sheet, "-q", "--assessments", write_rows(tmp_path / "v.csv", GOOD)
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(sheet.open(encoding="utf-8-sig"), delimiter=";"))
    row = next(r for r in rows if r["Samtale-ID"] == "VL-004")
    assert row["resultat:K06"] == "✔ oppfylt"
    assert row["resultat:K06:automatisk"] == "✘ ikke oppfylt"
    assert row["resultat:K06:vurdering"] == (
        "Kontoret ringte tilbake innen fem minutter (KH, 2022-05-03)"
    )
    assert "resultat:K01:automatisk" not in rows[0]  # only assessed criteria get the columns
    assert cli("validate", sheet).exit_code == 0  # still loads back


def test_export_workbook_evidence_sheet(cli, data, tmp_path):
    book_path = tmp_path / "ut.xlsx"
    cli(
        "export",
        data,
        "-o",
        book_path,
        "-q",
        "--assessments",
        write_rows(tmp_path / "v.csv", GOOD),
        "--lang",
        "en",
    )
    from openpyxl import load_workbook

    rows = list(load_workbook(book_path)["Evidence"].values)
    assert rows[0][-2:] == ("Automatic status", "Justification for the assessment")
    assessed = [r for r in rows[1:] if r[-1]]
    assert [(r[0], r[1], r[2], r[-2]) for r in assessed] == [
        ("VL-001", "K06", "✘ not met", "✔ met"),
        ("VL-004", "K06", "✔ met", "✘ not met"),
    ]


def test_export_redacts_personal_data_in_a_justification(cli, data, tmp_path):
    rows = [["VL-004", "K06", "pass", "Ringte tilbake på 912 34 567", "KH", ""]]
    sheet = tmp_path / "ut.csv"
    cli("export", data, "-o", sheet, "-q", "--assessments", write_rows(tmp_path / "v.csv", rows))
    row = next(
        r
        for r in csv.DictReader(sheet.open(encoding="utf-8-sig"), delimiter=";")
        if r["Samtale-ID"] == "VL-004"
    )
    assert row["resultat:K06:vurdering"] == "Ringte tilbake på [telefonnummer] (KH)"
