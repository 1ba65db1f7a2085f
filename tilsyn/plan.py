"""Planning a survey round from one already scored: per criterion, how many more applicable
records would narrow its 95 % interval to a chosen margin (the formulas are in `tilsyn.stats`).

A criterion with no applicable records yet is planned at a share of 50 %, the widest case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tilsyn.aggregate import ROUND
from tilsyn.stats import n_for_margin, wilson_half_width

UNKNOWN_SHARE = 0.5


@dataclass(frozen=True)
class CriterionNeed:
    """One criterion's applicable records now, and how many it needs for the margin."""

    id: str
    title: str
    assessed: int
    share: float | None
    half_width: float | None  # of the interval now; None with no applicable records
    needed: int

    @property
    def more(self) -> int:
        return max(0, self.needed - self.assessed)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "assessed": self.assessed,
            "share": None if self.share is None else round(self.share, ROUND),
            "half_width": None if self.half_width is None else round(self.half_width, ROUND),
            "n": self.needed,
            "more": self.more,
        }


def criterion_needs(run: Any, margin: float) -> list[CriterionNeed]:
    """For each criterion of `run` (a `ScoreRun`), the records needed at its current share."""
    needs = []
    for summary in run.criteria:
        counts = summary.counts
        share = counts.share
        needs.append(
            CriterionNeed(
                summary.id,
                summary.title,
                counts.assessed,
                share,
                None if share is None else wilson_half_width(share, counts.assessed),
                n_for_margin(UNKNOWN_SHARE if share is None else share, margin),
            )
        )
    return needs
