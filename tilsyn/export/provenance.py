"""Where an export came from: its input files with their SHA-256, versions, options and time.

An auditor checking a number must be able to tell exactly which files, which catalogue and
which parameters produced it. The time of export honours `SOURCE_DATE_EPOCH`, so the same
input and options give the same file (reproducible builds convention).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence


def export_time() -> dt.datetime:
    """Now in UTC (naive), or the time `SOURCE_DATE_EPOCH` gives when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class SourceFile:
    path: str
    sha256: str
    records: int


@dataclass
class Provenance:
    """What produced an export, as shown on its Provenance sheet and in its properties."""

    tilsyn_version: str
    survey: dict[str, Any]
    catalogue: dict[str, Any]
    lang: str
    codes: bool
    personal_data: bool
    created: dt.datetime = field(default_factory=export_time)
    files: Sequence[SourceFile] = ()
    records: int = 0
    excluded: int = 0

    @classmethod
    def of(cls, dataset: Any, style: Any) -> "Provenance":
        """From a `ScoredDataset` (its run and input files) and the export's `Style`."""
        run = dataset.run
        return cls(tilsyn_version=run.tilsyn_version, survey=dict(run.survey),
                   catalogue=dict(run.catalogue), lang=style.lang, codes=style.codes,
                   personal_data=style.include_personal_data,
                   files=[SourceFile(shown_path(f.path, style.include_personal_data, style.lang),
                                     f.sha256, f.records) for f in dataset.files],
                   records=len(dataset.records), excluded=len(run.excluded))


def shown_path(path: str, personal_data: bool = False, lang: str = "nb") -> str:
    """An input's path as the user named it: relative to the working folder when inside it,
    else its file name alone, so the folders above (a home folder with a person's name) never
    reach an export; personal data in the names redacted unless asked for."""
    from tilsyn.privacy import redact

    try:
        shown = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        shown = Path(path).name
    if shown == os.pardir or shown.startswith(os.pardir + os.sep):
        shown = Path(path).name
    return shown if personal_data else redact(shown, lang)
