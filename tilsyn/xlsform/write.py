"""A survey written as an XLSForm workbook: what ODK Collect and Kobo run during an observation,
and what tilsyn reads back as the same survey (`tilsyn.xlsform.read`).

Sections become groups, a field's bounds, pattern, date not in the future and lone choices its
`constraint` (with the survey's own constraints on the field they point at), derived values
`calculate` rows with `tilsyn_type`, and what XLSForm has no column for goes in tilsyn's own
columns, which pyxform leaves alone: the key, the levels, personal data, "no answer" codes,
the extra spellings of a choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tilsyn.i18n import LANGS
from tilsyn.survey_model import Field, Survey
from tilsyn.xlsform.to_xpath import XPathWriter

LANGUAGES = {"nb": "Norsk bokmål (nb)", "nn": "Norsk nynorsk (nn)", "en": "English (en)"}
_TYPES = {"text": "text", "int": "integer", "decimal": "decimal", "date": "date"}
_TYPES.update({"datetime": "dateTime", "yesno": "select_one yesno"})


def by_language(column: str) -> list[str]:
    return [f"{column}::{LANGUAGES[lang]}" for lang in LANGS]


SURVEY_COLUMNS = [
    "type",
    "name",
    *by_language("label"),
    *by_language("hint"),
    "required",
    "relevant",
    "constraint",
    *by_language("constraint_message"),
    "calculate",
    "appearance",
    "tilsyn_type",
    "tilsyn_personal_data",
    "tilsyn_missing_codes",
    *by_language("tilsyn_relevant_hint"),
    *by_language("tilsyn_constraint_hint"),
]
CHOICE_COLUMNS = ["list_name", "name", *by_language("label"), "tilsyn_aliases"]


def xlsform_rows(survey: Survey) -> dict[str, list[list[Any]]]:
    """The survey, choices and settings sheets, each a header row and its rows."""
    sheets = {
        "survey": [SURVEY_COLUMNS],
        "choices": [CHOICE_COLUMNS],
        "settings": _settings(survey),
    }
    lists: dict[str, list[list[Any]]] = {}
    numbers = survey.question_numbers
    titles = {s.id: s.title for s in survey.sections}
    section = None
    for f in sorted(survey.fields, key=lambda f: numbers[f.name]):
        if f.section != section:
            if section:
                sheets["survey"].append(_row(type="end_group"))
            section = f.section if f.section in titles else ""
            if section:
                group = _row(type="begin_group", name=section, **_texts("label", titles[section]))
                sheets["survey"].append(group)
        sheets["survey"].append(_field(survey, f, lists))
    if section:
        sheets["survey"].append(_row(type="end_group"))
    writer = XPathWriter(survey)
    for name, compiled in survey.derived.items():
        kind = survey.derived_type.get(name, "bool")
        calculate = writer.condition(compiled.source) if kind == "bool" else None
        row = _row(type="calculate", name=name, tilsyn_type=kind)
        row[SURVEY_COLUMNS.index("calculate")] = calculate or writer.value(compiled.source)
        for column, text in _texts("label", survey.derived_label.get(name, {})).items():
            row[SURVEY_COLUMNS.index(column)] = text
        sheets["survey"].append(row)
    for rows in lists.values():
        sheets["choices"].extend(rows)
    return sheets


def _row(**values: Any) -> list[Any]:
    row: list[Any] = [None] * len(SURVEY_COLUMNS)
    for column, value in values.items():
        row[SURVEY_COLUMNS.index(column)] = value
    return row


def _texts(column: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{column}::{LANGUAGES[lang]}": texts[lang] for lang in LANGS if texts.get(lang)}


def _field(survey: Survey, f: Field, lists: dict[str, list[list[Any]]]) -> list[Any]:
    values: dict[str, Any] = {
        "type": _type(f, lists),
        "name": f.name,
        "required": "yes" if f.required else "no",
        **_texts("label", f.label),
        **_texts("hint", f.help),
        **_texts("tilsyn_relevant_hint", f.relevant_hint),
    }
    if f.relevant is not None:
        values["relevant"] = XPathWriter(survey).condition(f.relevant.source)
    if f.personal_data:
        values["tilsyn_personal_data"] = "yes"
    if f.missing_codes:
        values["tilsyn_missing_codes"] = " ".join(c for c in f.codes if c in f.missing_codes)
    if f.multiline:
        values["appearance"] = "multiline"
    values.update(_constraint(survey, f))
    return _row(**values)


def _type(f: Field, lists: dict[str, list[list[Any]]]) -> str:
    if f.type == "yesno":
        lists.setdefault("yesno", [["yesno", c.code, *_labels(c.label), None] for c in f.choices])
        return _TYPES["yesno"]
    if f.type in ("one", "many"):
        aliases: dict[str, list[str]] = {}
        for alias, code in f.aliases.items():
            aliases.setdefault(code, []).append(alias)
        lists[f.name] = [
            [f.name, c.code, *_labels(c.label), " | ".join(aliases.get(c.code, [])) or None]
            for c in f.choices
        ]
        return f"{'select_one' if f.type == 'one' else 'select_multiple'} {f.name}"
    return _TYPES[f.type]


def _labels(texts: dict[str, str]) -> list[str]:
    return [texts.get(lang) or texts.get("en", "") for lang in LANGS]


def _constraint(survey: Survey, f: Field) -> dict[str, Any]:
    """The field's constraint: its bounds, pattern, date, lone choices and the survey's own
    constraints that point at it, joined by `and`, with their message."""
    parts = []
    if f.min is not None:
        parts.append(f". >= {_number(f.min)}")
    if f.max is not None:
        parts.append(f". <= {_number(f.max)}")
    if f.pattern is not None:
        parts.append(f"regex(., {_pattern(f.pattern.pattern)})")
    if f.not_future:
        parts.append(". <= today()" if f.type == "date" else ". <= now()")
    for code in sorted(f.exclusive):
        parts.append(f"not(selected(., '{code}') and count-selected(.) > 1)")
    mine = [c for c in survey.constraints if _points_at(survey, c) == f.name]
    writer = XPathWriter(survey, dot=f.name)
    parts += [_joinable(writer.condition(c.rule.source)) for c in mine]
    values: dict[str, Any] = {"constraint": " and ".join(parts)} if parts else {}
    if mine:
        values.update(_texts("constraint_message", mine[0].message))
        values.update(_texts("tilsyn_constraint_hint", mine[0].hint))
    elif f.pattern is not None and any(f.pattern_hint.values()):
        values.update(_texts("constraint_message", f.pattern_hint))
    return values


def _points_at(survey: Survey, constraint: Any) -> str:
    """The field a constraint's message points at: its first field, else the first it reads."""
    for name in (*constraint.fields, *sorted(constraint.rule.names)):
        if name in survey.by_name:
            return name
    return ""


