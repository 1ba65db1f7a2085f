"""Survey definitions: the one source of truth for fields, choices, labels and relevance.

A survey kind is a TOML file in `tilsyn/surveys/` (schema in `tilsyn/surveys/SCHEMA.md`).
Validation, blank forms, report labels and export columns are all generated from it, so adding
a field or a survey kind is editing data, not code.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any, Callable, Iterable

from tilsyn import expr

LANGS = ("nb", "nn", "en")
YESNO_CODES = ("yes", "no")
_YESNO_LABELS = {
    "yes": {"nb": "Ja", "nn": "Ja", "en": "Yes"},
    "no": {"nb": "Nei", "nn": "Nei", "en": "No"},
}
CHOICE_TYPES = frozenset({"yesno", "one", "many"})


def fold(text: str) -> str:
    """Fold text for tolerant matching: case, accents kept, spaces and dashes normalised."""
    text = unicodedata.normalize("NFC", str(text)).casefold().strip()
    text = re.sub(r"[\s_]+", " ", text)
    return text.replace("\u2013", "-").replace("\u2014", "-")


@dataclass(frozen=True)
class Choice:
    code: str
    label: dict[str, str]


@dataclass(frozen=True)
class Field:
    """One question of a survey."""

    name: str
    type: str
    section: str
    required: bool
    label: dict[str, str]
    help: dict[str, str]
    relevant: expr.Expr | None = None
    relevant_hint: dict[str, str] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    exclusive: frozenset[str] = frozenset()
    missing_codes: frozenset[str] = frozenset()
    min: float | None = None
    max: float | None = None
    pattern: re.Pattern[str] | None = None
    pattern_hint: dict[str, str] = field(default_factory=dict)
    not_future: bool = False
    personal_data: bool = False
    multiline: bool = False
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    def choice_label(self, code: str, lang: str) -> str:
        for choice in self.choices:
            if choice.code == code:
                return choice.label.get(lang) or choice.label["en"]
        return code



@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]


@dataclass
class Survey:
    """A survey kind: its fields in order, derived names and lookup tables built once."""

    id: str
    version: str
    key: str
    title: dict[str, str]
    instructions: dict[str, str]
    record_noun: dict[str, str]
    record_noun_plural: dict[str, str]
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    derived: dict[str, expr.Expr]
    derived_label: dict[str, dict[str, str]]
    records_key: str = "records"  # the list of scored records in JSON output: calls, offices
    by_name: dict[str, Field] = field(init=False, repr=False)
    _headers: dict[str, str] = field(init=False, repr=False)
    _choice_lookup: dict[str, dict[str, str]] = field(init=False, repr=False)
    _memo: dict[Any, str | None] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}
        self._headers = {}
        self._choice_lookup = {}
        for f in self.fields:
            for name in (f.name, *f.label.values()):
                self._headers.setdefault(fold(name), f.name)
            if f.is_choice:
                lookup: dict[str, str] = {}
                for choice in f.choices:
                    lookup[fold(choice.code)] = choice.code
                    for label in choice.label.values():
                        lookup.setdefault(fold(label), choice.code)
                for alias, code in f.aliases.items():
                    lookup.setdefault(fold(alias), code)
                self._choice_lookup[f.name] = lookup

    def field_for_header(self, header: str) -> str | None:
        """The field code a column header names: its code or its label in nb, nn or en."""
        try:
            return self._memo[header]
        except KeyError:
            return self._remember(header, self._headers.get(fold(header)))

    def choice_code(self, field_name: str, text: str) -> str | None:
        """The code a typed choice means (code or label in any language), or None."""
        key = (field_name, text)
        try:
            return self._memo[key]
        except KeyError:
            return self._remember(key, self._choice_lookup[field_name].get(fold(text)))

    def _remember(self, key: Any, value: str | None) -> str | None:
        """Memoise a folded lookup: the same few headers and choices recur on every row."""
        if len(self._memo) < 50_000:
            self._memo[key] = value
        return value

    def label(self, field_name: str, lang: str) -> str:
        f = self.by_name[field_name]
        return f.label.get(lang) or f.label["en"]

    def lookup(self, values: dict[str, Any],
               constants: dict[str, Any] | None = None) -> Callable[[str], Any]:
        """Resolve names in rules: fields (empty and asked -> UNKNOWN), derived names.

        An empty field that was not asked is None; one that was asked (or whose relevance is
        itself unknown) is UNKNOWN, and so is a "no answer" code such as `unknown`.
        `constants` (criteria parameters) resolve to themselves; they seed the cache, so
        scoring pays nothing extra per name.
        """
        cache_: dict[str, Any] = dict(constants) if constants else {}

        def resolve(name: str) -> Any:
            if name in cache_:
                return cache_[name]
            if name in self.derived:
                result = self.derived[name].evaluate(resolve)
            else:
                f = self.by_name[name]
                value = values.get(name)
                if value is None:
                    asked = f.relevant.evaluate(resolve) if f.relevant is not None else True
                    result = None if asked is False else expr.UNKNOWN
                elif f.missing_codes and value in f.missing_codes:
                    result = expr.UNKNOWN
                else:
                    result = value
            cache_[name] = result
            return result

        return resolve

    def is_asked(self, field_name: str, resolve: Callable[[str], Any]) -> Any:
        """True, False or UNKNOWN: whether the field's "asked if" rule holds for a record."""
        f = self.by_name[field_name]
        return True if f.relevant is None else f.relevant.evaluate(resolve)

    @cached_property
    def question_numbers(self) -> dict[str, int]:
        """Field -> its question number (1, 2, ...) in the order the forms show the questions:
        section by section, fields of no listed section last. Diagnostics use the same numbers."""
        rank = {s.id: n for n, s in enumerate(self.sections)}
        shown = sorted(self.fields, key=lambda f: rank.get(f.section, len(rank)))
        return {f.name: number for number, f in enumerate(shown, start=1)}

    def question_number(self, name: str) -> int:
        return self.question_numbers[name]


