"""Counting statuses: shares, the Wilson interval, and groups."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tilsyn.aggregate import Counts, GroupSummary, group_by, summarise, wilson
from tilsyn.scoring import Result

Z = 1.959964  # the 97.5 % quantile of the standard normal, written out


def reference_wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson's interval in its other textbook form: (k + z²/2) / (n + z²) ± ..."""
    centre = (k + Z**2 / 2) / (n + Z**2)
    half = Z * math.sqrt(n) / (n + Z**2) * math.sqrt((k / n) * (1 - k / n) + Z**2 / (4 * n))
    return centre - half, centre + half


def test_spec_example_6_of_44():
    counts = Counts(passed=6, failed=38, not_applicable=15)
    assert counts.to_json() == {
        "pass": 6,
        "fail": 38,
        "not_applicable": 15,
        "not_answered": 0,
        "share": 0.136,
        "ci95": [0.064, 0.267],
    }


@pytest.mark.parametrize("k, n", [(6, 44), (0, 10), (10, 10), (1, 1), (57, 59), (500, 1000)])
def test_wilson_matches_the_reference_formula(k, n):
    low, high = wilson(k, n)
    ref_low, ref_high = reference_wilson(k, n)
    assert low == pytest.approx(max(0.0, ref_low), abs=1e-12)
    assert high == pytest.approx(min(1.0, ref_high), abs=1e-12)


@given(
    st.integers(min_value=1, max_value=10_000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_wilson_interval_holds_the_share_and_stays_in_0_1(kn):
    k, n = kn
    low, high = wilson(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_no_share_without_pass_or_fail():
    counts = Counts(not_applicable=3, not_answered=2)
    assert counts.share is None and counts.ci95 is None
    assert counts.to_json()["share"] is None and counts.to_json()["ci95"] is None
    assert wilson(0, 0) is None


def test_not_applicable_and_not_answered_stay_out_of_the_denominator():
    counts = summarise(["pass", "fail", "fail", "not_applicable", "not_answered", "not_answered"])
    assert (counts.passed, counts.failed, counts.not_applicable, counts.not_answered) == (
        1,
        2,
        1,
        2,
    )
    assert counts.share == pytest.approx(1 / 3)
    assert counts.count("not_answered") == 2 and counts.total == 6


def test_summarise_rejects_a_word_that_is_not_a_status():
    with pytest.raises(ValueError, match="partly"):
        summarise(["pass", "partly"])


def _run(*rows):
    """A minimal run: (county, municipality, office, status of K06) per record."""
    records = [
        SimpleNamespace(
            info={"county": c, "municipality_number": m, "nav_office": o},
            results={"K06": Result(s, "")},
        )
        for c, m, o, s in rows
    ]
    return SimpleNamespace(criterion_ids=["K06"], records=records)


def test_group_by_county_municipality_and_office():
    run = _run(
        ("vestland", "4601", "Nav Bergen nord", "pass"),
        ("vestland", "4601", "Nav Bergen sør", "fail"),
        ("vestland", "4621", "Nav Voss", "fail"),
        ("agder", "4203", "Nav Arendal", "not_applicable"),
    )
    counties = group_by(run, _fields("county"))
    assert [g.group for g in counties] == ["agder", "vestland"]
    vestland = counties[1]
    assert vestland.records == 3
    assert (vestland.criteria[0].counts.passed, vestland.criteria[0].counts.failed) == (1, 2)
    municipalities = group_by(run, _fields("municipality"))
    assert [(g.group, g.info["county"]) for g in municipalities] == [
        ("4203", "agder"),
        ("4601", "vestland"),
        ("4621", "vestland"),
    ]
    offices = group_by(run, _fields("office"))
    assert [g.group for g in offices] == [
        "Nav Arendal",
        "Nav Bergen nord",
        "Nav Bergen sør",
        "Nav Voss",
    ]
    assert offices[0].criteria[0].counts.share is None


def test_group_json_round_trip():
    (group,) = group_by(_run(("agder", "4203", "Nav Arendal", "pass")), _fields("office"))
    data = group.to_json()
    assert data["group"] == "Nav Arendal" and data["municipality_number"] == "4203"
    assert data["criteria"][0]["id"] == "K06" and data["criteria"][0]["pass"] == 1
    assert GroupSummary.from_json(data) == group


def test_unknown_grouping_level_is_refused_naming_the_levels():
    from tilsyn.criteria import builtin_catalogue
    from tilsyn.scoring import score

    with pytest.raises(ValueError, match="county, municipality, office"):
        score([], builtin_catalogue("nks-call"), by=["planet"])


def _fields(level_id):
    """The fields of one of the call survey's grouping levels, as its definition declares."""
    from tilsyn.survey import get_survey

    return get_survey("nks-call").level(level_id).fields
