"""`tilsyn criteria list` and `tilsyn criteria show ID`: the catalogue, for humans."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import CRITERIA_OPTION, LANG_OPTION, SURVEY_OPTION
from tilsyn.cli.output import err_console
from tilsyn.cli.texts import help_text

criteria_app = typer.Typer(help=help_text("criteria.help"), no_args_is_help=True)
app.add_typer(criteria_app, name="criteria")


def catalogue_or_exit(survey: str, criteria_file: Optional[Path], lang: Optional[str]):
    """The catalogue the options name (exit 1 with its diagnostics if the file has errors),
    and the output language."""
    from tilsyn.api import catalogue_for
    from tilsyn.cli.texts import output_language

    lang = output_language(lang)
    return lang, catalogue_for(
        None if criteria_file and survey == "nks-call" else survey, criteria_file
    )


@criteria_app.command("list", help=help_text("criteria.list"))
def list_criteria(
    survey: str = SURVEY_OPTION,
    lang: Optional[str] = LANG_OPTION,
    criteria_file: Optional[Path] = CRITERIA_OPTION,
) -> None:
    from rich.markup import escape
    from rich.table import Table

    from tilsyn.i18n import catalogue_name, word

    lang, catalogue = catalogue_or_exit(survey, criteria_file, lang)
    shown = {"version": catalogue.version, "source": catalogue.source}
    table = Table(
        title=escape(catalogue_name(catalogue.survey.title[lang], shown, lang, built_in=False))
    )
    for key in ("criterion", "severity", "recommendations", "parameters"):
        table.add_column(word(key, lang))
    defaults = catalogue.default_parameters().values
    for c in catalogue.criteria:
        params = ", ".join(
            _parameter_text(catalogue.parameters[n], lang) for n in _reads(catalogue, c)
        )
        table.add_row(
            escape(f"{c.id} {c.title_in(lang, defaults)}"),
            word(c.severity, lang),
            ", ".join(c.recommendations),
            escape(params),
        )
    err_console().print(table)


@criteria_app.command("show", help=help_text("criteria.show"))
def show_criterion(
    criterion_id: str = typer.Argument(
        ..., help=help_text("criteria.id"), metavar=help_text("metavar.id"), show_default=False
    ),
    survey: str = SURVEY_OPTION,
    lang: Optional[str] = LANG_OPTION,
    criteria_file: Optional[Path] = CRITERIA_OPTION,
) -> None:
    from rich.markup import escape

    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError
    from tilsyn.i18n import legal_references, word

    lang, catalogue = catalogue_or_exit(survey, criteria_file, lang)
    c = catalogue.criterion(criterion_id)
    if c is None:
        raise UsageError(
            say("unknown_criterion", id=criterion_id),
            hint=say("unknown_criterion_hint", ids=", ".join(x.id for x in catalogue.criteria)),
        )
    console = err_console()
    console.print(
        f"[bold]{c.id} {escape(c.title_in(lang, catalogue.default_parameters().values))}[/] "
        f"({word('severity', lang).lower()}: "
        f"{word(c.severity, lang)})"
    )
    lines = [
        ("rationale", c.rationale[lang]),
        ("legal_basis", legal_references(c.legal_basis[lang], lang)),
        ("applies_when", c.applies.source if c.applies else word("always", lang)),
        ("passes_when", c.passes.source),
    ]
    for key, text in lines:
        console.print(f"{word(key, lang)}: {escape(text)}")
    reads = _reads(catalogue, c)
    if reads:
        console.print(f"{word('parameters', lang)}:")
        for name in reads:
            parameter = catalogue.parameters[name]
            console.print(
                f"  {escape(_parameter_text(parameter, lang))} – "
                f"{escape(parameter.display_label(lang))}"
            )
    console.print(f"{word('recommendations', lang)}:" + ("" if c.recommendations else " –"))
    for rec_id in c.recommendations:
        rec = catalogue.recommendations[rec_id]
        console.print(f"  [bold]{rec.id}[/] {escape(rec.title[lang])}")
        console.print(f"     {escape(rec.text[lang])}")


def _reads(catalogue, criterion) -> list[str]:
    """The parameters a criterion's rules read, in the catalogue's order."""
    return [name for name in catalogue.parameters if name in criterion.names]


def _parameter_text(parameter, lang: str) -> str:
    from tilsyn.numbers import format_value

    unit = f" {parameter.unit}" if parameter.unit else ""
    return f"{parameter.name} = {format_value(parameter.default, lang)}{unit}"
