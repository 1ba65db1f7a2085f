"""Criteria catalogues: the data that says what counts as accessible, and its load-time checks.

A catalogue (`tilsyn/surveys/<survey>.criteria.toml`, or a user's file given with
`--criteria`) holds every criterion's titles, rationale, legal basis, severity, the
recommendations it supports, its parameters with defaults, its applies/passes rules and its
evidence templates. Everything is checked when the file is loaded, against the survey
definition and the recommendations, so a typo is a diagnostic with a line number, never a
criterion that is silently `not_answered` in every call.
"""

from __future__ import annotations

import json
import re
import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from tilsyn import expr
from tilsyn.diagnostics import diagnostic, language, phrase
from tilsyn.errors import ERROR, Diagnostic, TilsynError, UsageError
from tilsyn.glossary import count_phrase
from tilsyn.i18n import LANGS, STATUSES, status_label
from tilsyn.numbers import format_value
from tilsyn.survey import Survey, data_text, get_survey
from tilsyn.texts import Texts
from tilsyn.usercache import load_toml

SEVERITIES = ("high", "medium", "low")

_TOP_KEYS = {"id", "version", "survey", "title", "description", "evidence", "criteria"}
_CRITERION_KEYS = {
    "id",
    "title",
    "rationale",
    "legal_basis",
    "severity",
    "recommendations",
    "applies",
    "passes",
    "parameters",
    "evidence",
}
_PARAMETER_KEYS = {"default", "unit", "label", "min", "max"}
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_STRING_LITERAL = re.compile(r"'([^']*)'|\"([^\"]*)\"")

# Evidence when a criterion gives none of its own: the status in words, and for an unanswered
# criterion the questions left empty (`{missing}`, filled in by scoring).
_DEFAULT_EVIDENCE = {
    "not_applicable": {lang: status_label("not_applicable", lang) for lang in LANGS},
    "not_answered": {lang: Texts("words", lang).raw("evidence.not_answered") for lang in LANGS},
}
MISSING = "missing"


class CatalogueError(TilsynError):
    """A catalogue or parameter file with errors: every diagnostic, each with its location."""

    def __init__(self, diagnostics: list[Diagnostic], message: str = "", hint: str = ""):
        errors = count_phrase(len(diagnostics), "error", language())
        super().__init__(
            message or phrase("catalogue_errors", errors=errors),
            hint=hint or phrase("catalogue_errors_hint"),
            diagnostics=diagnostics,
        )


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: dict[str, str]
    text: dict[str, str]
    source: str


@dataclass(frozen=True)
class Parameter:
    """A threshold a rule reads by name; the default is documented, a run may override it."""

    name: str
    default: Any
    criterion: str
    label: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    min: float | None = None
    max: float | None = None

    def coerce(self, value: Any) -> Any:
        """The override `value` as the default's type; ValueError says what is wrong."""
        if isinstance(self.default, bool):
            text = str(value).strip().casefold()
            if isinstance(value, bool) or text in ("true", "false", "yes", "no", "ja", "nei"):
                return value if isinstance(value, bool) else text in ("true", "yes", "ja")
            raise ValueError(f"expected true or false, got {value!r}")
        if isinstance(self.default, str):
            if isinstance(value, (dict, list)):
                raise ValueError(f"expected a text, got {value!r}")
            return str(value)
        number = _number(value)
        low = -float("inf") if self.min is None else self.min
        high = float("inf") if self.max is None else self.max
        if not low <= number <= high:
            raise ValueError(f"{value!r} is outside {_bound(self.min)} to {_bound(self.max)}")
        return number

    def display_label(self, lang: str) -> str:
        return self.label.get(lang) or self.name


