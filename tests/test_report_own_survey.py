"""A survey kind of the user's own reads well in its report: the record noun in every form the
texts need (declared with `[nouns.<lang>]`), no criterion title said twice, its legal basis
joined as a list, its own recommendations with their addressees (NAME.recommendations.toml),
and no word of recommendations at all when it has none; in nb, nn and en."""

from __future__ import annotations

import json

import pytest

from tests.factories import write_jsonl
from tests.report_helpers import docx_text
from tests.user_survey import CASES, CATALOGUE, SURVEY

NOUNS = """
[nouns.nb]
one = "sak"
many = "saker"
the_one = "saken"
the_many = "sakene"
gender = "m"

[nouns.nn]
one = "sak"
many = "saker"
the_one = "saka"
the_many = "sakene"
gender = "f"

[nouns.en]
one = "case"
many = "cases"
the_one = "the case"
the_many = "the cases"
"""

# A second criterion with two provisions of one statute: the legal basis must read as a list.
SECOND = """
[[criteria]]
id = "S02"
title = { nb = "Vedtaket er begrunnet", nn = "Vedtaket er grunngitt", en = "The decision states its reasons" }
rationale = { nb = "Søkeren må forstå vedtaket.", nn = "Søkjaren må forstå vedtaket.", en = "The applicant must understand the decision." }
legal_basis = { nb = ["forvaltningsloven § 24", "forvaltningsloven § 11 a"], nn = ["forvaltningslova § 24", "forvaltningslova § 11 a"], en = ["Public Administration Act section 24", "Public Administration Act section 11 a"] }
severity = "medium"
recommendations = []
applies = "decision_made == 'yes'"
passes = "decision_made == 'yes'"

[criteria.evidence]
pass = { nb = "begrunnet", nn = "grunngitt", en = "reasons given" }
fail = { nb = "ikke begrunnet", nn = "ikkje grunngitt", en = "no reasons" }
"""

RECOMMENDATIONS = """
[addressees.municipalities]
name = { nb = "kommunene", nn = "kommunane", en = "the municipalities" }

[[recommendations]]
id = "A1"
addressees = ["municipalities"]
criteria = ["S01"]
source = "Statsforvalteren i Vestland 2027"
title = { nb = "Raskere vedtak", nn = "Raskare vedtak", en = "Faster decisions" }
text = { nb = "Kommunene bør fatte vedtak innen fristen.", nn = "Kommunane bør gjere vedtak innan fristen.", en = "Municipalities should decide within the time limit." }
"""


