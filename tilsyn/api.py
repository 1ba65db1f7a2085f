"""The library API the CLI is a thin layer over: load, validate and score input.

    >>> import tilsyn
    >>> result = tilsyn.load(["sample_data/"])           # validate only
    >>> len(result.records), len(result.errors)
    >>> dataset = tilsyn.score_inputs(["sample_data/"])   # the scored dataset writers take
    >>> dataset.run.summary("K06").counts.passed
    >>> dataset = tilsyn.open_dataset(["results.json"])   # data files or a saved dataset

Every writer (report, export, compare) takes a `ScoredDataset` and never scores or reads
input itself, so the output is the same from data files as from a saved dataset.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from tilsyn import readers
from tilsyn.aggregate import SMALL_SAMPLE, shows_share
from tilsyn.diagnostics import (
    diagnostic,
    language,
    os_reason,
    phrase,
    pinned_language,
    read_error,
)
from tilsyn.errors import ERROR, NOTE, WARNING, Diagnostic, TilsynError, UsageError
from tilsyn.readers.base import ReadError
from tilsyn.validate import Excluded, Record, Validator

if TYPE_CHECKING:
    from tilsyn.criteria import Catalogue
    from tilsyn.dataset import ScoredDataset
    from tilsyn.survey import Survey

__all__ = [
    "SMALL_SAMPLE",
    "InputFile",
    "LoadResult",
    "Record",
    "ScoredDataset",
    "load",
    "open_dataset",
    "score_inputs",
    "score_loaded",
    "shows_share",
]


@dataclass
class InputFile:
    """One input file of a run, with what it contributed (for summaries and provenance)."""

    path: str
    records: int = 0
    sha256: str = ""
    readable: bool = True


@dataclass
class LoadResult:
    """Valid records, every diagnostic, the records left out and why, and the files read.

    `read_counts` counts the records read per survey kind, valid or not, a repeated identical
    record once.
    """

    records: list[Record]
    diagnostics: list[Diagnostic]
    excluded: list[Excluded]
    files: list[InputFile] = field(default_factory=list)
    read_counts: Counter[str] = field(default_factory=Counter)
    names: tuple[str, ...] = ()  # the names validation looked for in free text

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        """What a user should know that is no problem: forms not filled in yet (VAL012),
        tilsyn's own outputs skipped (READ021)."""
        return [d for d in self.diagnostics if d.severity == NOTE]

    @property
    def ok(self) -> bool:
        return not self.errors


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load(
    paths: Iterable[str | Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    names: Iterable[str] = (),
    keep_records: bool = True,
) -> LoadResult:
    """Read and validate every input file under `paths` (files or folders, searched recursively).

    Never raises for bad input: every problem becomes a diagnostic, and the other files of the
    run are still read. `progress(done, total, path)` is called after each file, and within a
    large JSON Lines or CSV file as its lines are read (`done` then has a fraction). `names` are
    people's names to look for, besides numbers and e-mail, when warning of personal data.
    With `keep_records=False` only diagnostics and counts are kept, so memory stays flat
    however large the input (what `tilsyn validate` needs).
    """
    with pinned_language():
        return _load([Path(p) for p in paths], progress, tuple(names), keep_records)


def _load(
    paths: list[Path],
    progress: Callable[[int, int, str], None] | None,
    names: tuple[str, ...],
    keep_records: bool,
) -> LoadResult:
    files, problems = readers.discover(paths)
    validator = Validator(names=names, keep_records=keep_records)
    for path, problem in problems:
        validator.diagnostics.append(_diagnostic(path, problem))
    inputs: list[InputFile] = []
    for done, path in enumerate(files, start=1):
        entry = InputFile(str(path))
        inputs.append(entry)
        reader = readers.reader_for(path)
        try:
            entry.sha256 = _sha256(path)
            if reader is None:
                raise read_error("READ002", params={"suffix": path.suffix or "–"})
            before = len(validator.diagnostics)
            validator.on_row = _row_progress(progress, path, done, len(files))
            for table in reader(path):
                entry.records += validator.table(table)
            if (
                not entry.records
                and len(validator.diagnostics) == before
                and path.suffix.lower() in (".json", ".jsonl")
            ):
                # an empty JSON file ([], no lines) is said, as an empty CSV is; a blank entry
                # spreadsheet is not an error: it is the form before it is filled in
                validator.diagnostics.append(diagnostic("READ003", "records", file=str(path)))
        except ReadError as problem:
            found = _diagnostic(path, problem)
            entry.readable = found.severity != NOTE  # a report of ours is skipped, not broken
            validator.diagnostics.append(found)
        except OSError as exc:
            entry.readable = False
            validator.diagnostics.append(
                diagnostic("READ015", params={"detail": os_reason(exc)}, file=str(path))
            )
        if progress is not None:
            progress(done, len(files), str(path))
    return LoadResult(
        validator.records,
        validator.diagnostics,
        validator.excluded,
        inputs,
        validator.read_counts,
        validator.names,
    )


_LARGE_FILE = 4 << 20  # bytes: a file this large reports progress as its lines are read


def _row_progress(
    progress: Callable[[int, int, str], None] | None, path: Path, done: int, total: int
) -> Callable[[int], None] | None:
    """For a large line-based file, a callback that turns the line reached into a fraction of
    the file (lines counted first: a fast pass over the bytes)."""
    if progress is None or path.suffix.lower() not in (".jsonl", ".csv"):
        return None
    try:
        if path.stat().st_size < _LARGE_FILE:
            return None
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None
    return lambda line: progress(done - 1 + min(line / max(lines, 1), 1.0), total, str(path))


def _diagnostic(path: Path, problem: ReadError) -> Diagnostic:
    from tilsyn.diagnostics import codes

    registered = codes().get(problem.code)
    return Diagnostic(
        problem.code,
        registered.severity if registered is not None else ERROR,
        problem.message,
        problem.hint,
        file=str(path),
        key=problem.key,
        field=problem.field,
        row=problem.row,
        sheet=problem.sheet,
    )


# ---------------------------------------------------------------------------------------------
# The pipeline: load, validate, score -> one scored dataset


def score_inputs(
    paths: Iterable[str | Path],
    *,
    survey: str | Path | None = None,
    criteria: str | Path | None = None,
    params: str | Path | None = None,
    set: Sequence[str] = (),
    skip_invalid: bool = False,  # noqa: A002
    names: Iterable[str] = (),
    lang: str = "nb",
    by: Sequence[str] = (),
    include_personal_data: bool = False,
    assessments: str | Path | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ScoredDataset:
    """Load, validate and score `paths` into one scored dataset.

    `survey` is a survey id or the path of a survey definition file (its catalogue is
    `NAME.criteria.toml` beside it unless `criteria` is given); by default the kind found in
    the input. `params` is a TOML/JSON file of parameter values and `set` holds `name=value`
    overrides. Catalogue, survey and parameter mistakes are found before any input is read.
    Raises `InvalidInput` (with every diagnostic) when the input has errors, unless
    `skip_invalid`: then the invalid records are left out and listed in `excluded`. Free text
    is redacted in the dataset's records unless `include_personal_data`. `assessments` is an
    inspector's file of results assessed differently (tilsyn.assessments), applied on top.
    """
    from tilsyn.criteria import read_parameter_file

    catalogue = catalogue_for(survey, criteria) if survey or criteria else None
    params_values = read_parameter_file(params) if params else {}
    set_values = _assignments(set)
    names = tuple(names)
    loaded = load(paths, progress=progress, names=names)
    dataset = score_loaded(
        loaded,
        catalogue,
        params_values,
        set_values,
        str(params),
        skip_invalid=skip_invalid,
        names=names,
        lang=lang,
        by=by,
        include_personal_data=include_personal_data,
    )
    return assess(dataset, assessments, names=names, lang=lang)


def assess(
    dataset: ScoredDataset,
    assessments: str | Path | None,
    names: Iterable[str] = (),
    lang: str = "nb",
) -> ScoredDataset:
    """The dataset with an inspector's assessments applied on top of the automatic results
    (every figure then counts the final status); its warnings join the dataset's diagnostics.
    Their personal data is redacted as the records' is, unless the dataset keeps it.
    AssessmentError, with every bad row, when the file has errors."""
    if assessments is None:
        return dataset
    from dataclasses import replace

    from tilsyn.assessments import assess as apply_file

    run, warnings = apply_file(
        dataset.run, assessments, personal_data=dataset.personal_data, names=names, lang=lang
    )
    return replace(
        dataset,
        run=run,
        diagnostics=[*dataset.diagnostics, *warnings],
        assessments=str(assessments),
    )


def score_loaded(
    loaded: LoadResult,
    catalogue: Catalogue | None = None,
    params: dict[str, Any] | None = None,
    set_values: dict[str, Any] | None = None,
    params_source: str = "--params",
    *,
    skip_invalid: bool = False,
    names: Sequence[str] = (),
    lang: str = "nb",
    by: Sequence[str] = (),
    include_personal_data: bool = False,
) -> ScoredDataset:
    """The scoring step of `score_inputs`, for records already loaded (`load`).

    `catalogue` defaults to the built-in one of the survey kind in the input; `params` and
    `set_values` override its parameter defaults.
    """
    if catalogue is None:
        catalogue = catalogue_for(None, None, loaded.read_counts.keys())
    check_levels(catalogue.survey, by)
    parameters = catalogue.default_parameters().override(params or {}, params_source)
    try:
        parameters = parameters.override(set_values or {}, "--set")
    except TilsynError as exc:
        raise UsageError(exc.message, hint=exc.hint, diagnostics=exc.diagnostics) from None
    if loaded.errors and not skip_invalid:
        raise InvalidInput(loaded.diagnostics, len(loaded.errors))
    names = tuple(names)
    dataset = _score(loaded, catalogue, parameters, lang, by, names, include_personal_data)
    if not dataset.records:
        noun = catalogue.survey.record_noun_plural[language()]
        raise TilsynError(
            phrase("no_valid", noun=noun), hint=phrase("no_valid_hint"), diagnostics=loaded.errors
        )
    for kind in sorted(loaded.read_counts):
        other = _related(loaded, kind, catalogue, lang, names, include_personal_data)
        if other is not None:
            dataset.related[kind] = other
    return dataset


def open_dataset(paths: Sequence[str | Path], **options: Any) -> ScoredDataset:
    """A saved scored dataset (one .json file written by `tilsyn score -o`), or the data files
    scored with `score_inputs(paths, **options)`.

    Options that change the scoring (criteria, params, set, skip_invalid, survey) cannot
    apply to a saved dataset: UsageError.
    """
    from tilsyn.dataset import read_dataset

    saved = read_dataset(Path(paths[0])) if len(paths) == 1 else None
    if saved is None:
        return score_inputs(paths, **options)
    assessments = options.pop("assessments", None)
    if options.get("survey") == saved.survey.id:
        options.pop("survey")
    scoring = [
        name
        for name in ("criteria", "params", "set", "skip_invalid", "survey", "by")
        if options.get(name)
    ]
    if scoring:
        options_named = ", ".join("--" + n.replace("_", "-") for n in scoring)
        raise UsageError(
            phrase("already_scored", path=paths[0], options=options_named),
            hint=phrase("already_scored_hint"),
        )
    return assess(saved, assessments, options.get("names", ()), options.get("lang", "nb"))


class InvalidInput(TilsynError):
    """The input has errors, and nothing was made of it (without `skip_invalid`)."""

    def __init__(self, diagnostics: list[Diagnostic], errors: int):
        from tilsyn.glossary import count_phrase

        super().__init__(
            phrase("input_errors", errors=count_phrase(errors, "error", language())),
            hint=phrase("input_errors_hint"),
            diagnostics=diagnostics,
        )


def resolve_survey(survey: str | Path) -> Survey:
    """A survey by its id, or a user's survey definition file, TOML or an XLSForm workbook
    (read, checked, registered)."""
    from tilsyn.definitions import read_definition
    from tilsyn.survey import get_survey, survey_ids

    if _is_definition_file(survey):
        return read_definition(survey)
    if str(survey) not in survey_ids():
        raise UsageError(
            phrase("unknown_survey", survey=survey),
            hint=phrase("unknown_survey_hint", ids=", ".join(survey_ids())),
        )
    return get_survey(str(survey))


def catalogue_for(
    survey: str | Path | None, criteria: str | Path | None = None, present: Iterable[str] = ()
) -> Catalogue:
    """The catalogue a run uses: `criteria` (a file), else the one of `survey` (built-in, or
    `NAME.criteria.toml` beside a survey definition file), else that of the kind `present`
    in the input."""
    from tilsyn.criteria import choose_catalogue, read_catalogue
    from tilsyn.recommendations import read_beside

    chosen = resolve_survey(survey) if survey is not None else None
    if chosen is not None and _is_definition_file(survey):
        path = Path(survey)
        read_beside(path, chosen.id)
        beside = path.with_name(f"{path.stem}.criteria.toml")
        if criteria is None and not beside.is_file():
            raise UsageError(
                phrase("no_survey_catalogue", survey=survey),
                hint=phrase("no_survey_catalogue_hint", name=beside.name),
            )
        criteria = criteria or beside
        catalogue = read_catalogue(criteria)
        if catalogue.survey.id != chosen.id:
            raise UsageError(
                phrase(
                    "catalogue_survey", path=criteria, found=catalogue.survey.id, survey=chosen.id
                ),
                hint=phrase("catalogue_survey_hint"),
            )
        return catalogue
    return choose_catalogue(present, criteria, chosen.id if chosen else None)


def _is_definition_file(survey: str | Path) -> bool:
    text = str(survey)
    return text.lower().endswith((".toml", ".xlsx")) or "/" in text or "\\" in text


def check_levels(survey: Survey, by: Sequence[str]) -> None:
    """UsageError unless each of `by` is a grouping level of the survey."""
    known = [level.id for level in survey.levels]
    for level_id in by:
        if level_id not in known:
            raise UsageError(
                phrase("cannot_group", level=level_id),
                hint=phrase("levels_hint", survey=survey.id, levels=", ".join(known) or "–"),
            )


def _assignments(assignments: Sequence[str]) -> dict[str, str]:
    from tilsyn.criteria import parse_assignments

    try:
        return parse_assignments(assignments)
    except ValueError as exc:
        raise UsageError(str(exc), hint=phrase("set_not_pair_hint")) from None


def _score(
    loaded: LoadResult,
    catalogue: Catalogue,
    parameters: Any,
    lang: str,
    by: Sequence[str],
    names: tuple[str, ...],
    personal_data: bool,
) -> ScoredDataset:
    """One survey kind's valid records scored, as a dataset (no related runs yet)."""
    import datetime as dt

    from tilsyn.dataset import ScoredDataset, redact_free_text
    from tilsyn.reproducible import now
    from tilsyn.scoring import score

    survey = catalogue.survey
    records = [r for r in loaded.records if r.survey == survey.id]
    run = score(
        records,
        catalogue,
        parameters,
        lang=lang,
        by=by,
        excluded=excluded_entries(loaded, survey.key),
    )
    if not personal_data:
        records = redact_free_text(survey, records, names, lang, validated_with=loaded.names)
    created = now().replace(tzinfo=dt.timezone.utc).isoformat()
    return ScoredDataset(
        run,
        survey,
        catalogue,
        records,
        files=loaded.files,
        diagnostics=loaded.diagnostics,
        created=created,
        personal_data=personal_data,
    )


def _related(
    loaded: LoadResult,
    kind: str,
    main: Catalogue,
    lang: str,
    names: tuple[str, ...],
    personal_data: bool,
) -> ScoredDataset | None:
    """Another survey kind found in the same input, scored by its own built-in catalogue with
    its defaults (so each kind is judged by its own criteria); None when it has none."""
    from tilsyn.criteria import builtin_catalogue

    if kind == main.survey.id or not any(r.survey == kind for r in loaded.records):
        return None
    try:
        catalogue = builtin_catalogue(kind)
    except KeyError:
        return None
    return _score(loaded, catalogue, catalogue.default_parameters(), lang, (), names, personal_data)


def excluded_entries(loaded: LoadResult, key: str) -> list[dict[str, Any]]:
    """What a load left out, JSON-ready: invalid records, rows that could not be read, and
    files that gave no records because of an error (unreadable, or no key column).

    `key` names the record key in the entries (call_id, office_id), as in the record list.
    """
    entries = []
    for item in loaded.excluded:
        entry = {key: item.key, "file": item.file, "row": item.row, "codes": list(item.codes)}
        if item.sheet:
            entry["sheet"] = item.sheet
        entries.append(entry)
    listed = {item.file for item in loaded.excluded}
    for file in loaded.files:
        codes = [
            d.code
            for d in loaded.errors
            if d.file == file.path and d.row in (None, 1) and d.key is None
        ]
        if not file.readable or (codes and not file.records and file.path not in listed):
            entries.append(
                {key: None, "file": file.path, "row": None, "codes": list(dict.fromkeys(codes))}
            )
    return entries
