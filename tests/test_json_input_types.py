"""JSON that says a thing twice or in the wrong type gets a diagnostic: a record naming a key
twice (READ026) instead of silently keeping the last, a list, an object or true/false where
text or a choice is expected (VAL002) instead of «['a']» or «True»."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import examples, valid_call
from tilsyn.survey import get_survey

SURVEY = get_survey("nks-call")
TEXT_FIELDS = [f.name for f in SURVEY.fields if f.type == "text" and f.name != SURVEY.key]
CHOICE_FIELDS = [f.name for f in SURVEY.fields if f.type == "one"]
_text = st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cs", "Zs")), max_size=5)
_wrong = st.one_of(
    st.booleans(),
    st.lists(_text, min_size=1, max_size=3),
    st.dictionaries(_text, st.integers(), min_size=1, max_size=2),
)


def _codes(result, name=None):
    return [d.code for d in result.diagnostics if name is None or d.field == name]


@settings(max_examples=examples(150), deadline=None)
@given(st.sampled_from(TEXT_FIELDS + CHOICE_FIELDS), _wrong, st.booleans())
def test_a_list_object_or_boolean_where_text_belongs_is_an_error(
    tmp_path_factory, name, value, lines
):
    record = valid_call(**{name: "x"})
    record[name] = value
    folder = tmp_path_factory.mktemp("json")
    path = folder / ("calls.jsonl" if lines else "calls.json")
    text = json.dumps(record) + "\n" if lines else json.dumps([record])
    path.write_text(text, encoding="utf-8")
    result = tilsyn.load([path])
    assert "VAL002" in _codes(result, name)
    assert not result.records
    message = next(d.message for d in result.errors if d.field == name and d.code == "VAL002")
    written = json.dumps(value, ensure_ascii=False)
    assert written[:15] in message  # as the file wrote it, not as Python would


@settings(max_examples=examples(100), deadline=None)
@given(
    st.sampled_from(list(valid_call())),
    st.sampled_from(["same", "other"]),
    st.booleans(),
)
def test_a_key_named_twice_leaves_the_record_out(tmp_path_factory, key, second, lines):
    record = valid_call()
    body = json.dumps(record)[:-1]
    again = json.dumps(record[key] if second == "same" else "annet")
    doubled = f'{body}, "{key}": {again}}}'
    folder = tmp_path_factory.mktemp("dup")
    path = folder / ("calls.jsonl" if lines else "calls.json")
    path.write_text(doubled + "\n" if lines else f"[{doubled}]", encoding="utf-8")
    result = tilsyn.load([path])
    assert _codes(result) == ["READ026"]
    assert key in result.diagnostics[0].message
    assert not result.records


def test_records_beside_a_doubled_one_are_read(tmp_path):
    good = json.dumps(valid_call(call_id="VL-1"))
    doubled = json.dumps(valid_call(call_id="VL-2"))[:-1] + ', "call_id": "VL-3"}'
    path = tmp_path / "calls.jsonl"
    path.write_text(f"{good}\n{doubled}\n", encoding="utf-8")
    result = tilsyn.load([path])
    assert [r.key for r in result.records] == ["VL-1"]
    assert [(d.code, d.row) for d in result.errors] == [("READ026", 2)]


def test_a_number_in_a_text_field_is_still_its_text(tmp_path):
    """Spreadsheets and JSON give numbers for texts such as keys: those stay readable."""
    record = valid_call(call_id=1001, notes=12.5)
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    result = tilsyn.load([path])
    assert result.records[0].values["notes"] == "12.5"
    assert result.records[0].key == "1001"
