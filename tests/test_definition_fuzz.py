"""Fuzzing the files people write: the shipped survey definitions and catalogues mutated (a
value swapped for one of another type, a key removed, a value nested in a list or table), and
parameter files and `--set` values of any shape. Every mutation gives a valid definition or
diagnostics with registered codes, never another exception, and never exit 70 through the
command line (the `cli` fixture fails on 70)."""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import examples, valid_call
from tests.user_survey import CASES, CATALOGUE, SURVEY
from tilsyn.criteria import CatalogueError, parse_catalogue
from tilsyn.diagnostics import codes
from tilsyn.expr import ExprError
from tilsyn.survey import SurveyError, parse_survey
from tilsyn.usercache import load_toml


def _shipped(name: str) -> str:
    return resources.files("tilsyn.surveys").joinpath(name).read_text("utf-8")


SURVEYS = {
    "nks-call": load_toml(_shipped("nks-call.toml")),
    "office": load_toml(_shipped("office.toml")),
    "case-review": load_toml(SURVEY),
}
CATALOGUES = {
    "nks-call": load_toml(_shipped("nks-call.criteria.toml")),
    "office": load_toml(_shipped("office.criteria.toml")),
}

# ---------------------------------------------------------------------------------------------
# Writing TOML back (inline tables only: any nesting is valid TOML that way)


def toml(data: dict[str, Any]) -> str:
    return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in data.items())


def _key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"


# ---------------------------------------------------------------------------------------------
# Mutations of a parsed definition

_SCALARS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(["", "yes", "none", "county", "call_id", "a b", "../x", "nks-call"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path into nested tables and lists, the data itself first."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


@st.composite
def mutated(draw, sources: dict[str, dict]) -> dict:
    """A shipped definition with one to three mutations: swapped, removed, nested."""
    data = _copy(draw(st.sampled_from(sorted(sources.items())))[1])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        last, old = path[-1], parent[path[-1]]
        how = draw(st.sampled_from(["swap", "remove", "nest_list", "nest_table", "empty"]))
        if how == "remove" and isinstance(parent, dict):
            del parent[last]
        elif how == "remove":
            parent.pop(last)
        elif how == "nest_list":
            parent[last] = [old]
        elif how == "nest_table":
            parent[last] = {draw(st.sampled_from(["x", "nb", "code", "id"])): old}
        elif how == "empty":
            parent[last] = type(old)() if isinstance(old, (list, dict, str)) else 0
        else:
            parent[last] = draw(_VALUES)
    return data


def _registered(problems) -> None:
    known = codes()
    for diagnostic in problems:
        assert diagnostic.code in known and diagnostic.message, diagnostic


def _read_every_name(survey) -> None:
    """A survey that loads can be read: every field and derived value of an empty record (a
    circle of rules would never end; a rule misusing a value is an ExprError, reported at
    scoring as CAT014)."""
    resolve = survey.lookup({})
    for name in [*survey.by_name, *survey.derived]:
        try:
            resolve(name)
        except ExprError:
            pass


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SURVEYS))
def test_a_mutated_survey_definition_loads_or_gets_diagnostics(data):
    try:
        survey = parse_survey(toml(data), "mutated.toml")
    except SurveyError as error:
        assert error.diagnostics
        _registered(error.diagnostics)
    else:
        _read_every_name(survey)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(CATALOGUES))
def test_a_mutated_catalogue_loads_or_gets_diagnostics(data):
    try:
        parse_catalogue(toml(data), "mutated.criteria.toml")
    except CatalogueError as error:
        assert error.diagnostics
        _registered(error.diagnostics)


_LINE_VALUES = ["5", "1.5", "true", '"x"', '""', "[]", '["a"]', "[1, 2]", "{}", "{ x = 1 }"]


@st.composite
def edited_lines(draw, text: str) -> tuple[str, int]:
    """The shipped text with one line's value replaced, or the line removed: the layout a
    user keeps, so every diagnostic's line can be checked."""
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    index = draw(st.sampled_from(candidates))
    value = draw(st.sampled_from([*_LINE_VALUES, None]))
    if value is None:
        lines[index] = ""
    else:
        lines[index] = lines[index].split(" = ", 1)[0] + " = " + value
    return "\n".join(lines) + "\n", len(lines)


