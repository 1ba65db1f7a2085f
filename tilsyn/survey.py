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
from functools import cache, cached_property, partial
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

from tilsyn import expr
from tilsyn.diagnostics import phrase
from tilsyn.errors import Diagnostic, TilsynError, UsageError
from tilsyn.i18n import LANGS
from tilsyn.usercache import load_toml

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


def _text(data: dict, key: str) -> dict[str, str]:
    """A text in every language: one given as a plain string serves all three, and a language
    left out shows the English text (or another given), so a user's survey need not translate
    everything before it can be used."""
    value = data.get(key) or {}
    if not isinstance(value, dict):
        return {lang: str(value) for lang in LANGS}
    given = {lang: str(text) for lang, text in value.items() if text}
    fallback = given.get("en") or next(iter(given.values()), "")
    return {**{lang: fallback for lang in LANGS}, **given}


def _choices(raw: dict) -> tuple[tuple[Choice, ...], dict[str, str]]:
    """A field's choices and the extra spellings (aliases) accepted for them."""
    if raw["type"] == "yesno":
        return _yesno_choices(), {}
    if "choice_list" in raw:
        return _choice_lists()[raw["choice_list"]]
    return tuple(Choice(c["code"], dict(c["label"])) for c in raw.get("choices", [])), {}


@cache
def _yesno_choices() -> tuple[Choice, ...]:
    """The choices of a yes/no question, labelled as tilsyn/texts/words.toml says («Ja»)."""
    from tilsyn.texts import Texts

    return tuple(
        Choice(code, {lang: Texts("words", lang)(f"answer.{code}") for lang in LANGS})
        for code in YESNO_CODES
    )


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
    return tuple(load_toml(data_text("counties.toml"))["counties"])


class SurveyError(TilsynError):
    """A survey definition file with mistakes: every diagnostic, each with its line."""

    def __init__(self, diagnostics: list[Diagnostic]):
        from tilsyn.diagnostics import language, phrase
        from tilsyn.glossary import count_phrase

        super().__init__(
            phrase("survey_errors", errors=count_phrase(len(diagnostics), "error", language())),
            hint=phrase("survey_errors_hint"),
            diagnostics=diagnostics,
        )


FIELD_TYPES = frozenset({"text", "int", "decimal", "datetime", "date", "yesno", "one", "many"})
VALUE_TYPES = frozenset({"bool", "int", "decimal", "date", "datetime"})


Row = int | Callable[[], int | None] | None  # a line number, or how to find it


class _SurveyChecker:
    """Builds a Survey while collecting every mistake with its line (tomllib gives none)."""

    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source
        self.problems: list[Diagnostic] = []

    def line(self, *needles: str) -> Callable[[], int | None]:
        """The first line holding every needle in order (e.g. 'name = "x"'), 1-based; looked
        up only when a problem is reported, so a good file costs no search."""
        return partial(self._find, needles)

    def _find(self, needles: tuple[str, ...]) -> int | None:
        found = 0
        for needle in needles:
            pattern = re.compile(needle)
            for i in range(found, len(self.lines)):
                if pattern.search(self.lines[i]):
                    found = i
                    break
            else:
                return found + 1 if found else None
        return found + 1

    def add(
        self,
        code: str,
        variant: str = "",
        place: str | None = None,
        row: Row = None,
        /,
        **params: Any,
    ) -> None:
        """A problem of `code`, its words from the registry; `place` is the field (or derived
        value, level, constraint) it is about."""
        from tilsyn.diagnostics import diagnostic

        self.problems.append(
            diagnostic(
                code,
                variant,
                params,
                file=self.source,
                field=place,
                row=row() if callable(row) else row,
            )
        )

    def rule(
        self, source: Any, where: str, row: Row, *, value: bool = False, named: str | None = None
    ):
        """A compiled rule, or None after reporting why it cannot be read; `named` is how the
        message names its place («felt x»), `where` the field it is about."""
        named = named or where
        if not isinstance(source, str):
            self.add("SRV003", "quotes", where, row, where=named)
            return None
        try:
            return expr.compile_value(source) if value else expr.compile(source)
        except expr.ExprError as exc:
            self.add("SRV003", "", where, row, where=named, rule=source, detail=exc.message)
            return None


def _field_line(
    checker: _SurveyChecker, name: str, key: str | None = None
) -> Callable[[], int | None]:
    anchor = rf"^\s*name\s*=\s*[\"']{re.escape(name)}[\"']"
    return checker.line(anchor, rf"^\s*{key}\s*=") if key else checker.line(anchor)


def parse_survey(text: str, source: str = "<survey>") -> Survey:
    """Build a Survey from TOML text; SurveyError lists every mistake with its line.

    Every rule must name known fields (a relevance rule: a field defined before it) or derived
    values, so a typo is an error when the file is read, not a silent blank at scoring.
    """
    checker = _SurveyChecker(text, source)
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        from tilsyn.diagnostics import diagnostic

        raise SurveyError(
            [
                diagnostic(
                    "SRV001",
                    params={"detail": exc},
                    file=source,
                    row=int(line.group(1)) if line else None,
                )
            ]
        ) from None
    survey = _build(checker, data)
    if checker.problems:
        raise SurveyError(checker.problems)
    survey.source_text = text
    return survey


