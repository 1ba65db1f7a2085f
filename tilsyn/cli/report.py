"""`tilsyn report`: a draft findings and recommendation report as a Word document."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (CRITERIA_OPTION, LANG_OPTION, PARAMS_OPTION, QUIET_OPTION,
                                SET_OPTION, SKIP_INVALID_OPTION, SURVEY_KIND_OPTION,
                                ASSESSMENTS_OPTION, FORCE_OPTION, scoring_options)


@app.command()
def report(
    paths: List[Path] = typer.Argument(
        ..., help="Input files or folders (.json .jsonl .csv .xlsx .docx), or one scored "
        "dataset saved with `tilsyn score -o` (reported on without scoring again).",
        show_default=False),
    output: Path = typer.Option(
        ..., "--output", "-o", help="The Word document to write (.docx).", show_default=False),
    scope: str = typer.Option(
        "national", "--scope", help="What the report covers: national, or LEVEL:VALUE for a "
        "level of the survey, e.g. county:vestland or \"office:Nav Bergen nord\"."),
    lang: str = LANG_OPTION,
    template: Optional[Path] = typer.Option(
        None, "--template", help="Your own Word template (a restyled copy of "
        "templates/report-nb.docx); by default the one for --lang.", show_default=False),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help="Add the free text (observer notes, message "
        "texts) as an appendix, with identity numbers, phone numbers, e-mail addresses and the "
        "names given with --names replaced; left out by default."),
    names_file: Optional[Path] = typer.Option(
        None, "--names", help="A UTF-8 text file of names to replace in the free text, one per "
        "line.", show_default=False),
    small_sample: int = typer.Option(  # the default is tilsyn.report.model.SMALL_SAMPLE
        10, "--small-sample", min=1, help="The minimum group size: a group (or criterion) with "
        "fewer records than this gets counts («1 av 2») and no share, interval or chart."),
    support_failures: int = typer.Option(  # the defaults are tilsyn.report.SupportRule's
        2, "--support-failures", min=1, help="A recommendation counts as supported by the "
        "findings when a criterion linked to it was not met for at least this many records "
        "(and --support-share); the report states the rule."),
    support_share: float = typer.Option(
        20, "--support-share", min=0, max=100, help="The least share (in percent) of the records "
        "a criterion applied to that must have failed it to support a recommendation."),
    baseline: Optional[List[Path]] = typer.Option(
        None, "--baseline", help="The previous survey (data files, or a dataset saved with "
        "`tilsyn score -o`), for a chapter on developments since then; repeat for several "
        "files.", show_default=False),
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    force: bool = FORCE_OPTION,
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = PARAMS_OPTION,
    assignments: List[str] = SET_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Write a draft supervisory report on the findings as a Word document.

    Numbered chapters: summary (the most serious findings first), introduction, legal basis,
    method and data, findings per criterion, developments since the previous survey (with
    --baseline), assessment with a placeholder per theme for the inspector to replace, and
    conclusion with the recommendations the findings support; appendices with the criteria,
    the comparison across counties (or offices), a scorecard and the results assessed
    differently (--assessments). Marked UTKAST; never written over an existing file unless
    --force, so a draft being edited in Word is not lost.
    """
    from tilsyn.cli.loading import check_lang, open_input, read_names
    from tilsyn.cli.output import err_console, plural
    from tilsyn.errors import UsageError
    from tilsyn.outputs import check_not_input, refuse_existing
    from tilsyn.report import ReportError, SupportRule, parse_scope, render_report

    check_lang(lang)
    if output.suffix.lower() != ".docx":
        raise UsageError(f"{output} is not a .docx file name", hint="Write e.g. -o rapport.docx.")
    if template is not None and not template.is_file():
        raise ReportError("RPT001", f"the template {template} does not exist",
                          "Give a .docx file, such as a copy of templates/report-nb.docx.")
    check_not_input(output, [*paths, *(baseline or [])])
    refuse_existing([output], force, "a report you may have been editing")
    names = read_names(names_file) if include_personal_data else []
    dataset = open_input(paths, quiet, lang=lang, names=names,
                         include_personal_data=include_personal_data,
                         **scoring_options(criteria_file, params_file, assignments, survey_id,
                                           skip_invalid, assessments))
    previous = None
    if baseline:  # scored as the current survey kind; a saved dataset as it was scored
        from tilsyn.cli.runs import obtain_run

        previous = obtain_run(baseline, lang=lang, survey_id=dataset.survey.id,
                              skip_invalid=skip_invalid, quiet=True)
    try:
        chosen = parse_scope(scope, dataset.survey)
    except ValueError as exc:
        raise UsageError(str(exc), hint="Use --scope national, county:vestland or "
                         "\"office:Nav Bergen nord\".") from None
    info = render_report(dataset, output, chosen, lang, template,
                         include_personal_data=include_personal_data, names=names,
                         small_sample=small_sample, baseline=previous,
                         support=SupportRule(support_failures, support_share / 100))
    console = err_console()
    for warning in info.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    if not quiet:
        survey = dataset.survey
        counted = plural(info.records, survey.record_noun["en"], survey.record_noun_plural["en"])
        console.print(f"Wrote {output}: {chosen} report in {lang} on {counted}, "
                      f"{plural(info.figures, 'chart', 'charts')}.")

