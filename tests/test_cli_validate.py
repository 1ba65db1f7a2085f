"""`tilsyn validate` through the CLI: output streams, JSON shape, exit codes."""

import json
import subprocess
import sys

import pytest

from tests.factories import valid_call, write_csv, write_jsonl
from tilsyn import __version__
from tilsyn.cli import app

DIAGNOSTIC_KEYS = {"code", "severity", "file", "call_id", "field", "message", "hint"}


def test_valid_input_exits_0_with_summary_on_stderr(cli, tmp_path):
    path = write_jsonl(tmp_path / "calls.jsonl", [valid_call(), valid_call(call_id="VL-002")])
    result = cli("validate", path)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[-1] == "1 file, 2 calls, 0 errors, 0 warnings"


def test_errors_exit_1_and_name_code_location_and_hint(cli, tmp_path):
    path = write_csv(
        tmp_path / "calls.csv", [valid_call(queue_wait_minutes="lenge", county="mars")]
    )
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "VAL002" in result.stderr and "VAL004" in result.stderr
    assert f"{path}:2" in result.stderr and "hint:" in result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith("2 errors, 0 warnings")


def test_json_output_shape(cli, tmp_path):
    path = write_csv(tmp_path / "calls.csv", [valid_call(queue_wait_minutes="lenge")])
    result = cli("validate", "--json", path)
    assert result.exit_code == 1
    (item,) = json.loads(result.stdout)
    assert DIAGNOSTIC_KEYS <= set(item) and item["row"] == 2
    assert (item["code"], item["severity"], item["field"], item["call_id"]) == (
        "VAL002",
        "error",
        "queue_wait_minutes",
        "VL-001",
    )


def test_json_output_of_valid_input_is_an_empty_list(cli, tmp_path):
    result = cli("validate", "--json", "--quiet", write_jsonl(tmp_path / "c.jsonl", [valid_call()]))
    assert result.exit_code == 0 and json.loads(result.stdout) == [] and result.stderr == ""


def test_missing_path_is_reported_not_a_traceback(cli, tmp_path):
    result = cli("validate", tmp_path / "nowhere.csv")
    assert result.exit_code == 1 and "READ001" in result.stderr


@pytest.mark.parametrize(
    "args", [["validate"], ["validate", "--no-such-option", "x"], ["nonsense"]]
)
def test_usage_errors_exit_2(cli, args):
    assert cli(*args).exit_code == 2


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"tilsyn {__version__}"


def test_every_command_has_help_text():
    import typer.main

    def check(command, path):
        assert command.help and command.help.strip(), f"{path} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{path} {param.opts} has no help text"
        for name, sub in getattr(command, "commands", {}).items():
            check(sub, f"{path} {name}")

    group = typer.main.get_command(app)
    assert len(group.commands) >= 2
    for name, command in group.commands.items():
        check(command, name)


def test_python_dash_m_runs_the_cli(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tilsyn", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == f"tilsyn {__version__}"


def test_fields_lists_the_survey(cli):
    result = cli("fields", "--lang", "en")
    assert result.exit_code == 0
    assert "query_call_answered" in result.stdout and "office_contact_needed" in result.stdout


def test_personal_data_in_free_text_is_warned_without_showing_it(cli, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("# names\nKari Nordmann\n", encoding="utf-8")
    record = valid_call(message_text="Kari Nordmann ber om at Nav ringer 912 34 567.")
    path = write_jsonl(tmp_path / "calls.jsonl", [record])
    result = cli("validate", "--json", "--names", names, path)
    assert result.exit_code == 0
    (warning,) = json.loads(result.stdout)
    assert (warning["code"], warning["severity"], warning["field"]) == (
        "PRIV001",
        "warning",
        "message_text",
    )
    assert "phone number" in warning["message"] and "name" in warning["message"]
    assert "912 34 567" not in result.output and "Kari" not in result.output


def test_unreadable_names_file_is_a_usage_error(cli, tmp_path):
    path = write_jsonl(tmp_path / "calls.jsonl", [valid_call()])
    assert cli("validate", "--names", tmp_path / "missing.txt", path).exit_code == 2


def test_quiet_prints_the_problems_but_no_summary(cli, tmp_path):
    path = write_csv(tmp_path / "calls.csv", [valid_call(county="mars")])
    result = cli("validate", "--quiet", path)
    assert result.exit_code == 1 and "VAL004" in result.stderr
    assert "1 file," not in result.stderr  # the summary line


def test_fields_refuses_an_unknown_language(cli):
    assert cli("fields", "--lang", "de").exit_code == 2
