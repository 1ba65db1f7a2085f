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


@app.command(help=help_text("report.help"))
def report(
    paths: List[Path] = typer.Argument(
        ..., help=help_text("report.paths"), metavar=help_text("metavar.paths"), show_default=False
    ),
    output: Path = output_option("report"),
    scope: str = typer.Option(
        "national", "--scope", help=help_text("report.scope"), metavar=help_text("metavar.scope")
    ),
    lang: str = DOC_LANG_OPTION,
    template: Optional[Path] = typer.Option(
        None,
        "--template",
        help=help_text("report.template"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help=help_text("report.include_personal_data")
    ),
    names_file: Optional[Path] = typer.Option(
        None,
        "--names",
        help=help_text("report.names"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
    small_sample: int = SMALL_SAMPLE_OPTION,
    support_failures: int = typer.Option(  # the defaults are tilsyn.report.SupportRule's
        2,
        "--support-failures",
        min=1,
        help=help_text("report.support_failures"),
        metavar=help_text("metavar.number"),
    ),
    support_share: float = typer.Option(
        20,
        "--support-share",
        min=0,
        max=100,
        help=help_text("report.support_share"),
        metavar=help_text("metavar.number"),
    ),
    baseline: Optional[List[Path]] = typer.Option(
        None,
        "--baseline",
        help=help_text("report.baseline"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
    number: str = typer.Option(
        "", "--number", help=help_text("report.number"), metavar="5/2027", show_default=False
    ),
    author: str = typer.Option(
        "",
        "--author",
        help=help_text("report.author"),
        metavar=help_text("metavar.name"),
        show_default=False,
    ),
    date: str = typer.Option(
        "", "--date", help=help_text("report.date"), metavar="2027-05-10", show_default=False
    ),
    details_file: Optional[Path] = typer.Option(
        None,
        "--details",
        help=help_text("report.details"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
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
    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import check_lang, count, count_records, say
    from tilsyn.diagnostics import language, severity_word
    from tilsyn.errors import UsageError
    from tilsyn.outputs import check_not_input, guarded, input_files, refuse_existing
    from tilsyn.report import FORMATS, SupportRule, parse_scope, render_report
    from tilsyn.report.content.scope import scope_words

    check_lang(lang)
    if output.suffix.lower() not in FORMATS:
        raise UsageError(say("not_report", path=output), hint=say("not_report_hint"))
    if template is not None and output.suffix.lower() == ".html":
        raise UsageError(say("template_not_web"), hint=say("template_not_web_hint"))
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
    previous = None
    if baseline:  # scored as the current survey kind; a saved dataset as it was scored
        from tilsyn.cli.loading import open_round

        previous = open_round(
            baseline, lang=lang, survey_id=dataset.survey.id, skip_invalid=skip_invalid, quiet=True
        )
    try:
        chosen = parse_scope(scope, dataset.survey)
    except ValueError as exc:
        raise UsageError(str(exc), hint=say("scope_hint")) from None
    from tilsyn.cli.output import stage

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
    for warning in info.warnings:
        err_console().print(f"[yellow]{severity_word('warning')}:[/] {warning}")
    if not quiet:
        console = err_console()
        scope_text = scope_words(chosen, dataset.survey, language())
        console.print(
            say(
                "wrote_report",
                path=output,
                scope=scope_text,
                language=say(f"lang_{lang}"),
                records=count_records(info.records, dataset.survey),
                charts=count(info.figures, "chart"),
            ),
            markup=False,
        )


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
