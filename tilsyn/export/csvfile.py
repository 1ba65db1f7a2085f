"""CSV export in the Norwegian Excel dialect: `;`, UTF-8 with BOM, decimal comma, CRLF.

The dialect Norwegian Excel opens with a double click, and the one the CSV reader reads back.
Risky text gets the apostrophe escape of `cells.py`; dates are written `2020-11-03 10:15`,
which Excel takes for a date and the reader for ISO 8601.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Iterable, Sequence

from tilsyn.formats.cells import escape_csv


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the rows under a header row; returns how many rows were written."""
    count = 0
    with path.open("w", encoding="utf-8-sig", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([escape_csv(h) for h in headers])
        for row in rows:
            writer.writerow([csv_text(v) for v in row])
            count += 1
    return count


def csv_text(value: Any) -> str:
    """A typed value as CSV text: decimal comma, ISO-like dates, several choices joined by ";"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_csv(value)
    if isinstance(value, tuple):
        return escape_csv("; ".join(value))
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = f"{value:.17f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", "seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
