"""The charts of a report as plain data (`Figure`), drawn as native Word charts by charts.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from tilsyn.aggregate import Counts
from tilsyn.report.text import Strings


@dataclass
class Figure:
    """A chart to draw: bars with interval whiskers, and the words around it."""

    number: int
    caption: str
    alt: str
    labels: list[str]
    shares: list[float | None]  # None: nothing to share (no record passed or failed)
    intervals: list[tuple[float, float] | None]
    values: list[str]  # each share as the reader reads it; the chart shows it by number_format
    axis: str
    interval_label: str
    reference: float | None = None
    reference_label: str = ""
    counts: list[str] = field(default_factory=list)  # «x av n» for each bar, after its label
    reference_name: str = ""  # the reference's own bar («Totalt (45 av 59)»), drawn last
    reference_interval: tuple[float, float] | None = None
    columns: tuple[str, str, str] = ("", "", "")  # the chart workbook's label and margin headers
    number_format: str = '0" %"'  # of the shares (in percent) written on the bars
    image: Any = None  # filled in by the renderer


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
    items = [
        t(
            "charts.alt_item",
            label=label,
            share=t.percent(c.share),
            ci=t.interval(c.ci95),
            count=t.count(c.assessed),
        )
        for label, c in rows
    ]
    overall = None
    if reference is not None and reference.assessed:
        overall = t("charts.overall", label=t("groups.total"), share=t.percent(reference.share))
        items.append(overall)
    figure = Figure(
        number=len(ctx.figures) + 1,
        caption=caption,
        alt=t(alt_key, items="; ".join(items), **alt_values),
        labels=[label for label, _ in rows],
        shares=[c.share for _, c in rows],
        intervals=[c.ci95 for _, c in rows],
        values=[t.percent(c.share) for _, c in rows],
        axis=t("charts.axis"),
        interval_label=t("charts.interval"),
        **chart_words(t, [c for _, c in rows]),
    )
    if overall is not None:
        figure.reference, figure.reference_label = reference.share, overall
        figure.reference_interval = reference.ci95
        figure.reference_name = f"{t('groups.total')} ({chart_words(t, [reference])['counts'][0]})"
    ctx.figures.append(figure)
    return figure
