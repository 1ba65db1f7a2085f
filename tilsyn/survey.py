"""Survey definitions: the one source of truth for fields, choices, labels and relevance.

A survey kind is a TOML file in `tilsyn/surveys/` (schema in `tilsyn/surveys/SCHEMA.md`).
Validation, blank forms, report labels and export columns are all generated from it, so adding
a field or a survey kind is editing data, not code.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from tilsyn import expr
from tilsyn.diagnostics import diagnostic, phrase
from tilsyn.errors import Diagnostic, TilsynError
from tilsyn.i18n import LANGS
from tilsyn.survey_model import (
    CHOICE_TYPES,
    YESNO_CODES,
    Choice,
    Constraint,
    Field,
    FormSettings,
    Level,
    Section,
    Survey,
    fold,
)
from tilsyn.surveys.schema import FIELD_TYPES, SURVEY, SURVEY_FILE, VALUE_TYPES
from tilsyn.tomlcheck import Checker, items, parse_toml, read_text
from tilsyn.usercache import load_toml

__all__ = [
    "CHOICE_TYPES",
    "FIELD_TYPES",
    "LANGS",
    "VALUE_TYPES",
    "YESNO_CODES",
    "Choice",
    "Constraint",
    "Field",
    "FormSettings",
    "Level",
    "Section",
    "Survey",
    "SurveyError",
    "all_surveys",
    "build_survey",
    "builtin_survey",
    "counties",
    "data_text",
    "detect_survey",
    "find_survey",
    "fold",
    "get_survey",
    "is_builtin",
    "is_builtin_definition",
    "parse_survey",
    "read_survey",
    "register_survey",
    "survey_ids",
]

NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _text(data: dict, key: str, default: str = "") -> dict[str, str]:
    """A text in every language: one given as a plain string serves all three, and a language
    left out shows the English text (or another given), so a user's survey need not translate
    everything before it can be used. The checker has seen that it is a text or a table of
    texts."""
    value = data.get(key) or default
    if not isinstance(value, dict):
        return {lang: value for lang in LANGS}
    given = {lang: text for lang, text in value.items() if text}
    fallback = given.get("en") or next(iter(given.values()), default)
    return {**{lang: fallback for lang in LANGS}, **given}


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


@cache
def _yesno_choices() -> tuple[Choice, ...]:
    """The choices of a yes/no question, labelled as tilsyn/texts/words.toml says («Ja»)."""
    from tilsyn.texts import Texts

    return tuple(
        Choice(code, {lang: Texts("words", lang)(f"answer.{code}") for lang in LANGS})
        for code in YESNO_CODES
    )


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
        from tilsyn.diagnostics import language
        from tilsyn.glossary import count_phrase

        super().__init__(
            phrase("survey_errors", errors=count_phrase(len(diagnostics), "error", language())),
            hint=phrase("survey_errors_hint"),
            diagnostics=diagnostics,
        )


def parse_survey(text: str, source: str = "<survey>") -> Survey:
    """Build a Survey from TOML text; SurveyError lists every mistake with its line.

    Every key is checked for its type (`tilsyn/surveys/schema.py`), and every rule must name
    known fields (a relevance rule: a field defined before it) or derived values, so a typo is
    an error when the file is read, not a silent blank at scoring.
    """
    data = parse_toml(text, source, "SRV001", SurveyError)
    checker = Checker(text, source, SURVEY_FILE, data)
    try:
        survey = build_survey(checker, checker.walk(data, SURVEY))
    except RecursionError:
        raise _beyond_limits(source) from None
    if checker.problems or survey is None:
        raise SurveyError(checker.problems)
    survey.source_text = text
    return survey


def _beyond_limits(source: str) -> SurveyError:
    return SurveyError([diagnostic("SRV001", "limits", file=source)])


def build_survey(checker: Checker, data: dict[str, Any]) -> Survey | None:
    """The survey the checked data of a definition describes (a TOML file's, or a workbook's
    made into the same shape), None when `checker` has found it cannot be built."""
    if "fields" not in data:
        return None
    derived, derived_type = _derived(checker, data.get("derived", {}))
    fields: list[Field] = []
    known: set[str] = set()
    for index, raw in items(data["fields"]):
        field_ = _field(checker, index, raw, known, set(derived))
        if field_ is not None:
            fields.append(field_)
        if "name" in raw:
            known.add(raw["name"])  # a broken field is still a field: no echo in later rules
    _check_derived(checker, derived, known, fields)
    key = data.get("key")
    if key is not None and key not in known:
        checker.add("SRV005", "key", ("key",), key=key)
    levels = _levels(checker, data.get("levels"), known)
    constraints = _constraints(checker, data.get("constraints"), known | set(derived))
    form = _form(checker, data.get("form"), known)
    nouns = {lang: dict(forms) for lang, forms in (data.get("nouns") or {}).items()}
    if checker.problems or not {"id", "version", "key"} <= data.keys():
        return None
    return Survey(
        id=data["id"],
        version=str(data["version"]),
        key=data["key"],
        title=_text(data, "title"),
        instructions=_text(data, "instructions"),
        record_noun=_text(data, "record_noun") | {k: v["one"] for k, v in nouns.items()},
        record_noun_plural=_text(data, "record_noun_plural")
        | {k: v["many"] for k, v in nouns.items()},
        sections=tuple(
            Section(s["id"], _text(s, "title")) for _, s in items(data.get("sections")) if "id" in s
        ),
        fields=tuple(fields),
        derived=derived,
        derived_label={n: _text(s, "label") for n, s in data.get("derived", {}).items()},
        derived_type=derived_type,
        levels=levels,
        constraints=constraints,
        records_key=data.get("records_key", "records"),
        form=form,
        nouns=nouns,
    )


def _form(checker: Checker, raw: Any, known: set[str]) -> FormSettings:
    """`[form]`: `prefill` (option -> field) and `author` (a field), each naming a field."""
    raw = raw if isinstance(raw, dict) else {}
    prefill = raw.get("prefill") if isinstance(raw.get("prefill"), dict) else {}
    named = [(("form", "prefill", option), name) for option, name in prefill.items()]
    if isinstance(raw.get("author"), str):
        named.append((("form", "author"), raw["author"]))
    for path, name in named:
        if isinstance(name, str) and name not in known:
            entry = ".".join(path[1:])
            checker.add("SRV005", "form", path, entry=entry, name=name)
    return FormSettings(
        {str(k): v for k, v in prefill.items() if isinstance(v, str)},
        raw.get("author") if isinstance(raw.get("author"), str) else None,
    )


def _derived(checker: Checker, table: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Named expressions usable in rules: a condition (type bool) or a value."""
    derived: dict[str, expr.Expr] = {}
    kinds: dict[str, str] = {}
    for name, spec in table.items():
        if not NAME_PATTERN.fullmatch(name):
            checker.add("SRV013", "name", ("derived", name))
            continue
        kind = spec.get("type", "bool")
        if "expr" not in spec or ("derived", name, "type") in checker.failed:
            continue
        compiled = checker.rule(spec["expr"], ("derived", name, "expr"), value=kind != "bool")
        if compiled is not None:
            derived[name], kinds[name] = compiled, kind
    return derived, kinds


