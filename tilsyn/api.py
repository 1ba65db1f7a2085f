"""The library API the CLI is a thin layer over: load, validate and score input.

    >>> import tilsyn
    >>> result = tilsyn.load(["sample_data/"])           # validate only
    >>> len(result.records), len(result.errors)
    >>> options = tilsyn.ScoringOptions(set=["max_queue_wait_minutes=15"])
    >>> dataset = tilsyn.score_inputs(["sample_data/"], options)  # what writers take
    >>> dataset.summary("K06").counts.passed
    >>> tilsyn.save_dataset(dataset, "results.json")      # as `tilsyn score -o`
    >>> dataset = tilsyn.open_dataset(["results.json"])   # data files or a saved dataset

Every writer (report, export, compare, plan) takes a `ScoredDataset` and never scores or reads
input itself, so the output is the same from data files as from a saved dataset. The work is
done in `tilsyn.loader` (reading and validating) and `tilsyn.pipeline` (scoring).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from tilsyn.aggregate import SMALL_SAMPLE, shows_share
from tilsyn.dataset import InputFile, ScoredDataset
from tilsyn.loader import LoadResult, load
from tilsyn.pipeline import (
    InvalidInput,
    ScoringOptions,
    catalogue_for,
    resolve_survey,
    score_loaded,
)
from tilsyn.saved import save_dataset
from tilsyn.validate import Record
from tilsyn.verify import verify_saved

__all__ = [
    "SMALL_SAMPLE",
    "InputFile",
    "InvalidInput",
    "LoadResult",
    "Record",
    "ScoredDataset",
    "ScoringOptions",
    "catalogue_for",
    "load",
    "open_dataset",
    "resolve_survey",
    "save_dataset",
    "score_inputs",
    "score_loaded",
    "shows_share",
    "verify_saved",
]

Progress = Callable[[int, int, str], None]


def score_inputs(
    paths: Iterable[str | Path],
    options: ScoringOptions = ScoringOptions(),
    *,
    names: Iterable[str] = (),
    lang: str = "nb",
    by: Sequence[str] = (),
    include_personal_data: bool = False,
    progress: Progress | None = None,
) -> ScoredDataset:
    """Load, validate and score `paths` (files or folders) into one scored dataset.

    `options` decide the scoring (`ScoringOptions`: survey, catalogue, parameters, invalid
    records, assessments); catalogue, survey and parameter mistakes are found before any input
    is read. `names` are people's names to look for in free text; `by` the survey's grouping
    levels to count as well; `lang` the language of the evidence. Raises `InvalidInput` (with
    every diagnostic) when the input has errors, unless `options.skip_invalid`: then the
    invalid records are left out and listed in `excluded`. Free text is redacted in the
    dataset's records unless `include_personal_data`.
    """
    from tilsyn.criteria import read_parameter_file
    from tilsyn.pipeline import assess, assignments

    survey, criteria = options.survey, options.criteria
    catalogue = catalogue_for(survey, criteria) if survey or criteria else None
    params = read_parameter_file(options.params) if options.params else {}
    set_values = assignments(options.set)
    names = tuple(names)
    loaded = load(paths, progress=progress, names=names)
    dataset = score_loaded(
        loaded,
        catalogue,
        params,
        set_values,
        str(options.params),
        skip_invalid=options.skip_invalid,
        names=names,
        lang=lang,
        by=by,
        include_personal_data=include_personal_data,
    )
    return assess(dataset, options.assessments, names=names, lang=lang)


def open_dataset(
    paths: Sequence[str | Path],
    options: ScoringOptions = ScoringOptions(),
    *,
    names: Iterable[str] = (),
    lang: str = "nb",
    by: Sequence[str] = (),
    include_personal_data: bool = False,
    progress: Progress | None = None,
) -> ScoredDataset:
    """A saved scored dataset (one .json file written by `tilsyn score -o`), or the data files
    scored with `score_inputs`.

    A saved dataset is used as it was scored, with `options.assessments` applied on top: the
    other scoring options, and `by`, cannot apply to it (UsageError); naming its own survey is
    allowed. DatasetError (RES codes) when the file is a saved dataset that cannot be used.
    """
    from dataclasses import replace

    from tilsyn.diagnostics import phrase
    from tilsyn.errors import UsageError
    from tilsyn.pipeline import assess
    from tilsyn.saved import read_saved

    saved = read_saved(Path(paths[0])) if len(paths) == 1 else None
    if saved is None:
        return score_inputs(
            paths,
            options,
            names=names,
            lang=lang,
            by=by,
            include_personal_data=include_personal_data,
            progress=progress,
        )
    if options.survey is not None and str(options.survey) == saved.survey.id:
        options = replace(options, survey=None)
    refused = (*options.changes_scoring, *(["--by"] if by else []))
    if refused:
        raise UsageError(
            phrase("already_scored", path=paths[0], options=", ".join(refused)),
            hint=phrase("already_scored_hint"),
        )
    return assess(saved, options.assessments, names=names, lang=lang)
