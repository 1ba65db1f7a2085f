"""Fuzzing every input a user gives, through the command line: each reader (.docx, .xlsx, .csv,
.json, .jsonl, their bytes and the XML inside), and each definition file this round reaches
(assessments, parameters, a saved dataset). Whatever the file holds, the answer is a
diagnostic and an exit code of 0, 1, 2 or 3: never exit 70, never an uncaught exception.

Marked `fuzz`: the whole suite runs these at the profile's size; `.ci/run` runs them again with
`HYPOTHESIS_PROFILE=fuzz` (FUZZ_EXAMPLES examples each: about two minutes on 2 cores).
Survey definitions and catalogues are fuzzed beside their readers (the survey's own tests)."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import acute_call, examples, valid_call, write_csv, write_jsonl, write_xlsx
from tests.test_fuzz_readers import _mutate as _edit

pytestmark = pytest.mark.fuzz

FUZZ_EXAMPLES = 300  # per test under HYPOTHESIS_PROFILE=fuzz


def _size(n: int) -> int:
    return FUZZ_EXAMPLES if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else examples(n)


def fuzz(n: int = 25):
    return settings(
        max_examples=_size(n),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


EXITS = (0, 1, 2, 3)
EDITS = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 1 << 20), st.integers(0, 255)),
    min_size=1,
    max_size=8,
)
TOKENS = [b"<", b">", b"&", b'"', b"\x00", b"\xff", b"]]>", b"<!DOCTYPE x>", b"&x;", b"\n"]


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """The byte edits of tests/test_fuzz_readers.py (0 overwrite, 1 insert, 2 delete, 3
    truncate), after kind 4: a token that means something to a parser, inserted."""
    buffer = bytearray(data)
    for _, position, byte in (e for e in edits if e[0] == 4):
        at = position % max(len(buffer), 1)
        buffer[at:at] = TOKENS[byte % len(TOKENS)]
    return _edit(bytes(buffer), [e for e in edits if e[0] < 4])


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    """One good file of each kind, made once: the fuzz starts from what users give."""
    from tilsyn.forms import fill_form

    folder = tmp_path_factory.mktemp("seeds")
    records = [valid_call(), acute_call(call_id="VL-002")]
    fill_form(valid_call(notes="Ringte tilbake."), folder / "s.docx", "nb")
    write_xlsx(folder / "s.xlsx", records)
    write_csv(folder / "s.csv", records, encoding="cp1252")
    write_jsonl(folder / "s.jsonl", records)
    (folder / "s.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return {p.suffix: p.read_bytes() for p in folder.iterdir()}


def _validate(cli, path: Path) -> None:
    result = cli("validate", path, "--json")
    assert result.exit_code in EXITS, result.stderr


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".csv", ".json", ".jsonl"])
@fuzz()
@given(edits=EDITS)
def test_the_bytes_of_any_input(cli, seeds, tmp_path_factory, suffix, edits):
    path = tmp_path_factory.mktemp("bytes") / f"fuzzed{suffix}"
    path.write_bytes(_mutate(seeds[suffix], edits))
    _validate(cli, path)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@fuzz()
@given(edits=EDITS, member=st.integers(0, 99))
def test_the_xml_inside_an_office_file(cli, seeds, tmp_path_factory, suffix, edits, member):
    """One part of a well-formed zip mutated, so the XML layer is reached."""
    source = zipfile.ZipFile(io.BytesIO(seeds[suffix]))
    names = source.namelist()
    victim = names[member % len(names)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            target.writestr(name, _mutate(data, edits) if name == victim else data)
    path = tmp_path_factory.mktemp("xml") / f"fuzzed{suffix}"
    path.write_bytes(out.getvalue())
    _validate(cli, path)


# --- definition files ------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["pass", "fail", "bestått", "ikke oppfylt", "VL-001", "K06", "03.05.2022"]),
)
_json_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    return write_jsonl(
        folder / "calls.jsonl", [valid_call(call_id=f"VL-00{i}") for i in range(1, 4)]
    )


_ASSESSMENT_COLUMNS = ["nøkkel", "kriterium", "status", "begrunnelse", "vurdert av", "dato", "x"]


@fuzz()
@given(
    rows=st.lists(st.lists(_scalars, min_size=0, max_size=7), max_size=4),
    header=st.permutations(_ASSESSMENT_COLUMNS).map(lambda h: h[: len(h) - 1]),
    kind=st.sampled_from([".csv", ".xlsx", ".toml"]),
    edits=st.one_of(st.none(), EDITS),
)
def test_assessments(cli, data, tmp_path_factory, rows, header, kind, edits):
    folder = tmp_path_factory.mktemp("asmt")
    path = folder / f"vurderinger{kind}"
    records = [dict(zip(header, row, strict=False)) for row in rows]
    if kind == ".csv":
        write_csv(path, records, headers=header)
    elif kind == ".xlsx":
        cells = [{h: None if v is None else _cell_text(v) for h, v in r.items()} for r in records]
        write_xlsx(path, cells)
    else:
        entries = [{h: v for h, v in r.items() if v is not None} for r in records]
        path.write_text(_toml(entries), encoding="utf-8")
    if edits:
        path.write_bytes(_mutate(path.read_bytes(), edits))
    result = cli("score", data, "--assessments", path, "--json", "-q")
    assert result.exit_code in EXITS, result.stderr


def _cell_text(value) -> str:
    """What a spreadsheet cell can hold (openpyxl refuses control characters)."""
    return "".join(c for c in str(value) if c >= " " or c in "\t\n")


def _toml(entries: list[dict]) -> str:
    lines = []
    for entry in entries:
        lines.append("[[assessment]]")
        for key, value in entry.items():
            lines.append(f"{json.dumps(str(key))} = {json.dumps(str(value), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


@fuzz()
@given(
    values=st.dictionaries(
        st.sampled_from(["max_queue_wait_minutes", "ukjent", "", "max_queue_wait_minutes.x"]),
        _json_values,
        max_size=3,
    ),
    kind=st.sampled_from([".json", ".toml"]),
    edits=st.one_of(st.none(), EDITS),
)
def test_parameters(cli, data, tmp_path_factory, values, kind, edits):
    path = tmp_path_factory.mktemp("params") / f"parametre{kind}"
    if kind == ".json":
        path.write_text(json.dumps(values, default=str), encoding="utf-8")
    else:
        path.write_text(
            "".join(f"{json.dumps(k)} = {json.dumps(v, default=str)}\n" for k, v in values.items()),
            encoding="utf-8",
        )
    if edits:
        path.write_bytes(_mutate(path.read_bytes(), edits))
    result = cli("score", data, "--params", path, "--json", "-q")
    assert result.exit_code in EXITS, result.stderr


@pytest.fixture(scope="module")
def saved(data, tmp_path_factory) -> dict:
    from typer.testing import CliRunner

    from tilsyn.cli import app

    out = tmp_path_factory.mktemp("saved") / "lagret.json"
    CliRunner().invoke(app, ["score", str(data), "-o", str(out), "-q"], catch_exceptions=False)
    return json.loads(out.read_text(encoding="utf-8"))


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from _paths(item, (*prefix, index))


def _changed(data, path, new, delete: bool):
    if not path:
        return new
    copy = json.loads(json.dumps(data))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copy


@fuzz()
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 10_000), _json_values, st.booleans()), min_size=1, max_size=3
    ),
    command=st.sampled_from(["report", "export", "score"]),
)
def test_a_saved_dataset(cli, saved, tmp_path_factory, picks, command):
    """A saved dataset edited by hand: values replaced by anything JSON holds, keys removed."""
    dataset = saved
    for index, value, delete in picks:
        paths = list(_paths(dataset))
        dataset = _changed(dataset, paths[index % len(paths)], value, delete)
    folder = tmp_path_factory.mktemp("ds")
    path = folder / "lagret.json"
    path.write_text(json.dumps(dataset, ensure_ascii=False, default=str), encoding="utf-8")
    out = {"report": "r.docx", "export": "e.csv", "score": "s.json"}[command]
    result = cli(command, path, "-o", folder / out, "-q")
    assert result.exit_code in EXITS, result.stderr
