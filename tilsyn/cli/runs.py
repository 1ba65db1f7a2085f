"""The scored run of one round for the analysis commands (compare, plan): data files scored as
`tilsyn score` does, or a saved scored dataset read back, with `--assessments` applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence


def obtain_run(paths: Sequence[Path], *, lang: str, survey_id: Optional[str],
               skip_invalid: bool, quiet: bool, assessments: Optional[Path] = None) -> Any:
    """The `ScoreRun` of `paths`."""
    from tilsyn.cli.loading import open_input

    return open_input(list(paths), quiet, lang=lang, survey=survey_id,
                      skip_invalid=skip_invalid, assessments=assessments).run