def _bound(value: float | None) -> str:
    return "(no limit)" if value is None else str(value)


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"expected a number, got {value!r}")
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected a number such as 7,5, got {value!r}") from None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True)
class Criterion:
    """One criterion: what it checks, why, and the rules and words that score a record."""

    id: str
    title: dict[str, str]
    rationale: dict[str, str]
    legal_basis: dict[str, tuple[str, ...]]
    severity: str
    recommendations: tuple[str, ...]
    applies: expr.Expr | None  # None: always
    passes: expr.Expr
    evidence: dict[str, dict[str, str]]  # status -> lang -> template
    parameters: tuple[str, ...]  # names declared by this criterion

    @property
    def names(self) -> frozenset[str]:
        """Every name the rules read."""
        return self.passes.names | (self.applies.names if self.applies else frozenset())


@dataclass
class Parameters:
    """The parameter values of a run and where each came from (default, a file, --set)."""

    specs: dict[str, Parameter]
    values: dict[str, Any]
    sources: dict[str, str]

    def override(self, values: dict[str, Any], source: str) -> Parameters:
        """These values over the current ones; CatalogueError (PAR001/PAR002) if any is wrong."""
        problems = []
        new_values, new_sources = dict(self.values), dict(self.sources)
        for name, value in values.items():
            spec = self.specs.get(name)
            if spec is None:
                problems.append(
                    diagnostic(
                        "PAR001",
                        params={"name": name, "known": ", ".join(self.specs) or "–"},
                        file=source,
                        field=name,
                    )
                )
                continue
            try:
                new_values[name] = spec.coerce(value)
            except ValueError as exc:
                problems.append(
                    diagnostic(
                        "PAR002",
                        params={
                            "name": name,
                            "value": value,
                            "detail": exc,
                            "default": format_value(spec.default, language()),
                        },
                        file=source,
                        field=name,
                    )
                )
                continue
            new_sources[name] = source
        if problems:
            raise CatalogueError(
                problems,
                phrase("parameter_errors", errors=count_phrase(len(problems), "error", language())),
                phrase("parameter_errors_hint"),
            )
        return Parameters(self.specs, new_values, new_sources)

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: spec.default for name, spec in self.specs.items()}


@dataclass
class Catalogue:
    """A checked criteria catalogue for one survey kind."""

    id: str
    version: str
    survey: Survey
    criteria: tuple[Criterion, ...]
    parameters: dict[str, Parameter]
    recommendations: dict[str, Recommendation]
    source: str  # "built-in" or the file it was read from
    source_text: str = ""  # the TOML it was read from, saved with a scored dataset

    def criterion(self, criterion_id: str) -> Criterion | None:
        for criterion in self.criteria:
            if criterion.id.casefold() == criterion_id.casefold():
                return criterion
        return None

    def default_parameters(self) -> Parameters:
        return Parameters(
            self.parameters,
            {n: p.default for n, p in self.parameters.items()},
            dict.fromkeys(self.parameters, "default"),
        )


# ---------------------------------------------------------------------------------------------
# Loading


def catalogue_file(survey_id: str) -> str:
    """The built-in catalogue's file name for a survey kind (it may not exist yet)."""
    return f"{survey_id}.criteria.toml"


def has_catalogue(survey_id: str) -> bool:
    return resources.files("tilsyn.surveys").joinpath(catalogue_file(survey_id)).is_file()


@cache
def recommendations() -> dict[str, Recommendation]:
    """Every recommendation criteria can support (R1-R7, N1-N3), by id."""
    data = load_toml(data_text("recommendations.toml"))
    return {
        r["id"]: Recommendation(r["id"], dict(r["title"]), dict(r["text"]), r.get("source", ""))
        for r in data["recommendations"]
    }


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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CatalogueError(
            [diagnostic("CAT001", "read", {"detail": reason}, file=str(path))]
        ) from None
    return parse_catalogue(text, str(path), source=str(path))


def parse_catalogue(text: str, file: str = "<catalogue>", source: str | None = None) -> Catalogue:
    """Build and check a catalogue from TOML text; CatalogueError lists every problem."""
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise CatalogueError(
            [
                diagnostic(
                    "CAT001",
                    "toml",
                    {"detail": exc},
                    file=file,
                    row=int(line.group(1)) if line else None,
                )
            ]
        ) from None
    except (ValueError, RecursionError):
        raise _beyond_limits(file) from None
    checker = _Checker(text, file)
    try:
        catalogue = checker.catalogue(data, source or file)
    except (ValueError, RecursionError, OverflowError):
        raise _beyond_limits(file) from None
    if checker.problems:
        raise CatalogueError(checker.problems)
    catalogue.source_text = text
    assert catalogue is not None
    return catalogue


