"""Bar charts of shares with their 95 % intervals, as PNG bytes for the Word report.

Drawn to survive greyscale printing and copying: hatched bars, black whiskers, a dashed
reference line and the share written beside each bar, never colour alone. matplotlib is
imported here only (it costs half a second), through its object API rather than pyplot, so no
global state or display is involved. A report has one comparison chart per criterion, all with
the same bars (the counties, say), so one figure per set of labels is built, its axes, labels
and grid drawn once, and only the bars, whiskers, values and legend drawn again for each chart
(matplotlib's blitting): drawing the text of axes dominates the cost. The PNG is greyscale
(half the size) and carries no version or date, so the same data give the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from tilsyn.report.model import Figure

WIDTH_INCHES = 6.3  # 16 cm: the text width of an A4 page with 2.5 cm margins
DPI = 150
FONT_SIZE = 8
LABEL_WIDTH = 36  # characters per line of a bar label before it wraps
NAN = float("nan")  # matplotlib leaves out points and lines at NaN
BAR = {"color": "0.88", "edgecolor": "0.2", "hatch": "///", "linewidth": 0.6}


class _Chart:
    """One matplotlib figure for a set of bar labels, redrawn for each figure that has them."""

    def __init__(self, labels: list[str], axis: str, with_reference: bool):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure as MplFigure
        from matplotlib.lines import Line2D

        labels = [textwrap.fill(label, LABEL_WIDTH) for label in labels]
        lines = sum(label.count("\n") + 1 for label in labels)
        height = 0.8 + 0.2 * lines + 0.12 * len(labels)
        chart = MplFigure(figsize=(WIDTH_INCHES, height), dpi=DPI)
        longest = max(len(line) for label in labels for line in label.split("\n"))
        left = min(0.5, (0.2 + longest * FONT_SIZE * 0.0075) / WIDTH_INCHES)
        chart.subplots_adjust(left=left, right=0.9, top=1 - 0.3 / height, bottom=0.6 / height)
        axes = chart.add_subplot()
        rows = list(range(len(labels)))
        zeros = [0.0] * len(rows)
        self.rows = rows
        self.bars = axes.barh(rows, zeros, height=0.6, **BAR)
        self.whiskers = axes.hlines(rows, zeros, zeros, colors="black", linewidth=1)
        self.low_caps, = axes.plot(zeros, rows, "|", color="black", markersize=6)
        self.high_caps, = axes.plot(zeros, rows, "|", color="black", markersize=6)
        self.points, = axes.plot(zeros, rows, "o", color="black", markersize=3)
        self.values = [axes.text(0, row, "", va="center", fontsize=FONT_SIZE) for row in rows]
        handles = [Line2D([], [], color="black", marker="o", markersize=3, linewidth=1)]
        self.reference = None
        if with_reference:
            self.reference = axes.axvline(0, color="black", linestyle="--", linewidth=1)
            handles.append(self.reference)
        self.legend = axes.legend(handles, [""] * len(handles), fontsize=FONT_SIZE - 1,
                                  loc="lower center", frameon=False, bbox_to_anchor=(0.5, 1.0),
                                  ncol=len(handles))
        axes.set_yticks(rows, labels, fontsize=FONT_SIZE)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xticks(range(0, 101, 20))
        axes.tick_params(axis="x", labelsize=FONT_SIZE)
        axes.set_xlabel(axis, fontsize=FONT_SIZE)
        axes.grid(axis="x", color="0.8", linestyle=":", linewidth=0.6)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        self.axes = axes
        self.dynamic = [*self.bars, self.whiskers, self.low_caps, self.high_caps, self.points,
                        *self.values, self.legend, *([self.reference] if self.reference else [])]
        for artist in self.dynamic:
            artist.set_animated(True)
        self.canvas = FigureCanvasAgg(chart)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(chart.bbox)

    def png(self, figure: Figure) -> bytes:
        from PIL import Image

        shares = [NAN if s is None else 100 * s for s in figure.shares]
        lows = [NAN if ci is None else 100 * ci[0] for ci in figure.intervals]
        highs = [NAN if ci is None else 100 * ci[1] for ci in figure.intervals]
        for bar, share in zip(self.bars, shares):
            bar.set_width(0 if share != share else share)  # NaN: no bar
        self.whiskers.set_segments([[(low, row), (high, row)]
                                    for low, high, row in zip(lows, highs, self.rows)])
        self.low_caps.set_xdata(lows)
        self.high_caps.set_xdata(highs)
        self.points.set_xdata(shares)
        for text, high, value in zip(self.values, highs, figure.values):
            text.set_x(1.5 if high != high else high + 1.5)
            text.set_text(value)
        texts = self.legend.get_texts()
        texts[0].set_text(figure.interval_label)
        if self.reference is not None:
            self.reference.set_xdata([100 * figure.reference] * 2)
            texts[1].set_text(figure.reference_label)
        self.canvas.restore_region(self.background)
        for artist in self.dynamic:
            self.axes.draw_artist(artist)
        pixels = Image.frombuffer("RGBA", self.canvas.get_width_height(),
                                  self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        pixels.convert("L").save(buffer, "PNG", dpi=(DPI, DPI))
        return buffer.getvalue()


def render_pngs(figures: list[Figure]) -> list[bytes]:
    """The PNG of every figure, in order; figures with the same bars share one drawing."""
    charts: dict[tuple[Any, ...], _Chart] = {}
    images = []
    for figure in figures:
        key = (tuple(figure.labels), figure.axis, figure.reference is not None)
        chart = charts.get(key)
        if chart is None:
            chart = charts[key] = _Chart(figure.labels, figure.axis, figure.reference is not None)
        images.append(chart.png(figure))
    return images
