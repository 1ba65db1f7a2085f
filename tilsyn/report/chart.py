"""A chart as data: bars of shares with their 95 % intervals, and the words drawn on it.

Format-neutral, like the rest of the document model: the Word writer draws it as a native
chart (report/docx/charts.py), a web page as inline SVG, and both can show the same numbers
as a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Series:
    """A further series of bars beside the first, one per label (the rounds of a comparison):
    its name in the legend, its shares, intervals and the shares as read («14 %»)."""

    name: str
    shares: list[float | None]
    intervals: list[tuple[float, float] | None]
    values: list[str]


@dataclass
class BarChart:
    """Horizontal bars with interval whiskers, and an optional reference bar (the total).

    With `more` series the bars of each label stand side by side, the first series named
    `name` and each further one by its own name in a legend (then `counts` are left out of
    the labels: the text alternative and the table beside the chart give them).
    """

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
    name: str = ""  # the first series' name in a legend, where there are `more`
    more: list[Series] = field(default_factory=list)

    @property
    def series(self) -> list[Series]:
        """Every series, the first made of the chart's own shares."""
        first = Series(self.name or self.axis, self.shares, self.intervals, self.values)
        return [first, *self.more]