def _beyond_limits(file: str) -> CatalogueError:
    """A catalogue nested too deeply or holding a number too long for any rule (a damaged or
    hostile file): one clear diagnostic instead of a failure half-way."""
    return CatalogueError([diagnostic("CAT001", "limits", file=file)])


def problem(
    code: str, message: str, hint: str, file: str, where: str | None = None, row: int | None = None
) -> Diagnostic:
    """A CAT or PAR diagnostic: `where` is the criterion and key (K04.passes), `row` the line."""
    return Diagnostic(code, ERROR, message, hint, file=file, field=where, row=row)


class _Lines:
    """Line numbers of keys in the catalogue text (tomllib gives none), for diagnostics."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.starts = [
            i for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*criteria\s*\]\]", line)
        ]

    def find(self, index: int | None, *keys: str) -> int | None:
        """1-based line of the key path inside criterion `index` (None: the top level).

        Each key is looked for after the line of the one before it; a key not found leaves the
        line of the last one that was (at worst the criterion's `[[criteria]]` line).
        """
        if index is None:
            start, end, found = 0, self.starts[0] if self.starts else len(self.lines), None
        elif index < len(self.starts):
            start = found = self.starts[index]
            end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.lines)
        else:
            return None
        for key in keys:
            k = re.escape(key)
            pattern = re.compile(rf"^\s*\[[^\]]*\b{k}\b|(^|[{{,])\s*{k}\s*=")
            for i in range(start if found is None else found, end):
                if pattern.search(self.lines[i]):
                    found = i
                    break
        return None if found is None else found + 1


class _Checker:
    """Builds a Catalogue while collecting every problem, rather than stopping at the first."""

    def __init__(self, text: str, file: str):
        self.file = file
        self.lines = _Lines(text)
        self.problems: list[Diagnostic] = []

    def add(
        self,
        code: str,
        variant: str,
        params: dict[str, Any],
        index: int | None,
        where: str,
        *keys: str,
    ) -> None:
        """A problem of `code`, its words from the registry; `where` (K04.passes) is both the
        place named in the message and the diagnostic's field, `keys` find its line."""
        self.problems.append(
            diagnostic(
                code,
                variant,
                {"where": where, **params},
                file=self.file,
                field=where,
                row=self.lines.find(index, *keys),
            )
        )

    # -- top level

    def catalogue(self, data: dict, source: str) -> Catalogue | None:
        for key in sorted(set(data) - _TOP_KEYS):
            self.add(
                "CAT012", "top", {"key": key, "known": ", ".join(sorted(_TOP_KEYS))}, None, key, key
            )
        header = {}
        examples = {"id": "my-catalogue", "version": "1", "survey": "nks-call"}
        for key in ("id", "version", "survey"):
            value = data.get(key)
            if isinstance(value, int) and key == "version":
                value = str(value)
            if not isinstance(value, str) or not value.strip():
                self.add("CAT002", "needs", {"key": key, "example": examples[key]}, None, key, key)
            header[key] = value
        survey = None
        if isinstance(header["survey"], str):
            try:
                survey = get_survey(header["survey"])
            except KeyError:
                self.add("CAT002", "survey", {"survey": header["survey"]}, None, "survey", "survey")
        raw_criteria = data.get("criteria")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            self.add("CAT002", "criteria", {}, None, "criteria", "criteria")
            return None
        defaults = self.evidence(data.get("evidence", {}), None, "evidence", required=())
        if survey is None:
            return None
        recs = recommendations()
        parameters = self.parameters(raw_criteria, survey)
        criteria: list[Criterion] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_criteria):
            criterion = self.criterion(index, raw, survey, parameters, recs, defaults)
            if criterion is None:
                continue
            key = criterion.id.casefold()
            if key in seen:
                self.add(
                    "CAT004",
                    "",
                    {"id": criterion.id, "first": seen[key] + 1},
                    index,
                    criterion.id,
                    "id",
                )
                continue
            seen[key] = index
            criteria.append(criterion)
        return Catalogue(
            str(header["id"]),
            str(header["version"]),
            survey,
            tuple(criteria),
            parameters,
            recs,
            source,
        )

    # -- parameters (collected first: any rule may read any parameter of the catalogue)

    def parameters(self, raw_criteria: list, survey: Survey) -> dict[str, Parameter]:
        found: dict[str, Parameter] = {}
        for index, raw in enumerate(raw_criteria):
            if not isinstance(raw, dict):
                continue
            owner = str(raw.get("id", f"criterion {index + 1}"))
            table = raw.get("parameters", {})
            if not isinstance(table, dict):
                self.add("CAT003", "parameters", {}, index, owner, "parameters")
                continue
            for name, spec in table.items():
                where = f"{owner}.parameters.{name}"
                parameter = self.parameter(index, where, owner, name, spec, survey, found)
                if parameter is not None:
                    found[name] = parameter
        return found

    def parameter(
        self,
        index: int,
        where: str,
        owner: str,
        name: str,
        spec: Any,
        survey: Survey,
        found: dict[str, Parameter],
    ) -> Parameter | None:
        keys = ("parameters", name)
        if not isinstance(spec, dict):
            spec = {"default": spec}
        for key in sorted(set(spec) - _PARAMETER_KEYS):
            self.add(
                "CAT012",
                "",
                {"key": key, "known": ", ".join(sorted(_PARAMETER_KEYS))},
                index,
                where,
                *keys,
            )
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            self.add("CAT009", "name", {"name": name}, index, where, *keys)
            return None
        if name in survey.by_name or name in survey.derived or name == MISSING:
            self.add("CAT009", "taken", {"name": name, "survey": survey.id}, index, where, *keys)
            return None
        if name in found:
            self.add(
                "CAT009",
                "twice",
                {"name": name, "other": found[name].criterion},
                index,
                where,
                *keys,
            )
            return None
        default = spec.get("default")
        if default is None or not isinstance(default, (int, float, str, bool)):
            self.add(
                "CAT008",
                "no_default" if default is None else "default_type",
                {},
                index,
                where,
                *keys,
            )
            return None
        label = spec.get("label", {})
        if label and not self.texts(label, index, f"{where}.label", *keys, "label"):
            label = {}
        bounds = {k: spec.get(k) for k in ("min", "max")}
        for key, value in bounds.items():
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float))
            ):
                self.add("CAT008", "bound", {"key": key}, index, where, *keys)
                bounds[key] = None
        parameter = Parameter(
            name,
            default,
            owner,
            dict(label),
            str(spec.get("unit", "")),
            bounds["min"],
            bounds["max"],
        )
        try:
            parameter.coerce(default)
        except ValueError as exc:
            self.add("CAT008", "range", {"detail": exc}, index, where, *keys)
        return parameter

    # -- one criterion

    def criterion(
        self,
        index: int,
        raw: Any,
        survey: Survey,
        parameters: dict[str, Parameter],
        recs: dict[str, Recommendation],
        defaults: dict,
    ) -> Criterion | None:
        if not isinstance(raw, dict):
            self.add("CAT003", "not_table", {"n": index + 1}, index, f"criterion {index + 1}")
            return None
        cid = raw.get("id")
        if not isinstance(cid, str) or not _ID.match(cid):
            self.add("CAT003", "id", {"n": index + 1}, index, f"criterion {index + 1}", "id")
            return None
        before = len(self.problems)
        for key in sorted(set(raw) - _CRITERION_KEYS):
            self.add(
                "CAT012",
                "",
                {"key": key, "known": ", ".join(sorted(_CRITERION_KEYS))},
                index,
                cid,
                key,
            )
        title = self.texts(raw.get("title"), index, f"{cid}.title", "title")
        rationale = self.texts(raw.get("rationale"), index, f"{cid}.rationale", "rationale")
        legal_basis = self.legal_basis(raw.get("legal_basis", {}), index, cid)
        severity = raw.get("severity")
        if severity not in SEVERITIES:
            self.add(
                "CAT011",
                "",
                {"severities": ", ".join(SEVERITIES), "value": severity},
                index,
                f"{cid}.severity",
                "severity",
            )
        rec_ids = raw.get("recommendations", [])
        if not isinstance(rec_ids, list) or not all(isinstance(r, str) for r in rec_ids):
            self.add(
                "CAT003", "recommendations", {}, index, f"{cid}.recommendations", "recommendations"
            )
            rec_ids = []
        for rec in rec_ids:
            if rec not in recs:
                self.add(
                    "CAT007",
                    "",
                    {"rec": rec, "recs": ", ".join(recs)},
                    index,
                    f"{cid}.recommendations",
                    "recommendations",
                )
        known = set(survey.by_name) | set(survey.derived) | set(parameters)
        applies = self.rule(
            raw.get("applies"), index, cid, "applies", survey, parameters, known, required=False
        )
        passes = self.rule(
            raw.get("passes"), index, cid, "passes", survey, parameters, known, required=True
        )
        evidence = self.evidence(
            raw.get("evidence"),
            index,
            f"{cid}.evidence",
            required=[s for s in ("pass", "fail") if s not in defaults],
        )
        evidence = {**defaults, **evidence}
        for status in STATUSES:
            evidence.setdefault(status, _DEFAULT_EVIDENCE.get(status, {}))
        self.check_placeholders(evidence, index, cid, survey, set(parameters))
        if len(self.problems) > before or passes is None:
            return None
        declared = raw.get("parameters", {})
        return Criterion(
            cid,
            title,
            rationale,
            legal_basis,
            severity,
            tuple(rec_ids),
            applies,
            passes,
            evidence,
            tuple(declared) if isinstance(declared, dict) else (),
        )

    def texts(
        self, value: Any, index: int | None, where: str, *keys: str, code: str = "CAT003"
    ) -> dict[str, str]:
        """A {nb, nn, en} table of non-empty texts."""
        if not isinstance(value, dict):
            self.add(code, "texts", {}, index, where, *keys)
            return {}
        missing = [
            lang
            for lang in LANGS
            if not isinstance(value.get(lang), str) or not value[lang].strip()
        ]
        if missing:
            self.add(code, "lacks", {"missing": ", ".join(missing)}, index, where, *keys)
        return {lang: value[lang] for lang in LANGS if lang not in missing}

    def legal_basis(self, value: Any, index: int, cid: str) -> dict[str, tuple[str, ...]]:
        where = f"{cid}.legal_basis"
        if value == {}:
            return {lang: () for lang in LANGS}
        ok = isinstance(value, dict) and all(
            isinstance(value.get(lang), list) and all(isinstance(s, str) for s in value[lang])
            for lang in LANGS
        )
        if not ok:
            self.add("CAT003", "legal_basis", {}, index, where, "legal_basis")
            return {lang: () for lang in LANGS}
        return {lang: tuple(value[lang]) for lang in LANGS}

    def rule(
        self,
        source: Any,
        index: int,
        cid: str,
        key: str,
        survey: Survey,
        parameters: dict[str, Parameter],
        known: set[str],
        required: bool,
    ) -> expr.Expr | None:
        where = f"{cid}.{key}"
        if source is None and not required:
            return None
        if not isinstance(source, str):
            self.add("CAT003", "rule", {}, index, where, key)
            return None
        try:
            compiled = expr.compile(source)
        except expr.ExprError as exc:
            self.add("CAT005", "", {"detail": exc.message, "rule": source}, index, where, key)
            return None
        unknown = sorted(compiled.names - known)
        if unknown:
            self.add(
                "CAT006",
                "",
                {"names": ", ".join(map(repr, unknown)), "survey": survey.id},
                index,
                where,
                key,
            )
            return None
        self.check_codes(compiled, survey, parameters, index, where, key)
        return compiled

    def check_codes(
        self,
        compiled: expr.Expr,
        survey: Survey,
        parameters: dict[str, Parameter],
        index: int,
        where: str,
        key: str,
    ) -> None:
        """Every quoted code must be a choice of the fields the rule reads (CAT013).

        Only checked when every field the rule names is a choice field, so a rule comparing a
        text field with a text is left alone.
        """
        fields = [survey.by_name[n] for n in compiled.names if n in survey.by_name]
        if (
            not fields
            or not all(f.is_choice for f in fields)
            or any(
                isinstance(parameters[n].default, str) for n in compiled.names if n in parameters
            )
        ):
            return
        codes = {code for f in fields for code in f.codes}
        for match in _STRING_LITERAL.finditer(compiled.source):
            literal = match.group(1) if match.group(1) is not None else match.group(2)
            if literal not in codes:
                names = ", ".join(sorted(f.name for f in fields))
                self.add(
                    "CAT013",
                    "",
                    {"literal": literal, "names": names, "codes": ", ".join(sorted(codes))},
                    index,
                    where,
                    key,
                )

    def evidence(
        self, value: Any, index: int | None, where: str, required: Iterable[str]
    ) -> dict[str, dict[str, str]]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.add("CAT010", "table", {}, index, where, "evidence")
            return {}
        result = {}
        for status in sorted(set(value) - set(STATUSES)):
            self.add(
                "CAT010",
                "status",
                {"status": status, "statuses": ", ".join(STATUSES)},
                index,
                where,
                "evidence",
                status,
            )
        for status in STATUSES:
            if status in value:
                result[status] = self.texts(
                    value[status], index, f"{where}.{status}", "evidence", status, code="CAT010"
                )
            elif status in required:
                self.add("CAT010", "missing", {"status": status}, index, where, "evidence")
        return result

    def check_placeholders(
        self,
        evidence: dict[str, dict[str, str]],
        index: int,
        cid: str,
        survey: Survey,
        parameters: set[str],
    ) -> None:
        allowed = (
            set(survey.derived)
            | parameters
            | {MISSING}
            | {f.name for f in survey.fields if not f.personal_data}
        )
        for status, texts in evidence.items():
            for lang, template in texts.items():
                where = f"{cid}.evidence.{status}.{lang}"
                mistake = _template_problem(template, allowed, survey)
                if mistake:
                    self.add(
                        "CAT010", "template", {"mistake": mistake}, index, where, "evidence", status
                    )


