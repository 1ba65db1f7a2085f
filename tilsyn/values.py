"""Turn what inspectors type into typed values, with the tolerance the spec asks for.

Each parser takes a raw cell (str, number, bool, date, list) and returns the typed value or
raises `BadValue` with a message and a hint; `None` means the cell is empty.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Callable

from tilsyn.survey import Field, Survey

YES = frozenset({"yes", "ja", "true", "1", "x", "y", "j", "sant"})
NO = frozenset({"no", "nei", "false", "0", "n", "usant"})
_DECIMAL = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_INT = re.compile(r"^[+-]?\d+$")
_NB_DATETIME = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T,]+(?:kl(?:\.|okka|okken)?[ ]*)?"
    r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$",
    re.IGNORECASE,
)
# No answer is a number this long; longer digit runs are refused before Python converts them.
_MAX_DIGITS = 30


class BadValue(ValueError):
    """A value that cannot be read: its code, the registry's variant of the message, and the
    parameters it names (the validator adds the question and renders it in the user's words)."""

    def __init__(self, code: str, variant: str = "", **params: Any):
        super().__init__(code, variant)
        self.code = code
        self.variant = variant
        self.params = params


def is_empty(value: Any) -> bool:
    if value.__class__ is str:  # the usual case first: this runs for every cell
        return not value.strip()
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or value == []
        or value == ()
    )


def _text(value: Any) -> str:
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _scalar_text(value: Any) -> str:
    """A text answer: what `_text` gives, but never a boolean, list or object made into its
    Python spelling («True», «['a']»): those are VAL002, quoted as the file wrote them."""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, (bool, list, tuple, dict)):
        import json

        written = json.dumps(value, ensure_ascii=False, default=str)
        raise BadValue("VAL002", "text", value=shown(written))
    return _text(value)


def shown(value: Any, limit: int = 40) -> str:
    """A value as a message quotes it, cut short: a message never repeats a whole long text."""
    text = str(value).strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _number(value: Any, f: Field, integer: bool) -> float | int:
    if isinstance(value, bool):
        raise BadValue("VAL002", "number", value=value)
    if isinstance(value, (int, float)):
        number = value
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        pattern = _INT if integer else _DECIMAL
        if len(text) > _MAX_DIGITS or not pattern.match(text):
            raise BadValue("VAL002", "integer" if integer else "number", value=shown(value))
        number = int(text) if integer else float(text.replace(",", "."))
    if isinstance(number, float) and not math.isfinite(number):
        raise BadValue("VAL002", "number", value=number)  # NaN or infinity: not a number
    if integer and isinstance(number, float):
        if not number.is_integer():
            raise BadValue("VAL002", "integer", value=number)
        number = int(number)
    if not integer:
        number = float(number)
    if (f.min is not None and number < f.min) or (f.max is not None and number > f.max):
        raise BadValue("VAL003", value=_fmt(number), low=_fmt(f.min), high=_fmt(f.max))
    return number


def _fmt(number: float | int | None) -> str:
    if number is None:
        return "-"
    return str(int(number)) if float(number).is_integer() else str(number)


def parse_datetime(value: Any) -> dt.datetime:
    """ISO 8601 or `dd.mm.yyyy hh:mm`; an aware time is converted to Norwegian local time."""
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, dt.date):
        result = dt.datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        match = _NB_DATETIME.match(text)
        try:
            if match:
                d, m, y, hh, mm, ss = match.groups()
                result = dt.datetime(
                    int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0)
                )
            else:
                result = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise BadValue("VAL002", "datetime", value=shown(text)) from None
    if result.tzinfo is not None:
        from zoneinfo import ZoneInfo

        try:
            result = result.astimezone(ZoneInfo("Europe/Oslo")).replace(tzinfo=None)
        except Exception:
            result = result.replace(tzinfo=None)
    return result.replace(microsecond=0)


_TIME_OF_DAY = re.compile(r"(?<![0-9])[0-9]{1,2}[:.][0-9]{2}(?![0-9.])")


def chosen_date(text: str, stored: str) -> str:
    """A Word date control's answer: its shown text, unless that is not a date and time; then
    Word's stored date (`w:fullDate`), which holds no time of day when the text was typed, so
    a text with a time of day in it is kept, to be reported, rather than read as midnight."""
    try:
        parse_datetime(text)
        return text
    except BadValue:
        stored = stored.rstrip("Z")  # Word writes local time with a Z that means nothing
        if stored.endswith("T00:00:00") and _TIME_OF_DAY.search(text):
            return text
        return stored


def shown_date(raw: Any, value: Any, lang: str) -> str:
    """A date as the user wrote it («12.03.2031 10:00», «2031-03-12T10:00»), for a message
    about it; a date a spreadsheet or Word stored as a date, the way `lang` writes dates."""
    text = str(raw).strip() if raw is not None else ""
    if text and not isinstance(raw, (dt.date, dt.datetime)):
        return text
    numeric = "%Y-%m-%d" if lang == "en" else "%d.%m.%Y"
    if isinstance(value, dt.datetime):
        return value.strftime(f"{numeric} %H:%M")
    return value.strftime(numeric) if isinstance(value, dt.date) else str(value)


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return (
            parse_datetime(text).date()
            if _NB_DATETIME.match(text)
            else dt.date.fromisoformat(text[:10])
        )
    except (ValueError, BadValue):
        raise BadValue("VAL002", "date", value=shown(text)) from None


def _yesno(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and value in (0, 1):
        return "yes" if value else "no"
    text = str(value).strip().casefold()
    if text in YES:
        return "yes"
    if text in NO:
        return "no"
    raise BadValue("VAL004", "yesno", value=shown(value))


def _choice(survey: Survey, f: Field, value: Any) -> str:
    code = survey.choice_code(f.name, _scalar_text(value))
    if code is None:
        raise BadValue("VAL004", value=shown(_text(value)), choices=f.codes)
    return code


def _many(survey: Survey, f: Field, value: Any) -> tuple[str, ...]:
    parts = value if isinstance(value, (list, tuple)) else re.split(r"[;\n]", str(value))
    codes = set()
    bad = []
    for part in parts:
        if is_empty(part):
            continue
        code = survey.choice_code(f.name, _text(part))
        if code is None:
            bad.append(_text(part))
        else:
            codes.add(code)
    if bad:
        raise BadValue("VAL004", value=shown("; ".join(bad)), choices=f.codes)
    for code in f.exclusive & codes:
        if len(codes) > 1:
            from tilsyn.diagnostics import language

            raise BadValue("VAL006", value=f.choice_label(code, language()))
    return tuple(c for c in f.codes if c in codes)


def parser_for(survey: Survey, f: Field) -> Callable[[Any], Any]:
    """The parser for one field, built once per survey so the per-row loop stays cheap."""
    if f.type == "text":
        if f.pattern is None:
            return _scalar_text

        def text_with_pattern(value: Any) -> str:
            text = _scalar_text(value)
            if not f.pattern.fullmatch(text):
                raise BadValue("VAL007", value=shown(text))
            return text

        return text_with_pattern
    if f.type == "int":
        return lambda v: _number(v, f, True)
    if f.type == "decimal":
        return lambda v: _number(v, f, False)
    if f.type == "datetime":
        return parse_datetime
    if f.type == "date":
        return parse_date
    if f.type == "yesno":
        return _yesno
    if f.type == "one":
        return lambda v: _choice(survey, f, v)
    if f.type == "many":
        return lambda v: _many(survey, f, v)
    raise ValueError(f"unknown field type {f.type!r} for {f.name}")
