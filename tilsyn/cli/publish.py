"""`tilsyn publish`: the report an author finished in Word, checked, as a tagged PDF and/or an
accessible web page."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import FORCE_OPTION, QUIET_OPTION
from tilsyn.cli.texts import help_text


@app.command(help=help_text("publish.help"))
def publish(
    source: Path = typer.Argument(
        ..., help=help_text("publish.source"), metavar=help_text("metavar.path"), show_default=False
    ),
    outputs: List[Path] = typer.Option(
        ...,
        "--output",
        "-o",
        help=help_text("publish.output"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
    draft: bool = typer.Option(False, "--draft", help=help_text("publish.draft")),
    force: bool = FORCE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.cli.output import err_console, print_diagnostics, stage
    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError
    from tilsyn.outputs import check_not_input, refuse_existing
    from tilsyn.publish import SUFFIXES
    from tilsyn.publish import publish as publish_document

    for output in outputs:
        if output.suffix.lower() not in SUFFIXES:
            raise UsageError(say("not_publish", path=output), hint=say("not_publish_hint"))
        check_not_input(output, [source])
    refuse_existing(outputs, force, "published")
    with stage(quiet, "writing", file=", ".join(map(str, outputs))):
        warnings = publish_document(source, outputs, draft=draft)
    print_diagnostics(warnings)
    if not quiet:
        for output in outputs:
            kind = say("kind_pdf") if output.suffix.lower() == ".pdf" else say("kind_html")
            key = "wrote_draft" if draft else "wrote_published"
            err_console().print(say(key, path=output, kind=kind))
