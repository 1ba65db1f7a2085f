"""Loading a criteria catalogue: the built-in one of a survey kind or a user's file, checked
against its description (`tilsyn/surveys/schema.py`), the survey definition and the
recommendations, so that a typo is a diagnostic with a line number, never a criterion that is
silently `not_answered` in every call."""

from __future__ import annotations

import re
import string
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from tilsyn import expr
from tilsyn.criteria.model import (
    MISSING,
    Catalogue,
    CatalogueError,
    Criterion,
    Parameter,
    Theme,
)
from tilsyn.diagnostics import diagnostic, phrase
from tilsyn.errors import UsageError
from tilsyn.i18n import LANGS, STATUSES, status_label
from tilsyn.recommendations import RecommendationSet, recommendation_set
from tilsyn.survey import Survey, data_text, get_survey
from tilsyn.surveys.schema import CATALOGUE, CATALOGUE_FILE
from tilsyn.texts import Texts
from tilsyn.tomlcheck import Checker, items, parse_toml, read_text

_STRING_LITERAL = re.compile(r"'([^']*)'|\"([^\"]*)\"")

# Evidence when a criterion gives none of its own: the status in words, and for an unanswered
# criterion the questions left empty (`{missing}`, filled in by scoring).
_DEFAULT_EVIDENCE = {
    "not_applicable": {lang: status_label("not_applicable", lang) for lang in LANGS},
    "not_answered": {lang: Texts("words", lang).raw("evidence.not_answered") for lang in LANGS},
}


def catalogue_file(survey_id: str) -> str:
    """The built-in catalogue's file name for a survey kind (it may not exist yet)."""
    return f"{survey_id}.criteria.toml"


def has_catalogue(survey_id: str) -> bool:
    return resources.files("tilsyn.surveys").joinpath(catalogue_file(survey_id)).is_file()


@cache
def builtin_catalogue(survey_id: str) -> Catalogue:
    """The catalogue that ships for a survey kind; KeyError if there is none."""
    if not has_catalogue(survey_id):
        raise KeyError(survey_id)
    name = catalogue_file(survey_id)
    return parse_catalogue(data_text(name), name, source="built-in")


def choose_catalogue(
    survey_ids: Iterable[str], path: str | Path | None = None, survey: str | None = None
) -> Catalogue:
    """The catalogue of a run: the user's file, the built-in one of `survey`, or else of the
    input's survey kind (the first known kind when the input holds several).

    UsageError when that survey kind has no built-in catalogue (give one with --criteria), or
    the file is for another survey than `survey`.
    """
    from tilsyn.survey import survey_ids as known

    if path is not None:
        catalogue = read_catalogue(path)
        if survey is not None and catalogue.survey.id != survey:
            raise UsageError(
                phrase("catalogue_survey", path=path, found=catalogue.survey.id, survey=survey),
                hint=phrase("catalogue_survey_hint"),
            )
        return catalogue
    present = set(survey_ids)
    if survey is None:
        survey = next((kind for kind in known() if kind in present), known()[0])
    if not has_catalogue(survey):
        raise UsageError(phrase("no_catalogue", survey=survey), hint=phrase("no_catalogue_hint"))
    return builtin_catalogue(survey)


def read_catalogue(path: str | Path) -> Catalogue:
    """A user's catalogue file; CatalogueError with every problem found in it."""
    text = read_text(Path(path), "CAT001", CatalogueError)
    return parse_catalogue(text, str(path), source=str(path))


def parse_catalogue(
    text: str,
    file: str = "<catalogue>",
    source: str | None = None,
    survey: Survey | None = None,
    recommendations: RecommendationSet | None = None,
) -> Catalogue:
    """Build and check a catalogue from TOML text; CatalogueError lists every problem.

    `survey` is the survey the catalogue is for when it is not one the process knows by its
    id (a user's survey read back from a saved dataset), and `recommendations` its survey
    kind's recommendations (default: those read beside its definition, or the built-in
    ones); the catalogue carries them to the report."""
    data = parse_toml(text, file, "CAT001", CatalogueError, "toml")
    checker = Checker(text, file, CATALOGUE_FILE, data)
    try:
        walked = checker.walk(data, CATALOGUE)
        catalogue = _catalogue(checker, walked, source or file, survey, recommendations)
    except (ValueError, RecursionError, OverflowError):
        raise _beyond_limits(file) from None
    if checker.problems or catalogue is None:
        raise CatalogueError(checker.problems)
    catalogue.source_text = text
    return catalogue


def _beyond_limits(file: str) -> CatalogueError:
    """A catalogue nested too deeply or holding a number too long for any rule (a damaged or
    hostile file): one clear diagnostic instead of a failure half-way."""
    return CatalogueError([diagnostic("CAT001", "limits", file=file)])


