"""The workshop behind `tilsyn.api`: the scoring options, the survey and catalogue a run uses,
loaded records scored into a dataset (with the other survey kinds of the input and where it all
came from), and an inspector's assessments applied on top."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from tilsyn.diagnostics import language, phrase
from tilsyn.errors import Diagnostic, TilsynError, UsageError

if TYPE_CHECKING:
    from tilsyn.criteria import Catalogue, Parameters
    from tilsyn.dataset import ScoredDataset
    from tilsyn.loader import LoadResult
    from tilsyn.survey import Survey


@dataclass(frozen=True)
class ScoringOptions:
    """What decides how records are scored, given once and passed on as one value.

    `survey` is a survey id or the path of a survey definition file (its catalogue is
    `NAME.criteria.toml` beside it unless `criteria` is given); by default the kind found in
    the input. `params` is a TOML/JSON file of parameter values and `set` holds `name=value`
    overrides. With `skip_invalid` invalid records are left out (and listed) instead of
    stopping the run. `assessments` is an inspector's file of results assessed differently
    (`tilsyn.assessments`), applied on top, also to a saved dataset.
    """

    survey: str | Path | None = None
    criteria: str | Path | None = None
    params: str | Path | None = None
    set: tuple[str, ...] = ()
    skip_invalid: bool = False
    assessments: str | Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "set", tuple(self.set))  # a list from the command line

    @property
    def changes_scoring(self) -> tuple[str, ...]:
        """The options given that would score the records otherwise, as the command line
        names them (empty when none is): a saved dataset cannot take them."""
        return tuple(
            "--" + name.replace("_", "-")
            for name in ("criteria", "params", "set", "skip_invalid", "survey")
            if getattr(self, name)
        )


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
    (read, checked, registered for validation)."""
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


def assignments(items: Sequence[str]) -> dict[str, str]:
    """`--set name=value` items as a mapping; UsageError for one that is not an assignment."""
    from tilsyn.criteria import parse_assignments

    try:
        return parse_assignments(items)
    except ValueError as exc:
        raise UsageError(str(exc), hint=phrase("set_not_pair_hint")) from None


def assess(
    dataset: ScoredDataset,
    assessments: str | Path | None,
    names: Iterable[str] = (),
    lang: str = "nb",
) -> ScoredDataset:
    """The dataset with an inspector's assessments applied on top of the automatic results
    (every figure then counts the final status); its warnings join the dataset's diagnostics.
    Their personal data is redacted as the records' is (`names`, placeholders in `lang`),
    unless the dataset keeps it. AssessmentError, with every bad row, when the file has
    errors."""
    if assessments is None:
        return dataset
    from dataclasses import replace

    from tilsyn.assessments import assess as apply_file

    assessed, warnings = apply_file(
        dataset, assessments, personal_data=dataset.personal_data, names=names, lang=lang
    )
    return replace(
        assessed,
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
    """The scoring step of `score_inputs`, for records already loaded (`tilsyn.api.load`).

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


def _score(
    loaded: LoadResult,
    catalogue: Catalogue,
    parameters: Parameters,
    lang: str,
    by: Sequence[str],
    names: tuple[str, ...],
    personal_data: bool,
) -> ScoredDataset:
    """One survey kind's valid records scored, as a dataset (no related runs yet)."""
    import datetime as dt

    from tilsyn.dataset import redact_free_text
    from tilsyn.reproducible import now
    from tilsyn.scoring import score

    survey = catalogue.survey
    records = [r for r in loaded.records if r.survey == survey.id]
    dataset = score(
        records,
        catalogue,
        parameters,
        lang=lang,
        by=by,
        excluded=excluded_entries(loaded, survey.key),
    )
    if not personal_data:
        redacted = redact_free_text(survey, records, names, lang, validated_with=loaded.names)
        for scored, values in zip(dataset.records, redacted, strict=True):
            scored.values = values
    dataset.files = loaded.files
    dataset.diagnostics = loaded.diagnostics
    dataset.created = now().replace(tzinfo=dt.timezone.utc).isoformat()
    dataset.personal_data = personal_data
    return dataset


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
