"""The records and results of a saved dataset as columns (`tilsyn.saved`), and back.

Each field's values are one column of JSON values; each criterion's results are a column of
status codes and a column of numbers into the list of distinct evidence sentences; what a
record carries beside its values (derived values, free text kept apart from its redacted value,
a masked key, the instance id of a submission) is kept only where it cannot be worked out
again. Reading types the values back as validation types them, a column at a time, without a
dict per record (`ColumnValues`).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any, Callable, Iterator

from tilsyn.dataset import Assessment, Result, ScoredDataset, ScoredRecord

if TYPE_CHECKING:
    from tilsyn.criteria import Catalogue
    from tilsyn.survey import Field, Survey

# A status as the file writes it, and back.
STATUS_CODES = {"pass": "p", "fail": "f", "not_applicable": "n", "not_answered": "u"}
_STATUSES = {code: status for status, code in STATUS_CODES.items()}
# A record's field naming the ODK or Kobo submission it came from (where it did).
INSTANCE_ID = "instance_id"


def encode_records(dataset: ScoredDataset) -> dict[str, Any]:
    """The values as columns (a column of no values left out), the record fields that cannot
    be worked out from them (derived values, free text kept apart from its redacted value),
    the keys that are not their key field's value (masked as personal data), and the instance
    ids of records read from ODK or Kobo submissions."""
    survey, records = dataset.survey, dataset.records
    values = {}
    for f in survey.fields:
        column = [_json_value(r.values.get(f.name)) for r in records]
        if any(v is not None for v in column):
            values[f.name] = column
    key_of = _key_reader(survey)
    return {
        "count": len(records),
        "values": values,
        "info": {name: [r.info.get(name) for r in records] for name in stored_info(survey)},
        "keys": {str(i): r.key for i, r in enumerate(records) if r.key != key_of(r.values)},
        "instance_ids": {
            str(i): r.info[INSTANCE_ID] for i, r in enumerate(records) if INSTANCE_ID in r.info
        },
    }


def encode_results(dataset: ScoredDataset) -> dict[str, Any]:
    evidence: dict[str, int] = {}
    columns = {}
    assessed = []
    for cid in dataset.criterion_ids:
        results = [r.results[cid] for r in dataset.records]
        columns[cid] = {
            "status": [STATUS_CODES[r.status] for r in results],
            "evidence": [evidence.setdefault(r.evidence, len(evidence)) for r in results],
        }
        assessed += [
            {
                "record": i,
                "criterion": cid,
                "automatic_status": r.automatic_status,
                **r.assessment.to_json(),
            }
            for i, r in enumerate(results)
            if r.assessment is not None
        ]
    return {
        "status_codes": dict(STATUS_CODES),
        "evidence": list(evidence),
        "criteria": columns,
        "assessed": sorted(assessed, key=lambda a: a["record"]),
    }


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat()  # a date or a time


def stored_info(survey: Survey) -> list[str]:
    """Record fields stored as they are: derived values, and fields whose saved value may be
    redacted (free text that may hold personal data)."""
    from tilsyn.scoring import info_fields

    own = [n for n in info_fields(survey) if survey.by_name[n].personal_data]
    return own + list(survey.shown_derived)


def _key_reader(survey: Survey) -> Callable[[dict[str, Any]], str]:
    key = survey.key

    def key_of(values: dict[str, Any]) -> str:
        value = values.get(key)
        return "" if value is None else str(value)

    return key_of


def decode_records(data: dict[str, Any], survey: Survey) -> list[ScoredRecord]:
    """The records, their values typed again from their JSON form (no validation: the digest
    says they are those saved), built a column at a time."""
    from tilsyn.scoring import info_layout

    count = data["count"]
    if type(count) is not int or count < 0:
        raise ValueError("the count of records is not a count")
    columns = dict(data["values"])
    unknown = sorted(set(columns) - set(survey.by_name))
    if unknown:
        raise ValueError(f"values of fields the survey does not have: {', '.join(unknown)}")
    typed = {f.name: _column(columns.get(f.name), f, count) for f in survey.fields}
    stored = dict(data["info"])
    wanted = stored_info(survey)
    if list(stored) != wanted:
        raise ValueError("the record fields kept as they are are not those of the survey")
    kept = {name: _sized(stored[name], count, name) for name in wanted}
    plain, dates = info_layout(survey)
    info = {name: kept.get(name) or typed[name] for name in plain}
    info.update((name, kept.get(name) or _iso(typed[name])) for name in dates)
    info.update((name, column) for name, column in kept.items() if name not in info)
    keys = [("" if value is None else str(value)) for value in typed[survey.key]]
    for number, key in dict(data["keys"]).items():
        keys[int(number)] = text(key)
    info_names = list(info)
    records = [
        ScoredRecord(key, dict(zip(info_names, fields, strict=True)), {}, ColumnValues(typed, n))
        for n, (key, fields) in enumerate(zip(keys, zip(*info.values(), strict=True), strict=True))
    ]
    for number, instance_id in dict(data["instance_ids"]).items():
        records[int(number)].info[INSTANCE_ID] = text(instance_id)
    return records


class ColumnValues(Mapping):
    """One record's values, read from the columns of a saved file: a mapping like the dict
    validation gives (every field, None for no answer), without a dict per record, so a
    report that never reads the values never pays for them."""

    __slots__ = ("_columns", "_row")

    def __init__(self, columns: dict[str, list[Any]], row: int):
        self._columns, self._row = columns, row

    def __getitem__(self, name: str) -> Any:
        return self._columns[name][self._row]

    def get(self, name: str, default: Any = None) -> Any:
        column = self._columns.get(name)
        return default if column is None else column[self._row]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return repr(dict(self))


def _iso(column: list[Any]) -> list[str | None]:
    return [None if value is None else value.isoformat() for value in column]


def _sized(column: Any, count: int, name: str) -> list[Any]:
    if not isinstance(column, list) or len(column) != count:
        raise ValueError(f"{name}: not one value per record")
    return column


def _column(column: Any, f: Field, count: int) -> list[Any]:
    """A column of JSON values typed as validation types them (None for no answer)."""
    if column is None:
        return [None] * count
    column = _sized(column, count, f.name)
    kinds = set(map(type, column)) - {type(None)}
    if f.type == "many":  # several choices: each a list of codes
        codes = chain.from_iterable(v for v in column if v.__class__ is list)
        typed = kinds <= {list} and set(map(type, codes)) <= {str}
    else:
        typed = kinds <= _JSON_TYPES.get(f.type, {str})
    if not typed:
        raise ValueError(f"{f.name}: a value is not a {f.type}")
    convert = _CONVERT.get(f.type)
    if convert is None or (f.type == "decimal" and int not in kinds):
        return column
    try:
        return [None if v is None else convert(v) for v in column]
    except (TypeError, ValueError):
        raise ValueError(f"{f.name}: a value is not a {f.type}") from None


def _converters() -> dict[str, Callable[[Any], Any]]:
    import datetime as dt

    return {
        "decimal": float,
        "date": dt.date.fromisoformat,
        "datetime": dt.datetime.fromisoformat,
        "many": tuple,
    }


# The JSON types of a field type's values (text for the others), and how they are typed again.
_JSON_TYPES = {"int": {int}, "decimal": {int, float}}
_CONVERT = _converters()


def decode_results(data: dict[str, Any], records: list[ScoredRecord], catalogue: Catalogue) -> None:
    """Each record's results, one shared `Result` per distinct status and evidence of a
    criterion, with the inspector's assessments where there were any."""
    evidence = [text(e) for e in data["evidence"]]
    columns = dict(data["criteria"])
    ids = [c.id for c in catalogue.criteria]
    if list(columns) != ids:
        raise ValueError("the criteria are not those of the catalogue")
    count = len(records)
    for cid in ids:
        statuses = _sized(columns[cid]["status"], count, cid)
        texts = _sized(columns[cid]["evidence"], count, cid)
        shared: dict[tuple[Any, Any], Result] = {}
        for record, pair in zip(records, zip(statuses, texts, strict=True), strict=True):
            result = shared.get(pair)
            if result is None:
                result = shared[pair] = _result(pair, evidence)
            record.results[cid] = result
    for entry in data["assessed"]:
        _assessed(entry, records, ids)


def _result(pair: tuple[Any, Any], evidence: list[str]) -> Result:
    code, index = pair
    if type(index) is not int or not 0 <= index < len(evidence):
        raise ValueError(f"no evidence number {index!r}")
    return Result(_STATUSES[code], evidence[index])


def _assessed(entry: dict[str, Any], records: list[ScoredRecord], ids: list[str]) -> None:
    number, cid = entry["record"], entry["criterion"]
    if type(number) is not int or not 0 <= number < len(records) or cid not in ids:
        raise ValueError("an assessment names no result of the dataset")
    record = records[number]
    result = record.results[cid]
    automatic = entry["automatic_status"]
    if automatic not in STATUS_CODES or automatic == result.status:
        raise ValueError(f"record {record.key}: the assessment of {cid} changes no status")
    assessment = Assessment(text(entry["justification"]), text(entry["by"]), text(entry["on"]))
    record.results[cid] = result._replace(automatic_status=automatic, assessment=assessment)


def text(value: Any) -> str:
    """`value`, which must be a text (ValueError otherwise)."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a text")
    return value
