"""Validation rules of the nks-call survey, each with a passing and a failing case."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import tilsyn
from tests.factories import (
    acute_call,
    codes,
    errors_on,
    load_records,
    valid_call,
    write_csv,
    write_json,
    write_jsonl,
    write_xlsx,
)
from tilsyn.survey import get_survey


def test_valid_record_loads_with_typed_values(tmp_path):
    result = load_records(tmp_path, valid_call())
    assert result.ok, result.diagnostics
    values = result.records[0].values
    assert values["queue_wait_minutes"] == 14.5
    assert values["observed_at"] == dt.datetime(2020, 11, 3, 10, 15)
    assert values["topics"] == ("financial_assistance",)
    assert values["same_day_contact"] is None


def test_acute_record_is_valid(tmp_path):
    assert load_records(tmp_path, acute_call()).ok


@pytest.mark.parametrize(
    "field, good, bad, code",
    [
        ("queue_wait_minutes", "7,5", "seven", "VAL002"),
        ("queue_wait_minutes", 600, 601, "VAL003"),
        ("handling_minutes", 0, -1, "VAL003"),
        ("caller_role", "proxy", "neighbour", "VAL004"),
        ("language_barrier", "NEI", "maybe", "VAL004"),
        ("language_barrier", "false", "2", "VAL004"),
        ("county", "oslo-og-viken", "oslo", "VAL004"),
        ("county", "Statsforvalteren i Vestland", "Vestlandet", "VAL004"),
        ("municipality_number", "0301", "301", "VAL007"),
        ("observed_at", "03.11.2020 10:15", "2020-13-40", "VAL002"),
        ("observed_at", "2021-04-30T15:00", "2999-01-01T10:00", "VAL008"),
        ("acute_markers", ["children_affected"], ["none", "children_affected"], "VAL006"),
        ("topics", "financial_assistance;other", "financial_assistance;lottery", "VAL004"),
        ("need_clarified", "Delvis", "kanskje", "VAL004"),
    ],
)
def test_field_rule(tmp_path, field, good, bad, code):
    extra = {"proxy_authority_checked": "yes"} if good == "proxy" else {}
    ok = load_records(tmp_path, valid_call(**{field: good}, **extra))
    assert ok.ok, [d.message for d in ok.errors]
    wrong = load_records(tmp_path, valid_call(**{field: bad}))
    assert code in errors_on(wrong, field)
    assert not wrong.records and wrong.excluded[0].key == "VL-001"


@pytest.mark.parametrize(
    "field", [f.name for f in get_survey("nks-call").fields if f.required and f.relevant is None]
)
def test_required_field_missing(tmp_path, field):
    result = load_records(tmp_path, valid_call(**{field: None}))
    assert "VAL001" in errors_on(result, field)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"query_call_answered": None}, "query_call_answered"),
        ({"message_states_need": None}, "message_states_need"),
        ({"caller_role": "proxy"}, "proxy_authority_checked"),
        ({"language_barrier": "yes"}, "interpreter_offered"),
    ],
)
def test_required_when_asked(tmp_path, overrides, field):
    assert "VAL001" in errors_on(load_records(tmp_path, valid_call(**overrides)), field)


def test_acute_asks_for_same_day_contact_and_urgency(tmp_path):
    result = load_records(tmp_path, acute_call(same_day_contact=None, message_states_urgency=None))
    assert errors_on(result, "same_day_contact") == ["VAL001"]
    assert errors_on(result, "message_states_urgency") == ["VAL001"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"same_day_contact": "yes"}, "same_day_contact"),
        ({"interpreter_offered": "yes"}, "interpreter_offered"),
        ({"proxy_authority_checked": "yes"}, "proxy_authority_checked"),
        ({"query_call_answered": "yes", "vakttelefon_used": "yes"}, "message_sent"),
    ],
)
def test_must_be_empty_when_not_asked(tmp_path, overrides, field):
    result = load_records(tmp_path, valid_call(**overrides))
    assert "VAL005" in errors_on(result, field)


def test_no_office_contact_needs_no_query_call_fields(tmp_path):
    record = valid_call(
        office_contact_needed="no",
        query_call_made=None,
        query_call_answered=None,
        vakttelefon_used=None,
        message_sent=None,
        message_text=None,
        message_states_need=None,
        message_has_callback_details=None,
        callback_explained=None,
    )
    assert load_records(tmp_path, record).ok


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    result = load_records(
        tmp_path,
        valid_call(queue_wait_minutes="x", county="mars", observer=None),
        valid_call(call_id="VL-002", municipality_number="12"),
    )
    assert {(d.key, d.code) for d in result.errors} >= {
        ("VL-001", "VAL002"),
        ("VL-001", "VAL004"),
        ("VL-001", "VAL001"),
        ("VL-002", "VAL007"),
    }
    assert len(result.excluded) == 2


def test_duplicate_call_id_across_files(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [valid_call()])
    write_jsonl(tmp_path / "b.jsonl", [valid_call(observer="XY")])
    result = tilsyn.load([tmp_path])
    (dup,) = [d for d in result.errors if d.code == "VAL009"]
    assert "a.jsonl" in dup.message and dup.file.endswith("b.jsonl")


def test_identical_duplicate_is_counted_once_with_a_warning(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [valid_call()])
    write_jsonl(tmp_path / "b.jsonl", [valid_call()])
    result = tilsyn.load([tmp_path])
    assert result.ok and len(result.records) == 1
    assert [d.code for d in result.warnings] == ["VAL010"]
    assert result.read_counts["nks-call"] == 1


def test_unknown_key_in_json_is_an_error(tmp_path):
    result = load_records(tmp_path, valid_call(waiting_music="yes"))
    assert "COL001" in codes(result)


# ---- formats -------------------------------------------------------------------------------


def test_csv_semicolon_windows_1252_with_nb_labels(tmp_path):
    survey = get_survey("nks-call")
    labels = {f.name: f.label["nb"] for f in survey.fields}
    record = valid_call(
        nav_office="Nav Årstad",
        queue_wait_minutes="7,5",
        observed_at="03.11.2020 10:15",
        language_barrier="Nei",
    )
    path = write_csv(tmp_path / "excel.csv", [record], encoding="cp1252", header_names=labels)
    assert b"\xc5rstad" in path.read_bytes()  # really cp1252
    result = tilsyn.load([path])
    assert result.ok, result.diagnostics
    values = result.records[0].values
    assert values["nav_office"] == "Nav Årstad" and values["queue_wait_minutes"] == 7.5
    assert values["language_barrier"] == "no"


def test_csv_comma_utf8_bom_with_codes(tmp_path):
    path = write_csv(
        tmp_path / "calls.csv",
        [valid_call(), valid_call(call_id="VL-002")],
        delimiter=",",
        encoding="utf-8-sig",
    )
    result = tilsyn.load([path])
    assert result.ok and [r.key for r in result.records] == ["VL-001", "VL-002"]
    assert result.records[1].row == 3


def test_csv_diagnostic_has_row_and_column(tmp_path):
    path = write_csv(tmp_path / "calls.csv", [valid_call(queue_wait_minutes="lenge")])
    (d,) = tilsyn.load([path]).errors
    assert (d.code, d.row, d.field, d.file) == ("VAL002", 2, "queue_wait_minutes", str(path))
    assert d.column is not None and d.hint


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_xlsx_with_labels_as_headers(tmp_path, lang):
    survey = get_survey("nks-call")
    labels = {f.name: f.label[lang] for f in survey.fields}
    record = valid_call(
        observed_at=dt.datetime(2020, 11, 3, 10, 15),
        caller_role=survey.by_name["caller_role"].choice_label("user", lang),
        topics=["financial_assistance", "other"],
    )
    result = tilsyn.load([write_xlsx(tmp_path / "calls.xlsx", [record], header_names=labels)])
    assert result.ok, result.diagnostics
    assert result.records[0].values["topics"] == ("financial_assistance", "other")
    assert result.records[0].sheet == "Samtaler"


def test_jsonl_bad_line_does_not_spoil_the_rest(tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(
        json.dumps(valid_call()) + "\n{not json\n" + json.dumps(valid_call(call_id="VL-9")) + "\n"
    )
    result = tilsyn.load([path])
    assert [d.code for d in result.errors] == ["READ004"] and result.errors[0].row == 2
    assert len(result.records) == 2


def test_folder_is_searched_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "sub" / "a.jsonl", [valid_call()])
    write_json(tmp_path / "b.json", [valid_call(call_id="VL-002")])
    (tmp_path / "README.md").write_text("not input")
    result = tilsyn.load([tmp_path])
    assert result.ok and len(result.records) == 2 and len(result.files) == 2


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("missing.json", None, "READ001"),
        ("calls.json", b"[{", "READ004"),
        ("calls.json", b'{"a": 1}', "READ006"),
        ("calls.txt", b"call_id\n", "READ002"),
        ("calls.csv", b"", "READ003"),
        ("calls.csv", b"call_id;observer\n\x00\x01\x02", "READ007"),
        ("calls.xlsx", b"this is not a zip", "READ009"),
        ("calls.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "READ011"),
    ],
)
def test_unreadable_files(tmp_path, name, content, code):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = tilsyn.load([path])
    assert code in codes(result)
    assert all(d.file == str(path) for d in result.errors)


def test_unreadable_file_does_not_stop_the_run(tmp_path):
    (tmp_path / "broken.json").write_text("[")
    write_jsonl(tmp_path / "good.jsonl", [valid_call()])
    result = tilsyn.load([tmp_path])
    assert codes(result) == ["READ004"] and len(result.records) == 1