def write(folder, recommendations: str | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case-review.criteria.toml").write_text(CATALOGUE + SECOND, encoding="utf-8")
    if recommendations is not None:
        (folder / "case-review.recommendations.toml").write_text(recommendations, "utf-8")
    survey = folder / "case-review.toml"
    survey.write_text(SURVEY + NOUNS, encoding="utf-8")
    return survey


@pytest.fixture
def data(tmp_path):
    return write_jsonl(tmp_path / "cases.jsonl", CASES)


def report(cli, survey, data, path, lang, *more):
    result = cli("report", data, "--survey", survey, "-o", path, "--lang", lang, "-q", *more)
    assert result.exit_code == 0, result.stderr
    return docx_text(path)


@pytest.mark.parametrize(
    "lang, definite, broken",
    [
        ("nb", "sakene", ["hver av saker", "av saker der", "denne sak "]),
        ("nn", "sakene", ["kvar av saker", "av saker der", "denne sak "]),
        ("en", "the cases", ["each of cases", "of cases they"]),
    ],
)
def test_the_record_noun_has_every_form_and_no_title_is_said_twice(
    cli, tmp_path, data, lang, definite, broken
):
    survey = write(tmp_path / "mine")
    text = report(cli, survey, data, tmp_path / "r.docx", lang)
    assert definite in text
    assert not [b for b in broken if b in text]
    for title in ("Vedtak innen fristen", "Vedtak innan fristen", "Decision within the time"):
        assert f"{title}: S01" not in text and f"S01 {title}: S01" not in text


@pytest.mark.parametrize(
    "lang, joined",
    [
        ("nb", "forvaltningsloven §§ 11 a og 24"),
        ("nn", "forvaltningslova §§ 11 a og 24"),
        ("en", "Public Administration Act, sections 11 a and 24"),
    ],
)
def test_the_legal_basis_is_joined_as_a_list(cli, tmp_path, data, lang, joined):
    text = report(cli, write(tmp_path / "mine"), data, tmp_path / "r.docx", lang)
    assert joined in text
    assert "; forvalt" not in text and "; Public" not in text


@pytest.mark.parametrize(
    "lang, none",
    [("nb", "anbefaling"), ("nn", "tilråding"), ("en", "recommendation")],
)
def test_a_survey_without_recommendations_speaks_of_none(cli, tmp_path, data, lang, none):
    text = report(cli, write(tmp_path / "mine"), data, tmp_path / "r.docx", lang)
    assert none not in text.casefold()


@pytest.mark.parametrize(
    "lang, sentence, heading",
    [
        ("nb", "rettet til kommunene (A1)", "A1 Raskere vedtak (kommunene)"),
        ("nn", "retta til kommunane (A1)", "A1 Raskare vedtak (kommunane)"),
        ("en", "addressed to the municipalities (A1)", "A1 Faster decisions (the municipalities)"),
    ],
)
def test_its_own_recommendations_are_addressed_and_saved_with_the_dataset(
    cli, tmp_path, data, lang, sentence, heading
):
    survey = write(tmp_path / "mine", RECOMMENDATIONS)
    text = report(cli, survey, data, tmp_path / "r.docx", lang)
    assert sentence in text and heading in text  # five cases: a line per recommendation
    saved = tmp_path / "saker.json"
    assert cli("score", data, "--survey", survey, "-o", saved, "-q").exit_code == 0
    assert "recommendations_definition" in json.loads(saved.read_text(encoding="utf-8"))
    again = tmp_path / "igjen.docx"
    assert cli("report", saved, "-o", again, "--lang", lang, "-q").exit_code == 0
    assert docx_text(again) == text


def test_a_recommendation_resting_on_an_unknown_criterion_is_rec003(cli, tmp_path, data):
    survey = write(tmp_path / "mine", RECOMMENDATIONS.replace('["S01"]', '["S09"]'))
    result = cli("score", data, "--survey", survey, "--json")
    assert result.exit_code == 1
    assert "REC003" in result.stderr and "S09" in result.stderr


def test_a_recommendation_to_an_unknown_addressee_is_rec003_with_its_line(cli, tmp_path, data):
    broken = RECOMMENDATIONS.replace('addressees = ["municipalities"]', 'addressees = ["ministry"]')
    survey = write(tmp_path / "mine", broken)
    result = cli("score", data, "--survey", survey)
    assert result.exit_code == 1
    assert "REC003" in result.stderr and "ministry" in result.stderr
    assert "case-review.recommendations.toml:7" in result.stderr


def test_a_noun_of_no_gender_and_a_theme_of_no_criterion_are_diagnostics(cli, tmp_path, data):
    folder = tmp_path / "mine"
    survey = write(folder)
    text = SURVEY + NOUNS.replace('gender = "f"', 'gender = "x"')
    survey.write_text(text, encoding="utf-8")
    result = cli("score", data, "--survey", survey)
    line = text.splitlines().index('gender = "x"') + 1
    assert result.exit_code == 1 and f"case-review.toml:{line} " in result.stderr
    survey = write(folder)
    catalogue = folder / "case-review.criteria.toml"
    themed = CATALOGUE.replace(
        'survey = "case-review"\n',
        'survey = "case-review"\n\n[[themes]]\nid = "time"\n'
        'title = { nb = "Tid", nn = "Tid", en = "Time" }\ncriteria = ["S01", "S09"]\n',
    )
    catalogue.write_text(themed + SECOND, encoding="utf-8")
    result = cli("score", data, "--survey", survey)
    assert result.exit_code == 1 and "CAT016" in result.stderr and "S09" in result.stderr
