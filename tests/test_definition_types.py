"""Every key of a survey definition and a criteria catalogue is checked for its type: a value of
the wrong kind is a diagnostic with its line (SRV/CAT), never an exit 70 and never a silent
misreading (`required = "false"` read as true, a label shown as "['a']")."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from tests.user_survey import CATALOGUE, SURVEY
from tilsyn.criteria import CatalogueError, parse_catalogue
from tilsyn.survey import SurveyError, parse_survey
from tilsyn.surveys.schema import CATALOGUE as CATALOGUE_KIND
from tilsyn.surveys.schema import SURVEY as SURVEY_KIND
from tilsyn.tomlcheck import Lines, Table, TableOf, Tables

NKS = resources.files("tilsyn.surveys").joinpath("nks-call.toml").read_text("utf-8")
NKS_CATALOGUE = (
    resources.files("tilsyn.surveys").joinpath("nks-call.criteria.toml").read_text("utf-8")
)


def survey_problems(text: str):
    with pytest.raises(SurveyError) as info:
        parse_survey(text, "mine.toml")
    return info.value.diagnostics


def catalogue_problems(text: str):
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(text, "mine.criteria.toml")
    return info.value.diagnostics


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# (old, new, code, field, text on the line the diagnostic points at), in the user's survey
SURVEY_MISTAKES = [
    ('key = "case_id"', "key = 5", "SRV010", "key", "key = 5"),
    ('records_key = "cases"', "records_key = { a = 1 }", "SRV010", "records_key", "records_key ="),
    ('required = false\nrelevant', 'required = "false"\nrelevant', "SRV010", "decision_date",
     'required = "false"'),
    ('choice_list = "counties"', 'choice_list = "counties"\nexclusive = 5', "SRV010", "county",
     "exclusive = 5"),
    ('[[sections]]\nid = "case"\ntitle = { nb = "Saken", nn = "Saka", en = "The case" }',
     '[[sections]]\nid = "case"', "SRV011", "case", "[[sections]]"),
    ("[derived.processing_days]", "[derived.county]", "SRV013", "county", "[derived.county]"),
    ('expr = "days(application_date, decision_date)"', 'expr = "processing_days + 1"',
     "SRV013", "processing_days", "[derived.processing_days]"),
    ('label = { nb = "Kommune"', 'requried = true\nlabel = { nb = "Kommune"', "SRV012",
     "municipality_name", "requried = true"),
    ('label = { nb = "Saks-ID"', 'label = { nb = "Saks-ID", nm = "Saks-ID"', "SRV010", "case_id",
     'nm = "Saks-ID"'),
    ('title = { nb = "Gjennomgang', 'title = ["Gjennomgang"]\nx = { nb = "Gjennomgang', "SRV010",
     "title", 'title = ["Gjennomgang"]'),
]  # fmt: skip


@pytest.mark.parametrize(
    "old, new, code, field, line_text", SURVEY_MISTAKES, ids=[m[1][:30] for m in SURVEY_MISTAKES]
)
def test_a_survey_key_of_the_wrong_kind_is_a_diagnostic_on_its_line(
    old, new, code, field, line_text
):
    assert old in SURVEY
    text = SURVEY.replace(old, new, 1)
    found = [d for d in survey_problems(text) if d.code == code]
    assert found, f"{code} not reported"
    assert found[0].field == field and found[0].file == "mine.toml" and found[0].hint
    assert found[0].row == line_of(text, line_text)


@pytest.mark.parametrize("value", ['"false"', '"no"', "0", "1", '"true"'])
def test_required_written_as_text_or_number_is_refused_not_read_as_true(value):
    text = SURVEY.replace("required = false\nrelevant", f"required = {value}\nrelevant", 1)
    (problem,) = survey_problems(text)
    assert (problem.code, problem.field) == ("SRV010", "decision_date")
    assert "true or false" in problem.message


def test_levels_and_sections_as_lists_of_texts_are_refused():
    text = re.sub(r"\[\[levels\]\]\n(\w+ = .*\n)+", "", SURVEY).replace(
        'records_key = "cases"', 'records_key = "cases"\nlevels = ["county", "municipality"]'
    )
    text = re.sub(r"\[\[sections\]\]\n(\w+ = .*\n)+", "", text).replace(
        "levels = [", 'sections = ["case"]\nlevels = ['
    )
    problems = {(d.code, d.field, d.row) for d in survey_problems(text)}
    assert problems == {
        ("SRV010", "levels", line_of(text, "levels = [")),
        ("SRV010", "sections", line_of(text, "sections = [")),
    }


def test_a_derived_value_named_like_a_field_is_refused_not_a_silent_shadow():
    text = SURVEY.replace("[derived.processing_days]", "[derived.decision_date]").replace(
        'passes = "processing_days', 'passes = "decision_date'
    )
    codes = {(d.code, d.field) for d in survey_problems(text)}
    assert ("SRV013", "decision_date") in codes


def test_a_derived_value_that_reads_itself_through_a_relevance_rule_is_refused():
    # decision_made is asked if `late`; `late` reads decision_date, which is asked if
    # decision_made: reading an empty record would never end
    text = SURVEY.replace(
        "[derived.processing_days]",
        '[derived.late]\nexpr = "decision_date > application_date"\n\n[derived.processing_days]',
    ).replace(
        'label = { nb = "Er det fattet vedtak?"',
        'relevant = "late"\nlabel = { nb = "Er det fattet vedtak?"',
    )
    (problem,) = survey_problems(text)
    assert (problem.code, problem.field) == ("SRV013", "late")


def test_derived_values_reading_each_other_in_a_circle_are_refused():
    text = SURVEY.replace(
        "[derived.processing_days]",
        '[derived.a]\ntype = "int"\nexpr = "b + 1"\n\n[derived.b]\ntype = "int"\nexpr = "a + 1"\n\n'
        "[derived.processing_days]",
    )
    cycles = [d for d in survey_problems(text) if d.code == "SRV013"]
    assert {d.field for d in cycles} == {"a", "b"}
    assert cycles[0].row == line_of(text, "[derived.a]")


def test_codes_given_twice_or_unknown_in_exclusive_and_missing_codes_are_refused():
    text = NKS.replace('exclusive = ["none"]', 'exclusive = ["nothing"]').replace(
        'missing_codes = ["unknown"]', 'missing_codes = ["unknwon"]'
    )
    problems = [d for d in survey_problems(text) if d.code == "SRV014"]
    assert {d.field for d in problems} == {"acute_markers", "same_day_contact"}
    assert problems[0].row == line_of(text, 'exclusive = ["nothing"]')
    twice = NKS.replace('{ code = "user",', '{ code = "proxy",', 1)
    (problem,) = survey_problems(twice)
    assert (problem.code, problem.field) == ("SRV014", "caller_role")


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_a_control_character_in_a_text_is_refused_before_any_document_is_made(
    cli, tmp_path, suffix
):
    path = tmp_path / "mine.toml"
    text = SURVEY.replace('nb = "Kommune"', 'nb = "Kom\\u0001mune"', 1)
    path.write_text(text, encoding="utf-8")
    result = cli("form", "new", "--survey", path, "-o", tmp_path / f"blank.{suffix}")
    assert result.exit_code == 1 and not (tmp_path / f"blank.{suffix}").exists()
    assert f"SRV010 {path}:{line_of(text, 'Kom')}" in result.stderr


def test_a_control_character_in_a_catalogue_text_is_refused():
    text = NKS_CATALOGUE.replace('en = "Acceptable queue time"', 'en = "Acceptable\\u001f"', 1)
    (problem,) = catalogue_problems(text)
    assert (problem.code, problem.field) == ("CAT015", "K01.title")
    assert problem.row == line_of(text, "Acceptable\\u001f")


@pytest.mark.parametrize("depth", [100, 450])
def test_a_value_nested_as_deep_as_toml_allows_is_a_diagnostic(cli, tmp_path, depth):
    path = tmp_path / "mine.toml"
    nested = "[" * depth + "]" * depth
    path.write_text(SURVEY.replace('records_key = "cases"', f"records_key = {nested}"), "utf-8")
    result = cli("fields", "--survey", path)
    assert result.exit_code == 1 and ("SRV010" in result.stderr or "SRV001" in result.stderr)


def test_a_mistake_in_a_rule_over_several_lines_points_at_its_own_line():
    text = SURVEY.replace(
        "relevant = \"decision_made == 'yes'\"",
        'relevant = """\ndecision_made == \'yes\'\n  and and"""',
    )
    (problem,) = survey_problems(text)
    assert problem.code == "SRV003" and problem.row == line_of(text, "  and and")


