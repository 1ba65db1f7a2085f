"""What every key of the files in this folder is: survey definitions (`NAME.toml`) and criteria
catalogues (`NAME.criteria.toml`), as data for `tilsyn.tomlcheck`.

Each key has a type, is required or not, and nests as the file nests it; the checker reports a
key that is missing, unknown or of the wrong type with its line, under the codes named here
(SRV010-SRV012 and CAT015 where no older code says it better). SCHEMA.md says the same for
people; tests/test_definition_types.py holds the two to each other.
"""

from __future__ import annotations

from typing import Any

from tilsyn.i18n import STATUSES
from tilsyn.tomlcheck import (
    ALL_LANGUAGES,
    ALL_LANGUAGES_OR_NONE,
    BOOL,
    FILLED,
    LANGUAGE_LISTS,
    NAME,
    NUMBER,
    SCALAR,
    TEXT,
    TEXT_LIST,
    TEXT_OR_INT,
    TEXTS,
    FileKind,
    Key,
    Path,
    Table,
    TableOf,
    Tables,
    one_of,
    pattern,
)

FIELD_TYPES = frozenset({"text", "int", "decimal", "datetime", "date", "yesno", "one", "many"})
VALUE_TYPES = frozenset({"bool", "int", "decimal", "date", "datetime"})
SEVERITIES = ("high", "medium", "low")
ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"  # a survey or catalogue id: a name, never a path
CRITERION_ID = r"[A-Za-z][A-Za-z0-9_-]*"

# ---------------------------------------------------------------------------------------------
# Survey definitions (SRV)

_TOP = ("SRV002", "missing")  # a top-level key missing: «the survey has no 'key'»

CHOICE = Table(
    {
        "code": Key(FILLED, required=True),
        "label": Key(TEXTS, required=True),
        "aliases": Key(TEXT_LIST),  # other spellings read as this choice
    }
)

FIELD = Table(
    {
        "name": Key(NAME, True, ("SRV002", "name"), ("SRV002", "name")),
        "type": Key(one_of(sorted(FIELD_TYPES)), True, ("SRV004", ""), ("SRV004", "")),
        "section": Key(TEXT),
        "required": Key(BOOL),
        "label": Key(TEXTS),
        "help": Key(TEXTS),
        "relevant": Key(TEXT, wrong=("SRV003", "quotes")),
        "relevant_hint": Key(TEXTS),
        "choices": Key(Tables(CHOICE)),
        "choice_list": Key(FILLED),
        "exclusive": Key(TEXT_LIST),
        "missing_codes": Key(TEXT_LIST),
        "min": Key(NUMBER),
        "max": Key(NUMBER),
        "pattern": Key(TEXT),
        "pattern_hint": Key(TEXTS),
        "not_future": Key(BOOL),
        "personal_data": Key(BOOL),
        "multiline": Key(BOOL),
    }
)

DERIVED = Table(
    {
        "expr": Key(TEXT, True, ("SRV003", "quotes"), ("SRV003", "quotes")),
        "type": Key(one_of(sorted(VALUE_TYPES)), wrong=("SRV004", "")),
        "label": Key(TEXTS),
    }
)

LEVEL = Table(
    {
        "id": Key(NAME, required=True),
        "field": Key(NAME, required=True),
        "scope": Key(BOOL),
        "label": Key(TEXTS),
    }
)

CONSTRAINT = Table(
    {
        "id": Key(FILLED, True, ("SRV009", ""), ("SRV009", "")),
        "rule": Key(TEXT, True, ("SRV003", "quotes"), ("SRV003", "quotes")),
        "fields": Key(TEXT_LIST),
        "message": Key(TEXTS, True, ("SRV009", "")),
        "hint": Key(TEXTS),
    }
)

SECTION = Table({"id": Key(FILLED, required=True), "title": Key(TEXTS, required=True)})

# `[form]`: the field each named option of `tilsyn form new` fills in, and the field whose answer
# is a filled form's author (SCHEMA.md).
FORM = Table(
    {
        "prefill": Key(
            Table({option: Key(NAME) for option in ("county", "observer", "survey_round")})
        ),
        "author": Key(NAME),
    }
)

# `[nouns.<lang>]`: the record noun in every form a report's sentences need, and the gender
# nynorsk participles agree with (SCHEMA.md).
NOUN = Table(
    {
        "one": Key(FILLED, required=True),
        "many": Key(FILLED, required=True),
        "the_one": Key(FILLED),
        "the_many": Key(FILLED),
        "gender": Key(one_of(("m", "f", "n"))),
    }
)

SURVEY = Key(
    Table(
        {
            "id": Key(pattern(ID, "id"), True, _TOP, example="case-review"),
            "version": Key(TEXT_OR_INT, True, _TOP, example="1"),
            "key": Key(TEXT, True, _TOP, example="case_id"),
            "records_key": Key(NAME, example="cases"),
            "title": Key(TEXTS),
            "instructions": Key(TEXTS),
            "record_noun": Key(TEXTS),
            "record_noun_plural": Key(TEXTS),
            "derived": Key(TableOf(DERIVED)),
            "levels": Key(Tables(LEVEL)),
            "constraints": Key(Tables(CONSTRAINT)),
            "sections": Key(Tables(SECTION)),
            "form": Key(FORM),
            "nouns": Key(Table({lang: Key(NOUN) for lang in ("nb", "nn", "en")})),
            "fields": Key(
                Tables(FIELD, element=("SRV002", "fields")), True, _TOP, ("SRV002", "fields")
            ),
        }
    )
)

_NAMED_BY = {"fields": "name", "levels": "id", "constraints": "id", "sections": "id"}
_WHERE = {
    "fields": "where_field",
    "levels": "where_level",
    "constraints": "where_constraint",
    "sections": "where_section",
}


