"""`tilsyn plan` with any share, margin or power (0, 1, negative, NaN, infinity, 1e-300, a
change too small to detect) answers or gives a usage error (exit 2), never exit 70 and never
a plan for more records than any survey has."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import examples

_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, -0.0, 1e-300, 5e-324, 1e300, 0.5, 0.05, 0.999999, 0.0005]),
).map(repr)
_written = st.one_of(_numbers, st.sampled_from(["nan", "inf", "-inf", "50%", "1e-300%", "0,5"]))
_settings = settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _answer(result) -> None:
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 0:
        assert 1 <= json.loads(result.stdout)["n"] <= 10_000_000


@_settings
@given(_written, _written)
def test_share_and_margin(cli, share, margin):
    _answer(cli("plan", "--share", share, "--margin", margin, "--json"))


@_settings
@given(_written, _written, _numbers)
def test_from_to_and_power(cli, before, after, power):
    _answer(cli("plan", "--from", before, "--to", after, "--power", power, "--json"))


def test_the_edges_named_in_the_issue(cli):
    for margin in ("0", "1", "-0.1", "nan", "inf", "1e-300"):
        result = cli("plan", "--share", "0.5", "--margin", margin)
        assert result.exit_code == 2 and "--margin" in result.stderr
    nearly = cli("plan", "--from", "0.1", "--to", "0.1000000000001")
    assert nearly.exit_code == 2 and "10" in nearly.stderr
    assert cli("plan", "--from", "0.3", "--to", "0.3").exit_code == 2
