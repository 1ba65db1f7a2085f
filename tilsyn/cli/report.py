"""`tilsyn report`: a draft findings and recommendation report as a Word document, a web page
or a tagged PDF."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    ALLOW_OVERLAP_OPTION,
    ASSESSMENTS_OPTION,
    CRITERIA_OPTION,
    DOC_LANG_OPTION,
    FORCE_OPTION,
    PARAMS_OPTION,
    QUIET_OPTION,
    SET_OPTION,
    SKIP_INVALID_OPTION,
    SMALL_SAMPLE_OPTION,
    SURVEY_KIND_OPTION,
    output_option,
    scoring_options,
)
from tilsyn.cli.texts import help_text

# The options only `report` has; the shared ones are in cli/options.py.
SCOPE_OPTION = typer.Option(
    "national", "--scope", help=help_text("report.scope"), metavar=help_text("metavar.scope")
)
TEMPLATE_OPTION = typer.Option(
    None,
    "--template",
    help=help_text("report.template"),
    metavar=help_text("metavar.path"),
    show_default=False,
)
PERSONAL_DATA_OPTION = typer.Option(
    False, "--include-personal-data", help=help_text("report.include_personal_data")
)
NAMES_OPTION = typer.Option(
    None,
    "--names",
    help=help_text("report.names"),
    metavar=help_text("metavar.path"),
    show_default=False,
)
SUPPORT_FAILURES_OPTION = typer.Option(  # the defaults are tilsyn.report.SupportRule's
    2,
    "--support-failures",
    min=1,
    help=help_text("report.support_failures"),
    metavar=help_text("metavar.number"),
)
SUPPORT_SHARE_OPTION = typer.Option(
    20,
    "--support-share",
    min=0,
    max=100,
    help=help_text("report.support_share"),
    metavar=help_text("metavar.number"),
)
BASELINE_OPTION = typer.Option(
    None,
    "--baseline",
    help=help_text("report.baseline"),
    metavar=help_text("metavar.path"),
    show_default=False,
)
NUMBER_OPTION = typer.Option(
    "", "--number", help=help_text("report.number"), metavar="5/2027", show_default=False
)
AUTHOR_OPTION = typer.Option(
    "",
    "--author",
    help=help_text("report.author"),
    metavar=help_text("metavar.name"),
    show_default=False,
)
DATE_OPTION = typer.Option(
    "", "--date", help=help_text("report.date"), metavar="2027-05-10", show_default=False
)
DETAILS_OPTION = typer.Option(
    None,
    "--details",
    help=help_text("report.details"),
    metavar=help_text("metavar.path"),
    show_default=False,
)


@app.command(help=help_text("report.help"))
def report(
    paths: List[Path] = typer.Argument(
        ..., help=help_text("report.paths"), metavar=help_text("metavar.paths"), show_default=False
    ),
    output: Path = output_option("report"),
    scope: str = SCOPE_OPTION,
    lang: str = DOC_LANG_OPTION,
    template: Optional[Path] = TEMPLATE_OPTION,
    include_personal_data: bool = PERSONAL_DATA_OPTION,
    names_file: Optional[Path] = NAMES_OPTION,
    small_sample: int = SMALL_SAMPLE_OPTION,
    support_failures: int = SUPPORT_FAILURES_OPTION,
    support_share: float = SUPPORT_SHARE_OPTION,
    baseline: Optional[List[Path]] = BASELINE_OPTION,
    number: str = NUMBER_OPTION,
    author: str = AUTHOR_OPTION,
    date: str = DATE_OPTION,
    details_file: Optional[Path] = DETAILS_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    allow_overlap: bool = ALLOW_OVERLAP_OPTION,
    force: bool = FORCE_OPTION,
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = PARAMS_OPTION,
    assignments: List[str] = SET_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.cli.loading import open_input, read_names
    from tilsyn.cli.output import stage
    from tilsyn.cli.texts import check_lang
    from tilsyn.outputs import check_not_input, guarded, input_files, refuse_existing
    from tilsyn.report import SupportRule, render_report

    check_lang(lang)
    _check_kind(output, template)
    details = _details(number, author, date, details_file)
    given = input_files(
        paths,
        baseline,
        template,
        assessments,
        criteria_file,
        params_file,
        names_file,
        survey_id,
        details_file,
    )
    check_not_input(output, given)
    refuse_existing([output], force, "report")
    if template is not None:
        from tilsyn.report.template_check import check_template

        check_template(template)
    names = read_names(names_file) if include_personal_data else []
    options = scoring_options(locals())
    dataset = open_input(
        paths, quiet, options, lang=lang, names=names, include_personal_data=include_personal_data
    )
    previous = _previous(baseline, dataset, lang, skip_invalid)
    chosen = _scope(scope, dataset)
    with stage(quiet, "writing", file=output), guarded(force, given):
        info = render_report(
            dataset,
            output,
            chosen,
            lang,
            template,
            include_personal_data=include_personal_data,
            names=names,
            small_sample=small_sample,
            baseline=previous,
            allow_overlap=allow_overlap,
            support=SupportRule(support_failures, support_share / 100),
            details=details,
        )
    _tell(info, dataset, lang, quiet)


def _check_kind(output: Path, template: Optional[Path]) -> None:
    """A report is written as .docx, .html or .pdf; a template gives only Word its look."""
    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError
    from tilsyn.report import FORMATS

    if output.suffix.lower() not in FORMATS:
        raise UsageError(say("not_report", path=output), hint=say("not_report_hint"))
    if template is not None and output.suffix.lower() == ".html":
        raise UsageError(say("template_not_web"), hint=say("template_not_web_hint"))


def _previous(baseline: Optional[List[Path]], dataset, lang: str, skip_invalid: bool):
    """The previous round, scored as the current survey kind (a saved dataset as it was)."""
    if not baseline:
        return None
    from tilsyn.cli.loading import open_round

    return open_round(
        baseline, lang=lang, survey_id=dataset.survey.id, skip_invalid=skip_invalid, quiet=True
    )


def _scope(scope: str, dataset):
    """`--scope` as the survey's levels read it; a usage error when they cannot."""
    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError
    from tilsyn.report import parse_scope

    try:
        return parse_scope(scope, dataset.survey)
    except ValueError as exc:
        raise UsageError(str(exc), hint=say("scope_hint")) from None


def _tell(info, dataset, lang: str, quiet: bool) -> None:
    """The report's warnings, then (unless quiet) one line on what was written."""
    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import count, count_records, say
    from tilsyn.diagnostics import language, severity_word
    from tilsyn.report.content.scope import scope_words

    for warning in info.warnings:
        err_console().print(f"[yellow]{severity_word('warning')}:[/] {warning}")
    if quiet:
        return
    text = say(
        "wrote_report",
        path=info.path,
        scope=scope_words(info.scope, dataset.survey, language()),
        language=say(f"lang_{lang}"),
        records=count_records(info.records, dataset.survey),
        charts=count(info.figures, "chart"),
    )
    err_console().print(text, markup=False)


def _details(number: str, author: str, date: str, path: Optional[Path]):
    """The report's number, author and date: the options over the --details file."""
    from tilsyn.cli.texts import say
    from tilsyn.errors import UsageError
    from tilsyn.report import ReportDetails, read_details
    from tilsyn.report.details import parse_date

    try:
        day = parse_date(date) if date else None
    except ValueError:
        raise UsageError(say("bad_date", value=date), hint=say("bad_date_hint")) from None
    given = ReportDetails(number.strip(), author.strip(), day)
    return given.over(read_details(path)) if path is not None else given
