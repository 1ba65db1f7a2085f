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


def survey_or_usage_error(survey_id: str):
    from tilsyn.survey import SURVEY_FILES, get_survey

    if survey_id not in SURVEY_FILES:
        raise UsageError(f"unknown survey {survey_id!r}", hint="Use one of: " + ", ".join(SURVEY_FILES))
    return get_survey(survey_id)


def checked(make, usage: bool = False):
    """Run a catalogue or parameter step; on errors print them, exit 1 (or 2 for --set)."""
    from tilsyn.cli.output import print_diagnostics
    from tilsyn.criteria import CatalogueError

    try:
        return make()
    except CatalogueError as exc:
        print_diagnostics(exc.diagnostics)
        if usage:
            raise UsageError(exc.message, hint=exc.hint) from None
        raise
