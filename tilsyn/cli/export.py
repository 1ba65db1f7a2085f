"""`tilsyn export`: the records and their results as a workbook, CSV or JSON Lines for auditors."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.options import (CRITERIA_OPTION, LANG_OPTION, PARAMS_OPTION, PATHS_ARGUMENT,
                                QUIET_OPTION, SET_OPTION, SKIP_INVALID_OPTION, SURVEY_KIND_OPTION,
                                scoring_options, ASSESSMENTS_OPTION, FORCE_OPTION)


@app.command()
def export(
    paths: List[Path] = PATHS_ARGUMENT,
    output: Path = typer.Option(
        ..., "--output", "-o", help="The file to write: .xlsx (a workbook of tables), .csv "
        "(Norwegian Excel: ';', UTF-8 with BOM) or .jsonl.", show_default=False),
    lang: str = LANG_OPTION,
    codes: bool = typer.Option(
        False, "--codes/--labels", help="Name columns and choices by their codes (--codes), or "
        "by their labels in the chosen language (--labels, the default)."),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help="Keep personal data in free text (notes, "
        "message texts); by default fødselsnummer, phone numbers, e-mail addresses, full "
        "names and the names given with --names are redacted."),
    names_file: Optional[Path] = typer.Option(
        None, "--names", help="A UTF-8 text file of names to redact as well (first names "
        "alone, say), one per line.",
        show_default=False),
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = PARAMS_OPTION,
    assignments: List[str] = SET_OPTION,
    survey_id: Optional[str] = SURVEY_KIND_OPTION,
    skip_invalid: bool = SKIP_INVALID_OPTION,
    assessments: Optional[Path] = ASSESSMENTS_OPTION,
    force: bool = FORCE_OPTION,
    quiet: bool = QUIET_OPTION,
) -> None:
    """Export every record with its results, for auditors to check every number.

    The input is data files, or a scored dataset saved with `tilsyn score -o`. A workbook
    (.xlsx) holds the records (they load straight back with `tilsyn validate`), results,
    evidence, a summary per criterion nationally and per county, the criteria,
    recommendations and provenance (input files with SHA-256). CSV and JSON Lines hold one row
    per record: the fields, then result:K01 columns. Several county exports given together
    make one national dataset.
    """
    from tilsyn.cli.loading import check_lang, open_input, read_names
    from tilsyn.cli.output import err_console, plural
    from tilsyn.export import export as export_dataset, output_format
    from tilsyn.outputs import check_not_input, refuse_existing

    check_lang(lang)
    output_format(output)
    check_not_input(output, paths)
    refuse_existing([output], force, "the export there")
    names = read_names(names_file)
    dataset = open_input(paths, quiet, lang=lang, names=names,
                         include_personal_data=include_personal_data,
                         **scoring_options(criteria_file, params_file, assignments, survey_id,
                                           skip_invalid, assessments))
    count = export_dataset(dataset, output, inputs=paths, lang=lang, codes=codes,
                           include_personal_data=include_personal_data, names=names)
    if not quiet:
        noun = dataset.survey.record_noun, dataset.survey.record_noun_plural
        kept = "personal data kept" if include_personal_data else "personal data redacted"
        left_out = f", {len(dataset.excluded)} left out" if dataset.excluded else ""
        err_console().print(f"Wrote {output}: {plural(count, noun[0]['en'], noun[1]['en'])}"
                            f"{left_out} ({kept}).")
