"""A comparison of two survey rounds as a workbook: one row per criterion (and one per group
and criterion with `--by`), counts, shares, change and interval as numbers an auditor can
recompute, in the words of `templates/<lang>/analyses.toml`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from tilsyn.aggregate import Counts
    from tilsyn.analysis_texts import Texts
    from tilsyn.compare import Comparison, CriterionChange

_SHARE_COLUMNS = ("baseline_share", "current_share", "difference", "ci_low", "ci_high")
_COLUMNS = (
    "criterion",
    "title",
    "baseline_pass",
    "baseline_fail",
    "baseline_share",
    "current_pass",
    "current_fail",
    "current_share",
    "difference",
    "ci_low",
    "ci_high",
    "changed",
    "note",
)


def write_comparison(output: Path, comparison: Comparison, lang: str) -> None:
    """Write `comparison` (a `tilsyn.compare.Comparison`) to `output` atomically."""
    from tilsyn.analysis_texts import Texts
    from tilsyn.formats.properties import DOCUMENT
    from tilsyn.formats.workbook import PERCENT, WorkbookWriter
    from tilsyn.i18n import DOC_LANG
    from tilsyn.narrative import shared_note
    from tilsyn.outputs import atomic_path
    from tilsyn.reproducible import now

    texts = Texts(lang)
    records = comparison.survey.record_noun_plural[lang]
    shared = shared_note(comparison.survey, comparison.shared, lang)
    headers = [texts(f"compare.columns.{c}") for c in _COLUMNS]
    properties = {
        "title": texts("compare.heading"),
        "creator": "tilsyn",
        "language": DOC_LANG[lang],
    }
    with atomic_path(output) as temp:
        with WorkbookWriter(temp, now(), properties, {DOCUMENT: "comparison"}) as book:
            book.sheet(
                texts("compare.sheet"),
                "Comparison",
                headers,
                _rows(comparison.criteria, texts, records, shared),
                styles={_COLUMNS.index(c): PERCENT for c in _SHARE_COLUMNS},
            )
            if comparison.groups:
                group_headers = [texts("compare.columns.group"), *headers]
                book.sheet(
                    texts("compare.sheet_groups"),
                    "Groups",
                    group_headers,
                    (
                        [group.group, *row]
                        for groups in comparison.groups.values()
                        for group in groups
                        for row in _rows(group.criteria, texts, records, shared)
                    ),
                    styles={_COLUMNS.index(c) + 1: PERCENT for c in _SHARE_COLUMNS},
                )


def _rows(
    changes: Iterable[CriterionChange], texts: Texts, records: str, shared: str = ""
) -> Iterator[list[Any]]:
    """A row per criterion; `shared` (rounds that share records) joins every note."""
    from tilsyn.narrative import change_note

    yes, no = texts("compare.columns.yes"), texts("compare.columns.no")
    for change in changes:
        before, after, difference = change.baseline, change.current, change.difference
        yield [
            change.id,
            change.title,
            *_counts(before),
            *_counts(after),
            *(
                (difference.value, difference.low, difference.high)
                if difference
                else (None, None, None)
            ),
            yes if change.changed else no,
            "; ".join(n for n in (change_note(texts, change, records), shared) if n) or None,
        ]


def _counts(counts: Counts | None) -> list[Any]:
    if counts is None:
        return [None, None, None]
    return [counts.passed, counts.failed, counts.share]