def _build(checker: _SurveyChecker, data: dict[str, Any]) -> Survey | None:
    for key in ("id", "version", "key", "fields"):
        if key not in data:
            checker.add("SRV002", "missing", key, 1, key=key)
    raw_fields = data.get("fields", [])
    if not isinstance(raw_fields, list) or not all(isinstance(f, dict) for f in raw_fields):
        checker.add("SRV002", "fields", "fields", checker.line(r"fields"))
        return None
    derived_raw = data.get("derived", {}) if isinstance(data.get("derived", {}), dict) else {}
    derived: dict[str, expr.Expr] = {}
    derived_type: dict[str, str] = {}
    for name, spec in derived_raw.items():
        row = checker.line(rf"^\s*\[derived\.{re.escape(name)}\]")
        kind = spec.get("type", "bool") if isinstance(spec, dict) else None
        if kind not in VALUE_TYPES:
            checker.add(
                "SRV004",
                "",
                name,
                row,
                where=phrase("where_derived", name=name),
                kind=kind,
                types=", ".join(sorted(VALUE_TYPES)),
            )
            continue
        compiled = checker.rule(
            spec.get("expr"),
            f"derived {name}",
            row,
            value=kind != "bool",
            named=phrase("where_derived", name=name),
        )
        if compiled is not None:
            derived[name], derived_type[name] = compiled, kind
    fields: list[Field] = []
    known: set[str] = set()
    for raw in raw_fields:
        field_ = _field(checker, raw, known, set(derived))
        if field_ is not None:
            fields.append(field_)
            known.add(field_.name)
    for name, compiled in derived.items():
        unknown = compiled.names - known - set(derived)
        if unknown:
            checker.add(
                "SRV005",
                "derived",
                name,
                checker.line(rf"^\s*\[derived\.{re.escape(name)}\]"),
                where=phrase("where_derived", name=name),
                names=", ".join(sorted(unknown)),
            )
    key = data.get("key")
    if isinstance(key, str) and key not in known and "fields" in data:
        checker.add("SRV005", "key", "key", checker.line(r"^\s*key\s*="), key=key)
    levels = _levels(checker, data.get("levels", []), known)
    constraints = _constraints(checker, data.get("constraints", []), known | set(derived))
    form = _form(checker, data.get("form", {}), known)
    if checker.problems:
        return None
    return Survey(
        id=str(data["id"]),
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
        derived_type=derived_type,
        levels=levels,
        constraints=constraints,
        records_key=data.get("records_key", "records"),
        form=form,
    )


def _form(checker: _SurveyChecker, raw: Any, known: set[str]) -> FormSettings:
    """`[form]`: `prefill` (option -> field) and `author` (a field), each naming a field."""
    raw = raw if isinstance(raw, dict) else {}
    prefill = raw.get("prefill", {}) if isinstance(raw.get("prefill", {}), dict) else {}
    named = [(f"prefill.{option}", name) for option, name in prefill.items()]
    if "author" in raw:
        named.append(("author", raw["author"]))
    for entry, name in named:
        if name not in known:
            row = checker.line(r"^\s*\[form\]")
            checker.add("SRV005", "form", entry, row, entry=entry, name=name)
    return FormSettings({str(k): str(v) for k, v in prefill.items()}, raw.get("author"))


