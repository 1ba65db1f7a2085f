"""An output never overwrites an input, whatever name reaches it, and never replaces a file
that took its name while a command worked (tilsyn/outputs.py and the commands).

Inputs are every file a command is given: its data and each option that names a file. They
are compared by identity (a hard link, a symbolic link, the same name), with or without
--force. Without --force, the finished file is put in place only if no file took its name
meanwhile: of several runs writing one path at once one wins and the others exit 3, and a
draft saved during a run is kept. With --force the old file is replaced atomically."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import valid_call, write_jsonl
from tilsyn.errors import OutputError
from tilsyn.outputs import atomic_path, guarded

# option -> (suffix of the file it names, its content)
OPTION_FILES = {
    "--assessments": (".csv", "nøkkel;kriterium;status;begrunnelse\n"),
    "--params": (".toml", "max_queue_wait_minutes = 15\n"),
    "--criteria": (".toml", 'id = "k"\n'),
    "--survey": (".toml", 'id = "min"\n'),
    "--names": (".txt", "Kari Holm\n"),
    "--template": (".docx", "not really a template"),
    "--baseline": (".jsonl", ""),
    "--baseline-assessments": (".csv", "nøkkel;kriterium;status;begrunnelse\n"),
}
# command -> (the suffix of its output, the options it takes that name a file)
COMMANDS = {
    "report": (
        ".docx",
        [
            "--assessments",
            "--params",
            "--criteria",
            "--survey",
            "--names",
            "--template",
            "--baseline",
        ],
    ),
    "export": (".csv", ["--assessments", "--params", "--criteria", "--survey", "--names"]),
    "score": (".json", ["--assessments", "--params", "--criteria", "--survey"]),
    "compare": (".xlsx", ["--assessments", "--baseline-assessments"]),
}
CASES = [
    (command, option, link)
    for command, (_, options) in COMMANDS.items()
    for option in options
    for link in ("same name", "hard link", "symbolic link")
]


@pytest.fixture
def data(tmp_path) -> Path:
    return write_jsonl(tmp_path / "calls.jsonl", [valid_call(call_id=f"VL-{i}") for i in range(3)])


def _arguments(command: str, data: Path, output: Path) -> list:
    if command == "compare":
        return ["compare", data, data, "-o", output, "-q"]
    return [command, data, "-o", output, "-q"]


def _output_for(given: Path, link: str, suffix: str) -> Path:
    """The output path that is `given` under another name (or the same one)."""
    if link == "same name":
        return given
    output = given.with_name(f"ut-{given.stem}{suffix}")
    if link == "hard link":
        os.link(given, output)
    else:
        try:
            output.symlink_to(given)
        except OSError:
            pytest.skip("no symbolic links here")
    return output


@pytest.mark.parametrize("force", [False, True], ids=["", "--force"])
@pytest.mark.parametrize("command, option, link", CASES)
def test_no_output_is_a_file_given_through_an_option(
    cli, data, tmp_path, command, option, link, force
):
    suffix, content = OPTION_FILES[option]
    output_suffix = COMMANDS[command][0]
    # Under the same name, the file has the output's suffix: the command refuses before it
    # reads the option's file, so its kind does not matter.
    given = tmp_path / f"inn{output_suffix if link == 'same name' else suffix}"
    given.write_bytes(content.encode())
    output = _output_for(given, link, output_suffix)
    args = _arguments(command, data, output) + [option, given] + (["--force"] if force else [])
    result = cli(*args)
    assert result.exit_code == 3, result.stderr
    assert "input" in result.stderr
    assert given.read_bytes() == content.encode()


@pytest.mark.parametrize("force", [False, True], ids=["", "--force"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_output_is_an_input_file_under_another_name(cli, data, tmp_path, command, force):
    before = data.read_bytes()
    output = tmp_path / f"lenke{COMMANDS[command][0]}"
    os.link(data, output)
    result = cli(*_arguments(command, data, output), *(["--force"] if force else []))
    assert result.exit_code == 3
    assert data.read_bytes() == before


# --- at the moment of writing ----------------------------------------------------------------


def _during_the_run(monkeypatch, act):
    """Call `act` once the command has checked its output and is reading its input."""
    import tilsyn.api

    real = tilsyn.api.open_dataset

    def open_dataset(*args, **kwargs):
        act()
        return real(*args, **kwargs)

    monkeypatch.setattr(tilsyn.api, "open_dataset", open_dataset)


@pytest.mark.parametrize("command", ["report", "export", "score"])
def test_a_draft_saved_during_the_run_is_kept(cli, data, tmp_path, monkeypatch, command):
    output = tmp_path / f"utkast{COMMANDS[command][0]}"
    _during_the_run(monkeypatch, lambda: output.write_bytes(b"my draft"))
    result = cli(*_arguments(command, data, output))
    assert result.exit_code == 3, result.stderr
    assert output.read_bytes() == b"my draft"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["calls.jsonl", output.name])


def test_an_input_linked_to_the_output_name_during_the_run_is_not_replaced(
    cli, data, tmp_path, monkeypatch
):
    before = data.read_bytes()
    output = tmp_path / "ut.jsonl"
    _during_the_run(monkeypatch, lambda: os.link(data, output))
    result = cli("export", data, "-o", output, "-q", "--force")
    assert result.exit_code == 3
    assert data.read_bytes() == before


def test_of_two_writers_one_wins_and_the_other_is_refused(tmp_path):
    """The second writer starts after the first and finishes before it: the first finds the
    name taken when it puts its file in place."""
    output = tmp_path / "ut.csv"
    with guarded(force=False):
        with pytest.raises(OutputError):
            with atomic_path(output) as first:
                first.write_text("first")
                with atomic_path(output) as second:
                    second.write_text("second")
    assert output.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["ut.csv"]


def test_several_runs_writing_one_file_at_once(data, tmp_path):
    output = tmp_path / "samtidig.csv"
    command = [sys.executable, "-m", "tilsyn", "export", str(data), "-o", str(output), "-q"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(4)]
    codes = sorted(run.wait() for run in runs)
    for run in runs:
        run.stderr.close()
    assert codes == [0, 3, 3, 3]
    assert output.read_text(encoding="utf-8-sig").count("\n") == 4  # headers and three calls
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_force_replaces_in_one_step(cli, data, tmp_path):
    output = tmp_path / "ut.csv"
    output.write_text("old export")
    with output.open() as held:  # a reader of the old file keeps reading the old file
        result = cli("export", data, "-o", output, "-q", "--force")
        assert result.exit_code == 0
        assert held.read() == "old export"
    assert "VL-0" in output.read_text(encoding="utf-8-sig")


def test_the_library_replaces_as_before(tmp_path):
    """Outside a command (no `guarded`), an output is replaced: the API's callers decide."""
    output = tmp_path / "ut.txt"
    output.write_text("old")
    with atomic_path(output) as temp:
        temp.write_text("new")
    assert output.read_text() == "new"


def test_forms_are_never_written_onto_the_survey_definition(tmp_path):
    from tilsyn.forms.blank import make_forms

    definition = tmp_path / "min-undersøkelse.toml"
    definition.write_text('id = "min"\n')
    output = tmp_path / "skjema.docx"
    os.link(definition, output)
    with pytest.raises(OutputError):
        make_forms(output, force=True, inputs=[definition])
    assert definition.read_text() == 'id = "min"\n'
