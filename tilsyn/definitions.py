"""A user's survey definition from a file of either kind: TOML (tilsyn.survey) or an XLSForm
workbook (tilsyn.xlsform), checked and registered for the run. Chosen by the file's suffix, here
above both readers, so that neither needs the other."""

from __future__ import annotations

from pathlib import Path

from tilsyn.survey import Survey, read_survey, register_survey


def read_definition(path: str | Path) -> Survey:
    """The survey `path` defines (SurveyError with every problem when it cannot be read)."""
    if Path(path).suffix.casefold() == ".xlsx":
        from tilsyn.xlsform.read import read_xlsform

        return register_survey(read_xlsform(Path(path)))
    return read_survey(path)
