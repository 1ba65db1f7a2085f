"""Scoring: typed records x a criteria catalogue -> a status and an evidence sentence per criterion.

The result is a `tilsyn.dataset.ScoredDataset` (docs/CONTRACTS.md, "Scoring results"): each
record with its values and results, the counts per criterion and per group, and the survey and
catalogue that scored it, so nothing downstream needs to score again.

Rules are compiled once, names resolve through `Survey.lookup` (parameters seed its cache), and
an evidence sentence is rendered once per distinct set of values it shows, so 100,000 records
score in a few seconds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable, Sequence

from tilsyn import expr
from tilsyn.aggregate import CriterionCounts, GroupSummary, count_criteria, group_by
from tilsyn.criteria import (
    MISSING,
    Catalogue,
    CatalogueError,
    Criterion,
    Parameters,
    placeholders,
)
from tilsyn.dataset import (  # noqa: F401  (the result types, where they were first defined)
    Assessment,
    CriterionSummary,
    Result,
    ScoredDataset,
    ScoredRecord,
)
from tilsyn.i18n import word
from tilsyn.numbers import format_number
from tilsyn.survey import Survey

# ---------------------------------------------------------------------------------------------
# Scoring


def score(
    records: Iterable[Any],
    catalogue: Catalogue,
    params: Parameters | None = None,
    lang: str = "nb",
    by: Sequence[str] = (),
    excluded: Sequence[dict[str, Any]] = (),
) -> ScoredDataset:
    """Score every record (a `tilsyn.Record` of the catalogue's survey: `.survey`, `.key`, typed
    `.values`) into a scored dataset (without provenance: `tilsyn.api` adds it).

    `params` defaults to the catalogue's defaults; `by` names groupings to count as well
    (the survey's grouping levels, e.g. county, municipality, office); `excluded` (records
    left out, JSON-ready) is carried into the dataset so the output can name them. Raises
    CatalogueError (CAT014) if a rule cannot be evaluated on a record, which means the rule is
    wrong, not the record.
    """
    from tilsyn import __version__

    params = params or catalogue.default_parameters()
    survey = catalogue.survey
    levels = [_level(survey, level_id) for level_id in by]
    constants = params.values
    plan = [_Plan(c, survey, constants, lang) for c in catalogue.criteria]
    try:
        scored = _score_records(records, survey, constants, plan)
    except _RuleFailed as failed:
        raise _rule_error(catalogue, plan, failed.error, failed.key) from None
    dataset = ScoredDataset(
        survey,
        catalogue,
        scored,
        summaries(catalogue, scored, lang, constants),
        dict(constants),
        dict(params.sources),
        lang,
        excluded=list(excluded),
        tilsyn_version=__version__,
    )
    for level in levels:
        dataset.groups[level.id] = group_by(dataset, level.fields)
    return dataset


def summaries(
    catalogue: Catalogue, records: Sequence[ScoredRecord], lang: str, parameters: dict[str, Any]
) -> list[CriterionSummary]:
    """Each criterion's counts over `records`, with its words in `lang` and what decides it."""
    counts = count_criteria(records, [c.id for c in catalogue.criteria])
    return [
        _summary(c, n, lang, parameters) for c, n in zip(catalogue.criteria, counts, strict=True)
    ]


def regroup(dataset: ScoredDataset, level_id: str) -> list[GroupSummary]:
    """A dataset's counts per group of one of its survey's levels (after its statuses changed)."""
    return group_by(dataset, dataset.survey.level(level_id).fields)


def _level(survey: Survey, level_id: str):
    try:
        return survey.level(level_id)
    except KeyError:
        known = ", ".join(level.id for level in survey.levels) or "none"
        raise ValueError(
            f"cannot group by {level_id!r}; the levels of the {survey.id} survey are: {known}"
        ) from None


class _RuleFailed(Exception):
    def __init__(self, error: expr.ExprError, key: str):
        self.error, self.key = error, key


