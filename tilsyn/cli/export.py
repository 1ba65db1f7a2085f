"""`tilsyn export`: the records and their results as a workbook, CSV or JSON Lines for auditors."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from tilsyn.cli.app import app
from tilsyn.cli.criteria import CRITERIA_OPTION
from tilsyn.cli.options import LANG_OPTION, PATHS_ARGUMENT, QUIET_OPTION


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
        "message texts); by default phone numbers, fødselsnummer, e-mail addresses and the "
        "names given with --names are redacted."),
    names_file: Optional[Path] = typer.Option(
        None, "--names", help="A UTF-8 text file of names to redact as well, one per line.",
        show_default=False),
    criteria_file: Optional[Path] = CRITERIA_OPTION,
    params_file: Optional[Path] = typer.Option(
        None, "--params", help="Parameter values from a TOML or JSON file, e.g. "
        "max_queue_wait_minutes = 15.", show_default=False),
    assignments: List[str] = typer.Option(
        [], "--set", help="Set one parameter, name=value (repeat for several); wins over --params.",
        show_default=False),
    survey_id: Optional[str] = typer.Option(
        None, "--survey", help="Export the records of this survey kind (nks-call or office); "
        "by default the kind in the input, nks-call when it holds both.", show_default=False),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Export the valid records and list the invalid ones as "
        "left out, instead of stopping when the input has errors."),
    quiet: bool = QUIET_OPTION,
) -> None:
    """Export every record with its results, for auditors to check every number.

    A workbook (.xlsx) holds the records (they load straight back with `tilsyn validate`),
    results, evidence, a summary per criterion nationally and per county, the criteria,
    recommendations and provenance (input files with SHA-256). CSV and JSON Lines hold one row
    per record: the fields, then result:K01 columns. Several county exports given together
    make one national dataset.
    """
    from tilsyn.cli.loading import check_lang
    from tilsyn.cli.output import err_console, plural
    from tilsyn.errors import UsageError
    from tilsyn.export import FORMATS, export as export_records
    from tilsyn.outputs import check_not_input

    check_lang(lang)
    if output.suffix.lower() not in FORMATS:
        raise UsageError(f"cannot export to {output.name!r}: unknown file type",
                         hint="Name the output .xlsx, .csv or .jsonl.")
    check_not_input(output, paths)
    names = _names(names_file) if names_file and not include_personal_data else ()
    loaded, catalogue, run = load_and_score(
        paths, lang=lang, criteria_file=criteria_file, params_file=params_file,
        assignments=assignments, survey_id=survey_id, skip_invalid=skip_invalid, quiet=quiet)
    records = [r for r in loaded.records if r.survey == catalogue.survey.id]
    count = export_records(records, output, run=run, catalogue=catalogue, files=loaded.files,
                           inputs=paths, lang=lang, codes=codes,
                           include_personal_data=include_personal_data, names=names)
    if not quiet:
        noun = catalogue.survey.record_noun, catalogue.survey.record_noun_plural
        kept = "personal data kept" if include_personal_data else "personal data redacted"
        left_out = f", {len(run.excluded)} left out" if run.excluded else ""
        err_console().print(f"Wrote {output}: {plural(count, noun[0]['en'], noun[1]['en'])}"
                            f"{left_out} ({kept}).")


def _names(path: Path) -> list[str]:
    from tilsyn.errors import UsageError
    from tilsyn.privacy import load_names

    try:
        return load_names(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot read the names file {path}: {reason}",
                         hint="Give a UTF-8 text file with one name per line.") from None


def load_and_score(paths: List[Path], *, lang: str, criteria_file: Optional[Path],
                   params_file: Optional[Path], assignments: List[str], survey_id: Optional[str],
                   skip_invalid: bool, quiet: bool):
    """Load, validate and score as `tilsyn score` does; returns (loaded, catalogue, run).

    Stops with exit 1 when the input has errors, unless `skip_invalid`.
    """
    from tilsyn.cli.loading import load_with_progress, survey_or_usage_error
    from tilsyn.cli.output import err_console, print_diagnostics
    from tilsyn.cli.score import _checked
    from tilsyn.criteria import choose_catalogue, parse_assignments, read_parameter_file
    from tilsyn.errors import TilsynError, UsageError
    from tilsyn.scoring import excluded_entries, score

    try:
        set_values = parse_assignments(assignments)
    except ValueError as exc:
        raise UsageError(str(exc), hint="Write --set max_queue_wait_minutes=15.") from None
    if survey_id is not None:
        survey_or_usage_error(survey_id)
    catalogue = _checked(lambda: choose_catalogue([], criteria_file, survey_id)) \
        if criteria_file else None
    params_values = _checked(lambda: read_parameter_file(params_file)) if params_file else {}
    loaded = load_with_progress(paths, quiet)
    catalogue = catalogue or choose_catalogue(loaded.read_counts.keys(), survey=survey_id)
    params = _checked(lambda: catalogue.default_parameters().override(
        params_values, str(params_file)))
    params = _checked(lambda: params.override(set_values, "--set"), usage=True)
    if loaded.errors and not skip_invalid:
        print_diagnostics(loaded.diagnostics)
        raise TilsynError(f"the input has {len(loaded.errors)} error(s); nothing was exported",
                          hint="Fix them (`tilsyn validate` lists them), or give --skip-invalid "
                          "to export the valid records and list the others as left out.")
    if not quiet:
        print_diagnostics(loaded.errors)  # left out with --skip-invalid: say why
        if loaded.warnings:
            err_console().print(f"{len(loaded.warnings)} warning(s): `tilsyn validate` lists them.")
    survey = catalogue.survey
    records = [r for r in loaded.records if r.survey == survey.id]
    run = score(records, catalogue, params, lang=lang, by=("county",),
                excluded=excluded_entries(loaded, survey.key))
    return loaded, catalogue, run
