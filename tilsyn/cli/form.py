"""`tilsyn form new`: blank Word forms and entry spreadsheets from the survey definition."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import DOC_LANG_OPTION, SURVEY_OPTION, output_option
from tilsyn.cli.output import err_console
from tilsyn.cli.texts import help_text

form_app = typer.Typer(help=help_text("form.help"), no_args_is_help=True)
app.add_typer(form_app, name="form")


@form_app.command("new", help=help_text("form.new"))
def new(
    output: Path = output_option("form"),
    lang: str = DOC_LANG_OPTION,
    survey: str = SURVEY_OPTION,
    county: Optional[str] = typer.Option(
        None, help=help_text("form.county"), metavar=help_text("metavar.text")
    ),
    observer: Optional[str] = typer.Option(
        None, help=help_text("form.observer"), metavar=help_text("metavar.text")
    ),
    prefill_values: List[str] = typer.Option(
        [],
        "--prefill",
        help=help_text("form.prefill"),
        metavar=help_text("metavar.prefill"),
        show_default=False,
    ),
    survey_round: Optional[str] = typer.Option(
        None, help=help_text("form.round"), metavar=help_text("metavar.text")
    ),
    count: Optional[int] = typer.Option(
        None, min=1, max=999, help=help_text("form.count"), metavar=help_text("metavar.number")
    ),
    call_id_prefix: str = typer.Option(
        "", help=help_text("form.prefix"), metavar=help_text("metavar.text")
    ),
    force: bool = typer.Option(False, "--force", help=help_text("form.force")),
) -> None:
    from tilsyn.api import resolve_survey
    from tilsyn.cli.texts import check_lang
    from tilsyn.forms.blank import make_forms

    definition = resolve_survey(survey)
    # What each named option fills in is the survey's to say (`[form] prefill`).
    named = {"county": county, "observer": observer, "survey_round": survey_round}
    from tilsyn.outputs import check_not_input, input_files

    given = input_files(survey)
    check_not_input(output, given)
    written = make_forms(
        output,
        definition.id,
        check_lang(lang),
        _assignments(prefill_values),
        count,
        call_id_prefix,
        force,
        options=named,
        inputs=given,
    )
    from tilsyn.cli.texts import say
    from tilsyn.diagnostics import language
    from tilsyn.texts import texts

    shown = language()
    name = texts("words", shown)(
        "version_of", title=definition.title[shown], version=definition.version
    )
    what = {"survey": name, "language": say(f"lang_{lang}")}
    if len(written) == 1:
        err_console().print(say("wrote_form", path=written[0], **what), markup=False)
    else:
        err_console().print(
            say("wrote_forms", n=len(written), first=written[0], last=written[-1], **what),
            markup=False,
        )


def _assignments(items: List[str]) -> dict[str, str]:
    """`FIELD=VALUE` options as a mapping; a usage error when one has no `=`."""
    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError

    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(say("prefill_not_pair", item=item), hint=say("prefill_not_pair_hint"))
        pairs[name.strip()] = value.strip()
    return pairs
