"""`tilsyn compare` and `tilsyn.compare`: two rounds built from small dicts, values by hand."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

import tilsyn
from tests.rounds import calls, round_file
from tilsyn.compare import CompareError, compare
from tilsyn.criteria import builtin_catalogue
from tilsyn.dataset import ScoredDataset
from tilsyn.scoring import score
from tilsyn.survey import get_survey

OOXML_CHECK = Path("/work/shared/tools/ooxml-check/ooxml-check")


def scored(path: Path, by=()) -> ScoredDataset:
    loaded = tilsyn.load([path])
    assert not loaded.errors, loaded.errors
    return score(loaded.records, builtin_catalogue("nks-call"), by=by)


@pytest.fixture
def rounds(tmp_path):
    """Baseline: K06 6 of 44, K01 0 of 44 (all Vestland, keys VF-). Current: K06 20 of 44, K01 44 of
    44 (22 in Vestland, 22 in Agder)."""
    before = round_file(tmp_path / "2020.jsonl", calls("VF", 44, answered=6))
    after = round_file(
        tmp_path / "2022.jsonl",
        calls("VL", 22, answered=10, short_queue=22),
        calls("AG", 22, answered=10, short_queue=22, county="agder"),
    )
    return before, after


def entry(data: dict, cid: str) -> dict:
    return next(c for c in data["criteria"] if c["id"] == cid)


def test_library_counts_shares_difference_and_newcombe_interval(rounds):
    comparison = compare(scored(rounds[0]), scored(rounds[1]))
    k06 = entry(comparison.to_json(), "K06")
    assert k06["baseline"] == {"pass": 6, "fail": 38, "share": 0.136}
    assert k06["current"] == {"pass": 20, "fail": 24, "share": 0.455}
    # by hand (tests/test_stats.py): 0.318 (0.128 to 0.480)
    assert (k06["difference"], k06["ci95"], k06["changed"]) == (0.318, [0.128, 0.48], True)
    k01 = entry(comparison.to_json(), "K01")  # 0 of 44 -> 44 of 44: shares of 0 and 1
    assert (k01["baseline"]["share"], k01["current"]["share"], k01["difference"]) == (0, 1, 1)
    # u = z²/(44 + z²) = 0.08030; low = 1 - sqrt(2) * u = 0.886, high = 1
    assert k01["ci95"] == [0.886, 1.0] and k01["changed"]
    k10 = entry(comparison.to_json(), "K10")  # 44 of 44 both times: 0 ± u = ±0.080
    assert (k10["difference"], k10["ci95"], k10["changed"]) == (0, [-0.08, 0.08], False)


def test_a_criterion_whose_rule_changed_is_flagged_not_compared(rounds):
    before, after = scored(rounds[0]), scored(rounds[1])
    after.criteria = [
        dataclasses.replace(c, rule="0123456789ab") if c.id == "K06" else c for c in after.criteria
    ]
    k06 = next(c for c in compare(before, after).criteria if c.id == "K06")
    assert k06.differs == ("rule",) and not k06.changed and not k06.comparable


def test_criteria_only_in_one_round_are_listed(rounds):
    before, after = scored(rounds[0]), scored(rounds[1])
    after.criteria = [c for c in after.criteria if c.id != "K15"]
    data = compare(before, after).to_json()
    assert entry(data, "K15")["current"] is None and entry(data, "K15")["difference"] is None
    assert [c["id"] for c in data["criteria"]][-1] == "K15"


def test_rounds_of_different_survey_kinds_are_refused(rounds):
    office = dataclasses.replace(scored(rounds[1]))
    office.survey = get_survey("office")
    with pytest.raises(CompareError, match="CMP001"):
        compare(scored(rounds[0]), office)


def test_cli_json_from_data_and_from_saved_results(cli, rounds, tmp_path):
    saved = tmp_path / "forrige.json"
    assert cli("score", rounds[0], "-q", "-o", saved).exit_code == 0
    from_data = cli("compare", rounds[0], rounds[1], "--json", "-q")
    from_saved = cli("compare", saved, rounds[1], "--json", "-q")
    assert from_data.exit_code == 0 == from_saved.exit_code, from_saved.stderr
    data = json.loads(from_saved.stdout)
    assert data["criteria"] == json.loads(from_data.stdout)["criteria"]
    assert set(data) >= {"baseline", "current", "criteria"}
    assert data["baseline"]["records"] == 44 and data["current"]["source"] == str(rounds[1])
    assert entry(data, "K06")["ci95"] == [0.128, 0.48]
    k01 = entry(data, "K01")  # 0 of 44 -> 44 of 44, by hand in the library test above
    assert (k01["baseline"]["share"], k01["current"]["share"], k01["ci95"]) == (0, 1, [0.886, 1])


def test_cli_flags_a_changed_parameter(cli, rounds, tmp_path):
    saved = tmp_path / "forrige.json"
    cli("score", rounds[0], "-q", "-o", saved, "--set", "max_queue_wait_minutes=15")
    data = json.loads(cli("compare", saved, rounds[1], "--json", "-q").stdout)
    k01 = entry(data, "K01")
    assert k01["differs"] == ["parameter:max_queue_wait_minutes"] and k01["changed"] is False
    assert entry(data, "K06")["differs"] == [] and entry(data, "K06")["changed"] is True
    table = cli("compare", saved, rounds[1]).stderr
    k01_line = next(line for line in table.splitlines() if "K01" in line)
    assert "≠" in k01_line and "●" not in k01_line


def test_cli_table_in_three_languages(cli, rounds):
    nb = cli("compare", rounds[0], rounds[1], "--lang", "nb").stderr
    k06 = next(line for line in nb.splitlines() if "K06" in line)
    assert "6 av 44 (14\u00a0%)" in k06 and "20 av 44 (45\u00a0%)" in k06
    assert "+31,8" in k06 and "12,8–48,0" in k06 and "●" in k06
    assert "Utvikling siden forrige undersøkelse" in nb
    assert (
        "Utvikling sidan førre undersøking"
        in cli("compare", rounds[0], rounds[1], "--lang", "nn").stderr
    )
    en = cli("compare", rounds[0], rounds[1], "--lang", "en").stderr
    assert "6 of 44 (14%)" in en and "+31.8" in en


def test_cli_by_county_keeps_groups_present_in_both(cli, rounds):
    data = json.loads(cli("compare", rounds[0], rounds[1], "--by", "county", "--json", "-q").stdout)
    groups = data["groups"]["county"]
    assert [g["group"] for g in groups] == ["vestland"]  # Agder is only in the current round
    k06 = entry(groups[0], "K06")
    assert (k06["baseline"]["pass"], k06["current"]["pass"], k06["current"]["fail"]) == (6, 10, 12)


def test_cli_workbook_passes_ooxml_check(cli, rounds, tmp_path):
    out = tmp_path / "sammenligning.xlsx"
    result = cli("compare", rounds[0], rounds[1], "--by", "county", "-o", out, "-q", "--lang", "nb")
    assert result.exit_code == 0, result.stderr
    from openpyxl import load_workbook

    book = load_workbook(out)
    assert book.sheetnames == ["Sammenligning", "Per gruppe"]
    rows = list(book["Sammenligning"].values)
    assert rows[0][:5] == (
        "Kriterium",
        "Tittel",
        "Forrige: oppfylt",
        "Forrige: ikke oppfylt",
        "Forrige: andel",
    )
    k06 = next(r for r in rows if r[0] == "K06")
    assert k06[2:4] == (6, 38) and k06[5:7] == (20, 24)
    assert k06[8:11] == pytest.approx((14 / 44, 0.12846, 0.48004), abs=5e-5)
    assert k06[11] == "ja"
    if OOXML_CHECK.exists():
        check = subprocess.run(
            [sys.executable, str(OOXML_CHECK), str(out)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    "args, code",
    [
        (["--by", "planet"], 2),
        (["-o", "x.docx"], 2),
    ],
)
def test_cli_usage_errors(cli, rounds, args, code):
    result = cli("compare", rounds[0], rounds[1], *args)
    assert result.exit_code == code


def test_cli_assessments_change_the_compared_counts(cli, rounds, tmp_path):
    current = tmp_path / "vurderinger.toml"
    current.write_text(
        '[[assessment]]\nkey = "AG-001"\ncriterion = "K06"\nstatus = "fail"\n'
        'justification = "Svarte, men hjalp ikke"\nby = "KH"\non = 2022-05-03\n',
        encoding="utf-8",
    )
    baseline = tmp_path / "forrige.csv"
    baseline.write_text(
        "key;criterion;status;justification\nVF-044;K06;pass;Ringte tilbake\n", encoding="utf-8-sig"
    )
    result = cli(
        "compare",
        rounds[0],
        rounds[1],
        "--json",
        "-q",
        "--assessments",
        current,
        "--baseline-assessments",
        baseline,
    )
    assert result.exit_code == 0, result.stderr
    k06 = entry(json.loads(result.stdout), "K06")
    assert (k06["baseline"]["pass"], k06["current"]["pass"]) == (7, 19)


def test_criteria_without_fingerprints_flag_a_changed_catalogue(rounds):
    def without_fingerprints(dataset, parameters):
        criteria = [dataclasses.replace(c, rule="", rule_parameters=()) for c in dataset.criteria]
        return dataclasses.replace(dataset, parameters=parameters, criteria=criteria)

    before = without_fingerprints(scored(rounds[0]), {"max_queue_wait_minutes": 15})
    after = scored(rounds[1])
    assert {c.differs for c in compare(before, after).criteria} == {("catalogue",)}
    same = without_fingerprints(scored(rounds[0]), {"max_queue_wait_minutes": 10})
    assert {c.differs for c in compare(same, after).criteria} == {()}


def test_cli_reads_the_new_round_as_the_kind_of_the_earlier(cli, tmp_path):
    from tests.factories import valid_office, write_jsonl

    folder = tmp_path / "ny"
    folder.mkdir()
    round_file(folder / "calls.jsonl", calls("VL", 3, answered=1))
    write_jsonl(folder / "offices.jsonl", [valid_office(), valid_office(office_id="VL-4601")])
    saved = tmp_path / "kontor.json"
    assert cli("score", folder, "--survey", "office", "-q", "-o", saved).exit_code == 0
    write_jsonl(folder / "offices.jsonl", [valid_office(office_id=f"VL-46{n}") for n in (10, 11)])
    result = cli("compare", saved, folder, "--json", "-q")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["survey"] == "office" and data["current"]["records"] == 2
