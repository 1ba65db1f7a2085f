"""Two survey rounds compared: per criterion the counts and shares of each, the change, and
its 95 % interval (Newcombe's hybrid score method, `tilsyn.stats`).

Helsetilsynet asks new surveys to follow up whether the measures taken improved
accessibility; a change in share says little without its uncertainty at these sample sizes,
so every change carries its interval, and «changed» means the interval excludes 0.

Criteria are matched by id. A criterion whose rule or parameter values differ between the two
runs is flagged, not silently compared: its figures are shown, but it never counts as changed.
Both rounds are `ScoredDataset`s, fresh or read back from a saved file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from tilsyn.aggregate import ROUND, Counts
from tilsyn.errors import TilsynError
from tilsyn.scoring import regroup
from tilsyn.stats import Difference, newcombe

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset
    from tilsyn.survey import Survey


class CompareError(TilsynError):
    """Two runs that cannot be compared (docs/diagnostics.md, CMP)."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(f"{code} {message}", hint=hint)
        self.code = code


@dataclass(frozen=True)
class CriterionChange:
    """One criterion in both rounds (or in one of them), and the change between them."""

    id: str
    title: str
    baseline: Counts | None  # None: the criterion is not in that round
    current: Counts | None
    differs: tuple[str, ...] = ()  # "rule", "parameter:NAME", "catalogue": why not comparable

    @property
    def difference(self) -> Difference | None:
        if self.baseline is None or self.current is None:
            return None
        return newcombe(
            self.baseline.passed, self.baseline.assessed, self.current.passed, self.current.assessed
        )

    @property
    def comparable(self) -> bool:
        return not self.differs and self.difference is not None

    @property
    def changed(self) -> bool:
        """The interval of the change excludes 0, and the criterion is the same in both."""
        difference = self.difference
        return self.comparable and difference is not None and difference.excludes_zero

    def to_json(self) -> dict[str, Any]:
        difference = self.difference
        return {
            "id": self.id,
            "title": self.title,
            "baseline": _side(self.baseline),
            "current": _side(self.current),
            "difference": None if difference is None else round(difference.value, ROUND),
            "ci95": None
            if difference is None
            else [round(difference.low, ROUND), round(difference.high, ROUND)],
            "changed": self.changed,
            "comparable": self.comparable,
            "differs": list(self.differs),
        }


def _side(counts: Counts | None) -> dict[str, Any] | None:
    if counts is None:
        return None
    share = counts.share
    return {
        "pass": counts.passed,
        "fail": counts.failed,
        "share": None if share is None else round(share, ROUND),
    }


@dataclass(frozen=True)
class GroupChange:
    """The changes within one group (a county, say) present in both rounds."""

    group: str
    criteria: tuple[CriterionChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "criteria": [c.to_json() for c in self.criteria]}


@dataclass
class Comparison:
    """Everything `tilsyn compare` shows: the two rounds, per criterion, and per group."""

    survey: Survey
    baseline: dict[str, Any]
    current: dict[str, Any]
    criteria: list[CriterionChange]
    groups: dict[str, list[GroupChange]] = field(default_factory=dict)
    shared: int = 0  # records in both rounds (allowed with --allow-overlap): not independent

    def to_json(self) -> dict[str, Any]:
        data = {
            "survey": self.survey.id,
            "baseline": dict(self.baseline),
            "current": dict(self.current),
            "shared_records": self.shared,
            "criteria": [c.to_json() for c in self.criteria],
        }
        if self.groups:
            data["groups"] = {
                by: [g.to_json() for g in groups] for by, groups in self.groups.items()
            }
        return data