# ---------------------------------------------------------------------------------------------
# What the description cannot say: the survey it names, parameter names, rules, references


def _catalogue(
    checker: Checker,
    data: dict[str, Any],
    source: str,
    known: Survey | None = None,
    recommendations: RecommendationSet | None = None,
) -> Catalogue | None:
    survey = None
    if known is not None and data.get("survey") == known.id:
        survey = known
    elif "survey" in data:
        try:
            survey = get_survey(data["survey"])
        except KeyError:
            checker.add("CAT002", "survey", ("survey",), survey=data["survey"])
    if survey is None or "criteria" not in data:
        return None
    defaults = data.get("evidence", {})
    parameters = _parameters(checker, data["criteria"], survey)
    chosen = recommendations if recommendations is not None else recommendation_set(survey.id)
    criteria: list[Criterion] = []
    seen: dict[str, int] = {}
    for index, raw in items(data["criteria"]):
        criterion = _Criterion(checker, index, survey, parameters).build(raw, defaults, chosen)
        if criterion is None:
            continue
        key = criterion.id.casefold()
        if key in seen:
            first = seen[key] + 1
            path = ("criteria", index)
            checker.add("CAT004", "", (*path, "id"), named=path, id=criterion.id, first=first)
            continue
        seen[key] = index
        criteria.append(criterion)
    if not {"id", "version"} <= data.keys():
        return None
    version = str(data["version"])
    ids = [c.id for c in criteria]
    _check_rested_on(checker, chosen, ids)
    themes = _themes(checker, data.get("themes", []), data["criteria"], ids)
    return Catalogue(
        data["id"],
        version,
        survey,
        tuple(criteria),
        parameters,
        chosen,
        source,
        themes=themes,
    )


def _check_rested_on(checker: Checker, chosen: Any, ids: list[str]) -> None:
    """The criteria a recommendations file says a recommendation rests on must be the
    catalogue's (REC003, pointing into that file)."""
    for rid in sorted(chosen.given_criteria):
        unknown = [c for c in chosen.recommendations[rid].criteria if c not in ids]
        if unknown:
            params = {"id": rid, "names": ", ".join(unknown), "known": ", ".join(sorted(ids))}
            checker.problems.append(
                diagnostic("REC003", "criterion", params, file=chosen.file, field=rid)
            )


def _themes(checker: Checker, raw: list, raw_criteria: list, built: list[str]) -> tuple[Theme, ...]:
    """`[[themes]]` (their keys checked by the description): criteria the catalogue declares
    (one with mistakes of its own is reported for those), none in two themes (CAT016)."""
    declared = [str(c.get("id")) for _, c in items(raw_criteria)]
    themes: list[Theme] = []
    placed: dict[str, str] = {}
    for index, entry in items(raw):
        if not {"id", "title", "criteria"} <= entry.keys():
            continue
        path = ("themes", index, "criteria")
        for cid in entry["criteria"]:
            if cid not in declared:
                checker.add("CAT016", "", path, id=cid, known=", ".join(declared))
            elif cid in placed:
                checker.add("CAT016", "twice", path, id=cid, other=placed[cid])
            placed.setdefault(cid, entry["id"])
        kept = tuple(c for c in entry["criteria"] if c in built)
        themes.append(Theme(entry["id"], entry["title"], kept))
    return tuple(themes)


def _parameters(checker: Checker, raw_criteria: list, survey: Survey) -> dict[str, Parameter]:
    """Every criterion's parameters, collected first: any rule may read any of them."""
    found: dict[str, Parameter] = {}
    for index, raw in items(raw_criteria):
        owner = raw.get("id", f"criterion {index + 1}")
        for name, spec in raw.get("parameters", {}).items():
            path = ("criteria", index, "parameters", name)
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                checker.add("CAT009", "name", path, name=name)
            elif name in survey.by_name or name in survey.derived or name == MISSING:
                checker.add("CAT009", "taken", path, name=name, survey=survey.id)
            elif name in found:
                checker.add("CAT009", "twice", path, name=name, other=found[name].criterion)
            elif "default" in spec:
                found[name] = _parameter(checker, path, owner, name, spec)
    return found


def _parameter(checker: Checker, path: tuple, owner: str, name: str, spec: dict) -> Parameter:
    bounds = (spec.get("min"), spec.get("max"))
    label = spec.get("label", {})
    parameter = Parameter(name, spec["default"], owner, label, spec.get("unit", ""), *bounds)
    try:
        parameter.coerce(spec["default"])
    except ValueError as exc:
        checker.add("CAT008", "range", path, detail=exc)
    return parameter


