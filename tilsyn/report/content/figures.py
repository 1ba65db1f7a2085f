"""The report's figures: a bar chart of the groups large enough to chart, with its caption and
a text alternative that states every number the chart shows."""

from __future__ import annotations

from typing import Any, Sequence

from tilsyn.aggregate import Counts
from tilsyn.report.chart import BarChart
from tilsyn.report.document import Figure
from tilsyn.report.text import Strings


def chart_words(t: Strings, counts: Sequence[Counts]) -> dict[str, Any]:
    """The words of a chart beyond its bars: «x av n» per bar, the workbook's column headers
    and the number format of the shares written on the bars («45 %», «45%»)."""
    return {
        "counts": [
            t("charts.of", passed=t.number(c.passed), assessed=t.number(c.assessed)) for c in counts
        ],
        "columns": (t("charts.label_column"), t("charts.below"), t("charts.above")),
        "number_format": '0"' + t.percent(0.0)[1:] + '"',
    }


def bars(
    t: Strings, rows: Sequence[tuple[str, Counts]], axis: str, count: str = "assessed"
) -> tuple[BarChart, list[str]]:
    """A bar per row (its share and interval) and, for the text alternative, a phrase per bar
    stating its numbers; `count` is what the phrase counts («12 samtaler»): the records
    `assessed`, or those that `passed` (a band of a distribution)."""
    items = [
        t(
            "charts.alt_item",
            label=label,
            share=t.percent(c.share),
            ci=t.interval(c.ci95),
            count=t.count(getattr(c, count)),
        )
        for label, c in rows
    ]
    chart = BarChart(
        labels=[label for label, _ in rows],
        shares=[c.share for _, c in rows],
        intervals=[c.ci95 for _, c in rows],
        values=[t.percent(c.share) for _, c in rows],
        axis=axis,
        interval_label=t("charts.interval"),
        **chart_words(t, [c for _, c in rows]),
    )
    return chart, items


def add_figure(
    ctx: Any,
    caption: str,
    alt_key: str,
    rows: Sequence[tuple[str, Counts]],
    reference: Counts | None = None,
    **alt_values: Any,
) -> Figure | None:
    """A bar chart of the rows large enough to chart (`ctx.small`: counts only, in the table);
    None when fewer than two such rows (or none at all) would be drawn.

    `ctx` is the report's ReportContext: the figure is numbered and added to its figures.
    """
    t = ctx.t
    rows = [(label, c) for label, c in rows if c.assessed and not ctx.small(c)]
    if not rows or (reference is not None and len(rows) < 2):
        return None
    chart, items = bars(t, rows, t("charts.axis"))
    overall = None
    if reference is not None and reference.assessed:
        overall = t("charts.overall", label=t("groups.total"), share=t.percent(reference.share))
        items.append(overall)
    if overall is not None:
        chart.reference, chart.reference_label = reference.share, overall
        chart.reference_interval = reference.ci95
        chart.reference_name = f"{t('groups.total')} ({chart_words(t, [reference])['counts'][0]})"
    return ctx.add_figure(caption, t(alt_key, items="; ".join(items), **alt_values), chart)