def compare(
    baseline: ScoredDataset,
    current: ScoredDataset,
    by: Sequence[str] = (),
    *,
    allow_overlap: bool = False,
    lang: str | None = None,
) -> Comparison:
    """Compare two scored datasets of the same survey kind; `by` adds the groups (county,
    municipality, office) present in both. CompareError CMP001 for different survey kinds,
    CMP002 for the same data twice, CMP003 for rounds that share records (unless
    `allow_overlap`: the comparison then counts them in `shared`); UsageError for a level the
    survey does not have. Criteria are titled in `lang` (each round's own when not given)."""
    from tilsyn.pipeline import check_levels

    kinds = baseline.survey.id, current.survey.id
    if kinds[0] != kinds[1]:
        from tilsyn.diagnostics import render

        raise CompareError(
            "CMP001", *render("CMP001", params={"baseline": kinds[0], "current": kinds[1]})
        )
    check_levels(baseline.survey, by)
    shared = shared_keys(baseline, current, allow_overlap)
    differs = _differences(baseline, current)
    titles = {
        c.id: run.criterion_title(c.id, lang or run.lang)
        for run in (baseline, current)
        for c in run.criteria
    }
    comparison = Comparison(
        baseline.survey,
        _round(baseline),
        _round(current),
        _changes(
            titles,
            {c.id: c.counts for c in baseline.criteria},
            {c.id: c.counts for c in current.criteria},
            differs,
        ),
        shared=len(shared),
    )
    for level in by:
        before = {g.group: g for g in baseline.groups.get(level) or regroup(baseline, level)}
        after = {g.group: g for g in current.groups.get(level) or regroup(current, level)}
        comparison.groups[level] = [
            GroupChange(
                name,
                tuple(
                    _changes(
                        titles,
                        {c.id: c.counts for c in before[name].criteria},
                        {c.id: c.counts for c in after[name].criteria},
                        differs,
                    )
                ),
            )
            for name in sorted(before.keys() & after.keys())
        ]
    return comparison


SHOWN_KEYS = 10  # the shared keys an error names


def shared_keys(baseline: ScoredDataset, current: ScoredDataset, allow: bool = False) -> list[str]:
    """The keys of the records in both rounds, in order. Newcombe's interval assumes two
    independent samples, so the same data twice is refused (CMP002), and rounds that share
    records are refused (CMP003, the first keys named) unless `allow`."""
    from tilsyn.diagnostics import language, render

    before = {r.key: r.info for r in baseline.records}
    shared = [r.key for r in current.records if r.key in before]
    if not shared:
        return shared
    if len(shared) == len(before) == len(current.records) and all(
        before[r.key] == r.info for r in current.records
    ):
        raise CompareError("CMP002", *render("CMP002", params={"n": len(shared)}))
    if not allow:
        shown = ", ".join(shared[:SHOWN_KEYS]) + (", …" if len(shared) > SHOWN_KEYS else "")
        records = current.survey.record_noun_plural[language()]
        raise CompareError(
            "CMP003",
            *render("CMP003", params={"n": len(shared), "keys": shown, "records": records}),
        )
    return shared


def _round(dataset: ScoredDataset) -> dict[str, Any]:
    return {
        "survey": dataset.survey.id,
        "survey_version": dataset.survey.version,
        "catalogue": {"id": dataset.catalogue.id, "version": dataset.catalogue.version},
        "records": len(dataset.records),
    }


def _changes(
    titles: dict[str, str],
    before: dict[str, Counts],
    after: dict[str, Counts],
    differs: dict[str, tuple[str, ...]],
) -> list[CriterionChange]:
    """One entry per criterion: the current round's order, then those only in the baseline."""
    ids = list(after) + [cid for cid in before if cid not in after]
    return [
        CriterionChange(
            cid, titles.get(cid, cid), before.get(cid), after.get(cid), differs.get(cid, ())
        )
        for cid in ids
    ]


def _differences(baseline: ScoredDataset, current: ScoredDataset) -> dict[str, tuple[str, ...]]:
    """Per criterion in both runs, what makes it a different criterion: its rule, or the
    value of a parameter its rule reads. Runs saved before rules were fingerprinted cannot
    be checked criterion by criterion: then any change of catalogue or parameters flags all."""
    old = {c.id: c for c in baseline.criteria}
    found: dict[str, tuple[str, ...]] = {}
    for new in current.criteria:
        before = old.get(new.id)
        if before is None:
            continue
        if not (before.rule and new.rule):
            same = _catalogue_key(baseline) == _catalogue_key(current)
            if not same:
                found[new.id] = ("catalogue",)
            continue
        reasons = ["rule"] if before.rule != new.rule else []
        values_before, values_now = dict(before.rule_parameters), dict(new.rule_parameters)
        reasons += [
            f"parameter:{name}"
            for name in sorted(values_before.keys() | values_now.keys())
            if values_before.get(name) != values_now.get(name)
        ]
        if reasons:
            found[new.id] = tuple(reasons)
    return found


def _catalogue_key(dataset: ScoredDataset) -> tuple:
    catalogue = dataset.catalogue
    return (catalogue.id, catalogue.version, sorted(dataset.parameters.items()))