@pytest.mark.parametrize(
    "name, parse, refusal",
    [
        ("nks-call.toml", parse_survey, SurveyError),
        ("nks-call.criteria.toml", parse_catalogue, CatalogueError),
    ],
)
@settings(max_examples=examples(200), deadline=None)
@given(data=st.data())
def test_an_edited_line_gets_diagnostics_within_the_file(name, parse, refusal, data):
    text, count = data.draw(edited_lines(_shipped(name)))
    try:
        parse(text, "edited.toml")
    except refusal as error:
        _registered(error.diagnostics)
        assert all(d.row is None or 1 <= d.row <= count for d in error.diagnostics)


# ---------------------------------------------------------------------------------------------
# Through the command line: definitions, parameter files and --set never exit 70


@pytest.fixture(scope="module")
def calls(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "calls.jsonl"
    records = [valid_call(call_id=f"VL-{n:03}") for n in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=mutated({"case-review": SURVEYS["case-review"]}))
def test_a_mutated_survey_through_the_command_line_exits_0_or_1(cli, tmp_path, data):
    path = tmp_path / "mine.toml"
    path.write_text(toml(data), encoding="utf-8")
    result = cli("fields", "--survey", path)
    assert result.exit_code in (0, 1), result.stderr


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=mutated({"case-review": SURVEYS["case-review"]}), suffix=st.sampled_from(["docx", "xlsx"])
)
def test_a_mutated_survey_makes_a_blank_form_or_exits_1(cli, tmp_path, data, suffix):
    path = tmp_path / "mine.toml"
    path.write_text(toml(data), encoding="utf-8")
    output = tmp_path / f"blank.{suffix}"
    output.unlink(missing_ok=True)  # one folder serves every example
    result = cli("form", "new", "--survey", path, "-o", output)
    assert result.exit_code in (0, 1), result.stderr
    assert output.exists() == (result.exit_code == 0)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=mutated({"case-review": load_toml(CATALOGUE)}))
def test_a_mutated_catalogue_through_the_command_line_exits_0_or_1(cli, tmp_path, data):
    survey = tmp_path / "case-review.toml"
    survey.write_text(SURVEY, encoding="utf-8")
    path = tmp_path / "mine.criteria.toml"
    path.write_text(toml(data), encoding="utf-8")
    result = cli("criteria", "list", "--survey", survey, "--criteria", path)
    assert result.exit_code in (0, 1), result.stderr


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=mutated({"case-review": SURVEYS["case-review"]}))
def test_a_mutated_survey_scores_its_cases_or_exits_1(cli, tmp_path, data):
    folder = tmp_path / "survey"
    folder.mkdir(exist_ok=True)
    path = folder / "case-review.toml"
    path.write_text(toml(data), encoding="utf-8")
    (folder / "case-review.criteria.toml").write_text(CATALOGUE, encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text("".join(json.dumps(c) + "\n" for c in CASES), encoding="utf-8")
    result = cli("score", cases, "--survey", path, "--by", "county", "-q", "--json")
    assert result.exit_code in (0, 1, 2), result.stderr


_PARAMETERS = st.dictionaries(
    st.one_of(
        st.sampled_from(["max_queue_wait_minutes", "max_handling_minutes", "parameters"]),
        st.text(max_size=8),
    ),
    _VALUES,
    max_size=3,
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(values=_PARAMETERS, suffix=st.sampled_from([".toml", ".json", ".txt"]))
def test_any_parameter_file_scores_or_exits_1(cli, calls, tmp_path, values, suffix):
    path = tmp_path / f"params{suffix}"
    text = toml(values) if suffix == ".toml" else json.dumps(values, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    result = cli("score", calls, "--params", path, "-q", "--json")
    assert result.exit_code in (0, 1), result.stderr


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=st.one_of(st.sampled_from(["max_queue_wait_minutes", "x", ""]), st.text(max_size=8)),
    value=st.one_of(
        st.sampled_from(["7,5", "1e400", "nan", "-inf", "ja", "", "9" * 400]), st.text(max_size=8)
    ),
)
def test_any_set_value_scores_or_is_a_usage_error(cli, calls, name, value):
    result = cli("score", calls, "--set", f"{name}={value}", "-q", "--json")
    assert result.exit_code in (0, 2), result.stderr