def _check_derived(
    checker: Checker, derived: dict[str, expr.Expr], known: set[str], fields: list[Field]
) -> None:
    """A derived value must read known names, must not be named like a field (it would hide
    the field in every rule) and must not depend on itself, through other derived values or
    the relevance of the fields it reads (that would never end)."""
    for name, compiled in derived.items():
        path = ("derived", name)
        if name in known:
            checker.add("SRV013", "", path, name=name)
        unknown = compiled.names - known - set(derived)
        if unknown:
            checker.add("SRV005", "derived", path, names=", ".join(sorted(unknown)))
    needs = {n: c.names for n, c in derived.items()}
    needs.update({f.name: f.relevant.names for f in fields if f.relevant is not None})
    for name in sorted(_in_cycles(needs) & set(derived)):
        checker.add("SRV013", "cycle", ("derived", name), name=name)


def _in_cycles(needs: dict[str, frozenset[str]]) -> set[str]:
    """The names that depend on themselves in the graph name -> names it reads."""
    found: set[str] = set()
    for start in needs:
        seen, todo = set(), list(needs[start])
        while todo:
            name = todo.pop()
            if name == start:
                found.add(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(needs.get(name, ()))
    return found


def _field(
    checker: Checker, index: int, raw: dict[str, Any], known: set[str], derived: set[str]
) -> Field | None:
    path = ("fields", index)
    name, kind = raw.get("name"), raw.get("type")
    if name is None or kind is None:
        return None
    if name in known:
        checker.add("SRV006", "", (*path, "name"), name=name)
        return None
    relevant = None
    if raw.get("relevant"):
        relevant = checker.rule(raw["relevant"], (*path, "relevant"))
        unknown = (relevant.names - known - derived) if relevant is not None else set()
        if unknown:
            names = ", ".join(sorted(unknown))
            checker.add("SRV005", "relevant", (*path, "relevant"), names=names)
            relevant = None
    choices, aliases = _choices(checker, path, raw)
    pattern = _pattern(checker, path, raw.get("pattern"))
    if choices is None or pattern is False:
        return None
    return Field(
        name=name,
        type=kind,
        section=raw.get("section", ""),
        required=raw.get("required", False),
        label=_text(raw, "label", name),
        help=_text(raw, "help"),
        relevant=relevant,
        relevant_hint=_text(raw, "relevant_hint"),
        choices=choices,
        exclusive=frozenset(raw.get("exclusive", ())),
        missing_codes=frozenset(raw.get("missing_codes", ())),
        min=raw.get("min"),
        max=raw.get("max"),
        pattern=pattern,
        pattern_hint=_text(raw, "pattern_hint"),
        not_future=raw.get("not_future", False),
        personal_data=raw.get("personal_data", False),
        multiline=raw.get("multiline", False),
        aliases=aliases,
    )


def _choices(
    checker: Checker, path: tuple, raw: dict[str, Any]
) -> tuple[tuple[Choice, ...] | None, dict[str, str]]:
    """A field's choices and the extra spellings (aliases) accepted for them; None after
    reporting why there are none. Codes are unique, and `exclusive` and `missing_codes` name
    codes of the field."""
    kind = raw["type"]
    if kind not in CHOICE_TYPES:
        return (), {}
    if kind == "yesno":
        choices, aliases = _yesno_choices(), {}
    elif "choice_list" in raw:
        if raw["choice_list"] not in _choice_lists():
            detail = f"choice_list {raw['choice_list']!r}: " + ", ".join(_choice_lists())
            checker.add("SRV007", "unreadable", (*path, "choice_list"), detail=detail)
            return None, {}
        choices, aliases = _choice_lists()[raw["choice_list"]]
    else:
        listed = [c for _, c in items(raw.get("choices")) if {"code", "label"} <= c.keys()]
        if not listed:
            if not {(*path, "choices"), (*path, "choice_list")} & checker.failed:
                checker.add("SRV007", "", path, kind=kind)
            return None, {}
        choices = tuple(Choice(c["code"], _text(c, "label")) for c in listed)
        aliases = {alias: c["code"] for c in listed for alias in c.get("aliases", ())}
    codes = [c.code for c in choices]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        checker.add("SRV014", "twice", (*path, "choices"), code=code)
    for key in ("exclusive", "missing_codes"):
        for code in raw.get(key, ()):
            if code not in codes:
                checker.add("SRV014", "", (*path, key), key=key, code=code, codes=", ".join(codes))
    return choices, aliases


def _pattern(checker: Checker, path: tuple, source: str | None) -> re.Pattern[str] | None | bool:
    """The compiled pattern, None when there is none, False after reporting that it cannot
    be read."""
    if not source:
        return None
    try:
        return re.compile(source)
    except (re.error, RecursionError, OverflowError) as exc:
        checker.add("SRV007", "unreadable", (*path, "pattern"), detail=exc)
        return False


def _levels(checker: Checker, raw_levels: Any, known: set[str]) -> tuple[Level, ...]:
    """Grouping levels, broadest first; each level's group is told apart by the broader ones."""
    levels: list[Level] = []
    for index, raw in items(raw_levels):
        level_id, name = raw.get("id"), raw.get("field")
        if level_id is None or name is None:
            continue
        path = ("levels", index)
        if name not in known:
            checker.add("SRV008", "", (*path, "field"), level=level_id, name=name)
            continue
        if any(level.id == level_id for level in levels):
            checker.add("SRV008", "twice", (*path, "id"), level=level_id)
            continue
        broader = tuple(level.field for level in reversed(levels))
        scope, label = raw.get("scope", False), _text(raw, "label")
        levels.append(Level(level_id, name, (name, *broader), scope, label))
    return tuple(levels)


def _constraints(checker: Checker, raw_list: Any, known: set[str]) -> tuple[Constraint, ...]:
    """Record-level rules across fields, each with its own message and hint in every language."""
    constraints = []
    for index, raw in items(raw_list):
        path = ("constraints", index)
        if not {"id", "rule", "message"} <= raw.keys():
            continue
        rule = checker.rule(raw["rule"], (*path, "rule"))
        if rule is None:
            continue
        unknown = rule.names - known
        if unknown:
            checker.add("SRV005", "constraint", (*path, "rule"), names=", ".join(sorted(unknown)))
            continue
        message = _text(raw, "message")
        if not all(message.get(lang) for lang in LANGS):
            checker.add("SRV009", "", (*path, "message"))
            continue
        fields = tuple(raw.get("fields") or sorted(rule.names))
        unknown = set(fields) - known
        if unknown:
            names = ", ".join(sorted(unknown))
            checker.add("SRV005", "constraint_fields", (*path, "fields"), names=names)
            continue
        constraints.append(Constraint(raw["id"], rule, fields, message, _text(raw, "hint")))
    return tuple(constraints)


def _is_survey_file(name: str) -> bool:
    return name.endswith(".toml") and not name.endswith((".criteria.toml", ".recommendations.toml"))


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
    """Make a user's survey kind known to validation, scoring and reports for this process.

    A definition with the id of a built-in survey takes its place for the run: that is how a
    built-in survey written as an XLSForm (`tilsyn survey export`) is given back with its
    catalogue. A dataset scored with it keeps the definition (`is_builtin_definition`)."""
    _REGISTERED[survey.id] = survey
    all_surveys.cache_clear()
    return survey


def is_builtin_definition(survey: Survey) -> bool:
    """Whether `survey` is the definition that ships with tilsyn, not a user's in its place."""
    return is_builtin(survey.id) and survey is _builtin(survey.id)


def read_survey(path: str | Path) -> Survey:
    """A user's survey definition file in TOML, checked (SurveyError) and registered. (An
    XLSForm workbook is read by tilsyn.xlsform; `tilsyn.definitions.read_definition` takes
    either.)"""
    text = read_text(Path(path), "SRV001", SurveyError)
    return register_survey(parse_survey(text, str(path)))


def is_builtin(survey_id: str) -> bool:
    return survey_id in _builtin_files()


def survey_ids() -> tuple[str, ...]:
    """Every known survey kind: the built-in ones, then those registered in this process."""
    return tuple(dict.fromkeys((*_builtin_files(), *_REGISTERED)))


@cache
def _builtin(survey_id: str) -> Survey:
    name = _builtin_files()[survey_id]
    return parse_survey(data_text(name), name)


def builtin_survey(survey_id: str) -> Survey:
    """The definition that ships with tilsyn under this id (KeyError if there is none), even
    where a user's definition has taken its id for the run."""
    return _builtin(survey_id)


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
