"""Build test inputs from small dicts: no opaque binary fixtures in the repository."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Iterable


def examples(n: int) -> int:
    """`n` Hypothesis examples in CI, the profile's few while you work (tests/conftest.py)."""
    from hypothesis import settings

    return n if os.environ.get("HYPOTHESIS_PROFILE") == "ci" else min(n, settings().max_examples)


def valid_call(**overrides: Any) -> dict[str, Any]:
    """A complete, valid nks-call record: a query call not answered, then a message."""
    record: dict[str, Any] = {
        "call_id": "VL-001",
        "survey": "nks-2020-2021",
        "observed_at": "2020-11-03T10:15",
        "observer": "KH",
        "county": "vestland",
        "municipality_number": "4601",
        "nav_office": "Nav Bergen nord",
        "caller_role": "user",
        "topics": ["financial_assistance"],
        "acute_markers": ["none"],
        "language_barrier": "no",
        "queue_wait_minutes": 14.5,
        "handling_minutes": 9,
        "need_clarified": "yes",
        "urgency_assessed": "yes",
        "guidance": "general",
        "resolved_by_nks": "partly",
        "office_contact_needed": "yes",
        "query_call_made": "yes",
        "query_call_answered": "no",
        "vakttelefon_used": "no",
        "message_sent": "yes",
        "message_text": "Bruker ønsker kontakt om søknad.",
        "message_states_need": "yes",
        "message_has_callback_details": "yes",
        "callback_explained": "yes",
        "confidentiality_kept": "yes",
        "empathic_conduct": "yes",
    }
    return _with(record, overrides)


def _with(record: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`record` with `overrides` applied; an override of None leaves the field out."""
    for key, value in overrides.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def acute_call(**overrides: Any) -> dict[str, Any]:
    """A valid acute call (no food): urgency in the message and same-day contact are asked."""
    base = {
        "acute_markers": ["no_food"],
        "message_states_urgency": "yes",
        "same_day_contact": "yes",
    }
    base.update(overrides)
    return valid_call(**base)


def valid_office(**overrides: Any) -> dict[str, Any]:
    """A complete, valid office record: short opening hours, justified; everything else in place.

    An override of None leaves the field out.
    """
    record: dict[str, Any] = {
        "office_id": "VL-4621",
        "survey": "office-2020-2021",
        "surveyed_on": "2021-03-01",
        "inspector": "KH",
        "county": "vestland",
        "municipality_number": "4621",
        "nav_office": "Nav Voss",
        "population": 15_800,
        "reception_hours_per_week": 7.5,
        "walk_in_without_appointment": "yes",
        "limited_hours_justified": "yes",
        "phone_reachable_directly": "yes",
        "has_vakttelefon": "yes",
        "vakttelefon_covers_nks_hours": "yes",
        "acute_same_day_routine": "yes",
        "nks_message_routine": "yes",
        "nks_info_up_to_date": "yes",
        "digital_application": "yes",
        "non_digital_alternative": "yes",
        "preparedness_plan_covers_social_services": "yes",
        "covid_closed_all_channels": "no",
        **overrides,
    }
    return {key: value for key, value in record.items() if value is not None}


def write_json(path: Path, records: list[dict]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def write_jsonl(path: Path, records: Iterable[dict]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    return value


def write_csv(
    path: Path,
    records: list[dict],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
    headers: list[str] | None = None,
    header_names: dict[str, str] | None = None,
) -> Path:
    headers = headers or list(dict.fromkeys(k for r in records for k in r))
    names = header_names or {}
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([names.get(h, h) for h in headers])
        for record in records:
            writer.writerow([_cell(record.get(h, "")) for h in headers])
    return path


def write_xlsx(
    path: Path,
    records: list[dict],
    *,
    header_names: dict[str, str] | None = None,
    sheet: str = "Samtaler",
) -> Path:
    from openpyxl import Workbook

    headers = list(dict.fromkeys(k for r in records for k in r))
    names = header_names or {}
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([names.get(h, h) for h in headers])
    for record in records:
        ws.append([_cell(record.get(h)) for h in headers])
    book.save(path)
    return path


# --- loading and reading the diagnostics back -------------------------------------------------


def load_records(folder: Path, *records: dict[str, Any]):
    """`tilsyn.load` of the records, written to one JSON file in `folder`."""
    import tilsyn

    return tilsyn.load([write_json(folder / "calls.json", list(records))])


def load_one(folder: Path, record: dict[str, Any], blank: Iterable[str] = ()) -> list:
    """The one validated record, then fields blanked as an unfinished form would leave them."""
    loaded = load_records(folder, record)
    assert loaded.ok, [d.message for d in loaded.errors]
    for name in blank:
        loaded.records[0].values[name] = None
    return loaded.records


def codes(loaded: Any, *, ignore: Iterable[str] = ()) -> list[str]:
    """The distinct diagnostic codes of a load result (or of loading one path), sorted."""
    if isinstance(loaded, Path):
        import tilsyn

        loaded = tilsyn.load([loaded])
    return sorted({d.code for d in loaded.diagnostics} - set(ignore))


def errors_on(loaded: Any, field: str) -> list[str]:
    """The codes of the errors a load result holds on one field."""
    return [d.code for d in loaded.errors if d.field == field]
