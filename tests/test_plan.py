"""`tilsyn plan`: the n of the two formulas, and per criterion from a scored round."""

from __future__ import annotations

import json

import pytest

from tests.rounds import calls, round_file


def test_share_and_margin(cli):
    result = cli("plan", "--share", "0.15", "--margin", "0.10", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"n": 49, "share": 0.15, "margin": 0.1}


def test_from_and_to(cli):
    result = cli("plan", "--from", "0.14", "--to", "0.45", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "n": 33,
        "from": 0.14,
        "to": 0.45,
        "power": 0.8,
        "alpha": 0.05,
    }


def test_norwegian_numbers_and_percent_signs(cli):
    data = json.loads(cli("plan", "--share", "15 %", "--margin", "0,1", "--json").stdout)
    assert data["n"] == 49


@pytest.mark.parametrize(
    "lang, sentence",
    [
        (
            "nb",
            "Med 49 aktuelle registreringer går 95\u00a0%-intervallet høyst 10 prosentpoeng til hver "
            "side av en andel på 15\u00a0%.",
        ),
        (
            "nn",
            "Med 49 aktuelle registreringar går 95\u00a0%-intervallet høgst 10 prosentpoeng til kvar "
            "side av ein andel på 15\u00a0%.",
        ),
        (
            "en",
            "With 49 applicable records, the 95% interval reaches at most 10 percentage points "
            "either side of a share of 15%.",
        ),
    ],
)
def test_sentence_in_each_language(cli, lang, sentence):
    result = cli("plan", "--share", "0.15", "--margin", "0.10", "--lang", lang)
    assert result.stdout == "" and sentence in " ".join(result.stderr.splitlines())


def test_per_criterion_from_a_scored_round(cli, tmp_path):
    # K06: 3 of 10 (30 %), so n_for_margin(0.3, 0.1) is needed; K10: 10 of 10 needs 16.
    data = round_file(tmp_path / "calls.jsonl", calls("VL", 10, answered=3))
    result = cli("plan", data, "--margin", "0.10", "--json", "-q")
    assert result.exit_code == 0, result.stderr
    needs = {c["id"]: c for c in json.loads(result.stdout)["criteria"]}
    from tilsyn.stats import n_for_margin

    assert needs["K06"]["assessed"] == 10 and needs["K06"]["share"] == 0.3
    assert needs["K06"]["n"] == n_for_margin(0.3, 0.1) == 78
    assert needs["K06"]["more"] == 68
    assert (needs["K10"]["n"], needs["K10"]["more"]) == (16, 6)
    assert needs["K07"]["assessed"] == 0 and needs["K07"]["n"] == n_for_margin(0.5, 0.1)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--share", "0.15"],
        ["--from", "0.14"],
        ["--from", "0.3", "--to", "0.3"],
        ["--share", "1.5", "--margin", "0.1"],
        ["--share", "abc", "--margin", "0.1"],
        ["--share", "0.15", "--margin", "0"],
    ],
)
def test_usage_errors_exit_2(cli, args):
    result = cli("plan", *args)
    assert result.exit_code == 2 and "error" in result.stderr
