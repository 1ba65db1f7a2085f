"""`tilsyn export`: the records and their results as a workbook, CSV or JSON Lines for auditors."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (
    ASSESSMENTS_OPTION,
    CRITERIA_OPTION,
    DOC_LANG_OPTION,
    FORCE_OPTION,
    PARAMS_OPTION,
    PATHS_ARGUMENT,
    QUIET_OPTION,
    SET_OPTION,
    SKIP_INVALID_OPTION,
    SURVEY_KIND_OPTION,
    output_option,
    scoring_options,
)
from tilsyn.cli.texts import help_text


@app.command(help=help_text("export.help"))
def export(
    paths: List[Path] = PATHS_ARGUMENT,
    output: Path = output_option("export"),
    lang: str = DOC_LANG_OPTION,
    codes: bool = typer.Option(False, "--codes/--labels", help=help_text("export.codes")),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help=help_text("export.include_personal_data")
    ),
    names_file: Optional[Path] = typer.Option(
        None,
        "--names",
        help=help_text("export.names"),
        metavar=help_text("metavar.path"),
        show_default=False,
    ),
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = PARAMS_OPTION,
    assignments: List[str] = SET_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    force: bool = FORCE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    from tilsyn.cli.loading import open_input, read_names
    from tilsyn.cli.output import err_console
    from tilsyn.cli.texts import check_lang, count_records, say
    from tilsyn.export import export as export_dataset
    from tilsyn.export import output_format
    from tilsyn.outputs import check_not_input, guarded, input_files, refuse_existing

    check_lang(lang)
    output_format(output)
    given = input_files(paths, assessments, criteria_file, params_file, names_file, survey_id)
    check_not_input(output, given)
    refuse_existing([output], force, "export")
    names = read_names(names_file)
    options = scoring_options(locals())
    dataset = open_input(
        paths, quiet, options, lang=lang, names=names, include_personal_data=include_personal_data
    )
    from tilsyn.cli.output import print_diagnostics, stage

    if output.suffix.lower() == ".xlsx":
        from tilsyn.export import cut_in_a_workbook

        print_diagnostics(cut_in_a_workbook(dataset))
    with stage(quiet, "writing", file=output), guarded(force, given):
        count = export_dataset(
            dataset,
            output,
            inputs=paths,
            lang=lang,
            codes=codes,
            include_personal_data=include_personal_data,
            names=names,
        )
    if not quiet:
        kept = say("personal_kept" if include_personal_data else "personal_redacted")
        left_out = say("left_out", n=len(dataset.excluded)) if dataset.excluded else ""
        err_console().print(
            say(
                "wrote_export",
                path=output,
                records=count_records(count, dataset.survey),
                left_out=left_out,
                personal=kept,
            ),
            markup=False,
        )
