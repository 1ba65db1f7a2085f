"""Seeded synthetic records drawn from the survey definition, so every record is valid.

Codes, numeric ranges, exclusive codes and the "asked if" rules all come from
`tilsyn.survey.get_survey(...)`: a field added to the definition is generated without a code
change here. Only what a definition cannot say lives below: realistic weights for a few codes,
office names with their kommunenummer, and short Norwegian texts free of personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path
from typing import Any, Iterator

from tilsyn.survey import Field, Survey, get_survey

SEED = 2021
FIRST_DAY = dt.date(2020, 10, 5)
DAYS = 200

# Relative weights where uniform codes would be unrealistic (report 5/2021: few query calls
# answered, most callers are the user, confidentiality nearly always kept). Others: weight 1.
WEIGHTS: dict[str, dict[str, float]] = {
    "caller_role": {"user": 14, "proxy": 3, "professional": 2, "other": 1},
    "acute_markers": {
        "none": 12,
        "no_food": 2,
        "no_housing": 1,
        "no_power": 1,
        "children_affected": 1,
    },
    "topics": {"financial_assistance": 8, "application_status": 4, "emergency_assistance": 2},
    "language_barrier": {"yes": 1, "no": 6},
    "need_clarified": {"yes": 6, "partly": 3, "no": 1},
    "office_contact_needed": {"yes": 3, "no": 1},
    "query_call_made": {"yes": 4, "no": 1},
    "query_call_answered": {"yes": 1, "no": 6},
    "vakttelefon_used": {"yes": 1, "no": 4},
    "message_sent": {"yes": 5, "no": 1},
    "confidentiality_kept": {"yes": 19, "no": 1},
    "empathic_conduct": {"yes": 7, "partly": 2, "no": 1},
    "same_day_contact": {"yes": 3, "no": 3, "unknown": 1},
}
# Typical minutes for decimal fields (a log-normal around this median, within min..max).
MEDIAN_MINUTES = {"queue_wait_minutes": 8.0, "handling_minutes": 11.0}
EMPTY_SHARE = 0.05  # optional fields left empty (an unknown queue time, say)

# county code -> call id prefix, [(Nav-kontor, kommunenummer)].
OFFICES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "agder": ("AG", [("Nav Kristiansand", "4204"), ("Nav Arendal", "4203")]),
    "innlandet": ("IN", [("Nav Hamar", "3403"), ("Nav Gjøvik", "3407")]),
    "more-og-romsdal": ("MR", [("Nav Ålesund", "1507"), ("Nav Molde", "1506")]),
    "nordland": ("NL", [("Nav Bodø", "1804"), ("Nav Narvik", "1806")]),
    "ostfold-buskerud-oslo-akershus": (
        "OV",
        [("Nav Grünerløkka", "0301"), ("Nav Drammen", "3005")],
    ),
    "rogaland": ("RO", [("Nav Stavanger", "1103"), ("Nav Haugesund", "1106")]),
    "troms-og-finnmark": ("TF", [("Nav Tromsø", "5401"), ("Nav Alta", "5403")]),
    "trondelag": ("TL", [("Nav Trondheim Falkenborg", "5001"), ("Nav Steinkjer", "5006")]),
    "vestfold-og-telemark": ("VT", [("Nav Skien", "3807"), ("Nav Tønsberg", "3803")]),
    "vestland": ("VL", [("Nav Bergen nord", "4601"), ("Nav Voss", "4621")]),
}
TEXTS: dict[str, list[str]] = {
    "survey": ["nks-2020-2021"],
    "observer": ["KH", "AHV", "TK", "MBR", "ES", "JOL"],
    "message_text": [
        "Bruker ber om å bli ringt opp om søknad om økonomisk sosialhjelp.",
        "Innringer har ikke penger til mat i dag og ber om kontakt med Nav-kontoret i dag.",
        "Bruker venter på svar på søknad om midlertidig botilbud og ber om oppringing.",
        "Fullmektig ber om status i saken. Ring tilbake mellom 12 og 15.",
    ],
    "notes": [
        "Lang ventetid før svar.",
        "Veilederen forklarte tydelig hva som skjer videre.",
        "Spørreanropet gikk til sentralbordet, ikke til vakttelefonen.",
        "Samtalen ble brutt én gang og innringer måtte ringe på nytt.",
    ],
}
# Free text as observers write it: with the caller's name and phone number in it (what
# validation warns of and exports redact), in the letters and ways people write them.
FIRST_NAMES = ["Kari", "Ola", "Åse", "Máret", "Ánde", "Łukasz", "Ayşe", "Zoë", "Ivan", "Иван"]
LAST_NAMES = ["Nordmann", "Ødegård", "Somby", "Nowak", "Yılmaz", "Đurić", "O'Brien", "Петров"]
PERSONAL_TEXTS = {
    "notes": [
        "Innringer {name} ba om å bli ringt opp på {phone} etter lunsj.",
        "Veilederen noterte {name} og nummeret {phone}, men ringte ikke tilbake.",
        "{name} hadde ringt flere ganger; ny avtale om oppringing på {phone}.",
    ],
    "message_text": [
        "{name} ber om å bli ringt opp på {phone} om søknad om økonomisk sosialhjelp.",
        "Fullmektig {name} ber om status i saken. Ring {phone} mellom 12 og 15.",
    ],
}
PHONE_SHAPES = [
    "{a}{b}{c}{d}",
    "{a} {b} {c} {d}",
    "+47 {a}{b}{c}{d}",
    "{a}{b} {c}{d}",
    "(+47) {a} {b} {c} {d}",
    "{a}-{b}-{c}-{d}",
]
PERSONAL_SHARE = 0.9  # of the notes and message texts
NOTES_SHARE = 1.0


class Generator:
    """Builds records one at a time from a survey definition and a seeded random source."""

    def __init__(self, survey: Survey, seed: int = SEED, personal: bool = True):
        self.survey = survey
        self.random = random.Random(seed)
        self.personal = personal

    def record(self, index: int) -> dict[str, Any]:
        """Record number `index`: typed values (tuples for many, datetimes), asked fields only.

        The key comes last so that it can carry the county's prefix (VL-000123).
        """
        values: dict[str, Any] = {}
        resolve = self.survey.lookup(values)
        for f in self.survey.fields:
            if f.name == self.survey.key or self.survey.is_asked(f.name, resolve) is not True:
                continue
            value = self.value(f, values, index)
            if value is not None:
                values[f.name] = value
        values[self.survey.key] = self._text(self.survey.by_name[self.survey.key], values, index)
        return {f.name: values[f.name] for f in self.survey.fields if f.name in values}

    def value(self, f: Field, values: dict[str, Any], index: int) -> Any:
        if not f.required and self._empty_optional(f):
            return None
        if f.type == "many":
            return self._many(f)
        if f.is_choice:
            return self._pick(f.name, f.codes)
        if f.type in ("decimal", "int"):
            return self._number(f)
        if f.type == "datetime":
            return self._moment()
        if f.type == "date":
            return self._moment().date()
        return self._text(f, values, index)

    def _empty_optional(self, f: Field) -> bool:
        if f.name == "notes":
            return self.random.random() >= NOTES_SHARE
        return self.random.random() < EMPTY_SHARE

    def _pick(self, name: str, codes: tuple[str, ...]) -> str:
        weights = WEIGHTS.get(name, {})
        return self.random.choices(codes, [weights.get(c, 1) for c in codes])[0]

    def _many(self, f: Field) -> tuple[str, ...]:
        first = self._pick(f.name, f.codes)
        if first in f.exclusive:
            return (first,)
        others = [c for c in f.codes if c not in f.exclusive and c != first]
        extra = self.random.sample(others, k=min(len(others), self.random.choice((0, 0, 1, 2))))
        chosen = {first, *extra}
        return tuple(c for c in f.codes if c in chosen)

    def _number(self, f: Field) -> float | int:
        low = f.min if f.min is not None else 0
        high = f.max if f.max is not None else low + 100
        median = MEDIAN_MINUTES.get(f.name, (low + high) / 2 or 1)
        raw = self.random.lognormvariate(math.log(median), 0.7)
        clipped = min(max(raw, low), high)
        return round(clipped) if f.type == "int" else round(clipped * 2) / 2

    def _moment(self) -> dt.datetime:
        day = FIRST_DAY + dt.timedelta(days=self.random.randrange(DAYS))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        minutes = self.random.randrange(8 * 60, 15 * 60 + 30, 5)
        return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))

    def _text(self, f: Field, values: dict[str, Any], index: int) -> str:
        prefix, offices = OFFICES.get(values.get("county", ""), ("XX", [("Nav Eksempel", "0301")]))
        office, number = offices[index % len(offices)]
        if f.name == self.survey.key:
            return f"{prefix}-{index:06d}"
        if f.name == "nav_office":
            return office
        if f.name == "municipality_number":
            return number
        if f.name in PERSONAL_TEXTS and self.random.random() < PERSONAL_SHARE:
            personal = self._personal(PERSONAL_TEXTS[f.name])
            if self.personal:
                return personal
        if f.name in TEXTS:
            return self.random.choice(TEXTS[f.name])
        text = f"{f.name} {index}"
        if f.pattern is not None and not f.pattern.fullmatch(text):
            raise ValueError(f"no synthetic value for {f.name} that matches {f.pattern.pattern!r}")
        return text

    def _personal(self, texts: list[str]) -> str:
        pick = self.random.choice
        digits = f"{self.random.randrange(4, 10)}{self.random.randrange(10_000_000):07d}"
        phone = pick(PHONE_SHAPES).format(a=digits[:2], b=digits[2:4], c=digits[4:6], d=digits[6:])
        return pick(texts).format(name=f"{pick(FIRST_NAMES)} {pick(LAST_NAMES)}", phone=phone)


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    """A typed record as an input file holds it: ISO times, lists for multiple codes."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, (dt.datetime, dt.date)):
            value = (
                value.isoformat(timespec="minutes")
                if isinstance(value, dt.datetime)
                else value.isoformat()
            )
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def records(
    n: int, seed: int = SEED, survey_id: str = "nks-call", personal: bool = True
) -> Iterator[dict[str, Any]]:
    """`n` valid records as JSON-ready dicts, the same for the same seed; with `personal`
    False, free text that would hold a name and a phone number holds neither (the same
    draws are made, so every other value is the same)."""
    generator = Generator(get_survey(survey_id), seed, personal)
    for index in range(1, n + 1):
        yield to_json(generator.record(index))


def write_jsonl(path: Path, n: int, seed: int = SEED, personal: bool = True) -> Path:
    """`n` synthetic records, one JSON object per line."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records(n, seed, personal=personal):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Path(path)
