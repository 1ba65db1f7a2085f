"""`tilsyn verify FILE`: a saved dataset validated and scored again, and compared."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import LANG_OPTION, QUIET_OPTION
from tilsyn.cli.texts import help_text


@app.command(help=help_text("verify.help"))
def verify(
    path: Path = typer.Argument(
        ..., help=help_text("verify.path"), metavar=help_text("metavar.path"), show_default=False
    ),
    lang: Optional[str] = LANG_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.api import verify_saved
    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import count, count_records, output_language, say
    from tilsyn.diagnostics import diagnostic
    from tilsyn.errors import TilsynError

    output_language(lang)
    dataset, problems = verify_saved(path)
    if dataset is None:  # data, or no such file: not a saved dataset
        from tilsyn.dataset import DatasetError

        raise DatasetError(diagnostic("RES001", file=str(path)))
    if problems:
        raise TilsynError(
            say("verify_differs", path=path, problems=count(len(problems), "error")),
            hint=say("verify_differs_hint"),
            diagnostics=problems,
        )
    if not quiet:
        records = count_records(len(dataset.records), dataset.survey)
        err_console().print(say("verified", path=path, records=records))