def _text(data: dict, key: str) -> dict[str, str]:
    value = data.get(key) or {}
    return dict(value) if isinstance(value, dict) else {lang: str(value) for lang in LANGS}


def _choices(raw: dict) -> tuple[tuple[Choice, ...], dict[str, str]]:
    """A field's choices and the extra spellings (aliases) accepted for them."""
    if raw["type"] == "yesno":
        return tuple(Choice(code, _YESNO_LABELS[code]) for code in YESNO_CODES), {}
    if "choice_list" in raw:
        return _choice_lists()[raw["choice_list"]]
    return tuple(Choice(c["code"], dict(c["label"])) for c in raw.get("choices", [])), {}


@cache
def _choice_lists() -> dict[str, tuple[tuple[Choice, ...], dict[str, str]]]:
    """Shared code lists (the county governors), read once: codes, labels, old names."""
    aliases: dict[str, str] = {}
    choices = []
    for county in counties():
        choices.append(Choice(county["code"], dict(county["label"])))
        for alias in county.get("aliases", []):
            aliases[alias] = county["code"]
        for short in county.get("short", {}).values():
            aliases.setdefault(short, county["code"])
    return {"counties": (tuple(choices), aliases)}


def data_text(name: str) -> str:
    """The text of a data file that ships in `tilsyn/surveys/`."""
    return resources.files("tilsyn.surveys").joinpath(name).read_text(encoding="utf-8")


@cache
def counties() -> tuple[dict[str, Any], ...]:
    """The county governors as `counties.toml` lists them (code, label, short, aliases)."""
    return tuple(tomllib.loads(data_text("counties.toml"))["counties"])


def parse_survey(text: str, source: str = "<survey>") -> Survey:
    """Build a Survey from TOML text, checking that every rule names a known, earlier field."""
    data = tomllib.loads(text)
    derived_raw = data.get("derived", {})
    fields: list[Field] = []
    known: set[str] = set()
    derived: dict[str, expr.Expr] = {}
    for name, spec in derived_raw.items():
        compiled = expr.compile(spec["expr"])
        derived[name] = compiled
    for raw in data["fields"]:
        relevant = None
        if raw.get("relevant"):
            relevant = expr.compile(raw["relevant"])
            unknown = relevant.names - known - set(derived)
            if unknown:
                raise ValueError(
                    f"{source}: field {raw['name']}: relevance rule names "
                    f"{', '.join(sorted(unknown))}, not a field defined before it"
                )
        choices, aliases = _choices(raw)
        pattern = re.compile(raw["pattern"]) if raw.get("pattern") else None
        fields.append(
            Field(
                name=raw["name"],
                type=raw["type"],
                section=raw.get("section", ""),
                required=bool(raw.get("required", False)),
                label=_text(raw, "label"),
                help=_text(raw, "help"),
                relevant=relevant,
                relevant_hint=_text(raw, "relevant_hint"),
                choices=choices,
                exclusive=frozenset(raw.get("exclusive", [])),
                missing_codes=frozenset(raw.get("missing_codes", [])),
                min=raw.get("min"),
                max=raw.get("max"),
                pattern=pattern,
                pattern_hint=_text(raw, "pattern_hint"),
                not_future=bool(raw.get("not_future", False)),
                personal_data=bool(raw.get("personal_data", False)),
                multiline=bool(raw.get("multiline", False)),
                aliases=aliases,
            )
        )
        known.add(raw["name"])
    for name, compiled in derived.items():
        unknown = compiled.names - known
        if unknown:
            raise ValueError(f"{source}: derived {name} names unknown {', '.join(sorted(unknown))}")
    return Survey(
        id=data["id"],
        version=str(data["version"]),
        key=data["key"],
        title=_text(data, "title"),
        instructions=_text(data, "instructions"),
        record_noun=_text(data, "record_noun"),
        record_noun_plural=_text(data, "record_noun_plural"),
        sections=tuple(Section(s["id"], dict(s["title"])) for s in data.get("sections", [])),
        fields=tuple(fields),
        derived=derived,
        derived_label={n: _text(s, "label") for n, s in derived_raw.items()},
        records_key=data.get("records_key", "records"),
    )


SURVEY_FILES = {"nks-call": "nks-call.toml", "office": "office.toml"}


@cache
def get_survey(survey_id: str) -> Survey:
    """The built-in survey definition with this id (KeyError if there is none)."""
    return parse_survey(data_text(SURVEY_FILES[survey_id]), SURVEY_FILES[survey_id])


@cache
def all_surveys() -> tuple[Survey, ...]:
    """Every built-in survey kind that ships with this version."""
    return tuple(get_survey(survey_id) for survey_id in SURVEY_FILES)


def detect_survey(headers: Iterable[str]) -> Survey | None:
    """The survey a set of column headers (codes or labels) belongs to.

    The survey whose key field is named wins; failing that, the one naming most of its fields
    (at least three), so a file that lost its key column still gets field-level diagnostics.
    """
    headers = list(headers)
    best, best_count = None, 2
    for survey in all_surveys():
        mapped = {survey.field_for_header(h) for h in headers} - {None}
        if survey.key in mapped:
            return survey
        if len(mapped) > best_count:
            best, best_count = survey, len(mapped)
    return best
