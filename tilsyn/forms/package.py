"""Reproducible Office files: one timestamp for the document properties and every zip member.

With `SOURCE_DATE_EPOCH` set, the same survey and options give byte-identical forms, so a form
can be compared between runs and committed as sample data.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Iterable

_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip member can carry


def zip_parts(parts: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A zip of the parts, in order, deflated, every member stamped `when`."""
    stamp = max(when, _ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts:
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, data)
    return out.getvalue()


def repack(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every member stamped `when`."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zip_parts(((name, source.read(name)) for name in source.namelist()), when)
