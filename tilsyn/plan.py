"""Planning a survey round from one already scored: per criterion, how many applicable records
would narrow its 95 % interval to a chosen margin (the formulas are in `tilsyn.stats`), and
how many records a round must observe to meet that many.

A criterion applies to only some records (K07 to acute calls with a query call: 12 of 59 in
the sample round), so the records to observe are the applicable records needed divided by the
share of records the criterion applied to (and was answered for) in the round planned from.
The round's figure is the largest of them, and the criterion that needs it is named. A
criterion with no applicable records yet is planned at a share of 50 %, the widest case, and
its records to observe cannot be estimated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tilsyn.aggregate import ROUND
from tilsyn.stats import n_for_margin, wilson_half_width

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset

UNKNOWN_SHARE = 0.5


@dataclass(frozen=True)
class CriterionNeed:
    """One criterion's applicable records now, how many it needs for the margin, and how many
    records a round must observe to get them."""

    id: str
    title: str
    assessed: int
    share: float | None
    half_width: float | None  # of the interval now; None with no applicable records
    needed: int
    records: int = 0  # the records of the round planned from

    @property
    def more(self) -> int:
        return max(0, self.needed - self.assessed)

    @property
    def records_to_observe(self) -> int | None:
        """Applicable records needed ÷ the share of records the criterion applied to; None
        when it applied to none (nothing to estimate the share from)."""
        if not self.assessed or not self.records:
            return None
        return math.ceil(self.needed * self.records / self.assessed - 1e-9)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "assessed": self.assessed,
            "share": None if self.share is None else round(self.share, ROUND),
            "half_width": None if self.half_width is None else round(self.half_width, ROUND),
            "n": self.needed,
            "more": self.more,
            "records": self.records,
            "records_to_observe": self.records_to_observe,
        }


def criterion_needs(
    dataset: ScoredDataset, margin: float, lang: str | None = None
) -> list[CriterionNeed]:
    """For each criterion of `dataset`, the records needed at its current share; titled in
    `lang` (the dataset's own when not given)."""
    needs = []
    records = len(dataset.records)
    for summary in dataset.criteria:
        counts = summary.counts
        share = counts.share
        needs.append(
            CriterionNeed(
                summary.id,
                dataset.criterion_title(summary.id, lang or dataset.lang),
                counts.assessed,
                share,
                None if share is None else wilson_half_width(share, counts.assessed),
                n_for_margin(UNKNOWN_SHARE if share is None else share, margin),
                records,
            )
        )
    return needs


def round_need(needs: list[CriterionNeed]) -> CriterionNeed | None:
    """The criterion that needs the most records observed (the first of equals): its figure is
    the round's. None when no criterion applied to any record."""
    estimated = [need for need in needs if need.records_to_observe is not None]
    return max(estimated, key=lambda need: need.records_to_observe, default=None)
