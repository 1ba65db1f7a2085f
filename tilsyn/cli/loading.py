"""Loading input for a command: progress, the summary line, and usage checks of options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Sequence

from tilsyn.api import LoadResult, ScoringOptions, load
from tilsyn.cli.output import file_progress
from tilsyn.cli.texts import count, count_records, say
from tilsyn.diagnostics import language, os_reason, phrase
from tilsyn.errors import TilsynError, UsageError

if TYPE_CHECKING:
    from tilsyn.dataset import ScoredDataset


def load_with_progress(
    paths: list[Path], quiet: bool, names_file: Path | None = None, keep_records: bool = True
) -> LoadResult:
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
        raise UsageError(
            phrase("names_missing", path=names_file), hint=phrase("names_missing_hint")
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TilsynError(
            say("names_unreadable", path=names_file, detail=os_reason(exc)),
            hint=say("names_unreadable_hint"),
        ) from None


def summary_line(result: LoadResult) -> str:
    """`3 filer, 59 samtaler, 0 feil, 1 advarsel`: the last line of a validate run."""
    from tilsyn.survey import get_survey

    counted = [
        count_records(n, get_survey(survey_id))
        for survey_id, n in sorted(result.read_counts.items()) or [("nks-call", 0)]
    ]
    parts = [
        count(len(result.files), "file"),
        *counted,
        count(len(result.errors), "error"),
        count(len(result.warnings), "warning"),
    ]
    return ", ".join(parts)


def open_input(
    paths: Sequence[Path], quiet: bool, options: ScoringOptions, **keywords: Any
) -> ScoredDataset:
    """The scored dataset of `paths` (data files, or one saved dataset), with a progress bar on
    a terminal and, unless quiet, what a user should know: the errors of records left out, a
    count of warnings, and the other survey kinds in the input. `options` and the keywords
    (names, lang, by, include_personal_data) go on to `tilsyn.api.open_dataset`."""
    from tilsyn.api import open_dataset
    from tilsyn.cli.output import err_console, print_diagnostics, print_notes
    from tilsyn.errors import WARNING

    with file_progress(quiet) as progress:
        dataset = open_dataset(list(paths), options, progress=progress, **keywords)
    if quiet:
        return dataset
    errors = [d for d in dataset.diagnostics if d.is_error]
    warnings = sum(1 for d in dataset.diagnostics if d.severity == WARNING)
    print_diagnostics(errors)  # left out with --skip-invalid: say why
    print_notes(dataset.diagnostics)  # forms not filled in yet, our own reports skipped
    console = err_console()
    if warnings:
        console.print(say("warnings_in_input", warnings=count(warnings, "warning")))
    for kind, other in dataset.related.items():
        records = count_records(len(other.records), other.survey)
        title = other.survey.title[language()]
        console.print(say("also_in_input", records=records, title=title, kind=kind))
    return dataset


def open_round(
    paths: Sequence[Path],
    *,
    lang: str,
    survey_id: Optional[str],
    skip_invalid: bool,
    quiet: bool,
    assessments: Optional[Path] = None,
) -> ScoredDataset:
    """The scored dataset of one round for `compare`, `plan` and `report --baseline`: data
    files scored as `tilsyn score` does, or a saved dataset, with `--assessments` applied."""
    options = ScoringOptions(survey=survey_id, skip_invalid=skip_invalid, assessments=assessments)
    return open_input(paths, quiet, options, lang=lang)
