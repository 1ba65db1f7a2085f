"""Fuzzing the readers: mutated inputs only ever produce diagnostics, never an exception."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tilsyn
from tests.factories import acute_call, examples, valid_call, write_csv, write_xlsx

FUZZ = settings(
    max_examples=examples(75),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """Apply (kind, position, byte) edits: 0 overwrite, 1 insert, 2 delete, 3 truncate."""
    buffer = bytearray(data)
    for kind, position, byte in edits:
        if not buffer:
            break
        at = position % len(buffer)
        if kind == 0:
            buffer[at] = byte
        elif kind == 1:
            buffer.insert(at, byte)
        elif kind == 2:
            del buffer[at]
        else:
            del buffer[at:]
    return bytes(buffer)


EDITS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.integers(0, 255)),
    min_size=1,
    max_size=8,
)


def _assert_only_diagnostics(path):
    result = tilsyn.load([path])
    for d in result.diagnostics:
        assert d.code and d.message and d.severity in ("error", "warning")
    assert len(result.records) + len(result.excluded) <= 2 + len(result.diagnostics)


def _seed(tmp_path, name):
    path = tmp_path / name
    records = [valid_call(), acute_call(call_id="VL-002")]
    if name.endswith(".csv"):
        write_csv(path, records, encoding="cp1252")
    elif name.endswith(".xlsx"):
        write_xlsx(path, records)
    else:
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
@FUZZ
@given(edits=EDITS)
def test_fuzz_file_bytes(tmp_path_factory, suffix, edits):
    tmp = tmp_path_factory.mktemp(suffix[1:])
    seed = _seed(tmp, "seed" + suffix)
    target = tmp / ("fuzzed" + suffix)
    target.write_bytes(_mutate(seed, edits))
    _assert_only_diagnostics(target)


@FUZZ
@given(edits=EDITS, member=st.integers(0, 50))
def test_fuzz_xlsx_members(tmp_path_factory, edits, member):
    """Mutate one XML part inside a well-formed zip, so the XML layer is fuzzed too."""
    import zipfile

    tmp = tmp_path_factory.mktemp("xlsxm")
    seed = _seed(tmp, "seed.xlsx")
    source = zipfile.ZipFile(io.BytesIO(seed))
    names = source.namelist()
    victim = names[member % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for name in names:
            data = source.read(name)
            target_zip.writestr(name, _mutate(data, edits) if name == victim else data)
    target = tmp / "fuzzed.xlsx"
    target.write_bytes(out.getvalue())
    _assert_only_diagnostics(target)


@FUZZ
@given(
    record=st.dictionaries(
        st.sampled_from(list(valid_call()) + ["extra", ""]),
        st.one_of(
            st.none(),
            st.text(max_size=20),
            st.integers(),
            st.floats(allow_nan=True),
            st.booleans(),
            st.lists(st.text(max_size=8), max_size=3),
        ),
        max_size=12,
    )
)
def test_fuzz_json_values(tmp_path_factory, record):
    tmp = tmp_path_factory.mktemp("json")
    target = tmp / "fuzzed.json"
    target.write_text(
        json.dumps([valid_call(**{k: v for k, v in record.items() if v is not None})])
    )
    _assert_only_diagnostics(target)
