"""Forms still being filled are not records: a Word form or a spreadsheet row holding nothing
but what `form new` put there is «not filled in yet», said in one line by validate, score,
report and export and listed in full under VAL012 in `--json`; a form with one answer of its
own is a record with every error it has. tilsyn's own outputs in an input folder (a report,
a comparison workbook, a saved dataset) are skipped with one line, never FORM001."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tilsyn.forms.docx_writer import form_bytes
from tilsyn.forms.xlsx_writer import write_sheet

SAMPLE_CALLS = Path(__file__).resolve().parent.parent / "sample_data" / "calls"
SAMPLE_RECORDS = 37
LINE = {
    "nb": "8 skjemaer er ikke fylt ut ennå: ",
    "nn": "8 skjema er ikkje fylte ut enno: ",
    "en": "8 forms are not filled in yet: ",
}
SKIPPED = {
    "nb": "Hoppet over 1 fil som tilsyn har skrevet selv: ",
    "nn": "Hoppa over 1 fil som tilsyn har skrive sjølv: ",
    "en": "Skipped 1 file that tilsyn wrote itself: ",
}


@pytest.fixture
def round_folder(cli, tmp_path):
    """The sample calls, 3 blank Word forms, a sheet of 5 pre-numbered rows and last year's
    report, in one folder, as an inspector keeps them while the round goes on."""
    folder = tmp_path / "runde"
    shutil.copytree(SAMPLE_CALLS, folder)
    made = [
        cli(
            "form",
            "new",
            "-o",
            folder / "skjema.docx",
            "--count",
            "3",
            "--call-id-prefix",
            "VL-",
            "--county",
            "vestland",
            "--observer",
            "KH",
        ),
        cli(
            "form",
            "new",
            "-o",
            folder / "innsamling.xlsx",
            "--count",
            "5",
            "--call-id-prefix",
            "XL-",
            "--survey-round",
            "nks-2022",
        ),
        cli("report", SAMPLE_CALLS, "-o", tmp_path / "fjorårets.docx", "-q"),
    ]
    assert [m.exit_code for m in made] == [0, 0, 0], [m.stderr for m in made]
    shutil.move(tmp_path / "fjorårets.docx", folder / "fjorårets.docx")
    return folder


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_round_in_progress_validates_and_says_what_is_not_filled_in(cli, round_folder, lang):
    result = cli("validate", round_folder, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    not_filled = [line for line in lines if line.startswith(LINE[lang])]
    assert len(not_filled) == 1 and "innsamling.xlsx" in not_filled[0]
    assert "2\u20136" in not_filled[0] and "skjema-VL-001.docx" in not_filled[0]
    assert any(line.startswith(SKIPPED[lang]) and "fjorårets.docx" in line for line in lines)
    assert "FORM001" not in result.stderr and "VAL001" not in result.stderr
    assert f"{SAMPLE_RECORDS} " in lines[-1]


def test_json_lists_every_form_not_filled_in_under_its_code(cli, round_folder):
    result = cli("validate", round_folder, "--json", "-q")
    notes = [d for d in json.loads(result.stdout) if d["severity"] == "note"]
    assert sorted(d["code"] for d in notes) == ["READ021"] + ["VAL012"] * 8
    rows = sorted(d["row"] for d in notes if d["file"].endswith("innsamling.xlsx"))
    keys = sorted(d["call_id"] for d in notes if d["code"] == "VAL012")
    assert rows == [2, 3, 4, 5, 6]
    assert keys == ["VL-001", "VL-002", "VL-003", *(f"XL-00{i}" for i in range(1, 6))]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_score_report_and_export_count_only_the_filled_calls(
    cli, round_folder, tmp_path, lang, monkeypatch
):
    monkeypatch.setenv("TILSYN_LANG", lang)  # report's and export's --lang is the document's
    scored = cli("score", round_folder, "--json")
    assert scored.exit_code == 0, scored.stderr
    data = json.loads(scored.stdout)
    assert len(data["calls"]) == SAMPLE_RECORDS
    assert [n["code"] for n in data["skipped"]].count("VAL012") == 8
    assert LINE[lang] in scored.stderr and SKIPPED[lang] in scored.stderr
    for command, name in (("report", "r.docx"), ("export", "e.xlsx")):
        result = cli(command, round_folder, "-o", tmp_path / name)
        assert result.exit_code == 0, result.stderr
        assert LINE[lang] in result.stderr and SKIPPED[lang] in result.stderr


def test_a_partly_filled_form_gets_every_error(cli, tmp_path):
    (tmp_path / "skjema-VL-001.docx").write_bytes(
        form_bytes(
            "nks-call",
            "nb",
            {"call_id": "VL-001", "county": "vestland"},
            prefilled=["call_id", "county"],
        )
    )
    (tmp_path / "skjema-VL-002.docx").write_bytes(
        form_bytes(
            "nks-call", "nb", {"call_id": "VL-002", "caller_role": "user"}, prefilled=["call_id"]
        )
    )
    write_sheet(
        tmp_path / "ark.xlsx",
        rows=[{"call_id": "XL-001"}, {"call_id": "XL-002", "nav_office": "Nav Voss"}],
        prefilled=["call_id"],
    )
    result = cli("validate", tmp_path, "--json", "-q")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    notes = sorted(d["call_id"] for d in found if d["code"] == "VAL012")
    errors = {d["call_id"] for d in found if d["code"] == "VAL001"}
    assert notes == ["VL-001", "XL-001"] and errors == {"VL-002", "XL-002"}


def test_a_prefilled_field_of_its_own_choosing_is_not_an_answer(cli, tmp_path):
    made = cli(
        "form",
        "new",
        "-o",
        tmp_path / "skjema.docx",
        "--prefill",
        "nav_office=Nav Bergen nord",
        "--prefill",
        "municipality_number=4601",
    )
    assert made.exit_code == 0, made.stderr
    result = cli("validate", tmp_path, "--json", "-q")
    assert result.exit_code == 0 and [d["code"] for d in json.loads(result.stdout)] == ["VAL012"]


def test_a_comparison_and_a_saved_round_among_the_data_are_skipped(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_CALLS, data)
    (data / "agder.jsonl").unlink()  # a round that shares the others with the sample
    assert (
        cli(
            "compare", SAMPLE_CALLS, data, "-o", tmp_path / "cmp.xlsx", "-q", "--allow-overlap"
        ).exit_code
        == 0
    )
    assert cli("score", SAMPLE_CALLS, "-o", tmp_path / "forrige.json", "-q").exit_code == 0
    for name in ("cmp.xlsx", "forrige.json"):
        shutil.copy(tmp_path / name, data / name)
    result = cli("validate", data, "--json", "-q")
    assert result.exit_code == 0, result.stdout
    skipped = sorted(
        Path(d["file"]).name for d in json.loads(result.stdout) if d["code"] == "READ021"
    )
    assert skipped == ["cmp.xlsx", "forrige.json"]
    alone = cli("report", data / "forrige.json", "-o", tmp_path / "r.docx", "-q")
    assert alone.exit_code == 0, alone.stderr  # given on its own, a saved round is read
