import pytest
from typer.testing import CliRunner

from tilsyn.cli import app


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run `tilsyn ARGS...` in-process; returns the click Result (stdout, stderr, exit_code)."""

    def invoke(*args, **kwargs):
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)
        # An internal error (exit 70) is never the answer to any input a test gives: the error
        # boundary's own tests (test_error_boundary.py) call the runner themselves.
        assert result.exit_code != 70, result.stderr
        return result

    return invoke