def _field(
    checker: _SurveyChecker, raw: dict[str, Any], known: set[str], derived: set[str]
) -> Field | None:
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        checker.add("SRV002", "name", None, checker.line(r"^\s*\[\[fields\]\]"), name=repr(name))
        return None
    row = _field_line(checker, name)
    if name in known:
        checker.add("SRV006", "", name, row, name=name)
        return None
    kind = raw.get("type")
    if kind not in FIELD_TYPES:
        checker.add(
            "SRV004",
            "",
            name,
            _field_line(checker, name, "type"),
            where=phrase("where_field", name=name),
            kind=kind,
            types=", ".join(sorted(FIELD_TYPES)),
        )
        return None
    relevant = None
    if raw.get("relevant"):
        relevant = checker.rule(
            raw["relevant"],
            f"field {name}",
            _field_line(checker, name, "relevant"),
            named=phrase("where_field", name=name),
        )
        unknown = (relevant.names - known - derived) if relevant is not None else set()
        if unknown:
            checker.add(
                "SRV005",
                "relevant",
                name,
                _field_line(checker, name, "relevant"),
                where=phrase("where_field", name=name),
                names=", ".join(sorted(unknown)),
            )
            relevant = None
    if kind in ("one", "many") and not raw.get("choices") and not raw.get("choice_list"):
        checker.add("SRV007", "", name, row, where=phrase("where_field", name=name), kind=kind)
        return None
    try:
        choices, aliases = _choices(raw)
        pattern = re.compile(raw["pattern"]) if raw.get("pattern") else None
    except (KeyError, TypeError, re.error) as exc:
        checker.add(
            "SRV007", "unreadable", name, row, where=phrase("where_field", name=name), detail=exc
        )
        return None
    return Field(
        name=name,
        type=kind,
        section=raw.get("section", ""),
        required=bool(raw.get("required", False)),
        label=_text(raw, "label") or {lang: name for lang in LANGS},
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


def _levels(checker: _SurveyChecker, raw_levels: Any, known: set[str]) -> tuple[Level, ...]:
    """Grouping levels, broadest first; each level's group is told apart by the broader ones."""
    levels: list[Level] = []
    for raw in raw_levels if isinstance(raw_levels, list) else []:
        level_id, name = raw.get("id"), raw.get("field")
        row = checker.line(rf"^\s*id\s*=\s*[\"']{re.escape(str(level_id))}[\"']")
        if not isinstance(level_id, str) or name not in known:
            checker.add("SRV008", "", str(level_id), row, level=level_id, name=name)
            continue
        broader = tuple(level.field for level in reversed(levels))
        levels.append(
            Level(
                level_id, name, (name, *broader), bool(raw.get("scope", False)), _text(raw, "label")
            )
        )
    return tuple(levels)


def _constraints(checker: _SurveyChecker, raw_list: Any, known: set[str]) -> tuple[Constraint, ...]:
    """Record-level rules across fields, each with its own message and hint in every language."""
    constraints = []
    for raw in raw_list if isinstance(raw_list, list) else []:
        cid = str(raw.get("id", ""))
        row = checker.line(rf"^\s*id\s*=\s*[\"']{re.escape(cid)}[\"']")
        rule = checker.rule(
            raw.get("rule"), f"constraint {cid}", row, named=phrase("where_constraint", name=cid)
        )
        message = _text(raw, "message")
        if rule is None:
            continue
        unknown = rule.names - known
        if unknown:
            checker.add(
                "SRV005",
                "constraint",
                cid,
                row,
                where=phrase("where_constraint", name=cid),
                names=", ".join(sorted(unknown)),
            )
            continue
        if not cid or not all(message.get(lang) for lang in LANGS):
            checker.add("SRV009", "", cid, row, cid=cid or "–")
            continue
        fields = tuple(raw.get("fields") or sorted(rule.names))
        constraints.append(Constraint(cid, rule, fields, message, _text(raw, "hint")))
    return tuple(constraints)


def _is_survey_file(name: str) -> bool:
    return name.endswith(".toml") and not name.endswith(".criteria.toml")


@cache
def _builtin_files() -> dict[str, str]:
    """Survey id -> file name, for every survey definition that ships in `tilsyn/surveys/`.

    Found by looking, not listed in code: a survey file is a TOML file with [[fields]].
    """
    files = {}
    for entry in sorted(resources.files("tilsyn.surveys").iterdir(), key=lambda e: e.name):
        if _is_survey_file(entry.name):
            text = entry.read_text(encoding="utf-8")
            if re.search(r"^\[\[fields\]\]", text, re.M):
                files[load_toml(text)["id"]] = entry.name
    return files


_REGISTERED: dict[str, Survey] = {}


def register_survey(survey: Survey) -> Survey:
    """Make a user's survey kind known to validation, scoring and reports for this process."""
    if survey.id in _builtin_files():
        raise UsageError(phrase("survey_taken", id=survey.id), hint=phrase("survey_taken_hint"))
    _REGISTERED[survey.id] = survey
    all_surveys.cache_clear()
    return survey


def read_survey(path: str | Path) -> Survey:
    """A user's survey definition file, checked (SurveyError) and registered."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        from tilsyn.diagnostics import diagnostic

        raise SurveyError(
            [
                diagnostic(
                    "SRV001",
                    "read",
                    {"detail": getattr(exc, "strerror", None) or exc},
                    file=str(path),
                )
            ]
        ) from None
    return register_survey(parse_survey(text, str(path)))


def is_builtin(survey_id: str) -> bool:
    return survey_id in _builtin_files()


def survey_ids() -> tuple[str, ...]:
    """Every known survey kind: the built-in ones, then those registered in this process."""
    return (*_builtin_files(), *_REGISTERED)


@cache
def _builtin(survey_id: str) -> Survey:
    name = _builtin_files()[survey_id]
    return parse_survey(data_text(name), name)


def get_survey(survey_id: str) -> Survey:
    """The survey definition with this id, built-in or registered (KeyError if there is none)."""
    if survey_id in _REGISTERED:
        return _REGISTERED[survey_id]
    return _builtin(survey_id)


def find_survey(survey_id: str) -> Survey | None:
    """The survey definition with this id, built-in or registered; None if there is none."""
    return get_survey(survey_id) if survey_id in survey_ids() else None


@cache
def all_surveys() -> tuple[Survey, ...]:
    """Every known survey kind (built-in first)."""
    return tuple(get_survey(survey_id) for survey_id in survey_ids())


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
