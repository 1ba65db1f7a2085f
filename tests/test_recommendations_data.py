"""Recommendations are survey data: each survey kind's own file with addressees and the
criteria each rests on, read by one library function (`recommendations_of`) for a dataset, a
run or a catalogue; the report's conclusion groups them by addressee."""

from __future__ import annotations

from pathlib import Path

import pytest

import tilsyn
from tilsyn.criteria import builtin_catalogue
from tilsyn.recommendations import (
    RecommendationError,
    parse_recommendations,
    recommendation_set,
    recommendations_of,
)

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def test_the_call_survey_carries_5_2021_with_addressees():
    recs = {r.id: r for r in recommendations_of(builtin_catalogue("nks-call"))}
    assert list(recs) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    names = {k: a.name["nb"] for k, a in recommendation_set("nks-call").addressees.items()}
    assert names == {
        "directorate": "Arbeids- og velferdsdirektoratet",
        "ministry": "Arbeids- og sosialdepartementet",
        "municipalities": "kommunene",
    }
    assert recs["R3"].addressees == ("municipalities",) and recs["R7"].addressees == ("ministry",)
    assert "K06" in recs["R3"].criteria and recs["R7"].criteria == ()
    assert {r.source for r in recs.values()} == {"Helsetilsynet rapport 5/2021"}


def test_one_answer_for_a_dataset_and_its_catalogue():
    dataset = tilsyn.open_dataset([SAMPLE])
    assert recommendations_of(dataset) == recommendations_of(dataset.catalogue)


def test_the_office_survey_borrows_r1_r3_r4_and_rests_them_on_its_own_criteria():
    recs = {r.id: r for r in recommendations_of(builtin_catalogue("office"))}
    assert list(recs) == ["N1", "N2", "N3", "R1", "R3", "R4"]
    call = {r.id: r for r in recommendations_of(builtin_catalogue("nks-call"))}
    assert recs["R4"].text == call["R4"].text and recs["R4"].criteria == ("O04",)


@pytest.mark.parametrize(
    "lang, headings",
    [
        ("nb", ["Anbefalinger til Arbeids- og velferdsdirektoratet", "Anbefalinger til kommunene"]),
        ("nn", ["Tilrådingar til Arbeids- og velferdsdirektoratet", "Tilrådingar til kommunane"]),
        (
            "en",
            [
                "Recommendations to the Norwegian Labour and Welfare Directorate",
                "Recommendations to the municipalities",
            ],
        ),
    ],
)
def test_the_conclusion_groups_them_by_addressee(lang, headings):
    from tilsyn.report import build_report

    document, _ = build_report(tilsyn.open_dataset([SAMPLE]), lang=lang)
    groups = document.section("conclusion").sections
    assert [g.title for g in groups][:2] == headings
    assert [s.id for s in groups[1].sections] == ["recommendation-R3", "recommendation-R4"]


def test_a_file_without_texts_in_every_language_is_rec002():
    text = '[[recommendations]]\nid = "A1"\ntitle = { nb = "Tittel" }\ntext = "Tekst"\n'
    with pytest.raises(RecommendationError) as error:
        parse_recommendations(text, "mine", "mine.recommendations.toml")
    (problem,) = error.value.diagnostics
    assert problem.code == "REC002" and problem.row == 2 and "nn, en" in problem.message


@pytest.mark.parametrize(
    "text, variant",
    [("x = " + "[" * 5000 + "]" * 5000, "limits"), ("[[recommendations]\nid = 'R1'", "")],
)
def test_a_recommendations_file_that_cannot_be_parsed_is_rec001(text, variant):
    """Nested too deeply, or not TOML: one diagnostic on its line, never a failure half-way."""
    with pytest.raises(RecommendationError) as error:
        parse_recommendations(text, "nks-call", "mine.recommendations.toml")
    (found,) = error.value.diagnostics
    assert found.code == "REC001" and found.file == "mine.recommendations.toml"
    assert ("nested" in found.message) == (variant == "limits")
