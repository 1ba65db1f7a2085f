"""Counting statuses: shares with their Wilson 95 % interval, nationally and per group.

A share is pass / (pass + fail); `not_applicable` and `not_answered` are counted and shown but
never enter the denominator (spec). With samples as small as 6 of 44, a plain ± interval would
run below zero, so the interval is Wilson's score interval.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Iterable, Protocol, Sequence

Z95 = 1.959964
ROUND = 3  # decimals of share and interval in JSON, as the spec shows them (0.136)
# Fewer records than this where a criterion applied: counts only, no share, interval, chart or
# change in percentage points, in every output (report, `score`, `compare`); `--small-sample`.
SMALL_SAMPLE = 10


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for successes out of n; None when n is 0."""
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # At 0 of n and n of n the bound is exactly 0 or 1; rounding must not move it past the share.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True, slots=True)
class Counts:
    """How many records got each status for one criterion (in one group)."""

    passed: int = 0
    failed: int = 0
    not_applicable: int = 0
    not_answered: int = 0

    @property
    def assessed(self) -> int:
        """pass + fail: the denominator of the share."""
        return self.passed + self.failed

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.not_applicable + self.not_answered

    @property
    def share(self) -> float | None:
        return self.passed / self.assessed if self.assessed else None

    @property
    def ci95(self) -> tuple[float, float] | None:
        return wilson(self.passed, self.assessed)

    def count(self, status: str) -> int:
        """The count of one status by its spec name (`pass`, `fail`, ...)."""
        return getattr(self, _ATTRIBUTES[status])

    def to_json(self) -> dict[str, Any]:
        ci = self.ci95
        return {
            "pass": self.passed,
            "fail": self.failed,
            "not_applicable": self.not_applicable,
            "not_answered": self.not_answered,
            "share": None if self.share is None else round(self.share, ROUND),
            "ci95": None if ci is None else [round(ci[0], ROUND), round(ci[1], ROUND)],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Counts:
        return cls(data["pass"], data["fail"], data["not_applicable"], data["not_answered"])


def shows_share(counts: Counts, small_sample: int = SMALL_SAMPLE) -> bool:
    """Whether `counts` are many enough for a share: the one small-sample rule of every output.

    Below `small_sample` records where the criterion applied, an output gives the counts only
    («3 av 6»): no share, interval, chart or change, and the criterion supports no
    recommendation. Zero records have no share either.
    """
    return counts.assessed >= max(small_sample, 1)


_ATTRIBUTES = {
    "pass": "passed",
    "fail": "failed",
    "not_applicable": "not_applicable",
    "not_answered": "not_answered",
}


def summarise(statuses: Iterable[str]) -> Counts:
    """Counts of an iterable of statuses (`pass`, `fail`, `not_applicable`, `not_answered`)."""
    return _counts(Counter(statuses))


def _counts(counted: Counter[str]) -> Counts:
    unknown = set(counted) - set(_ATTRIBUTES)
    if unknown:
        raise ValueError(f"not a status: {', '.join(sorted(unknown))}")
    return Counts(
        counted["pass"], counted["fail"], counted["not_applicable"], counted["not_answered"]
    )


@dataclass(frozen=True, slots=True)
class CriterionCounts:
    """One criterion's counts, with the id that names it."""

    id: str
    counts: Counts

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.counts.to_json()}


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """The counts of every criterion within one group (a county, municipality or office)."""

    group: str
    info: dict[str, Any]  # the fields shown beside the group, e.g. its county
    records: int
    criteria: tuple[CriterionCounts, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            **self.info,
            "records": self.records,
            "criteria": [c.to_json() for c in self.criteria],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GroupSummary:
        info = {k: v for k, v in data.items() if k not in ("group", "records", "criteria")}
        return cls(
            data["group"],
            info,
            data.get("records", 0),
            tuple(CriterionCounts(c["id"], Counts.from_json(c)) for c in data["criteria"]),
        )


class _Scored(Protocol):
    info: dict[str, Any]
    results: dict[str, Any]  # criterion id -> a hashable result with `.status`


class _Run(Protocol):
    criterion_ids: Sequence[str]
    records: Sequence[_Scored]


def count_criteria(
    records: Sequence[_Scored], criterion_ids: Sequence[str]
) -> tuple[CriterionCounts, ...]:
    """Per criterion, the counts of its statuses over the given scored records."""
    (counted,) = _count_groups([0] * len(records), 1, records, criterion_ids)
    return counted


def _count_groups(
    groups: list[int], n_groups: int, records: Sequence[_Scored], criterion_ids: Sequence[str]
) -> list[tuple[CriterionCounts, ...]]:
    """Counts per criterion for each group, `groups[i]` being record i's group number.

    One C-level pass per criterion over all records, counting (group, result) pairs (scoring
    shares one result object per distinct result), then folded by status: a national run
    counts 1.5 million results, and walking each group's records apart is slower.
    """
    results = [r.results for r in records]
    counted: list[list[CriterionCounts]] = [[] for _ in range(n_groups)]
    for cid in criterion_ids:
        by_group: list[Counter[str]] = [Counter() for _ in range(n_groups)]
        column = map(itemgetter(cid), results)
        if n_groups == 1:  # no pairs needed: a third faster for the national counts
            tallies = ((0, result, n) for result, n in Counter(column).items())
        else:
            tallies = (
                (g, result, n)
                for (g, result), n in Counter(zip(groups, column, strict=False)).items()
            )
        for group, result, n in tallies:
            by_group[group][result.status] += n
        for group, by_status in enumerate(by_group):
            counted[group].append(CriterionCounts(cid, _counts(by_status)))
    return [tuple(c) for c in counted]


def group_by(run: _Run, fields: Sequence[str]) -> list[GroupSummary]:
    """Counts per group, a group being the records that agree on `fields` (a grouping level's
    fields: its own first, then the broader ones shown beside it), in sorted order.

    Works on anything shaped like a `ScoredDataset` (a fresh one or one read back from a saved
    file), so a report can regroup a saved run without scoring again.
    """
    if isinstance(fields, str):
        raise TypeError("group_by takes a level's fields (survey.level(id).fields), not a name")
    numbers: dict[tuple, int] = {}
    groups = [numbers.setdefault(tuple(map(r.info.get, fields)), len(numbers)) for r in run.records]
    counted = _count_groups(groups, len(numbers), run.records, run.criterion_ids)
    sizes = Counter(groups)
    summaries = []
    for key in sorted(numbers, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        number = numbers[key]
        info = dict(zip(fields[1:], key[1:], strict=False))
        summaries.append(
            GroupSummary(
                "" if key[0] is None else str(key[0]), info, sizes[number], counted[number]
            )
        )
    return summaries
