"""The office sample dataset: the published figures, real municipalities, formats, planted data."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import tilsyn
from tilsyn.survey import get_survey

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
OFFICES = SAMPLE / "offices"
# The first two digits of a kommunenummer valid 2020-2023, by county governor.
COUNTY_PREFIXES = {
    "agder": {"42"},
    "innlandet": {"34"},
    "more-og-romsdal": {"15"},
    "nordland": {"18"},
    "ostfold-buskerud-oslo-akershus": {"03", "30"},
    "rogaland": {"11"},
    "troms-og-finnmark": {"54"},
    "trondelag": {"50"},
    "vestfold-og-telemark": {"38"},
    "vestland": {"46"},
}


@pytest.fixture(scope="module")
def offices():
    loaded = tilsyn.load([OFFICES])
    assert loaded.ok, [d.message for d in loaded.errors]
    return [r.values for r in loaded.records]


def test_validate_reads_70_offices_without_errors(cli):
    result = cli("validate", OFFICES)
    assert result.exit_code == 0, result.stderr
    assert "70 Nav offices, 0 errors" in result.stderr


def test_whole_sample_folder_still_validates_with_both_kinds(cli):
    result = cli("validate", "--quiet", "--json", SAMPLE)
    assert result.exit_code == 0, result.stdout
    loaded = tilsyn.load([SAMPLE])
    assert not loaded.errors
    assert loaded.read_counts == {"nks-call": 59, "office": 70}


def test_opening_hours_match_the_published_figures(offices):
    hours = [o["reception_hours_per_week"] for o in offices]
    assert len(hours) == 70
    assert sum(h == 0 for h in hours) == 11
    assert sum(h <= 6 for h in hours) == 49
    assert sum(h <= 10 for h in hours) == 61


def test_offices_are_real_municipalities_spread_over_the_ten_counties(offices):
    counties = Counter(o["county"] for o in offices)
    assert set(counties) == set(COUNTY_PREFIXES) and min(counties.values()) >= 5
    numbers = [o["municipality_number"] for o in offices]
    assert len(set(numbers)) == 70
    for office in offices:
        assert office["municipality_number"][:2] in COUNTY_PREFIXES[office["county"]], office
        assert office["nav_office"].startswith("Nav ")
    assert len({o["office_id"] for o in offices}) == 70


def test_some_offices_are_in_the_calls_dataset_too(offices):
    calls = tilsyn.load([SAMPLE / "calls", SAMPLE / "spreadsheet", SAMPLE / "forms"]).records
    called = {(c.values["municipality_number"], c.values["nav_office"]) for c in calls}
    matched = {(o["municipality_number"], o["nav_office"]) for o in offices} & called
    assert len(matched) >= 10


def test_at_least_two_formats_and_the_spreadsheet_has_nb_labels():
    from openpyxl import load_workbook

    assert {p.suffix for p in OFFICES.iterdir()} == {".jsonl", ".xlsx", ".csv"}
    (workbook,) = OFFICES.glob("*.xlsx")
    header = [
        c.value for c in next(load_workbook(workbook, read_only=True).active.iter_rows(max_row=1))
    ]
    survey = get_survey("office")
    assert header == [f.label["nb"] for f in survey.fields]


def _office_texts() -> str:
    from openpyxl import load_workbook

    texts = [p.read_text(encoding="utf-8") for p in OFFICES.glob("*.jsonl")]
    texts += [p.read_text(encoding="cp1252") for p in OFFICES.glob("*.csv")]
    for path in OFFICES.glob("*.xlsx"):
        rows = load_workbook(path, read_only=True).active.iter_rows(values_only=True)
        texts += [str(v) for row in rows for v in row if v is not None]
    return "\n".join(texts)


def _block(name: str) -> list[str]:
    text = (SAMPLE / name).read_text(encoding="utf-8")
    marker = "# Office survey (make_office_data.py)"
    assert text.count(marker) == 1
    return [line for line in text.split(marker)[1].splitlines()[1:] if line.strip()]


def test_planted_personal_data_is_listed_and_present():
    planted = _block("planted_personal_data.txt")
    names = _block("names.txt")
    assert len(planted) >= 5 and set(names) <= set(planted)
    texts = _office_texts()
    for item in planted:
        assert texts.count(item) == 1, item


def test_the_generator_reproduces_the_committed_files(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLE / "make_office_data.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    written = sorted(p.name for p in (tmp_path / "offices").iterdir())
    assert written == sorted(p.name for p in OFFICES.iterdir())
    for name in written:
        assert (tmp_path / "offices" / name).read_bytes() == (OFFICES / name).read_bytes(), name
    assert (
        _block("planted_personal_data.txt")
        == (tmp_path / "planted_personal_data.txt").read_text("utf-8").splitlines()[1:]
    )


def test_scores_match_counts_made_without_the_scoring_code(offices):
    from tilsyn.criteria import builtin_catalogue
    from tilsyn.scoring import score

    def yes(name):
        return [o[name] == "yes" for o in offices]

    hours = [o["reception_hours_per_week"] for o in offices]
    justified = [o["limited_hours_justified"] for o in offices]
    expected = {
        "O01": (sum(h > 6 for h in hours), sum(h <= 6 for h in hours), 0, 0),
        "O03": (
            sum(h <= 10 and j == "yes" for h, j in zip(hours, justified, strict=False)),
            sum(h <= 10 and j == "no" for h, j in zip(hours, justified, strict=False)),
            sum(h > 10 for h in hours),
            sum(h <= 10 and j is None for h, j in zip(hours, justified, strict=False)),
        ),
        "O04": (
            sum(yes("vakttelefon_covers_nks_hours")),
            70 - sum(yes("vakttelefon_covers_nks_hours")),
            0,
            0,
        ),
        "O08": (
            sum(
                a and b
                for a, b in zip(
                    yes("digital_application"), yes("non_digital_alternative"), strict=False
                )
            ),
            sum(
                not (a and b)
                for a, b in zip(
                    yes("digital_application"), yes("non_digital_alternative"), strict=False
                )
            ),
            0,
            0,
        ),
        "O10": (
            70 - sum(yes("covid_closed_all_channels")),
            sum(yes("covid_closed_all_channels")),
            0,
            0,
        ),
    }
    run = score(tilsyn.load([OFFICES]).records, builtin_catalogue("office"))
    for cid, counts in expected.items():
        c = run.summary(cid).counts
        assert (c.passed, c.failed, c.not_applicable, c.not_answered) == counts, cid
    assert expected["O01"] == (21, 49, 0, 0) and expected["O03"] == (19, 36, 9, 6)
