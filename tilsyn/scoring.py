"""Scoring: typed records x a criteria catalogue -> a status and an evidence sentence per criterion.

The result, a `ScoreRun`, is the interchange the report and export commands build on
(docs/CONTRACTS.md, "Scoring results"): `to_json` gives the spec's `tilsyn score --json` shape
plus extra keys, and `from_json` rebuilds a run from a saved file, so nothing downstream needs
to score again or to have the catalogue at hand.

Rules are compiled once, names resolve through `Survey.lookup` (parameters seed its cache), and
an evidence sentence is rendered once per distinct set of values it shows, so 100,000 records
score in a few seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from tilsyn import expr
from tilsyn.aggregate import Counts, CriterionCounts, GroupSummary, count_criteria, group_by
from tilsyn.criteria import (
    MISSING,
    Catalogue,
    CatalogueError,
    Criterion,
    Parameters,
    placeholders,
)
from tilsyn.i18n import word
from tilsyn.numbers import format_number
from tilsyn.survey import Survey, get_survey


class Assessment(NamedTuple):
    """An inspector's judgement that overrides the automatic status: why, who, when."""

    justification: str
    by: str = ""  # initials
    on: str = ""  # ISO date

    def to_json(self) -> dict[str, str]:
        return {"justification": self.justification, "by": self.by, "on": self.on}


class Result(NamedTuple):
    """The outcome of one criterion for one record.

    When an inspector assessed it differently (`tilsyn.assessments`), `status` is the final
    status, `automatic_status` what the rules gave and `assessment` the reason; both None
    otherwise.
    """

    status: str  # pass, fail, not_applicable, not_answered
    evidence: str
    automatic_status: str | None = None
    assessment: Assessment | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "evidence": self.evidence}
        if self.assessment is not None:
            data["automatic_status"] = self.automatic_status
            data["assessment"] = self.assessment.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        assessment = data.get("assessment")
        if assessment is None:
            return cls(data["status"], data.get("evidence", ""))
        return cls(
            data["status"],
            data.get("evidence", ""),
            data["automatic_status"],
            Assessment(
                assessment["justification"], assessment.get("by", ""), assessment.get("on", "")
            ),
        )


@dataclass(slots=True)
class ScoredRecord:
    """One record's results, with the fields that identify and group it (JSON-ready values)."""

    key: str
    info: dict[str, Any]  # the key field, survey round, date, county, municipality, office
    results: dict[str, Result]

    def to_json(self) -> dict[str, Any]:
        return {**self.info, "results": {cid: r.to_json() for cid, r in self.results.items()}}


