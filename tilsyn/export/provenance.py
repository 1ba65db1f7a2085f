"""Where an export came from: its input files with their SHA-256, versions, options and time.

An auditor checking a number must be able to tell exactly which files, which catalogue and
which parameters produced it. The time of export honours `SOURCE_DATE_EPOCH`, so the same
input and options give the same file (reproducible builds convention).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from tilsyn.privacy import shown_path
from tilsyn.reproducible import now

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset
    from tilsyn.export.columns import Style


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
    survey_title: str  # in the export's language: the survey is named by its title, not its id
    catalogue: dict[str, Any]
    lang: str
    codes: bool
    personal_data: bool
    created: dt.datetime = field(default_factory=now)
    files: Sequence[SourceFile] = ()
    records: int = 0
    excluded: int = 0

    @classmethod
    def of(cls, dataset: ScoredDataset, style: Style) -> Provenance:
        """From a scored dataset (its survey, catalogue and input files) and the export's style."""
        return cls(
            tilsyn_version=dataset.tilsyn_version,
            survey=dataset.survey_json(),
            survey_title=dataset.survey.title[style.lang],
            catalogue=dataset.catalogue_json(),
            lang=style.lang,
            codes=style.codes,
            personal_data=style.include_personal_data,
            files=[
                SourceFile(
                    shown_path(f.path, style.include_personal_data, style.lang), f.sha256, f.records
                )
                for f in dataset.files
            ],
            records=len(dataset.records),
            excluded=len(dataset.excluded),
        )
