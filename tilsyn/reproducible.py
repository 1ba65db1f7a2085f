"""The time stamped into what tilsyn writes: `SOURCE_DATE_EPOCH` when it is set (the
reproducible-builds convention: the same input and options give the same bytes), else now."""

from __future__ import annotations

import datetime as dt
import os


def _epoch() -> dt.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return None


def now() -> dt.datetime:
    """SOURCE_DATE_EPOCH, else now: naive UTC, whole seconds."""
    return _epoch() or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def today() -> dt.date:
    """SOURCE_DATE_EPOCH's day, else today where tilsyn runs (a report's date)."""
    epoch = _epoch()
    return epoch.date() if epoch else dt.date.today()