def _score_records(
    records: Iterable[Any], survey: Survey, constants: dict[str, Any], plan: list[_Plan]
) -> list[ScoredRecord]:
    """The hot loop: each criterion's Result looked up by the values it depends on.

    A criterion's result is a function of a few fields (see `_Plan.inputs`), and surveys repeat
    the same answers, so most records cost one tuple and one dict lookup per criterion; names
    are resolved (`Survey.lookup`) only for a combination not seen before.
    """
    steps = [(p.id, p.inputs, p.cache, p.result) for p in plan]
    make_info = record_info(survey)
    shown = survey.shown_derived  # derived numbers and dates, carried like fields
    lookup = survey.lookup
    scored = []
    for record in records:
        if record.survey != survey.id:
            raise ValueError(
                f"record {record.key} is from the {record.survey} survey, but the "
                f"catalogue scores {survey.id}"
            )
        values = record.values
        get = values.get
        resolve = None
        results = {}
        try:
            for cid, inputs, cache, compute in steps:
                key = tuple(map(get, inputs))
                result = cache.get(key)
                if result is None:
                    resolve = resolve or lookup(values, constants)
                    result = cache[key] = compute(resolve)
                results[cid] = result
        except expr.ExprError as exc:
            raise _RuleFailed(exc, record.key) from None
        info = make_info(values)
        if shown:
            resolve = resolve or lookup(values, constants)
            info.update((name, _derived_value(resolve, name)) for name in shown)
        if record.source_id:
            info["instance_id"] = record.source_id  # which ODK or Kobo submission it was
        scored.append(ScoredRecord(record.key, info, results, values))
    return scored


def record_info(survey: Survey) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """values -> the fields a scored record carries beside its results (JSON-ready: dates as
    ISO text), without the derived values (`Survey.shown_derived`), which scoring adds."""
    plain, dates = info_layout(survey)

    def info(values: dict[str, Any]) -> dict[str, Any]:
        get = values.get
        out = {name: get(name) for name in plain}
        for name in dates:
            value = get(name)
            out[name] = value if value is None else value.isoformat()
        return out

    return info


def _derived_value(resolve: Callable[[str], Any], name: str) -> Any:
    """A derived value as saved results hold it: unknown, unasked and not computable (a value
    of the wrong type, reported where it was read) are all empty."""
    try:
        value = resolve(name)
    except expr.ExprError:
        return None
    if value is None or value is expr.UNKNOWN:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _summary(
    criterion: Criterion, counted: CriterionCounts, lang: str, constants: dict[str, Any]
) -> CriterionSummary:
    import hashlib

    rules = [
        criterion.applies.source if criterion.applies is not None else "",
        criterion.passes.source,
    ]
    rule = hashlib.sha256("\n".join(rules).encode("utf-8")).hexdigest()[:12]
    used = tuple((name, constants[name]) for name in sorted(criterion.names & set(constants)))
    return CriterionSummary(
        criterion.id,
        counted.counts,
        criterion.title_in(lang, constants),
        criterion.rationale[lang],
        criterion.severity,
        criterion.legal_basis[lang],
        criterion.recommendations,
        rule,
        used,
    )


def info_layout(survey: Survey) -> tuple[list[str], list[str]]:
    """The fields a scored record carries, in the order it carries them: the fields as they
    are, then the dates and times (as ISO text)."""
    names = info_fields(survey)
    plain = [n for n in names if survey.by_name[n].type not in ("date", "datetime")]
    return plain, [n for n in names if n not in plain]


def info_fields(survey: Survey) -> list[str]:
    """The fields a scored record carries: its key, survey round, date, group fields, who
    observed it (so a report can count the observers), and numbers (so a report made from
    saved results can show how e.g. opening hours are spread)."""
    group_fields = set(survey.group_fields) | ({survey.form.author} - {None})
    return [survey.key] + [
        f.name
        for f in survey.fields
        if f.name != survey.key
        and (
            f.name in group_fields
            or f.name == "survey"
            or f.type in ("date", "datetime", "int", "decimal")
        )
    ]


def _rule_error(
    catalogue: Catalogue, plan: list[_Plan], exc: expr.ExprError, key: str
) -> CatalogueError:
    from tilsyn.diagnostics import diagnostic, language, phrase
    from tilsyn.glossary import count_phrase

    culprit = next((p.id for p in plan if exc.source in p.sources), None)
    if culprit is None:  # not a criterion's rule: a derived value of the survey definition
        survey = catalogue.survey
        name = next((n for n, e in survey.derived.items() if e.source == exc.source), "?")
        params = {"name": name, "survey": survey.id, "key": key, "detail": exc.message}
        return CatalogueError(
            [diagnostic("CAT014", "derived", params, file=survey.id, field=name)],
            phrase("survey_errors", errors=count_phrase(1, "error", language())),
            phrase("survey_errors_hint"),
        )
    params = {"criterion": culprit, "rule": exc.source, "key": key, "detail": exc.message}
    file = None if catalogue.source == "built-in" else catalogue.source
    return CatalogueError([diagnostic("CAT014", params=params, file=file, field=culprit)])