def test_a_section_title_missing_a_language_shows_another():
    text = SURVEY.replace(
        'title = { nb = "Saken", nn = "Saka", en = "The case" }', 'title = { en = "The case" }'
    )
    survey = parse_survey(text)
    assert survey.sections[0].title == {"nb": "The case", "nn": "The case", "en": "The case"}


def test_a_field_without_a_label_is_labelled_by_its_name():
    text = SURVEY.replace('label = { nb = "Kommune", nn = "Kommune", en = "Municipality" }\n', "")
    assert parse_survey(text).label("municipality_name", "nn") == "municipality_name"


CATALOGUE_MISTAKES = [
    ('version = "1"', "version = true", "CAT002", "version", "version = true"),
    ("min = 0\n", 'min = "0"\n', "CAT008", "S01.parameters.max_processing_days", 'min = "0"'),
    ("min = 0\n", 'min = 0\nunit = 5\n', "CAT015", "S01.parameters.max_processing_days.unit",
     "unit = 5"),
    ('severity = "high"', "severity = 1", "CAT011", "S01.severity", "severity = 1"),
    ("recommendations = []", "recommendations = [1]", "CAT003", "S01.recommendations",
     "recommendations = [1]"),
    ('survey = "case-review"', 'survey = "case-review"\ntitle = 5', "CAT015", "title",
     "title = 5"),
    ("[criteria.evidence]", "[criteria.evidence]\npasses = 1", "CAT010", "S01.evidence",
     "passes = 1"),
]  # fmt: skip


