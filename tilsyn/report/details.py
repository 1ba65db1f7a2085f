"""What the author knows of a report before the data are in it: its number in the series
(«5/2027», printed as «Rapport fra Helsetilsynet 5/2027»), the institution that writes it, and
its date; from `tilsyn report --number/--author/--date`, or a small settings file
(`--details rapport.toml`) whose keys are the same: `number`, `author`, `date`
(YYYY-MM-DD or DD.MM.YYYY)."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tilsyn.report.text import ReportError

KEYS = ("number", "author", "date")


@dataclass(frozen=True)
class ReportDetails:
    """The report's number, author and date; empty where the report's defaults hold (no
    number, the institution of the scope, today)."""

    number: str = ""
    author: str = ""
    date: dt.date | None = None

    def over(self, other: ReportDetails) -> ReportDetails:
        """These details, with `other`'s where these have none (options over a file)."""
        return replace(
            self,
            number=self.number or other.number,
            author=self.author or other.author,
            date=self.date or other.date,
        )


def parse_date(text: str) -> dt.date:
    """2027-05-10 or 10.05.2027; ValueError otherwise."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()


def read_details(path: str | Path) -> ReportDetails:
    """A details file (TOML); ReportError RPT005 when it cannot be read or holds other keys."""
    from tilsyn.diagnostics import render

    path = Path(path)

    def fail(variant: str, **params: Any) -> ReportError:
        return ReportError("RPT005", *render("RPT005", variant, {"path": path, **params}))

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise fail("", detail=getattr(exc, "strerror", None) or exc) from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise fail("keys", keys=", ".join(unknown), known=", ".join(KEYS))
    date = data.get("date")
    try:
        if isinstance(date, str):
            date = parse_date(date)
        elif isinstance(date, dt.datetime):
            date = date.date()
    except ValueError:
        raise fail("date", value=date) from None
    if date is not None and not isinstance(date, dt.date):
        raise fail("date", value=date)
    return ReportDetails(str(data.get("number", "")), str(data.get("author", "")), date)
