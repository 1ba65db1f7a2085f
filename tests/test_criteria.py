"""The criteria catalogue: the built-in one follows the spec, and loading checks everything."""

from __future__ import annotations

from importlib import resources

import pytest

from tilsyn.criteria import (
    CatalogueError,
    builtin_catalogue,
    parse_assignments,
    parse_catalogue,
    read_catalogue,
    read_parameter_file,
)

TEXT = resources.files("tilsyn.surveys").joinpath("nks-call.criteria.toml").read_text("utf-8")

# Spec (nks-call.md): recommendations per criterion, and the high-severity ones.
SPEC_RECOMMENDATIONS = {
    "K01": ["R1"],
    "K02": ["R1"],
    "K03": ["R1", "R4"],
    "K04": ["R5"],
    "K05": ["R1", "R3"],
    "K06": ["R3"],
    "K07": ["R4"],
    "K08": ["R1", "R2"],
    "K09": ["R2"],
    "K10": ["R2"],
    "K11": ["R3", "R4"],
    "K12": ["R1"],
    "K13": ["R1", "R2"],
    "K14": ["R1"],
    "K15": ["R1"],
}
HIGH = {"K03", "K06", "K07", "K08", "K11"}


def test_builtin_catalogue_follows_the_spec():
    catalogue = builtin_catalogue("nks-call")
    assert (catalogue.id, catalogue.version, catalogue.survey.id) == ("nks-call", "1", "nks-call")
    assert {c.id: list(c.recommendations) for c in catalogue.criteria} == SPEC_RECOMMENDATIONS
    assert {c.id for c in catalogue.criteria if c.severity == "high"} == HIGH
    assert {c.severity for c in catalogue.criteria} == {"high", "medium"}
    assert catalogue.parameters["max_queue_wait_minutes"].default == 10
    for criterion in catalogue.criteria:
        assert all(
            criterion.title[lang] and criterion.rationale[lang] for lang in ("nb", "nn", "en")
        )
        assert all(criterion.legal_basis[lang] for lang in ("nb", "nn", "en")), criterion.id


def test_criterion_lookup_ignores_case():
    catalogue = builtin_catalogue("nks-call")
    assert catalogue.criterion("k06").id == "K06" and catalogue.criterion("K99") is None


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def problems(text: str):
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(text, "mine.criteria.toml")
    return info.value.diagnostics


# (old, new, code, field, text on the line the diagnostic must point at)
BROKEN = [
    ('survey = "nks-call"', 'survey = "nks-samtale"', "CAT002", "survey", 'survey = "nks-samtale"'),
    (
        'title = { nb = "Behovet avklart", nn = "Behovet avklart", ',
        'title = { nb = "Behovet avklart", ',
        "CAT003",
        "K02.title",
        'nb = "Behovet avklart"',
    ),
    ('id = "K15"', 'id = "K14"', "CAT004", "K14", None),
    (
        "passes = \"query_call_answered == 'yes'\"",
        "passes = \"query_call_answered == 'yes' and\"",
        "CAT005",
        "K06.passes",
        "query_call_answered == 'yes' and",
    ),
    (
        "passes = \"query_call_answered == 'yes'\"",
        "passes = \"query_call_answerd == 'yes'\"",
        "CAT006",
        "K06.passes",
        "query_call_answerd",
    ),
    (
        'recommendations = ["R3"]',
        'recommendations = ["R3", "R9"]',
        "CAT007",
        "K06.recommendations",
        '"R9"',
    ),
    (
        "default = 10\n",
        "",
        "CAT008",
        "K01.parameters.max_queue_wait_minutes",
        "[criteria.parameters.max_queue_wait_minutes]",
    ),
    (
        'severity = "high"\nrecommendations = ["R3"]',
        'severity = "critical"\nrecommendations = ["R3"]',
        "CAT011",
        "K06.severity",
        'severity = "critical"',
    ),
    (
        "passes = \"need_clarified == 'yes'\"",
        "weight = 2\npasses = \"need_clarified == 'yes'\"",
        "CAT012",
        "K02",
        "weight = 2",
    ),
    (
        "passes = \"need_clarified == 'yes'\"",
        "passes = \"need_clarified == 'yess'\"",
        "CAT013",
        "K02.passes",
        "'yess'",
    ),
    (
        'pass = { nb = "behovet avklart", ',
        'pass = { nb = "behovet {avklart}", ',
        "CAT010",
        "K02.evidence.pass.nb",
        "{avklart}",
    ),
    (
        'pass = { nb = "behovet avklart", ',
        'pass = { nb = "{message_text}", ',
        "CAT010",
        "K02.evidence.pass.nb",
        "{message_text}",
    ),
    (
        'fail = { nb = "ventetid {queue_wait_minutes} min',
        'fail = { nb = "ventetid {queue_wait_minutes:.1f} min',
        "CAT010",
        "K01.evidence.fail.nb",
        "{queue_wait_minutes:.1f}",
    ),
    (  # a title shows a parameter's value, never a record's
        'title = { nb = "Akseptabel ventetid i kø", ',
        'title = { nb = "Ventetid i kø høyst {queue_wait_minutes} minutter", ',
        "CAT010",
        "K01.title.nb",
        "{queue_wait_minutes}",
    ),
]


