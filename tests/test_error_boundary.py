"""The one error boundary (tilsyn/cli/app.py), as httpie tests its own: an internal error is one
clean line and exit 70, its traceback only with --debug; Ctrl-C is exit 130; a reader that goes
away (`tilsyn ... | head`) is not an error."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tilsyn.cli import app, main
from tilsyn.errors import ExitCode


def _boom(*args, **kwargs):
    raise RuntimeError("a bug planted by the test")


@pytest.fixture
def broken(monkeypatch):
    """`tilsyn criteria list` with a bug inside the library call it makes."""
    monkeypatch.setattr("tilsyn.api.catalogue_for", _boom)


def test_an_internal_error_is_one_line_and_exit_70(broken):
    result = CliRunner().invoke(app, ["criteria", "list"])
    assert result.exit_code == ExitCode.INTERNAL == 70
    assert "internal error: RuntimeError: a bug planted by the test" in result.stderr
    assert "--debug" in result.stderr and "Traceback" not in result.stderr


def test_debug_lets_the_traceback_through(broken):
    result = CliRunner().invoke(app, ["--debug", "criteria", "list"])
    assert isinstance(result.exception, RuntimeError)


def test_ctrl_c_is_exit_130(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["tilsyn.cli.app"], "app", interrupted)
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == ExitCode.INTERRUPTED == 130
    assert "interrupted" in capsys.readouterr().err


def test_a_closed_pipe_is_not_an_error():
    """`tilsyn criteria list --survey office | head -1` in a real shell pipe."""
    shell = subprocess.run(
        f"{sys.executable} -m tilsyn fields | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.stdout.strip() == "0" and "Traceback" not in shell.stderr