@dataclass(frozen=True, slots=True)
class CriterionSummary:
    """A criterion's national counts and its description in the run's language."""

    id: str
    counts: Counts
    title: str
    rationale: str
    severity: str
    legal_basis: tuple[str, ...]
    recommendations: tuple[str, ...]
    # What decides the status, so two runs can tell whether a criterion is the same one:
    # a short hash of its rules, and the values of the parameters they read ("" / () when
    # read back from results saved before these were recorded).
    rule: str = ""
    rule_parameters: tuple[tuple[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.counts.to_json(),
            "title": self.title,
            "rationale": self.rationale,
            "severity": self.severity,
            "legal_basis": list(self.legal_basis),
            "recommendations": list(self.recommendations),
            "rule": self.rule,
            "rule_parameters": dict(self.rule_parameters),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CriterionSummary:
        return cls(
            data["id"],
            Counts.from_json(data),
            data.get("title", data["id"]),
            data.get("rationale", ""),
            data.get("severity", ""),
            tuple(data.get("legal_basis", ())),
            tuple(data.get("recommendations", ())),
            data.get("rule", ""),
            tuple(data.get("rule_parameters", {}).items()),
        )


@dataclass
class ScoreRun:
    """Everything one scoring run produced, and what produced it."""

    survey: dict[str, str]  # id, version, key (call_id), records_key (calls)
    catalogue: dict[str, Any]  # id, version, parameters used, defaults, parameter_sources, source
    lang: str
    records: list[ScoredRecord]
    criteria: list[CriterionSummary]
    groups: dict[str, list[GroupSummary]] = field(default_factory=dict)
    excluded: list[dict[str, Any]] = field(default_factory=list)
    tilsyn_version: str = ""

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    @property
    def parameters(self) -> dict[str, Any]:
        return self.catalogue["parameters"]

    def summary(self, criterion_id: str) -> CriterionSummary:
        for summary in self.criteria:
            if summary.id == criterion_id:
                return summary
        raise KeyError(criterion_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "tilsyn_version": self.tilsyn_version,
            "survey": dict(self.survey),
            "catalogue": dict(self.catalogue),
            "lang": self.lang,
            self.survey["records_key"]: [r.to_json() for r in self.records],
            "criteria": [c.to_json() for c in self.criteria],
            "groups": {by: [g.to_json() for g in groups] for by, groups in self.groups.items()},
            "excluded": list(self.excluded),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScoreRun:
        """A run read back from `to_json` output (a saved `tilsyn score --json` file)."""
        survey = dict(data["survey"])
        if "key" not in survey or "records_key" not in survey:
            definition = get_survey(survey["id"])
            survey.setdefault("key", definition.key)
            survey.setdefault("records_key", definition.records_key)
        key = survey["key"]
        records = []
        for entry in data[survey["records_key"]]:
            info = {k: v for k, v in entry.items() if k not in ("results", "values")}
            results = {cid: Result.from_json(r) for cid, r in entry["results"].items()}
            records.append(ScoredRecord(str(info.get(key, "")), info, results))
        return cls(
            survey=survey,
            catalogue=dict(data["catalogue"]),
            lang=data.get("lang", "nb"),
            records=records,
            criteria=[CriterionSummary.from_json(c) for c in data["criteria"]],
            groups={
                by: [GroupSummary.from_json(g) for g in groups]
                for by, groups in data.get("groups", {}).items()
            },
            excluded=list(data.get("excluded", [])),
            tilsyn_version=data.get("tilsyn_version", ""),
        )


# ---------------------------------------------------------------------------------------------
# Scoring


def score(
    records: Iterable[Any],
    catalogue: Catalogue,
    params: Parameters | None = None,
    lang: str = "nb",
    by: Sequence[str] = (),
    excluded: Sequence[dict[str, Any]] = (),
) -> ScoreRun:
    """Score every record (a `tilsyn.Record` of the catalogue's survey: `.survey`, `.key`, typed
    `.values`).

    `params` defaults to the catalogue's defaults; `by` names groupings to count as well
    (the survey's grouping levels, e.g. county, municipality, office); `excluded` (records left out, JSON-ready) is carried into
    the run so the output can name them. Raises CatalogueError (CAT014) if a rule cannot be
    evaluated on a record, which means the rule is wrong, not the record.
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
    run = ScoreRun(
        survey={
            "id": survey.id,
            "version": survey.version,
            "key": survey.key,
            "records_key": survey.records_key,
        },
        catalogue={
            "id": catalogue.id,
            "version": catalogue.version,
            "source": catalogue.source,
            "parameters": dict(params.values),
            "defaults": params.defaults,
            "parameter_sources": dict(params.sources),
        },
        lang=lang,
        records=scored,
        criteria=[],
        excluded=list(excluded),
        tilsyn_version=__version__,
    )
    counts = count_criteria(scored, [c.id for c in catalogue.criteria])
    run.criteria = [
        _summary(c, n, lang, constants) for c, n in zip(catalogue.criteria, counts, strict=False)
    ]
    for level in levels:
        run.groups[level.id] = group_by(run, level.fields)
    return run


def regroup(run: ScoreRun, level_id: str) -> list[GroupSummary]:
    """A run's counts per group of one of its survey's levels (after its statuses changed)."""
    return group_by(run, get_survey(run.survey["id"]).level(level_id).fields)


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
    plain = [n for n in _info_fields(survey) if survey.by_name[n].type not in ("date", "datetime")]
    dates = [n for n in _info_fields(survey) if n not in plain]
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
        info = {name: get(name) for name in plain}
        for name in dates:
            value = get(name)
            info[name] = value if value is None else value.isoformat()
        if shown:
            resolve = resolve or lookup(values, constants)
            info.update((name, _derived_value(resolve, name)) for name in shown)
        if record.source_id:
            info["instance_id"] = record.source_id  # which ODK or Kobo submission it was
        scored.append(ScoredRecord(record.key, info, results))
    return scored


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
        criterion.title[lang],
        criterion.rationale[lang],
        criterion.severity,
        criterion.legal_basis[lang],
        criterion.recommendations,
        rule,
        used,
    )


def _info_fields(survey: Survey) -> list[str]:
    """The fields a scored record carries: its key, survey round, date, group fields, who
    observed it (so a report can count the observers), and numbers (so a report made from saved results can show how e.g. opening hours are spread)."""
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
