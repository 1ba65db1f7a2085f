"""JSON Lines export: one object per record, field codes or labels as keys, empty fields left out.

The shape the JSON Lines reader reads back: numbers as JSON numbers, several choices as a list,
dates in ISO 8601. No formula escape: JSON Lines is not opened as a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable, Sequence


def write_jsonl(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write one JSON object per row; returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8", errors="replace", newline="\n") as handle:
        for row in rows:
            item = {h: _json(v) for h, v in zip(headers, row, strict=False) if v is not None}
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
            count += 1
    return count


def _json(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value
