"""Getting a scored run for the analysis commands, and applying `--assessments` to it.

`obtain_run` is the one piece of glue between the commands and the pipeline: a saved results
file is read back, anything else is loaded and scored as `tilsyn score` does. (When the
library's `tilsyn.api.score_inputs` arrives, this function is what changes.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Sequence

import typer

ASSESSMENTS_OPTION = typer.Option(
    None, "--assessments", help="Apply the inspector's assessments from this file (.csv, "
    ".xlsx or .toml): one row per result assessed differently, with key, criterion, status, "
    "justification, by and on. Every figure then counts the final status.", show_default=False)


def obtain_run(paths: Sequence[Path], *, lang: str, survey_id: Optional[str],
               skip_invalid: bool, quiet: bool, assessments: Optional[Path] = None,
               action: str = "compared") -> Any:
    """The `ScoreRun` of `paths`: one saved results file read back, or data files scored."""
    from tilsyn.report.results import read_results

    run = read_results(paths[0]) if len(paths) == 1 else None
    if run is None:
        from tilsyn.cli.score import load_and_score

        _, _, run = load_and_score(
            paths, lang=lang, criteria_file=None, params_file=None, assignments=(),
            survey_id=survey_id, skip_invalid=skip_invalid, quiet=quiet, by=(), action=action)
    return apply_assessments(run, assessments, quiet)


def apply_assessments(run: Any, path: Optional[Path], quiet: bool) -> Any:
    """`run` with the assessments in `path` applied (unchanged when `path` is None).

    Errors in the file are printed with their rows and stop the command (exit 1); warnings
    (an assessment that agrees with the automatic status) are printed unless quiet.
    """
    if path is None:
        return run
    from tilsyn.assessments import AssessmentError, assess, assessed_results
    from tilsyn.cli.output import err_console, plural, print_diagnostics

    try:
        assessed, warnings = assess(run, path)
    except AssessmentError as exc:
        print_diagnostics(exc.diagnostics)
        raise
    if not quiet:
        print_diagnostics(warnings)
        changed = sum(1 for _ in assessed_results(assessed))
        err_console().print(f"Assessments from {path}: {plural(changed, 'result', 'results')} "
                            "assessed differently from the automatic status.")
    return assessed
