"""A bar chart as inline SVG: bars of shares with their interval whiskers, drawn from the same
`BarChart` the Word writer draws natively. The drawing is one image to assistive technology
(`role="img"`, named by the figure's text alternative); its numbers stand in a table beside it.
"""

from __future__ import annotations

import textwrap
from html import escape

from tilsyn.numbers import format_percent
from tilsyn.report.chart import BarChart

WIDTH = 760
LABELS = 330  # room for the bars' labels, left of the axis
PLOT = WIDTH - LABELS - 60  # the axis, with room for a value after the longest bar
LINE = 15  # one line of a label
TOP = 12
BAR = 16


def bar_rows(
    chart: BarChart,
) -> list[tuple[str, float | None, tuple[float, float] | None, str | None]]:
    """(label with «x av n», share, interval, value) per bar; the reference (the total) last,
    its value None (a writer formats it as the bars are)."""
    notes = chart.counts or [""] * len(chart.labels)
    rows = [
        (f"{label} ({note})" if note else label, share, interval, value)
        for label, share, interval, value, note in zip(
            chart.labels, chart.shares, chart.intervals, chart.values, notes, strict=True
        )
    ]
    if chart.reference is not None and chart.reference_name:
        rows.append((chart.reference_name, chart.reference, chart.reference_interval, None))
    return rows


def _x(share: float) -> float:
    return round(LABELS + PLOT * min(max(share, 0.0), 1.0), 1)


def chart_svg(chart: BarChart, label_id: str, alt: str, lang: str) -> str:
    """The chart as an `<svg>` named by `alt` (its `<title>`, id `label_id`)."""
    rows = bar_rows(chart)
    lines = [textwrap.wrap(label, 44) or [""] for label, *_ in rows]
    room = max(2 * LINE, len(chart.series) * (BAR + 2))
    heights = [max(len(wrapped) * LINE, room) + 6 for wrapped in lines]
    plot_bottom = TOP + sum(heights)
    height = plot_bottom + (72 if chart.more else 52)
    out = [
        f'<svg class="chart" role="img" aria-labelledby="{label_id}" '
        f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{label_id}">{escape(alt)}</title>',
    ]
    for step in range(0, 101, 20):  # gridlines and their values
        x = _x(step / 100)
        out.append(f'<line class="grid" x1="{x}" y1="{TOP}" x2="{x}" y2="{plot_bottom}"/>')
        out.append(
            f'<text class="tick" x="{x}" y="{plot_bottom + 16}" text-anchor="middle">'
            f"{escape(format_percent(step / 100, lang, 0))}</text>"
        )
    out.append(
        f'<text class="axis" x="{LABELS + PLOT / 2}" y="{plot_bottom + 38}" '
        f'text-anchor="middle">{escape(chart.axis)}</text>'
    )
    if chart.more:  # further series: each label's bars side by side, and a legend
        return "".join(out[:2] + _series_rows(chart, lines, heights, plot_bottom, lang, out[2:]))
    y = TOP
    total = len(rows) - 1 if chart.reference is not None and chart.reference_name else None
    for index, ((_, share, interval, value), wrapped, room) in enumerate(
        zip(rows, lines, heights, strict=True)
    ):
        middle = y + room / 2
        out.extend(_label(wrapped, middle))
        if share is not None:
            kind = "bar total" if index == total else "bar"
            out.extend(_bar(kind, share, interval, value or format_percent(share, lang, 0), middle))
        y += room
    if chart.reference is not None:
        x = _x(chart.reference)
        out.append(f'<line class="reference" x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{plot_bottom}"/>')
    out.append("</svg>")
    return "".join(out)


def _series_rows(
    chart: BarChart,
    lines: list[list[str]],
    heights: list[int],
    plot_bottom: float,
    lang: str,
    grid: list[str],
) -> list[str]:
    """The bars of several series (a comparison's rounds) side by side under each label,
    each series in its own shade (class `series-N`), and a legend below the axis title."""
    series = chart.series
    out = list(grid)
    y = TOP
    for index, (wrapped, room) in enumerate(zip(lines, heights, strict=True)):
        middle = y + room / 2
        out.extend(_label(wrapped, middle))
        top = middle - len(series) * (BAR + 2) / 2
        for number, one in enumerate(series):
            share, interval = one.shares[index], one.intervals[index]
            if share is None:
                continue
            centre = top + number * (BAR + 2) + BAR / 2
            value = one.values[index] or format_percent(share, lang, 0)
            out.extend(_bar(f"bar series-{number}", share, interval, value, centre))
        y += room
    x = LABELS
    for number, one in enumerate(series):  # the legend
        out.append(
            f'<rect class="bar series-{number}" x="{x}" y="{plot_bottom + 44}" '
            f'width="12" height="12"/>'
        )
        out.append(
            f'<text class="tick" x="{x + 16}" y="{plot_bottom + 54}">{escape(one.name)}</text>'
        )
        x += 30 + 7 * len(one.name)
    out.append("</svg>")
    return out


def _label(wrapped: list[str], middle: float) -> list[str]:
    """A bar's label, its lines centred on the bar, right-aligned before the axis."""
    first = middle - (len(wrapped) - 1) * LINE / 2 + 4
    return [
        f'<text class="label" x="{LABELS - 8}" y="{first + number * LINE:.1f}" '
        f'text-anchor="end">{escape(text)}</text>'
        for number, text in enumerate(wrapped)
    ]


def _bar(
    kind: str, share: float, interval: tuple[float, float] | None, value: str, middle: float
) -> list[str]:
    """A bar of class `kind` centred on `middle`, its whisker, and its value after it."""
    end = _x(interval[1] if interval else share)
    return [
        f'<rect class="{kind}" x="{LABELS}" y="{middle - BAR / 2:.1f}" '
        f'width="{_x(share) - LABELS:.1f}" height="{BAR}"/>',
        *_whisker(interval, middle),
        f'<text class="value" x="{end + 6}" y="{middle + 4:.1f}">{escape(value)}</text>',
    ]


def _whisker(interval: tuple[float, float] | None, middle: float) -> list[str]:
    if interval is None:
        return []
    low, high = _x(interval[0]), _x(interval[1])
    top, bottom = middle - 6, middle + 6
    return [
        f'<line class="whisker" x1="{low}" y1="{middle:.1f}" x2="{high}" y2="{middle:.1f}"/>',
        f'<line class="whisker" x1="{low}" y1="{top:.1f}" x2="{low}" y2="{bottom:.1f}"/>',
        f'<line class="whisker" x1="{high}" y1="{top:.1f}" x2="{high}" y2="{bottom:.1f}"/>',
    ]
