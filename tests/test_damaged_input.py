"""Damaged or odd input files (a broken zip member, JSON that cannot be records, numbers that
are not answers, control characters): a diagnostic and exit 1, never exit 70, and one bad file
never stops the rest of a folder."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import examples, valid_call, write_csv, write_jsonl, write_xlsx
from tilsyn.forms.docx_writer import form_bytes

FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _form() -> bytes:
    return form_bytes("nks-call", "nb", valid_call(call_id="HF-001"))


def _entries(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of a member's local header and central directory entry."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        size = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + size] == name.encode():
            return info.header_offset, central
        central = data.find(b"PK\x01\x02", central + 4)
    raise AssertionError(name)


def _damaged(kind: str) -> bytes:
    data = bytearray(_form())
    local, central = _entries(bytes(data), "word/document.xml")
    if kind == "crc":
        for at in (local + 14, central + 16):
            data[at] ^= 0xFF
    elif kind == "deflate":
        name, extra = struct.unpack("<HH", data[local + 26 : local + 30])
        start = local + 30 + name + extra
        data[start + 8 : start + 24] = bytes(16)
    elif kind == "encrypted":
        data[local + 6] |= 1
        data[central + 8] |= 1
    elif kind == "method":
        data[local + 8 : local + 10] = struct.pack("<H", 99)
        data[central + 10 : central + 12] = struct.pack("<H", 99)
    return bytes(data)


def _run_beside_a_good_file(cli, tmp_path: Path, name: str, data: bytes | str, *args):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    target = folder / name
    target.write_bytes(data) if isinstance(data, bytes) else target.write_text(data, "utf-8")
    write_jsonl(folder / "good.jsonl", [valid_call(call_id="OK-1")])
    result = cli("validate", "--json", folder, *args)
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    diagnostics = json.loads(result.stdout)
    return diagnostics, result


@pytest.mark.parametrize(
    "kind, code",
    [("crc", "READ009"), ("deflate", "READ009"), ("encrypted", "READ011"), ("method", "READ009")],
)
def test_a_damaged_member_of_a_form_is_a_diagnostic(cli, tmp_path, kind, code):
    diagnostics, result = _run_beside_a_good_file(cli, tmp_path, "form.docx", _damaged(kind))
    assert [d["code"] for d in diagnostics if d["file"].endswith("form.docx")] == [code]
    assert "1 call" in result.stderr  # the good file was read


@FUZZ
@given(st.integers(0, 1 << 16), st.integers(1, 64), st.integers(0, 255))
def test_fuzzed_bytes_inside_the_document_member(tmp_path_factory, offset, length, byte):
    """Damage anywhere in the compressed document.xml: a diagnostic, never an exception."""
    data = bytearray(_form())
    local, _ = _entries(bytes(data), "word/document.xml")
    name, extra = struct.unpack("<HH", data[local + 26 : local + 30])
    start = local + 30 + name + extra
    size = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml").compress_size
    at = start + offset % size
    data[at : at + length] = bytes([byte]) * len(data[at : at + length])
    path = tmp_path_factory.mktemp("fuzz") / "form.docx"
    path.write_bytes(bytes(data))
    result = tilsyn.load([path])
    assert all(
        d.code.startswith(("READ", "FORM", "VAL", "COL", "PRIV")) for d in result.diagnostics
    )


@pytest.mark.parametrize(
    "name, text, code",
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "READ004"),
        ("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "READ004"),
        ("empty.json", "", "READ003"),
        ("empty-list.json", "[]", "READ003"),
        ("empty.jsonl", "\n\n", "READ003"),
    ],
)
def test_json_that_cannot_be_records_is_a_diagnostic(cli, tmp_path, name, text, code):
    diagnostics, _ = _run_beside_a_good_file(cli, tmp_path, name, text)
    assert code in [d["code"] for d in diagnostics if d["file"].endswith(name)]


@FUZZ
@given(st.integers(1, 3000), st.sampled_from(["[", '{"a":']), st.booleans())
def test_json_nesting_of_any_depth(tmp_path_factory, depth, opener, lines):
    closer = "]" if opener == "[" else "}"
    body = opener * depth + "1" * (opener == '{"a":') + closer * depth
    path = tmp_path_factory.mktemp("json") / ("x.jsonl" if lines else "x.json")
    path.write_text(
        f'[{{"call_id": "N-1", "notes": {body}}}]'
        if not lines
        else f'{{"call_id": "N-1", "notes": {body}}}\n'
    )
    result = tilsyn.load([path])
    assert result.diagnostics  # an invalid record, never an exception


@pytest.mark.parametrize("value", ["9" * 5000, "NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_that_are_not_answers(cli, tmp_path, value):
    text = json.dumps([valid_call(call_id="BIG-1", queue_wait_minutes=4)]).replace(
        '"queue_wait_minutes": 4', f'"queue_wait_minutes": {value}'
    )
    assert value in text
    diagnostics, _ = _run_beside_a_good_file(cli, tmp_path, "big.json", text)
    wait = [d for d in diagnostics if d["field"] == "queue_wait_minutes"]
    assert [d["code"] for d in wait] == ["VAL002"]
    assert len(wait[0]["message"]) < 200  # the value is cut short in the message


def test_lone_surrogates_and_controls_never_reach_an_output(cli, tmp_path):
    record = valid_call(call_id="S-1")
    text = json.dumps([record]).replace('"call_id"', '"call_id", "\\ud800x": 1, "call_id"', 1)
    text = text.replace('"S-1"', '"S-1\\udc00"').replace('"notes": "', '"notes": "a\\u000bb\\u0001')
    path = tmp_path / "s.json"
    path.write_text(text)
    result = tilsyn.load([path])
    for d in result.diagnostics:
        json.dumps(d.to_json(), ensure_ascii=False).encode("utf-8")  # never a lone surrogate
    out = tmp_path / "out.xlsx"
    run = cli("export", path, "-o", out)
    assert "internal error" not in run.output


def test_an_excel_control_character_reaches_no_report(cli, tmp_path):
    path = write_xlsx(
        tmp_path / "calls.xlsx", [valid_call(call_id="X-1", notes="a_x000B_b_x0001_c")]
    )
    result = tilsyn.load([path])
    notes = result.records[0].values["notes"]
    assert notes == "a\nb\ufffdc"
    out = tmp_path / "report.docx"
    run = cli("report", path, "-o", out, "--include-personal-data")
    assert run.exit_code == 0, run.output


def test_an_unforeseen_failure_in_a_reader_is_a_diagnostic(tmp_path, monkeypatch):
    """The guard: whatever a reader meets in a damaged file, the run goes on."""
    from tilsyn import readers

    def broken(path):
        raise AssertionError("surprise")
        yield  # pragma: no cover

    monkeypatch.setitem(readers.READERS, ".csv", broken)
    write_csv(tmp_path / "a.csv", [valid_call()])
    write_jsonl(tmp_path / "b.jsonl", [valid_call(call_id="OK-2")])
    result = tilsyn.load([tmp_path])
    assert [d.code for d in result.errors] == ["READ016"]
    assert [r.key for r in result.records] == ["OK-2"]
