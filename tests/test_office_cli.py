"""The office survey through every command: form new, validate, score, criteria, export (and a
mixed run). The report has its own module, test_office_report.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import load_workbook

import tilsyn
from tests.factories import valid_call, valid_office, write_jsonl
from tilsyn.survey import get_survey

SURVEY = get_survey("office")


def typed_in_nn(f, value):
    """A value as an inspector types it into the nn sheet: a choice's label, a real date."""
    if value is None or not (f.is_choice or f.type == "date"):
        return value
    return f.choice_label(value, "nn") if f.is_choice else dt.date.fromisoformat(value)


def test_spreadsheet_form_filled_in_nynorsk_validates_and_scores(cli, tmp_path):
    """A blank nn spreadsheet, two offices typed into it as labels, Ja/Nei and a date cell."""
    path = tmp_path / "kartlegging.xlsx"
    made = cli(
        "form", "new", "--survey", "office", "--lang", "nn", "-o", path, "--county", "vestland"
    )
    assert made.exit_code == 0, made.stderr
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert [c.value.removesuffix(" *") for c in sheet[1]] == [f.label["nn"] for f in SURVEY.fields]
    assert [c.value.endswith(" *") for c in sheet[1]] == [f.required for f in SURVEY.fields]
    offices = [
        valid_office(),
        valid_office(
            office_id="VL-4640",
            municipality_number="4640",
            nav_office="Nav Sogndal",
            reception_hours_per_week="0",
            walk_in_without_appointment="no",
            has_vakttelefon="no",
            vakttelefon_covers_nks_hours=None,
        ),
    ]
    for row, office in enumerate(offices, start=2):
        for column, value in enumerate(
            (typed_in_nn(f, office.get(f.name)) for f in SURVEY.fields), start=1
        ):
            sheet.cell(row, column, value)
    book.save(path)

    checked = cli("validate", path)
    assert checked.exit_code == 0, checked.stderr
    assert "2 Nav offices, 0 errors" in checked.stderr
    scored = cli("score", path, "--json", "--quiet", "--lang", "nn")
    assert scored.exit_code == 0, scored.stderr
    data = json.loads(scored.stdout)
    assert data["survey"]["id"] == "office" and "calls" not in data
    results = {o["office_id"]: o["results"] for o in data["offices"]}
    assert results["VL-4640"]["O01"]["status"] == "fail"
    assert results["VL-4640"]["O04"] == {
        "status": "fail",
        "evidence": "vakttelefon: nei, heile opningstida: –",
    }
    assert results["VL-4621"]["O04"]["status"] == "pass"


def test_word_form_is_made_for_the_office_survey(cli, tmp_path):
    import zipfile

    path = tmp_path / "kontor.docx"
    made = cli("form", "new", "--survey", "office", "-o", path, "--observer", "KH")
    assert made.exit_code == 0, made.stderr
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    for f in SURVEY.fields:
        assert f.label["nb"] in body, f.name
    blank = cli("validate", "--json", path)
    codes = {d["code"] for d in json.loads(blank.stdout)}
    assert blank.exit_code == 0 and codes == {"VAL012"}  # not filled in yet: not a record


def test_score_table_and_parameters_from_set(cli, tmp_path):
    write_jsonl(tmp_path / "offices.jsonl", [valid_office()])
    table = cli("score", tmp_path, "--set", "min_reception_hours=8", "--lang", "en")
    assert table.exit_code == 0, table.stderr
    assert "O01" in table.stderr and "0 of 1" in table.stderr
    assert "min_reception_hours = 8" in table.stderr
    wrong = cli("score", tmp_path, "--set", "max_queue_wait_minutes=5")
    assert wrong.exit_code == 2 and "min_reception_hours" in wrong.stderr


def test_criteria_list_and_show_the_office_catalogue(cli):
    listed = cli("criteria", "list", "--survey", "office", "--lang", "nn")
    assert listed.exit_code == 0
    output = listed.stdout + listed.stderr
    for number in range(1, 11):
        assert f"O{number:02d}" in output
    assert "limited_hours_threshold" in output
    shown = cli("criteria", "show", "O03", "--survey", "office", "--lang", "en")
    assert shown.exit_code == 0
    text = shown.stdout + shown.stderr
    assert "reception_hours_per_week <= limited_hours_threshold" in text and "N1" in text


def test_a_mixed_folder_validates_both_kinds_and_scores_each_by_its_own_catalogue(cli, tmp_path):
    write_jsonl(
        tmp_path / "calls.jsonl", [valid_call(nav_office="Nav Voss", municipality_number="4621")]
    )
    write_jsonl(tmp_path / "offices.jsonl", [valid_office()])
    checked = cli("validate", tmp_path)
    assert checked.exit_code == 0 and "1 call, 1 Nav office, 0 errors" in checked.stderr
    calls = json.loads(cli("score", tmp_path, "--json", "--quiet").stdout)
    offices = json.loads(cli("score", tmp_path, "--json", "--quiet", "--survey", "office").stdout)
    assert [c["id"] for c in calls["criteria"]][0] == "K01"
    assert [c["id"] for c in offices["criteria"]][0] == "O01"
    assert [o["office_id"] for o in offices["offices"]] == ["VL-4621"]


def test_export_of_the_office_sample_loads_back_and_carries_no_planted_personal_data(cli, tmp_path):
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    text = (sample / "planted_personal_data.txt").read_text(encoding="utf-8")
    planted = [line for line in text.split("# Office survey")[1].splitlines()[1:] if line.strip()]
    written = []
    for name in ("kontor.xlsx", "kontor.csv", "kontor.jsonl"):
        path = tmp_path / name
        result = cli("export", sample / "offices", "-o", path, "-q")
        assert result.exit_code == 0, result.stderr
        written.append(path)
    csv_text = (tmp_path / "kontor.csv").read_text(encoding="utf-8-sig")
    assert "O01" in csv_text.splitlines()[0] and "O10" in csv_text.splitlines()[0]
    for path in written:
        checked = cli("validate", "--json", path)
        assert checked.exit_code == 0, checked.stdout
        assert len(tilsyn.load([path]).records) == 70
    cells = [
        str(v)
        for ws in load_workbook(tmp_path / "kontor.xlsx").worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    everything = "\n".join([csv_text, (tmp_path / "kontor.jsonl").read_text("utf-8"), *cells])
    assert planted and not [p for p in planted if p in everything]
