"""`tilsyn validate` and `tilsyn fields`: check input files, list what a survey asks."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    JSON_OPTION, LANG_OPTION, NAMES_OPTION, PATHS_ARGUMENT, QUIET_OPTION, SURVEY_OPTION,
)
from tilsyn.cli.output import err_console, print_diagnostics, print_json
from tilsyn.errors import ExitCode


@app.command()
def validate(
    paths: List[Path] = PATHS_ARGUMENT,
    json_output: bool = JSON_OPTION,
    quiet: bool = QUIET_OPTION,
    names: Optional[Path] = NAMES_OPTION,
    survey: Optional[str] = typer.Option(
        None, "--survey", help="The path of your own survey definition file, so its records "
        "are recognised besides the built-in survey kinds.", show_default=False),
) -> None:
    """Check filled forms and data files against the survey definition.

    Reads .json, .jsonl, .csv, .xlsx and .docx files (folders are searched recursively) and
    reports every problem with its code, location and a hint, and warns where free text holds
    personal data. Exit code 0 when the input is valid, 1 when it has errors.
    """
    from tilsyn.cli.loading import load_with_progress, summary_line, survey_or_usage_error

    if survey is not None:
        survey_or_usage_error(survey)  # a user's definition is read and registered
    result = load_with_progress(paths, quiet, names, keep_records=False)
    if json_output:
        print_json([d.to_json() for d in result.diagnostics])
    else:
        print_diagnostics(result.diagnostics)
    if not quiet:
        err_console().print(summary_line(result))
    raise typer.Exit(int(ExitCode.OK if result.ok else ExitCode.INPUT))


@app.command()
def fields(survey: str = SURVEY_OPTION, lang: str = LANG_OPTION) -> None:
    """List the fields of a survey: code, type, required, when asked, and the choices."""
    from rich.console import Console
    from rich.table import Table

    from tilsyn.cli.loading import check_lang, survey_or_usage_error

    definition = survey_or_usage_error(survey)
    check_lang(lang)
    table = Table(title=definition.title.get(lang, definition.id), show_lines=False)
    for column in ("field", "type", "required", "asked if", "label / choices"):
        table.add_column(column)
    for f in definition.fields:
        choices = ", ".join(c.code for c in f.choices) if f.type in ("one", "many") else ""
        label = f.label.get(lang, f.name) + (f"\n[dim]{choices}[/]" if choices else "")
        table.add_row(f.name, f.type, "yes" if f.required else "no",
                      f.relevant.source if f.relevant else "", label)
    Console(width=max(Console().width, 120)).print(table)
