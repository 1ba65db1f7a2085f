"""The statistics of compare and plan, against values worked out by hand from the formulas.

Wilson bounds at 0 of n and n of n are exact: 0 and z²/(n + z²) (and their mirror), which
makes the Newcombe interval at shares of 0 and 1 a hand calculation.
"""

from __future__ import annotations

import math

import pytest

from tilsyn.stats import n_for_difference, n_for_margin, newcombe, wilson_half_width

Z2 = 1.959964**2


def test_fourteen_to_forty_five_percent_is_a_clear_rise():
    # Wilson 6/44 = (0.06403, 0.26709), 20/44 = (0.31705, 0.59934); d = 14/44 = 0.31818;
    # low = d - sqrt((0.45455 - 0.31705)^2 + (0.26709 - 0.13636)^2) = 0.12846,
    # high = d + sqrt((0.59934 - 0.45455)^2 + (0.13636 - 0.06403)^2) = 0.48004.
    d = newcombe(6, 44, 20, 44)
    assert d.value == pytest.approx(14 / 44)
    assert (d.low, d.high) == pytest.approx((0.12846, 0.48004), abs=5e-5)
    assert d.excludes_zero


def test_from_none_to_all():
    # 0/10 -> 10/10: u1 = z²/(10 + z²) = 0.27753, l2 = 1 - u1; d = 1,
    # low = 1 - sqrt(2 * 0.27753²) = 0.60751, high = 1 + 0 = 1.
    u1 = Z2 / (10 + Z2)
    d = newcombe(0, 10, 10, 10)
    assert d.value == 1
    assert d.low == pytest.approx(1 - math.sqrt(2) * u1) == pytest.approx(0.60751, abs=5e-5)
    assert d.high == 1
    assert d.excludes_zero


def test_none_in_either_round_is_no_change():
    # 0/20 and 0/30: d = 0, low = -z²/(20 + z²) = -0.16113, high = z²/(30 + z²) = 0.11351.
    d = newcombe(0, 20, 0, 30)
    assert d.value == 0
    assert (d.low, d.high) == pytest.approx((-0.16113, 0.11351), abs=5e-5)
    assert not d.excludes_zero


def test_a_fall_whose_interval_spans_zero():
    d = newcombe(5, 28, 1, 9)
    assert (d.value, d.low, d.high) == pytest.approx((-0.06746, -0.26689, 0.27145), abs=5e-5)
    assert not d.excludes_zero


def test_no_records_in_a_round_gives_no_difference():
    assert newcombe(0, 0, 3, 10) is None and newcombe(3, 10, 0, 0) is None


def test_margin_n_is_the_first_n_that_reaches_it():
    # half-width at 15 %: n = 48 gives 0.10060 (too wide), n = 49 gives 0.09958.
    assert n_for_margin(0.15, 0.10) == 49
    assert wilson_half_width(0.15, 48) > 0.10 >= wilson_half_width(0.15, 49)


def test_margin_n_at_a_share_of_zero():
    # At p = 0 the half-width is z²/(2(n + z²)): <= 0.1 from n >= z²/0.2 - z² = 15.37, so 16.
    assert n_for_margin(0.0, 0.10) == 16 == n_for_margin(1.0, 0.10)


def test_n_to_detect_a_change_from_14_to_45_percent():
    # p̄ = 0.295; (1.959964 * sqrt(2 * 0.295 * 0.705) + 0.841621 * sqrt(0.14 * 0.86
    # + 0.45 * 0.55))² / 0.31² = 32.77, rounded up.
    assert n_for_difference(0.14, 0.45) == 33
    assert n_for_difference(0.45, 0.14) == 33
    assert n_for_difference(0.14, 0.45, power=0.9) > 33


@pytest.mark.parametrize(
    "call",
    [
        lambda: n_for_margin(0.15, 0),
        lambda: n_for_margin(1.5, 0.1),
        lambda: n_for_difference(0.3, 0.3),
        lambda: n_for_difference(0.1, 0.2, power=1),
    ],
)
def test_impossible_plans_are_value_errors(call):
    with pytest.raises(ValueError):
        call()
