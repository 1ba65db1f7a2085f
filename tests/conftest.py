import os

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from tilsyn.cli import app
from tilsyn.diagnostics import use_language

# Tests read English messages unless they ask for a language (module-scoped fixtures too, and
# subprocesses); real users get bokmål (tests/test_cli_language.py checks nb, nn and en).
os.environ["TILSYN_LANG"] = "en"

# Hypothesis: a quick look while you work ("dev", the default), the full search in CI
# (.ci/run sets HYPOTHESIS_PROFILE=ci). A test asks for its CI size with factories.examples(n).
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
# The fuzzing step of .ci/run (tests marked `fuzz`): their own sizes, tests/test_fuzz_inputs.py.
settings.register_profile("fuzz", max_examples=200, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch):
    """Tests read English messages unless they ask for a language: real users get bokmål
    (tests/test_cli_language.py checks nb, nn and en explicitly)."""
    monkeypatch.setenv("TILSYN_LANG", "en")
    use_language(None)
    yield
    use_language(None)


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
