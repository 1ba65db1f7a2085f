"""A chart in an edited Word document read back as a `BarChart`: the bars' labels, shares and
interval whiskers from the chart part's caches (what Word shows, after any edit of the data),
so the web page draws the chart and tabulates its numbers instead of losing it.
"""

from __future__ import annotations

from typing import Any

from tilsyn.numbers import format_percent
from tilsyn.publish.wordml import NS, Edited
from tilsyn.report.chart import BarChart


def _points(element: Any | None) -> dict[int, str]:
    if element is None:
        return {}
    return {
        int(pt.get("idx", "0")): pt.findtext("c:v", "", NS)
        for pt in element.iterfind(".//c:pt", NS)
    }


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _label_column(document: Edited, chart_part: str) -> str:
    """The header of the bars' labels: cell A1 of the chart's embedded workbook, if any."""
    import io
    import posixpath
    import zipfile

    from tilsyn.readers.xlsxparts import _relationships, read_workbook, sheet_rows

    folder, name = posixpath.split(chart_part)
    related = _relationships(document.archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    for kind, member in related.values():
        if kind != "package" or member not in document.archive.NameToInfo:
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(document.read(member))) as book:
                workbook = read_workbook(book)
                first = next(sheet_rows(book, workbook, workbook.sheets[0].part), None)
        except Exception:  # an embedded workbook the chart does not need to be drawn
            return ""
        return str(first.values[0]) if first and first.values and first.values[0] else ""
    return ""


def read_chart(document: Edited, chart_part: str, lang: str) -> BarChart | None:
    """The bar chart in `chart_part`, or None for a chart tilsyn cannot draw (not bars)."""
    root = document.parse(chart_part)
    series = root.find(".//c:barChart/c:ser", NS)
    if series is None:
        return None
    labels = _points(series.find("c:cat", NS))
    values = {i: _number(v) for i, v in _points(series.find("c:val", NS)).items()}
    plus = {i: _number(v) for i, v in _points(series.find("c:errBars/c:plus", NS)).items()}
    minus = {i: _number(v) for i, v in _points(series.find("c:errBars/c:minus", NS)).items()}
    count = max([*labels, *values, -1]) + 1
    shares = [values[i] / 100 if values.get(i) is not None else None for i in range(count)]
    intervals = []
    for i, share in enumerate(shares):
        low, high = minus.get(i), plus.get(i)
        known = share is not None and low is not None and high is not None
        intervals.append((share - low / 100, share + high / 100) if known else None)
    title = [
        "".join(t.text or "" for t in p.iterfind(".//a:t", NS))
        for p in root.iterfind(".//c:valAx/c:title//a:p", NS)
    ]
    name = "".join(t.text or "" for t in series.iterfind("c:tx//c:v", NS))
    chart = BarChart(
        labels=[labels.get(i, "") for i in range(count)],
        shares=shares,
        intervals=intervals,
        values=[format_percent(share, lang, 0) for share in shares],
        axis=title[0] if title else name,
        interval_label=title[1] if len(title) > 1 else "",
        columns=(_label_column(document, chart_part), "", ""),
    )
    total = series.find("c:dPt/c:idx", NS)  # the total's bar, drawn apart: the reference
    index = int(total.get("val", "-1")) if total is not None else -1
    if 0 <= index < count and index == count - 1 and shares[index] is not None:
        chart.reference_name = chart.labels.pop()
        chart.reference = shares.pop()
        chart.reference_interval = intervals.pop()
        chart.values.pop()
    return chart
