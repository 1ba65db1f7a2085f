"""`tilsyn validate` and `tilsyn fields`: check input files, list what a survey asks."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    ERRORS_ONLY_OPTION,
    JSON_OPTION,
    LANG_OPTION,
    MAX_WARNINGS_OPTION,
    NAMES_OPTION,
    PATHS_ARGUMENT,
    QUIET_OPTION,
    SHOW_WARNINGS_OPTION,
    SURVEY_OPTION,
)
from tilsyn.cli.output import err_console, print_diagnostics, print_json, print_notes
from tilsyn.cli.texts import help_text
from tilsyn.errors import ExitCode


@app.command(help=help_text("validate.help"))
def validate(
    paths: List[Path] = PATHS_ARGUMENT,
    json_output: bool = JSON_OPTION,
    quiet: bool = QUIET_OPTION,
    lang: Optional[str] = LANG_OPTION,
    errors_only: bool = ERRORS_ONLY_OPTION,
    max_warnings: int = MAX_WARNINGS_OPTION,
    show_warnings: bool = SHOW_WARNINGS_OPTION,
    names: Optional[Path] = NAMES_OPTION,
    survey: Optional[str] = typer.Option(
        None,
        "--survey",
        help=help_text("validate.survey"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
) -> None:
    from tilsyn.api import resolve_survey
    from tilsyn.cli.loading import load_with_progress, summary_line
    from tilsyn.cli.texts import output_language

    output_language(lang)
    if survey is not None:
        resolve_survey(survey)  # a user's definition is read and registered
    result = load_with_progress(paths, quiet, names, keep_records=False)
    if json_output:
        print_json([d.to_json() for d in result.diagnostics])
    else:
        print_diagnostics(
            result.diagnostics,
            errors_only=errors_only or quiet,
            max_warnings=None if show_warnings else max_warnings,
        )
    if not quiet:
        print_notes(result.diagnostics)
        err_console().print(summary_line(result))
    raise typer.Exit(int(ExitCode.OK if result.ok else ExitCode.INPUT))


@app.command(help=help_text("fields.help"))
def fields(survey: str = SURVEY_OPTION, lang: Optional[str] = LANG_OPTION) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.api import resolve_survey
    from tilsyn.cli.texts import output_language, say
    from tilsyn.i18n import word

    lang = output_language(lang)
    definition = resolve_survey(survey)
    table = Table(title=definition.title.get(lang, definition.id), show_lines=False)
    for column in ("question_no", "field", "type", "required", "asked_when", "label_choices"):
        table.add_column(say(column))
    numbers = definition.question_numbers
    for f in sorted(definition.fields, key=lambda f: numbers[f.name]):
        choices = (
            ", ".join(f"{c.label.get(lang, c.code)} ({c.code})" for c in f.choices)
            if f.type in ("one", "many")
            else ""
        )
        label = escape(f.label.get(lang, f.name)) + (
            f"\n[dim]{escape(choices)}[/]" if choices else ""
        )
        asked = (f.relevant_hint.get(lang) or f.relevant.source) if f.relevant else ""
        table.add_row(
            str(numbers[f.name]),
            f.name,
            say(f"field_types.{f.type}"),
            word("yes" if f.required else "no", lang),
            escape(asked),
            label,
        )
    Console(width=max(Console().width, 120)).print(table)