@pytest.mark.parametrize(
    "old, new, code, field, line_text", CATALOGUE_MISTAKES, ids=[m[1] for m in CATALOGUE_MISTAKES]
)
def test_a_catalogue_key_of_the_wrong_kind_is_a_diagnostic_on_its_line(
    old, new, code, field, line_text, tmp_path
):
    from tests.user_survey import write_survey
    from tilsyn.survey import read_survey

    read_survey(write_survey(tmp_path))  # the catalogue's survey
    assert old in CATALOGUE
    text = CATALOGUE.replace(old, new, 1)
    found = [d for d in catalogue_problems(text) if d.code == code]
    assert found, f"{code} not reported"
    assert found[0].field == field and found[0].row == line_of(text, line_text)


def test_through_the_command_line_a_wrongly_typed_key_exits_1_with_its_place(cli, tmp_path):
    path = tmp_path / "mine.toml"
    text = SURVEY.replace("required = false\nrelevant", 'required = "false"\nrelevant', 1)
    path.write_text(text, encoding="utf-8")
    result = cli("fields", "--survey", path)
    assert result.exit_code == 1
    row = line_of(text, 'required = "false"')
    assert f"SRV010 {path}:{row}" in result.stderr


# --------------------------------------------------------------------------------------------
# The description and the documentation say the same; the line finder finds nested keys


def _keys(shape, out: set[str]) -> set[str]:
    if isinstance(shape, (Tables, TableOf)):
        return _keys(shape.table if isinstance(shape, Tables) else shape.shape, out)
    if isinstance(shape, Table):
        for name, key in shape.keys.items():
            out.add(name)
            _keys(key.shape, out)
    return out


def test_every_key_of_the_survey_description_is_in_schema_md():
    schema = Path(resources.files("tilsyn.surveys").joinpath("SCHEMA.md")).read_text("utf-8")
    names = set(re.findall(r"^\[+([a-z_]+)", schema, re.M)) | set(
        re.findall(r"([a-z_]+) =", schema)
    )
    assert _keys(SURVEY_KIND.shape, set()) - names == set()


def test_the_catalogue_description_knows_every_key_the_shipped_catalogues_use():
    for name in ("nks-call.criteria.toml", "office.criteria.toml"):
        text = resources.files("tilsyn.surveys").joinpath(name).read_text("utf-8")
        used = set(re.findall(r"^([a-z_]+) =", text, re.M))
        assert used - _keys(CATALOGUE_KIND.shape, set()) - {"nb", "nn", "en"} == set()


def test_the_line_finder_knows_array_items_nested_tables_and_inline_arrays():
    lines = Lines(NKS)
    assert lines.find(("fields", 0)) == line_of(NKS, "[[fields]]")
    assert lines.find(("derived", "acute", "expr")) == line_of(NKS, "expr = ")
    caller_role = NKS.index('name = "caller_role"')
    fields_before = NKS[:caller_role].count("[[fields]]") - 1
    choices = lines.find(("fields", fields_before, "choices", 1, "label"))
    assert NKS.splitlines()[choices - 1].strip().startswith('{ code = "proxy"')
    catalogue = Lines(NKS_CATALOGUE)
    row = catalogue.find(("criteria", 0, "parameters", "max_queue_wait_minutes", "max"))
    assert NKS_CATALOGUE.splitlines()[row - 1] == "max = 600"