@pytest.mark.parametrize(
    "old, new, code, field, line_text", BROKEN, ids=[b[2] + "-" + b[3] for b in BROKEN]
)
def test_each_mistake_is_a_diagnostic_with_code_and_location(old, new, code, field, line_text):
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    found = [d for d in problems(text) if d.code == code]
    assert found, f"{code} not reported"
    diagnostic = found[0]
    assert diagnostic.file == "mine.criteria.toml" and diagnostic.field == field
    assert diagnostic.hint
    expected = line_of(text, line_text) if line_text else line_of(text, 'id = "K14"', 2)
    assert diagnostic.row == expected


def test_every_problem_is_reported_not_just_the_first():
    text = TEXT.replace('recommendations = ["R3"]', 'recommendations = ["R9"]').replace(
        "passes = \"confidentiality_kept == 'yes'\"", "passes = \"confidentiality == 'yes'\""
    )
    assert {d.code for d in problems(text)} == {"CAT007", "CAT006"}


def test_missing_evidence_for_fail_is_reported():
    start = TEXT.index('fail = { nb = "brudd på taushetsplikten"')
    text = TEXT[:start] + TEXT[TEXT.index("\n", start) + 1 :]
    (diagnostic,) = problems(text)
    assert (diagnostic.code, diagnostic.field) == ("CAT010", "K10.evidence")


def test_parameter_name_that_is_a_field_is_refused():
    text = TEXT.replace(
        "[criteria.parameters.max_queue_wait_minutes]",
        "[criteria.parameters.max_queue_wait_minutes]\ndefault = 10\n\n"
        "[criteria.parameters.handling_minutes]",
        1,
    )
    text = text.replace("default = 10\nunit", "unit", 1)
    assert "CAT009" in {d.code for d in problems(text)}


def test_not_toml_gives_the_line():
    text = TEXT + "\n[[criteria]\n"
    (diagnostic,) = problems(text)
    assert diagnostic.code == "CAT001" and diagnostic.row == len(text.splitlines())


def test_header_and_criteria_are_required():
    codes = {d.code for d in problems('id = "x"\n')}
    assert codes == {"CAT002"}


def test_unreadable_catalogue_file(tmp_path):
    with pytest.raises(CatalogueError) as info:
        read_catalogue(tmp_path / "nowhere.toml")
    assert info.value.diagnostics[0].code == "CAT001"


def test_a_user_catalogue_file_loads(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        TEXT.replace('id = "nks-call"\nversion = "1"', 'id = "mine"\nversion = "2"'),
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    assert (catalogue.id, catalogue.version, catalogue.source) == ("mine", "2", str(path))


@pytest.mark.parametrize(
    "name, content",
    [
        ("p.toml", "max_queue_wait_minutes = 15\n"),
        ("p.json", '{"max_queue_wait_minutes": 15}'),
        ("p.txt", '{"parameters": {"max_queue_wait_minutes": 15}}'),
    ],
)
def test_parameter_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_parameter_file(path) == {"max_queue_wait_minutes": 15}


@pytest.mark.parametrize("content", ["max_queue_wait_minutes = ", "[1, 2]"])
def test_bad_parameter_file(tmp_path, content):
    path = tmp_path / "p.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        read_parameter_file(path)
    assert info.value.diagnostics[0].code == "PAR003"


def test_assignments():
    assert parse_assignments(["a=1", " b = 7,5 "]) == {"a": "1", "b": "7,5"}
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_assignments(["a"])
