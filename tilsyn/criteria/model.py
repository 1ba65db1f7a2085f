"""The criteria model: a checked catalogue, its criteria, recommendations and parameters, and
the parameter values of one run (defaults, a file, --set)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from tilsyn import expr
from tilsyn.diagnostics import diagnostic, language, phrase
from tilsyn.errors import ERROR, Diagnostic, TilsynError
from tilsyn.glossary import count_phrase
from tilsyn.numbers import format_value
from tilsyn.recommendations import Recommendation, RecommendationSet
from tilsyn.survey import Survey

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
class Theme:
    """A theme the report groups its findings and assessment in: a neutral heading and the
    criteria under it."""

    id: str
    title: dict[str, str]
    criteria: tuple[str, ...]


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

    def title_in(self, lang: str, values: dict[str, Any]) -> str:
        """The title in `lang` with its parameters' values filled in («… mer enn 6 timer i
        uken»): a reader sees the limit the run used, not «et minimum»."""
        title = self.title[lang]
        if "{" not in title:
            return title
        shown = {name: format_value(values[name], lang) for name in placeholders(title)}
        return title.format_map(shown)


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
    recommendation_set: RecommendationSet  # its survey kind's, read with it: the report's
    source: str  # "built-in" or the file it was read from
    source_text: str = ""  # the TOML it was read from, saved with a scored dataset
    themes: tuple[Theme, ...] = ()

    @property
    def recommendations(self) -> dict[str, Recommendation]:
        return self.recommendation_set.recommendations

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


def problem(
    code: str, message: str, hint: str, file: str, where: str | None = None, row: int | None = None
) -> Diagnostic:
    """A CAT or PAR diagnostic: `where` is the criterion and key (K04.passes), `row` the line."""
    return Diagnostic(code, ERROR, message, hint, file=file, field=where, row=row)


def placeholders(template: str) -> tuple[str, ...]:
    """The names an evidence template shows, in order, once each (template already checked)."""
    return tuple(
        dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name)
    )
