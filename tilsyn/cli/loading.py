"""Loading input for a command: progress, the summary line, and usage checks of options."""

from __future__ import annotations

from pathlib import Path

from tilsyn.api import LoadResult, load
from tilsyn.cli.output import file_progress, plural
from tilsyn.errors import TilsynError, UsageError
from tilsyn.survey import LANGS


def load_with_progress(paths: list[Path], quiet: bool, names_file: Path | None = None,
                       keep_records: bool = True) -> LoadResult:
    names = read_names(names_file)
    with file_progress(quiet) as progress:
        return load(paths, progress=progress, names=names, keep_records=keep_records)


def read_names(names_file: Path | None) -> list[str]:
    """The names in a `--names` file. A missing file is a usage error (exit 2); one that is
    there but cannot be read is an input error (exit 1), like any input file."""
    if names_file is None:
        return []
    from tilsyn.privacy import load_names

    try:
        return load_names(names_file)
    except FileNotFoundError:
        raise UsageError(f"cannot read the names file {names_file}: no such file",
                         hint="Check the path and its spelling.") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise TilsynError(f"cannot read the names file {names_file}: {reason}",
                          hint="Give a UTF-8 text file with one name per line.") from None


def summary_line(result: LoadResult) -> str:
    """`3 files, 59 calls, 0 errors, 1 warning`: the last line of a validate run."""
    from tilsyn.survey import get_survey

    counted = []
    for survey_id, count in sorted(result.read_counts.items()) or [("nks-call", 0)]:
        survey = get_survey(survey_id)
        counted.append(plural(count, survey.record_noun["en"], survey.record_noun_plural["en"]))
    parts = [plural(len(result.files), "file", "files"), *counted,
             plural(len(result.errors), "error", "errors"),
             plural(len(result.warnings), "warning", "warnings")]
    return ", ".join(parts)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}", hint="Use nb, nn or en.")
    return lang


def survey_or_usage_error(survey: str):
    """The survey an option names: a built-in id, or the path of a survey definition file."""
    from tilsyn.api import resolve_survey

    return resolve_survey(survey)


def open_input(paths: list[Path], quiet: bool, **options):
    """The scored dataset of `paths` (data files, or one saved dataset), with a progress bar on
    a terminal and, unless quiet, what a user should know: the errors of records left out, a
    count of warnings, and the other survey kinds in the input. Every option is passed on to
    `tilsyn.api.open_dataset`."""
    from tilsyn.api import open_dataset
    from tilsyn.cli.output import err_console, print_diagnostics

    with file_progress(quiet) as progress:
        dataset = open_dataset(paths, progress=progress, **options)
    if quiet:
        return dataset
    errors = [d for d in dataset.diagnostics if d.is_error]
    warnings = len(dataset.diagnostics) - len(errors)
    print_diagnostics(errors)  # left out with --skip-invalid: say why
    console = err_console()
    if warnings:
        console.print(f"{warnings} warning(s): `tilsyn validate` lists them.")
    if dataset.related:
        console.print("Also in the input, scored by their own criteria: " + ", ".join(
            f"{len(other.records)} {kind} record(s) (use --survey {kind})"
            for kind, other in dataset.related.items()))
    return dataset
