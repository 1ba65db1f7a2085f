"""XLSForm's words as tilsyn reads them: row types, yes and no, tilsyn_type, texts by
language."""

from __future__ import annotations

import re

from tilsyn.i18n import LANGS
from tilsyn.xlsform import xpath

# XLSForm question type (lowercase) -> tilsyn field type
QUESTION_TYPES = {
    "text": "text",
    "string": "text",
    "integer": "int",
    "int": "int",
    "decimal": "decimal",
    "date": "date",
    "datetime": "datetime",
}
# Values ODK fills in itself: not questions, but columns of a submission, read past.
METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
        "start-geopoint",
        "background-geopoint",
    }
)
TRUTH = {"yes": True, "true": True, "true()": True, "1": True, "no": False, "false": False}
TRUTH.update({"false()": False, "0": False, "": False})
# tilsyn_type -> (the derived value's type, the kind XPath sees)
TILSYN_TYPES = {
    "bool": ("bool", xpath.BOOL),
    "int": ("int", xpath.NUMBER),
    "integer": ("int", xpath.NUMBER),
    "decimal": ("decimal", xpath.NUMBER),
    "date": ("date", xpath.DATE),
    "datetime": ("datetime", xpath.DATETIME),
    "dateTime": ("datetime", xpath.DATETIME),
}
_GROUPS = {
    "begin_group": "begin_group",
    "begin group": "begin_group",
    "end_group": "end_group",
    "end group": "end_group",
}
_REPEATS = frozenset({"begin_repeat", "begin repeat", "end_repeat", "end repeat"})
_SELECT = re.compile(r"(select_one|select_multiple|select one|select multiple)\s+(\S+)", re.I)


def row_type(raw: str) -> tuple[str, str]:
    """(kind, argument) of a survey row's type: ("question", tilsyn type), ("select_one",
    list), ("begin_group", ""), ("repeat", "") for what tilsyn cannot score as one record,
    ("unsupported", "") for a type without a value tilsyn can read (a photo, a location)."""
    text = " ".join(raw.split())
    low = text.casefold()
    if low in _GROUPS:
        return _GROUPS[low], ""
    if low in _REPEATS:
        return "repeat", ""
    if low in ("calculate", "note"):
        return low, ""
    if low in METADATA:
        return "metadata", ""
    if low in QUESTION_TYPES:
        return "question", QUESTION_TYPES[low]
    select = _SELECT.fullmatch(text)
    if select is not None:
        return select.group(1).casefold().replace(" ", "_"), select.group(2)
    return "unsupported", ""


def text_value(found: dict[str, str]) -> str | dict[str, str]:
    """Texts by language as a definition holds them: one plain text for every language, or a
    table of the languages tilsyn speaks (others are left out: tilsyn cannot show them)."""
    ours = {lang: found[lang] for lang in LANGS if found.get(lang)}
    if ours:
        return ours
    if "_all" in found:
        return found["_all"]
    return next(iter(found.values()), "")


def constraint_messages(found: dict[str, str], source: str) -> dict[str, str]:
    """A constraint's message in nb, nn and en: the workbook's, else the one tilsyn gives."""
    from tilsyn.diagnostics import phrase

    given = text_value(found)
    if isinstance(given, str) and given:
        return {lang: given for lang in LANGS}
    if isinstance(given, dict) and given:
        fallback = given.get("en") or next(iter(given.values()))
        return {lang: given.get(lang, fallback) for lang in LANGS}
    return {lang: phrase("xlsform_constraint", lang, rule=source) for lang in LANGS}
