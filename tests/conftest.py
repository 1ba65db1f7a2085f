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
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke
