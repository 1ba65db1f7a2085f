"""`tilsyn form new`: blank Word forms and entry spreadsheets from the survey definition."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import LANG_OPTION, SURVEY_OPTION
from tilsyn.cli.output import err_console

form_app = typer.Typer(help="Blank forms: a Word form per observed call, or a spreadsheet for many.",
                       no_args_is_help=True)
app.add_typer(form_app, name="form")


@form_app.command("new")
def new(
    output: Path = typer.Option(..., "--output", "-o", help="The form to write: .docx (Word form, "
                                "one record) or .xlsx (spreadsheet, one row per record).",
                                show_default=False),
    lang: str = LANG_OPTION,
    survey: str = SURVEY_OPTION,
    county: Optional[str] = typer.Option(None, help="Prefill the county governor (code or name)."),
    observer: Optional[str] = typer.Option(None, help="Prefill the observer's initials."),
    prefill_values: List[str] = typer.Option(
        [], "--prefill", help="Prefill any field, FIELD=VALUE with the field's code or label "
        "(repeat for several), e.g. --prefill nav_office=\"Nav Bergen nord\" --prefill "
        "municipality_number=4601.", show_default=False),
    survey_round: Optional[str] = typer.Option(None, help="Prefill the survey round, the same on "
                                               "every form (e.g. nks-2020-2021)."),
    count: Optional[int] = typer.Option(None, min=1, max=999, help="Write N numbered Word forms "
                                        "(FILE-001.docx ...), or N prefilled spreadsheet rows."),
    call_id_prefix: str = typer.Option("", help="With --count: prefill the IDs PREFIX001, PREFIX002 "
                                       "... (e.g. VL-; office_id in the office survey) and name "
                                       "the files after them."),
    force: bool = typer.Option(False, "--force", help="Replace files that already exist."),
) -> None:
    """Write a blank form generated from the survey definition, in nb, nn or en.

    A Word form has a content control per question (drop-downs, check boxes, a date picker)
    and reads back with `tilsyn validate`; it follows Word's conventions and is tested in
    LibreOffice.

    A spreadsheet has a drop-down for every choice column and the help text as input messages.
    """
    from tilsyn.cli.loading import check_lang, survey_or_usage_error
    from tilsyn.forms.blank import make_forms

    definition = survey_or_usage_error(survey)
    prefill = {"county": county, "observer": observer, "survey_round": survey_round,
               **_assignments(prefill_values)}
    written = make_forms(output, definition.id, check_lang(lang), prefill, count, call_id_prefix, force)
    what = f"{definition.id} version {definition.version}, {lang}"
    if len(written) == 1:
        err_console().print(f"wrote {written[0]} ({what})")
    else:
        err_console().print(f"wrote {len(written)} forms ({what}): {written[0]} ... {written[-1]}")


def _assignments(items: List[str]) -> dict[str, str]:
    """`FIELD=VALUE` options as a mapping; a usage error when one has no `=`."""
    from tilsyn.errors import UsageError

    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--prefill {item!r} is not FIELD=VALUE",
                             hint="Write e.g. --prefill nav_office=\"Nav Bergen nord\".")
        pairs[name.strip()] = value.strip()
    return pairs
