"""A chart as data: bars of shares with their 95 % intervals, and the words drawn on it.

Format-neutral, like the rest of the document model: the Word writer draws it as a native
chart (report/docx/charts.py), a web page as inline SVG, and both can show the same numbers
as a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BarChart:
    """Horizontal bars with interval whiskers, and an optional reference bar (the total)."""

    labels: list[str]
    shares: list[float | None]  # None: nothing to share (no record passed or failed)
    intervals: list[tuple[float, float] | None]
    values: list[str]  # each share as the reader reads it («14 %»)
    axis: str
    interval_label: str
    counts: list[str] = field(default_factory=list)  # «x av n» for each bar, after its label
    reference: float | None = None
    reference_label: str = ""
    reference_name: str = ""  # the reference's own bar («Totalt (45 av 59)»), drawn last
    reference_interval: tuple[float, float] | None = None
    columns: tuple[str, str, str] = ("", "", "")  # the data's label and margin headers
    number_format: str = '0" %"'  # of the shares (in percent) written on the bars
