"""Export, then `tilsyn validate`, then `tilsyn score`: exactly the original records and results.

Over the whole sample dataset (both survey kinds), in each format and naming mode; redaction in
the default mode; and county exports merged into one national dataset.
"""

from __future__ import annotations

import json
import zipfile
from functools import cache
from pathlib import Path

import pytest

import tilsyn
from tests.factories import write_json

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
VESTLAND = [
    SAMPLE / "calls" / "vestland.jsonl",
    SAMPLE / "spreadsheet" / "innsamling-vestland.xlsx",
]
ROGALAND = [SAMPLE / "calls" / "rogaland.jsonl", SAMPLE / "spreadsheet" / "rogaland-eksport.csv"]
MODES = {
    "nb": ("--lang", "nb"),
    "nn": ("--lang", "nn"),
    "en": ("--lang", "en"),
    "codes": ("--codes",),
}


@cache
def _original(survey: str) -> dict:
    loaded = tilsyn.load([SAMPLE])
    assert loaded.ok, [d.message for d in loaded.errors]
    return {r.key: r.values for r in loaded.records if r.survey == survey}


def _values(path: Path) -> dict:
    loaded = tilsyn.load([path])
    assert loaded.ok, [d.message for d in loaded.diagnostics]
    return {r.key: r.values for r in loaded.records}


def _score(cli, *args) -> dict:
    result = cli("score", *args, "--by", "county", "--json", "-q")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for provenance in ("excluded", "files", "created", "related"):
        data.pop(provenance)  # name the input files and the time, and the other kinds in them
    return data


_original_score: dict = {}


@pytest.mark.parametrize("survey", ["nks-call", "office"])
@pytest.mark.parametrize("suffix", ["xlsx", "csv", "jsonl"])
def test_export_validate_score_gives_the_original(cli, tmp_path, survey, suffix):
    if survey not in _original_score:
        _original_score[survey] = _score(cli, SAMPLE, "--survey", survey)
    for mode, options in MODES.items():
        out = tmp_path / f"{mode}.{suffix}"
        result = cli(
            "export",
            SAMPLE,
            "-o",
            out,
            "--survey",
            survey,
            "--include-personal-data",
            *options,
            "-q",
        )
        assert result.exit_code == 0, result.stderr
        assert cli("validate", out, "-q").exit_code == 0
        assert _values(out) == _original(survey), mode
        assert _score(cli, out, "--survey", survey) == _original_score[survey], mode


def _planted() -> list[str]:
    lines = (SAMPLE / "planted_personal_data.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return path.read_text(encoding="utf-8-sig")


def _exported_text(cli, folder: Path, suffix: str, *options) -> str:
    """The text of an export of each survey kind in the sample data, run together."""
    folder.mkdir()
    text = ""
    for survey in ("nks-call", "office"):
        out = folder / f"{survey}.{suffix}"
        result = cli("export", SAMPLE, "-o", out, "--survey", survey, *options, "-q")
        assert result.exit_code == 0, result.stderr
        text += _text_of(out)
    return text


@pytest.mark.parametrize("suffix", ["xlsx", "csv", "jsonl"])
def test_default_export_redacts_the_planted_personal_data(cli, tmp_path, suffix):
    planted = _planted()
    assert planted
    text = _exported_text(cli, tmp_path / "redacted", suffix, "--names", SAMPLE / "names.txt")
    assert [p for p in planted if p in text] == []
    assert "[telefonnummer]" in text and "[navn]" in text
    kept = _exported_text(cli, tmp_path / "kept", suffix, "--include-personal-data")
    assert [p for p in planted if p not in kept] == []


def test_county_exports_merge_into_one_national_dataset(cli, tmp_path):
    vestland, rogaland = tmp_path / "vestland.xlsx", tmp_path / "rogaland.csv"
    for paths, out in ((VESTLAND, vestland), (ROGALAND, rogaland)):
        assert cli("export", *paths, "-o", out, "--include-personal-data", "-q").exit_code == 0
    national = tmp_path / "nasjonalt.xlsx"
    result = cli("export", vestland, rogaland, "-o", national, "--include-personal-data", "-q")
    assert result.exit_code == 0, result.stderr
    both = {
        **_values(VESTLAND[0]),
        **_values(VESTLAND[1]),
        **_values(ROGALAND[0]),
        **_values(ROGALAND[1]),
    }
    assert _values(national) == both
    assert _score(cli, national) == _score(cli, *VESTLAND, *ROGALAND)
    from openpyxl import load_workbook

    sources = [
        r[1]
        for r in load_workbook(national)["Opphav"].iter_rows(values_only=True)
        if r[0] == "Inndatafil"
    ]
    assert sources == [vestland.name, rogaland.name]  # never the folders above the inputs


def test_the_same_call_in_two_exports_is_counted_once_with_a_warning(cli, tmp_path):
    first, second = tmp_path / "vestland.xlsx", tmp_path / "vestland-igjen.jsonl"
    for out in (first, second):
        assert cli("export", *VESTLAND, "-o", out, "--include-personal-data", "-q").exit_code == 0
    merged = tmp_path / "samlet.csv"
    result = cli("export", first, second, "-o", merged, "--include-personal-data")
    assert result.exit_code == 0, result.stderr
    assert "warning" in result.stderr
    assert _values(merged) == _values(first)
    warnings = [d for d in tilsyn.load([first, second]).warnings if d.code == "VAL010"]
    assert len(warnings) == len(_values(first))


def test_the_same_call_id_with_other_content_is_an_error_naming_both_files(cli, tmp_path):
    county = tmp_path / "vestland.csv"
    assert (
        cli("export", *VESTLAND, "-o", county, "--codes", "--include-personal-data", "-q").exit_code
        == 0
    )
    loaded = tilsyn.load([county])
    record = dict(loaded.records[0].values)
    changed = {
        k: list(v) if isinstance(v, tuple) else v for k, v in record.items() if v is not None
    }
    changed["observed_at"] = record["observed_at"].isoformat()
    changed["observer"] = "ZZ"
    other = write_json(tmp_path / "other.json", [changed])
    merged = tmp_path / "samlet.xlsx"
    result = cli("export", county, other, "-o", merged)
    assert result.exit_code == 1
    assert (
        "VAL009" in result.stderr and str(county) in result.stderr and "other.json" in result.stderr
    )
    assert not merged.exists()