def _joinable(condition: str) -> str:
    """A condition that can stand in an `and` without changing meaning."""
    return f"({condition})" if " or " in condition else condition


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _pattern(pattern: str) -> str:
    """A pattern that must match the whole answer, as regex() (which looks anywhere) needs it."""
    anchored = pattern if pattern.startswith("^") and pattern.endswith("$") else f"^(?:{pattern})$"
    return f"'{anchored}'" if "'" not in anchored else f'"{anchored}"'


def _settings(survey: Survey) -> list[list[Any]]:
    levels = " ".join(
        level.id if level.id == level.field else f"{level.id}={level.field}"
        for level in survey.levels
    )
    scoped = [level.id for level in survey.levels if level.scope]
    values: dict[str, Any] = {
        "form_id": survey.id,
        "version": survey.version,
        "form_title": survey.title.get("nb") or survey.id,
        "default_language": LANGUAGES["nb"],
        "tilsyn_key": survey.key,
        "tilsyn_records_key": survey.records_key,
        "tilsyn_levels": levels or None,
        "tilsyn_scope": (" ".join(scoped) or "none") if len(scoped) < len(survey.levels) else None,
        "tilsyn_prefill": " ".join(f"{k}={v}" for k, v in survey.form.prefill.items()) or None,
        "tilsyn_author": survey.form.author,
        **_texts("tilsyn_title", survey.title),
        **_texts("tilsyn_instructions", survey.instructions),
        **_texts("tilsyn_record_noun", survey.record_noun),
        **_texts("tilsyn_record_noun_plural", survey.record_noun_plural),
    }
    values = {k: v for k, v in values.items() if v not in (None, "")}
    return [list(values), list(values.values())]


def write_xlsform(survey: Survey, path: Path) -> None:
    """Write the workbook (atomically: a half-written file never replaces another)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tilsyn.outputs import atomic_path

    book = Workbook()
    book.remove(book.active)
    for name, rows in xlsform_rows(survey).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    with atomic_path(path) as temp:
        book.save(temp)