class _Criterion:
    """One criterion's rules and references, checked against the survey and parameters."""

    def __init__(
        self, checker: Checker, index: int, survey: Survey, parameters: dict[str, Parameter]
    ):
        self.checker, self.index, self.survey, self.parameters = checker, index, survey, parameters
        self.path = ("criteria", index)

    def build(
        self, raw: dict[str, Any], defaults: dict[str, Any], known: RecommendationSet
    ) -> Criterion | None:
        checker, path = self.checker, self.path
        before = len(checker.problems)
        recs = known.recommendations
        for rec in raw.get("recommendations", ()):
            if rec not in recs:
                where = (*path, "recommendations")
                checker.add("CAT007", "", where, rec=rec, recs=", ".join(recs))
        applies = self.rule(raw, "applies")
        passes = self.rule(raw, "passes")
        given = raw.get("evidence", {})
        if not self.failed((*path, "evidence")):
            for status in ("pass", "fail"):
                if status not in defaults and status not in given:
                    checker.add("CAT010", "missing", (*path, "evidence"), status=status)
        evidence = {**_DEFAULT_EVIDENCE, **defaults, **given}
        self.check_placeholders(evidence)
        self.check_title(raw.get("title"))
        complete = {"id", "title", "rationale", "severity"} <= raw.keys()
        if checker.problems[before:] or self.failed(path) or passes is None or not complete:
            return None
        legal_basis = raw.get("legal_basis") or {lang: () for lang in LANGS}
        return Criterion(
            raw["id"],
            raw["title"],
            raw["rationale"],
            {lang: tuple(legal_basis[lang]) for lang in LANGS},
            raw["severity"],
            tuple(raw.get("recommendations", ())),
            applies,
            passes,
            {status: evidence.get(status, {}) for status in STATUSES},
            tuple(raw.get("parameters", {})),
        )

    def failed(self, path: tuple) -> bool:
        """Whether a value at or under `path` did not fit the description."""
        return any(p[: len(path)] == path for p in self.checker.failed)

    def rule(self, raw: dict[str, Any], key: str) -> expr.Expr | None:
        if key not in raw:
            return None
        path = (*self.path, key)
        compiled = self.checker.rule(raw[key], path)
        if compiled is None:
            return None
        known = set(self.survey.by_name) | set(self.survey.derived) | set(self.parameters)
        unknown = sorted(compiled.names - known)
        if unknown:
            names = ", ".join(map(repr, unknown))
            self.checker.add("CAT006", "", path, names=names, survey=self.survey.id)
            return None
        self.check_codes(compiled, path)
        return compiled

    def check_codes(self, compiled: expr.Expr, path: tuple) -> None:
        """Every quoted code must be a choice of the fields the rule reads (CAT013).

        Only checked when every field the rule names is a choice field, so a rule comparing a
        text field with a text is left alone.
        """
        by_name, parameters = self.survey.by_name, self.parameters
        fields = [by_name[n] for n in compiled.names if n in by_name]
        if (
            not fields
            or not all(f.is_choice for f in fields)
            or any(
                isinstance(parameters[n].default, str) for n in compiled.names if n in parameters
            )
        ):
            return
        codes = {code for f in fields for code in f.codes}
        names = ", ".join(sorted(f.name for f in fields))
        for match in _STRING_LITERAL.finditer(compiled.source):
            literal = match.group(1) if match.group(1) is not None else match.group(2)
            if literal not in codes:
                listed = ", ".join(sorted(codes))
                self.checker.add("CAT013", "", path, literal=literal, names=names, codes=listed)

    def check_placeholders(self, evidence: dict[str, dict[str, str]]) -> None:
        survey = self.survey
        allowed = (
            set(survey.derived)
            | set(self.parameters)
            | {MISSING}
            | {f.name for f in survey.fields if not f.personal_data}
        )
        for status, texts in evidence.items():
            for lang, template in texts.items():
                mistake = _template_problem(template, allowed, survey)
                if mistake:
                    path = (*self.path, "evidence", status)
                    named = (*path, lang)
                    self.checker.add("CAT010", "template", path, named=named, mistake=mistake)

    def check_title(self, title: Any) -> None:
        """A title may show its parameters' values ({min_reception_hours}), nothing else."""
        if not isinstance(title, dict) or self.failed((*self.path, "title")):
            return
        for lang, template in title.items():
            mistake = _template_problem(str(template), set(self.parameters), self.survey)
            if mistake:
                path = (*self.path, "title")
                self.checker.add("CAT010", "template", path, named=(*path, lang), mistake=mistake)


def _template_problem(template: str, allowed: set[str], survey: Survey) -> str | None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"bad template: {exc}"
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            return (
                f"{{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} is not allowed: only {{name}}; numbers are "
                "formatted for the language"
            )
        if name not in allowed:
            field = survey.by_name.get(name)
            if field is not None and field.personal_data:
                return f"{{{name}}} may hold personal data and cannot appear in evidence"
            return f"unknown name {{{name}}}: not a field, derived name or parameter"
    return None
