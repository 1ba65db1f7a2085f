"""A path named on the command line that cannot be read is an input error with its cause
(READ015, ASMT001, RPT001), never exit 70: a name too long for the system, a loop of links,
a folder where a file belongs."""

from __future__ import annotations

import pytest

from tests.factories import valid_call, write_jsonl

LONG = "a" * 5000

# (command, option) of every option that names a file to read
OPTIONS = [
    ("score", "--params"),
    ("score", "--criteria"),
    ("score", "--assessments"),
    ("score", "--survey"),
    ("export", "--names"),
    ("report", "--template"),
    ("report", "--baseline"),
    ("compare", "--baseline-assessments"),
    ("validate", "--names"),
]


@pytest.fixture
def data(tmp_path):
    return write_jsonl(tmp_path / "calls.jsonl", [valid_call()])


def _odd_paths(tmp_path):
    loop = tmp_path / "loop.toml"
    other = tmp_path / "other.toml"
    loop.symlink_to(other)
    other.symlink_to(loop)
    folder = tmp_path / "mappe.toml"
    folder.mkdir()
    return {"too long": f"{LONG}.toml", "loop": loop, "folder": folder}


def _args(command, data, tmp_path):
    if command == "compare":
        return ["compare", data, data]
    if command in ("export", "report"):
        suffix = ".csv" if command == "export" else ".docx"
        return [command, data, "-o", tmp_path / f"ut{suffix}"]
    return [command, data]


@pytest.mark.parametrize("command, option", OPTIONS)
@pytest.mark.parametrize("kind", ["too long", "loop", "folder"])
def test_an_option_naming_a_file_that_cannot_be_read(cli, data, tmp_path, command, option, kind):
    value = _odd_paths(tmp_path)[kind]
    result = cli(*_args(command, data, tmp_path), option, value, "-q")
    assert result.exit_code in (1, 2), result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("kind", ["too long", "loop"])
@pytest.mark.parametrize("command", ["validate", "score", "export", "report"])
def test_an_input_that_cannot_be_read_is_read015(cli, tmp_path, command, kind):
    value = _odd_paths(tmp_path)[kind]
    args = _args(command, value, tmp_path)
    result = cli(*args, *(["--skip-invalid"] if command != "validate" else []))
    assert result.exit_code == 1
    assert "READ015" in result.stderr


@pytest.mark.parametrize("command", ["score", "export", "report", "compare"])
def test_an_output_name_too_long_is_exit_3(cli, data, command, tmp_path):
    later = write_jsonl(tmp_path / "later.jsonl", [valid_call(call_id="VL-900")])
    args = ["compare", data, later] if command == "compare" else [command, data]
    suffix = {"score": ".json", "export": ".csv", "report": ".docx", "compare": ".xlsx"}[command]
    result = cli(*args, "-o", f"{LONG}{suffix}", "-q")
    assert result.exit_code == 3, result.stderr