def survey_place(path: Path, data: Any) -> tuple[str, str | None]:
    """How a survey diagnostic names a place: «felt x», «avledet verdi y», «kontroll z»; the
    field is the name of the field, derived value, level, constraint or section."""
    from tilsyn.diagnostics import phrase

    head = path[0] if path else None
    if head == "derived" and len(path) > 1:
        return phrase("where_derived", name=path[1]), str(path[1])
    if head in _NAMED_BY and len(path) > 1 and isinstance(path[1], int):
        item = _item(data, head, path[1])
        ident = item.get(_NAMED_BY[head]) if isinstance(item, dict) else None
        if isinstance(ident, str) and ident:
            return phrase(_WHERE[head], name=ident), ident
        place = None if isinstance(item, dict) else str(head)  # not a table: the list is wrong
        return phrase(_WHERE[head], name=phrase("where_nth", n=path[1] + 1)), place
    return phrase("where_top"), None if head is None else str(head)


SURVEY_FILE = FileKind(
    wrong="SRV010",
    missing=("SRV011", ""),
    unknown=("SRV012", ""),
    rule="SRV003",
    name=survey_place,
)

# ---------------------------------------------------------------------------------------------
# Criteria catalogues (CAT)

_TEXTS = ("CAT003", None)  # «K02.title must be a table with nb, nn and en» (or lacks one)
_RULE = ("CAT003", "rule")

EVIDENCE = Table(
    {status: Key(ALL_LANGUAGES, wrong=("CAT010", None)) for status in STATUSES},
    unknown=("CAT010", "status"),
    ordered=True,
)

PARAMETER = Table(
    {
        "default": Key(
            SCALAR, True, ("CAT008", "no_default"), ("CAT008", "default_type"), by_table=True
        ),
        "label": Key(ALL_LANGUAGES_OR_NONE, wrong=_TEXTS),
        "max": Key(NUMBER, wrong=("CAT008", "bound"), by_table=True),
        "min": Key(NUMBER, wrong=("CAT008", "bound"), by_table=True),
        "unit": Key(TEXT),
    },
    shorthand="default",
)

CRITERION = Table(
    {
        "id": Key(pattern(CRITERION_ID, "id"), True, ("CAT003", "id"), ("CAT003", "id")),
        "title": Key(ALL_LANGUAGES, True, ("CAT003", "texts"), _TEXTS),
        "rationale": Key(ALL_LANGUAGES, True, ("CAT003", "texts"), _TEXTS),
        "legal_basis": Key(LANGUAGE_LISTS, wrong=("CAT003", "legal_basis")),
        "severity": Key(one_of(SEVERITIES), True, ("CAT011", ""), ("CAT011", "")),
        "recommendations": Key(TEXT_LIST, wrong=("CAT003", "recommendations")),
        "applies": Key(TEXT, wrong=_RULE),
        "passes": Key(TEXT, True, _RULE, _RULE),
        "parameters": Key(TableOf(PARAMETER), wrong=("CAT003", "parameters")),
        "evidence": Key(EVIDENCE, wrong=("CAT010", "table")),
    }
)

_NEEDS = ("CAT002", "needs")  # «the catalogue needs a survey (a text)»

# `[[themes]]`: the report's findings and assessment grouped under neutral headings.
THEME = Table(
    {
        "id": Key(FILLED, required=True),
        "title": Key(ALL_LANGUAGES, required=True),
        "criteria": Key(TEXT_LIST, required=True),
    }
)

CATALOGUE = Key(
    Table(
        {
            "id": Key(pattern(ID, "id"), True, _NEEDS, _NEEDS, example="my-catalogue"),
            "version": Key(TEXT_OR_INT, True, _NEEDS, _NEEDS, example="1"),
            "survey": Key(pattern(ID, "id"), True, _NEEDS, _NEEDS, example="nks-call"),
            "title": Key(TEXTS),
            "description": Key(TEXTS),
            "evidence": Key(EVIDENCE, wrong=("CAT010", "table")),
            "themes": Key(Tables(THEME)),
            "criteria": Key(
                Tables(CRITERION, element=("CAT003", "not_table"), nonempty=True),
                True,
                ("CAT002", "criteria"),
                ("CAT002", "criteria"),
            ),
        },
        unknown=("CAT012", "top"),
    )
)


def catalogue_place(path: Path, data: Any) -> tuple[str, str]:
    """How a catalogue diagnostic names a place, in the message and as its field: the criterion
    by its id, then the keys (`K06.passes`, `K01.parameters.max_queue_wait_minutes.label`)."""
    parts: list[str] = []
    rest = path
    if path[:1] == ("criteria",) and len(path) > 1 and isinstance(path[1], int):
        item = _item(data, "criteria", path[1])
        cid = item.get("id") if isinstance(item, dict) else None
        valid = isinstance(cid, str) and pattern(CRITERION_ID, "id").test(cid) is None
        if not valid and path[2:] in ((), ("id",)):
            return (f"criterion {path[1] + 1}",) * 2  # type: ignore[return-value]
        parts, rest = [cid if valid else f"criterion {path[1] + 1}"], path[2:]
    where = ".".join([*parts, *map(str, rest)])
    return where, where


CATALOGUE_FILE = FileKind(
    wrong="CAT015",
    missing=("CAT015", "missing"),
    unknown=("CAT012", ""),
    rule="CAT005",
    name=catalogue_place,
)


def _item(data: Any, key: str, index: int) -> Any:
    items = data.get(key) if isinstance(data, dict) else None
    return items[index] if isinstance(items, list) and index < len(items) else None
