"""Text survives export and re-import unchanged, or is said: characters no document can hold
(a lone surrogate, NUL, U+FFFE) are READ025 wherever they come in; text that looks like an
Excel escape («_x000B_») comes back as it was; a text longer than an Excel cell is EXP001; a
records sheet the workbook lists as holding none is read with READ028; a 10 MB text is
READ027, not «damaged»."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import examples, valid_call, write_jsonl, write_xlsx
from tilsyn.export import export
from tilsyn.formats.export_sheets import SHEETS_WITHOUT_RECORDS
from tilsyn.readers.base import clean_text

_UNSAFE = st.sampled_from(["\x00", "\x01", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"])


def _warned(result, name="notes"):
    return [d for d in result.warnings if d.code == "READ025" and d.field == name]


@settings(max_examples=examples(100), deadline=None)
@given(st.text(max_size=10), _UNSAFE, st.text(max_size=10), st.sampled_from(["json", "jsonl"]))
def test_characters_no_document_can_hold_are_said_in_json(
    tmp_path_factory, before, bad, after, kind
):
    note = before + bad + after
    record = valid_call(notes=note)
    path = tmp_path_factory.mktemp("u") / f"calls.{kind}"
    text = json.dumps(record) if kind == "jsonl" else json.dumps([record])  # \u escapes
    path.write_text(text + "\n", encoding="utf-8")
    result = tilsyn.load([path])
    (warning,) = _warned(result)
    assert f"U+{ord(bad):04X}" in warning.message
    assert result.records[0].values["notes"] == clean_text(note).strip()


def test_a_raw_u_fffe_in_json_and_csv_is_said(tmp_path):
    record = valid_call(notes="før\ufffeetter")
    raw = tmp_path / "calls.json"
    raw.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    assert _warned(tilsyn.load([raw]))
    table = tmp_path / "calls.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(list(record))
        writer.writerow(list(record.values()))
    assert _warned(tilsyn.load([table]))


def test_an_excel_escape_of_nul_is_said(tmp_path):
    path = write_xlsx(tmp_path / "calls.xlsx", [valid_call(notes="a_x0000_b")])
    result = tilsyn.load([path])
    assert result.records[0].values["notes"] == "a\ufffdb" and _warned(result)


_looks_like_escapes = st.lists(
    st.sampled_from(["_x000B_", "_x0000_", "_x005F_", "_xFFFE_", "_x0041_", "_x", "x_", "tekst "]),
    min_size=1,
    max_size=6,
).map("".join)


@settings(max_examples=examples(60), deadline=None)
@given(_looks_like_escapes, st.sampled_from([".xlsx", ".csv", ".jsonl"]))
def test_text_that_looks_like_an_excel_escape_comes_back_as_it_was(tmp_path_factory, note, suffix):
    folder = tmp_path_factory.mktemp("esc")
    data = write_jsonl(folder / "calls.jsonl", [valid_call(notes=note)])
    dataset = tilsyn.score_inputs([data], include_personal_data=True)
    out = folder / f"eksport{suffix}"
    export(dataset, out, include_personal_data=True, codes=True)
    again = tilsyn.load([out])
    assert again.records[0].values["notes"] == dataset.records[0].values["notes"] == note.strip()
    assert not _warned(again)


def test_a_text_longer_than_an_excel_cell_is_said(cli, tmp_path):
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call(notes="lang " * 7000)])
    result = cli("export", data, "-o", tmp_path / "ut.xlsx", "--include-personal-data")
    assert result.exit_code == 0
    assert "EXP001" in result.stderr and "notes" in result.stderr
    whole = cli("export", data, "-o", tmp_path / "ut.csv", "--include-personal-data")
    assert "EXP001" not in whole.stderr  # CSV keeps the whole text


def _list_as_without_records(path, names: list[str]):
    """Write the workbook's custom property listing `names` as sheets without records."""
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{SHEETS_WITHOUT_RECORDS}"><vt:lpwstr>{json.dumps(names)}</vt:lpwstr>'
        "</property></Properties>"
    )
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    rels = (
        parts["_rels/.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
        )
    )
    parts["_rels/.rels"] = rels.encode()
    parts["docProps/custom.xml"] = custom.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("sheet", ["Samtaler", "Calls"])
def test_the_only_records_sheet_listed_as_holding_none_is_read_and_said(tmp_path, sheet):
    path = write_xlsx(tmp_path / "calls.xlsx", [valid_call(call_id="VL-1")], sheet=sheet)
    _list_as_without_records(path, [sheet])
    result = tilsyn.load([path])
    assert [r.key for r in result.records] == ["VL-1"]
    assert [d.code for d in result.warnings] == ["READ028"]


def test_an_exports_own_listed_sheets_stay_unread(cli, tmp_path):
    data = write_jsonl(tmp_path / "calls.jsonl", [valid_call(call_id=f"VL-{i}") for i in range(3)])
    out = tmp_path / "eksport.xlsx"
    assert cli("export", data, "-o", out, "-q").exit_code == 0
    again = tilsyn.load([out])
    assert len(again.records) == 3 and not again.warnings


def test_a_ten_megabyte_note_is_said_as_its_size(tmp_path):
    import random

    from tilsyn.forms import fill_form

    rng = random.Random(5)
    words = [f"ord{n}" for n in range(300)]
    note = " ".join(rng.choice(words) for _ in range(2_100_000))[:10_400_000]
    path = tmp_path / "skjema.docx"
    fill_form(valid_call(notes=note), path, "nb")
    result = tilsyn.load([path])
    assert [d.code for d in result.errors] == ["READ027"]
