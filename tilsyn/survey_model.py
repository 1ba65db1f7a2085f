"""The survey model: a survey kind's fields, choices, levels and constraints, and the lookup
that rules read a record through. Built from a definition file by `tilsyn.survey`, which is
where the rest of tilsyn imports these names from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from tilsyn import expr

YESNO_CODES = ("yes", "no")
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
class Level:
    """A grouping level (county, municipality, office): `--by ID`, and `--scope ID:VALUE`
    where `scope` is set. `fields` tell its groups apart: its own field, then the broader ones
    (two municipalities may share a name in different counties)."""

    id: str
    field: str
    fields: tuple[str, ...]
    scope: bool
    label: dict[str, str]


@dataclass(frozen=True)
class Constraint:
    """A rule every record must keep, across fields, with the message a user reads when not."""

    id: str
    rule: expr.Expr
    fields: tuple[str, ...]
    message: dict[str, str]
    hint: dict[str, str]


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]


@dataclass(frozen=True)
class FormSettings:
    """What `[form]` says about the blank forms: the field each named option of `tilsyn form
    new` fills in (`--county`, `--observer`, `--survey-round`), and the field whose answer is
    a filled form's author in its document properties."""

    prefill: dict[str, str] = field(default_factory=dict)
    author: str | None = None


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
    derived_type: dict[str, str] = field(default_factory=dict)  # bool, int, decimal, date(time)
    levels: tuple[Level, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    source_text: str = ""  # the TOML it was read from, saved with a user survey's dataset
    records_key: str = "records"  # the list of scored records in JSON output: calls, offices
    form: FormSettings = field(default_factory=lambda: FormSettings())
    # Columns a survey's submissions carry that are not fields and are read past: an XLSForm's
    # notes and the metadata ODK fills in (start, deviceid). Calculates are `derived`.
    other_columns: frozenset[str] = frozenset()
    nouns: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> the noun's forms
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
        """A field's label, or a derived value's, in `lang`."""
        if field_name in self.derived_label:
            labels = self.derived_label[field_name]
            return labels.get(lang) or labels.get("en") or field_name
        f = self.by_name[field_name]
        return f.label.get(lang) or f.label["en"]

    def level(self, level_id: str) -> Level:
        """The grouping level with this id; KeyError if the survey has none."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def record_term(self, lang: str) -> Any:
        """The record noun in `lang` with every form a sentence needs (glossary.Term): as the
        survey declares it (`[nouns.<lang>]`), else the glossary's term of that noun, else the
        singular and plural alone."""
        from tilsyn import glossary

        declared = self.nouns.get(lang)
        if declared:
            return glossary.Term(**declared)
        one, many = self.record_noun[lang], self.record_noun_plural[lang]
        return glossary.find(lang, one) or glossary.Term(one, many)

    @property
    def group_fields(self) -> tuple[str, ...]:
        """The fields the grouping levels read, broadest first."""
        return tuple(level.field for level in self.levels)

    @property
    def shown_derived(self) -> tuple[str, ...]:
        """Derived values that are numbers or dates: shown beside the fields in outputs."""
        return tuple(n for n, kind in self.derived_type.items() if kind != "bool")

    def lookup(
        self, values: dict[str, Any], constants: dict[str, Any] | None = None
    ) -> Callable[[str], Any]:
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
