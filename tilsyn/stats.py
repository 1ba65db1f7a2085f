"""The statistics behind `compare` and `plan`: a difference of two shares with its interval,
and how many records a survey round needs.

The interval of a difference is Newcombe's hybrid score interval (method 10 of Newcombe 1998),
built from the two Wilson intervals the rest of tilsyn already shows, so it stays inside
-1..1 and behaves at shares of 0 and 1 where the plain Wald interval collapses. Normal
quantiles come from the standard library (`statistics.NormalDist`), not scipy.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import NamedTuple

from tilsyn.aggregate import Z95, wilson

ALPHA = 0.05
POWER = 0.8


class Difference(NamedTuple):
    """Current share minus baseline share, with its 95 % interval."""

    value: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly above or below 0: a change chance hardly explains."""
        return self.low > 0 or self.high < 0


def newcombe(passed1: int, n1: int, passed2: int, n2: int, z: float = Z95) -> Difference | None:
    """The difference p2 - p1 of two shares (passed of n) with Newcombe's hybrid score
    interval; None when either round has no records to count (n = 0)."""
    ci1, ci2 = wilson(passed1, n1, z), wilson(passed2, n2, z)
    if ci1 is None or ci2 is None:
        return None
    p1, p2 = passed1 / n1, passed2 / n2
    (l1, u1), (l2, u2) = ci1, ci2
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return Difference(d, max(-1.0, low), min(1.0, high))


def wilson_half_width(share: float, n: int, z: float = Z95) -> float:
    """Half the width of the Wilson interval at `share` with n records (the planning margin)."""
    return z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)


def n_for_margin(share: float, margin: float, z: float = Z95) -> int:
    """The fewest records n for which the Wilson 95 % interval at `share` has a half-width of
    at most `margin`. The half-width falls as n grows, so a doubling search then a bisection
    finds it exactly."""
    _check_share(share, "share")
    if not 0 < margin < 1:
        raise ValueError(f"the margin must lie between 0 and 1, got {margin}")
    high = 1
    while wilson_half_width(share, high, z) > margin:
        high *= 2
    low = high // 2  # too few (or 0)
    while high - low > 1:
        middle = (low + high) // 2
        if wilson_half_width(share, middle, z) > margin:
            low = middle
        else:
            high = middle
    return high


def n_for_difference(
    share1: float, share2: float, power: float = POWER, alpha: float = ALPHA
) -> int:
    """Records per round to detect a change from `share1` to `share2` with a two-sided test
    at level `alpha` and the given power (the usual formula for two proportions)."""
    _check_share(share1, "from")
    _check_share(share2, "to")
    if share1 == share2:
        raise ValueError("the two shares are equal: there is no change to detect")
    if not 0 < power < 1:
        raise ValueError(f"the power must lie between 0 and 1, got {power}")
    if not 0 < alpha < 1:
        raise ValueError(f"the significance level must lie between 0 and 1, got {alpha}")
    normal = NormalDist()
    z_alpha = normal.inv_cdf(1 - alpha / 2)
    z_beta = normal.inv_cdf(power)
    mean = (share1 + share2) / 2
    n = (
        z_alpha * math.sqrt(2 * mean * (1 - mean))
        + z_beta * math.sqrt(share1 * (1 - share1) + share2 * (1 - share2))
    ) ** 2 / (share1 - share2) ** 2
    return math.ceil(round(n, 9))  # 33.0000000001 from rounding error is 33


def _check_share(share: float, name: str) -> None:
    if not 0 <= share <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {share}")