def placeholders(template: str) -> tuple[str, ...]:
    """The names an evidence template shows, in order, once each (template already checked)."""
    return tuple(
        dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name)
    )


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


# ---------------------------------------------------------------------------------------------
# Parameter files and --set


def read_parameter_file(path: str | Path) -> dict[str, Any]:
    """name -> value from a TOML or JSON file (by extension; otherwise JSON, then TOML)."""
    path = Path(path)

    def fail(variant: str, **params: Any) -> CatalogueError:
        return CatalogueError(
            [diagnostic("PAR003", variant, params, file=str(path))],
            phrase("parameter_file", path=path),
            phrase("parameter_file_hint"),
        )

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise fail("read", detail=reason) from None
    parsers = [json.loads, tomllib.loads]
    if path.suffix.lower() == ".toml":
        parsers.reverse()
    elif path.suffix.lower() == ".json":
        parsers = parsers[:1]
    errors = []
    for parse in parsers:
        try:
            data = parse(text)
            break
        except ValueError as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
            errors.append(str(exc))
        except RecursionError:
            errors.append("nested too deeply")
    else:
        raise fail(
            "syntax",
            detail=errors[0],
            format="TOML" if path.suffix.lower() == ".toml" else phrase("json_or_toml"),
        )
    if isinstance(data, dict) and isinstance(data.get("parameters"), dict):
        data = data["parameters"]  # also accept a saved run's "catalogue" block
    if not isinstance(data, dict):
        raise fail("table")
    return data


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """`name=value` strings (from --set) -> a dict; ValueError names a malformed one."""
    result = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValueError(f"--set {item!r} is not name=value")
        result[name.strip()] = value.strip()
    return result
