"""Saved scoring results as report input: `tilsyn report results.json` re-renders a report
without scoring again (and without the data files, which may hold personal data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tilsyn.report.text import ReportError

RECORD_LISTS = ("calls", "offices")


def is_results(data: Any) -> bool:
    """A `tilsyn score --json` document: an object with "catalogue" and a record list."""
    return isinstance(data, dict) and "catalogue" in data and any(k in data for k in RECORD_LISTS)


def read_results(path: Path) -> Any | None:
    """The `ScoreRun` saved in `path`, or None when the file is not a results file (data).

    ReportError RPT003 when it looks like results but cannot be read back.
    """
    from tilsyn.scoring import ScoreRun

    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # not results: the data readers report what is wrong with it
    if not is_results(data):
        return None
    try:
        return ScoreRun.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportError("RPT003", f"{path} looks like saved results but cannot be read back: "
                          f"{type(exc).__name__}: {exc}",
                          "Save the results again with tilsyn score -o FILE.") from None