class _Plan:
    """One criterion, compiled for a run: its rules, its evidence texts in one language, and
    the fields its result depends on.

    `inputs` are the fields the rules and texts read, with the fields their "asked if" rules
    and derived names read in turn: two records that agree on them get the same status and
    evidence, so `cache` maps their values to one shared `Result`.
    """

    __slots__ = (
        "id",
        "applies",
        "passes",
        "sources",
        "templates",
        "names",
        "rule_names",
        "format",
        "inputs",
        "cache",
    )

    def __init__(self, criterion: Criterion, survey: Survey, constants: dict[str, Any], lang: str):
        self.id = criterion.id
        self.applies = criterion.applies.evaluate if criterion.applies is not None else None
        self.passes = criterion.passes.evaluate
        self.sources = {criterion.passes.source} | (
            {criterion.applies.source} if criterion.applies is not None else set()
        )
        self.templates = {status: texts[lang] for status, texts in criterion.evidence.items()}
        # The values each status's text shows ({missing} is not a value: it is worked out).
        self.names = {
            status: tuple(n for n in placeholders(t) if n != MISSING)
            for status, t in self.templates.items()
        }
        self.rule_names = tuple(sorted(criterion.names - set(constants)))
        self.format = _ValueFormatter(survey, lang)
        shown = {n for names in self.names.values() for n in names}
        self.inputs = _inputs(survey, set(self.rule_names) | shown, constants)
        self.cache: dict[tuple, Result] = {}

    def result(self, resolve: Callable[[str], Any]) -> Result:
        """Status and evidence for the record `resolve` reads."""
        truth = True if self.applies is None else self.applies(resolve)
        if truth is True:
            truth = self.passes(resolve)
            status = "pass" if truth is True else "fail" if truth is False else "not_answered"
        else:
            status = "not_applicable" if truth is False else "not_answered"
        template = self.templates[status]
        values = {name: self.format(name, resolve(name)) for name in self.names[status]}
        if "{" + MISSING + "}" in template:
            empty = [n for n in self.rule_names if resolve(n) is expr.UNKNOWN]
            values[MISSING] = ", ".join(self.format.label(n) for n in empty)
        return Result(status, template.format_map(values))


def _inputs(survey: Survey, names: set[str], constants: dict[str, Any]) -> tuple[str, ...]:
    """The record fields that decide how `names` resolve (see `Survey.lookup`)."""
    seen: set[str] = set()
    todo = [n for n in names if n not in constants]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in survey.derived:
            todo.extend(survey.derived[name].names)
        elif survey.by_name[name].relevant is not None:
            todo.extend(survey.by_name[name].relevant.names)
    return tuple(sorted(n for n in seen if n in survey.by_name))


class _ValueFormatter:
    """A value as a reader of the evidence wants it: 14,5 / ja / delvis / 03.11.2020 10:15."""

    def __init__(self, survey: Survey, lang: str):
        self.survey = survey
        self.lang = lang

    def label(self, name: str) -> str:
        """A field or derived name in words, lowercase, for "mangler svar: ..."."""
        if name in self.survey.by_name:
            return _lower_first(self.survey.label(name, self.lang))
        labels = self.survey.derived_label.get(name, {})
        return labels.get(self.lang) or name

    def __call__(self, name: str, value: Any) -> str:
        lang = self.lang
        if value is None:
            return "–"
        if value is expr.UNKNOWN:
            return word("unknown", lang)
        if isinstance(value, bool):
            return word("yes" if value else "no", lang)
        if isinstance(value, (int, float)):
            return format_number(value, lang)
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M" if lang == "en" else "%d.%m.%Y %H:%M")
        if isinstance(value, dt.date):
            return value.strftime("%Y-%m-%d" if lang == "en" else "%d.%m.%Y")
        field = self.survey.by_name.get(name)
        if field is None or not field.is_choice:
            return str(value)
        if isinstance(value, tuple):
            return ", ".join(_lower_first(field.choice_label(code, lang)) for code in value)
        if field.type == "yesno":
            return word(value, lang)
        return _lower_first(field.choice_label(value, lang))


def _lower_first(text: str) -> str:
    """ "Delvis" -> "delvis", but "NKS" and "Nav-kontor" keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower() and not text.startswith("Nav"):
        return text[0].lower() + text[1:]
    return text
