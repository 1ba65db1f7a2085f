"""Reproducible Office files: one timestamp for the document properties and every zip member.

With `SOURCE_DATE_EPOCH` set, the same survey and options give byte-identical forms, so a form
can be compared between runs and committed as sample data.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip member can carry


def document_time() -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when set, else now: naive UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def repack(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every member stamped `when`, deflated, in the same order."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
