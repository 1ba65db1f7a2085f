"""The exit codes of the spec, for every command: 0 done, 1 input errors, 2 usage, 3 output."""

from __future__ import annotations

import pytest

from tests.factories import valid_call, write_jsonl


@pytest.fixture
def good(tmp_path):
    return write_jsonl(tmp_path / "good.jsonl", [valid_call()])


@pytest.fixture
def bad(tmp_path):
    return write_jsonl(tmp_path / "bad.jsonl", [valid_call(county="atlantis")])


def _run(cli, tmp_path, command, data, out_folder=None):
    folder = out_folder or tmp_path
    args = {
        "validate": ["validate", data],
        "score": ["score", data, "-o", folder / "results.json"],
        "report": ["report", data, "-o", folder / "report.docx"],
        "export": ["export", data, "-o", folder / "export.xlsx"],
        "form": ["form", "new", "-o", folder / "form.docx"],
        "criteria": ["criteria", "show", "K06"],
    }[command]
    return cli(*args)


COMMANDS = ["validate", "score", "report", "export"]


@pytest.mark.parametrize("command", COMMANDS + ["form", "criteria"])
def test_exit_0_when_done(cli, tmp_path, good, command):
    assert _run(cli, tmp_path, command, good).exit_code == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_exit_1_on_input_errors(cli, tmp_path, bad, command):
    result = _run(cli, tmp_path, command, bad)
    assert result.exit_code == 1 and "VAL004" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["score", "--by", "planet"],
        ["report", "--scope", "galaxy:x"],
        ["report", "--lang", "de"],
        ["export", "--lang", "de"],
        ["form", "new", "--lang", "de"],
        ["criteria", "show", "K99"],
        ["validate"],
        ["score"],
        ["export"],
        ["report"],
    ],
)
def test_exit_2_on_wrong_usage(cli, tmp_path, good, args):
    needs_data = args[0] in COMMANDS and len(args) > 1
    extra = [good] if needs_data else []
    if args[0] in ("report", "export") and len(args) > 1:
        extra += ["-o", tmp_path / ("out.docx" if args[0] == "report" else "out.xlsx")]
    if args[:2] == ["form", "new"]:
        extra += ["-o", tmp_path / "f.docx"]
    result = cli(*args, *extra)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("command", ["score", "report", "export", "form"])
def test_exit_3_when_the_output_cannot_be_written(cli, tmp_path, good, command):
    result = _run(cli, tmp_path, command, good, out_folder=tmp_path / "no" / "such" / "folder")
    assert result.exit_code == 3, result.output
