"""`tilsyn plan` answers in records to observe: per criterion the applicable records it needs
divided by the share of records it applied to, the round's figure the largest, its criterion
named, the units in the headers, in nb, nn and en."""

from __future__ import annotations

import json
import math

import pytest

from tests.factories import acute_call, valid_call, write_jsonl
from tests.rounds import ANSWERED
from tilsyn.stats import n_for_margin


def _round(tmp_path):
    """20 calls; the first 5 acute with a query call not answered, so K07 (the duty phone
    reached in an acute case) applies to 5 of 20, and 4 of those 5 pass it."""
    reached = {**ANSWERED, "vakttelefon_used": "yes", "message_states_urgency": None}
    records = [acute_call(call_id=f"VL-{i:03d}", **reached) for i in range(1, 5)]
    records.append(acute_call(call_id="VL-005"))
    records += [valid_call(call_id=f"VL-{i:03d}") for i in range(6, 21)]
    return write_jsonl(tmp_path / "round.jsonl", records)


def test_records_to_observe_per_criterion_and_for_the_round(cli, tmp_path):
    result = cli("plan", _round(tmp_path), "--margin", "0.10", "--json", "-q")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    needs = {c["id"]: c for c in data["criteria"]}
    k07 = needs["K07"]
    assert (k07["assessed"], k07["records"], k07["n"]) == (5, 20, n_for_margin(0.8, 0.1))
    assert k07["records_to_observe"] == math.ceil(k07["n"] * 20 / 5)
    assert k07["more"] == k07["n"] - 5  # today's keys stay
    estimated = [c["records_to_observe"] for c in needs.values() if c["records_to_observe"]]
    assert data["records_to_observe"] == max(estimated)
    assert needs[data["driven_by"]]["records_to_observe"] == data["records_to_observe"]


def test_a_criterion_that_applied_to_no_record_has_no_estimate(cli, tmp_path):
    data = json.loads(cli("plan", _round(tmp_path), "--margin", "0.1", "--json", "-q").stdout)
    k13 = next(c for c in data["criteria"] if c["id"] == "K13")  # no proxy caller
    assert k13["assessed"] == 0 and k13["records_to_observe"] is None


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            "nb",
            [
                "Samtaler å følge (anslag)",
                "± nå (prosentpoeng)",
                "5 av 20",
                "gjaldt ingen",
                "Runden trenger om lag",
                "samtaler å følge. Flest trengs for K",
            ],
        ),
        (
            "nn",
            [
                "Samtalar å følgje (overslag)",
                "± no (prosentpoeng)",
                "5 av 20",
                "galdt ingen",
                "Runden treng om lag",
                "samtalar å følgje. Flest trengst for K",
            ],
        ),
        (
            "en",
            [
                "Calls to observe (estimate)",
                "± now (percentage points)",
                "5 of 20",
                "applied to none",
                "The round needs about",
                "calls to observe. K",
            ],
        ),
    ],
)
def test_the_table_says_its_units_and_names_the_round_figure(cli, tmp_path, lang, words):
    result = cli(
        "plan", _round(tmp_path), "--margin", "0.10", "--lang", lang, env={"COLUMNS": "250"}
    )
    assert result.exit_code == 0, result.stderr
    for word in words:
        assert word in result.stderr, word
