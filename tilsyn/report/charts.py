"""Bar charts of shares with their 95 % intervals, as PNG bytes for the Word report.

Drawn to survive greyscale printing and copying: hatched bars, black whiskers, a dashed
reference line and the share written beside each bar, never colour alone. matplotlib is
imported here only (it costs half a second), through its object API rather than pyplot, so no
global state or display is involved. The PNG is greyscale (half the size, faster to write) and
carries no version or date, so the same data give the same bytes.
"""

from __future__ import annotations

import io
import textwrap

from tilsyn.report.model import Figure

WIDTH_INCHES = 6.3  # 16 cm: the text width of an A4 page with 2.5 cm margins
DPI = 150
FONT_SIZE = 8
LABEL_WIDTH = 36  # characters per line of a bar label before it wraps


def render_png(figure: Figure, value_labels: list[str]) -> bytes:
    """The chart of one `Figure`: a horizontal bar per label, first label at the top."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Patch
    from PIL import Image

    labels = [textwrap.fill(label, LABEL_WIDTH) for label in figure.labels]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = 0.9 + 0.2 * lines + 0.12 * len(labels)
    chart = MplFigure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    longest = max(len(line) for label in labels for line in label.split("\n"))
    left = min(0.5, (0.2 + longest * FONT_SIZE * 0.0075) / WIDTH_INCHES)
    chart.subplots_adjust(left=left, right=0.9, top=1 - 0.3 / height, bottom=0.75 / height)
    axes = chart.add_subplot()
    rows = list(range(len(labels)))
    shares = [100 * s for s in figure.shares]
    below = [100 * (s - low) for s, (low, _) in zip(figure.shares, figure.intervals)]
    above = [100 * (high - s) for s, (_, high) in zip(figure.shares, figure.intervals)]
    axes.barh(rows, shares, height=0.6, color="0.88", edgecolor="0.2", hatch="///",
              linewidth=0.6)
    axes.errorbar(shares, rows, xerr=[below, above], fmt="o", color="black", markersize=3,
                  capsize=3, elinewidth=1)
    for row, (_, high), text in zip(rows, figure.intervals, value_labels):
        axes.text(100 * high + 1.5, row, text, va="center", fontsize=FONT_SIZE)
    handles = [Patch(facecolor="0.88", edgecolor="0.2", hatch="///", label=figure.axis),
               axes.lines[0] if axes.lines else Patch(label=figure.interval_label)]
    handles[1].set_label(figure.interval_label)
    if figure.reference is not None:
        handles.append(axes.axvline(100 * figure.reference, color="black", linestyle="--",
                                    linewidth=1, label=figure.reference_label))
    axes.set_yticks(rows, labels, fontsize=FONT_SIZE)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xticks(range(0, 101, 20))
    axes.tick_params(axis="x", labelsize=FONT_SIZE)
    axes.set_xlabel(figure.axis, fontsize=FONT_SIZE)
    axes.grid(axis="x", color="0.8", linestyle=":", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(handles=handles, fontsize=FONT_SIZE - 1, loc="lower center", frameon=False,
                bbox_to_anchor=(0.5, 1.0), ncol=len(handles))
    canvas = FigureCanvasAgg(chart)
    canvas.draw()
    pixels = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw",
                              "RGBA", 0, 1)
    buffer = io.BytesIO()
    pixels.convert("L").save(buffer, "PNG", dpi=(DPI, DPI))
    return buffer.getvalue()
