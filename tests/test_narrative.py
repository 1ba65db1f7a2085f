"""The report's sentences on developments and on assessed results, in nb, nn and en.

The Comparison is built by hand from counts, so each sentence kind is reached on purpose.
"""

from __future__ import annotations

import pytest

from tilsyn.aggregate import Counts
from tilsyn.compare import Comparison, CriterionChange
from tilsyn.criteria import builtin_catalogue
from tilsyn.dataset import Assessment, Result, ScoredDataset, ScoredRecord
from tilsyn.narrative import assessment_rows, assessment_summary, change_sentences
from tilsyn.survey import get_survey

ROUND = {"records": 44}
CHANGES = [
    CriterionChange("K06", "Spørreanropet ble besvart", Counts(6, 38), Counts(20, 24)),
    CriterionChange("K02", "Behovet ble avklart", Counts(40, 4), Counts(20, 24)),
    CriterionChange("K05", "Sendt videre", Counts(5, 23), Counts(1, 8)),
    CriterionChange(
        "K01", "Ventetid", Counts(9, 1), Counts(5, 5), ("parameter:max_queue_wait_minutes",)
    ),
    CriterionChange("K07", "Vakttelefon", Counts(0, 0, 10), Counts(2, 1)),
    CriterionChange("K16", "Ny", None, Counts(1, 1)),
    CriterionChange("K15", "Gammel", Counts(1, 1), None),
]


def sentences(lang: str, changes=CHANGES, **options) -> list[str]:
    survey = get_survey("nks-call")
    return change_sentences(Comparison(survey, ROUND, ROUND, changes), lang, **options)


def test_bokmal_tells_only_the_changes_that_matter():
    intro, k06, k02, k01 = sentences("nb")
    assert intro.startswith("Forrige undersøkelse omfattet 44 samtaler, denne 44 samtaler.")
    assert k06 == (
        "Andelen der K06 «Spørreanropet ble besvart» var oppfylt, økte fra "
        "14\u00a0% til 45\u00a0% (6 av 44 mot 20 av 44), en økning på 32 "
        "prosentpoeng (95\u00a0% KI 13 til 48)."
    )
    assert "sank fra 91\u00a0% til 45\u00a0%" in k02 and "nedgang på 45 prosentpoeng" in k02
    assert k01 == (
        "K01 «Ventetid» er endret siden forrige undersøkelse (endrede parametere: "
        "max_queue_wait_minutes), så andelene kan ikke sammenlignes direkte."
    )


EQUAL = [
    CriterionChange("K04", "Generell veiledning", Counts(30, 2), Counts(30, 2)),
    CriterionChange("K10", "Taushetsplikt", Counts(20, 0), Counts(40, 0)),
    CriterionChange("K05", "Sendt videre", Counts(5, 23), Counts(1, 8)),
]


@pytest.mark.parametrize(
    "lang, unchanged, none_clear",
    [
        (
            "nb",
            "Andelen oppfylt var uendret for K04 «Generell veiledning» (94\u00a0%) og K10 "
            "«Taushetsplikt» (100\u00a0%).",
            "Ingen av endringene i tabell 3 er tydelige: forskjellene kan skyldes tilfeldigheter.",
        ),
        (
            "nn",
            "Andelen oppfylt var uendra for K04 «Generell veiledning» (94\u00a0%) og K10 "
            "«Taushetsplikt» (100\u00a0%).",
            "Ingen av endringane i tabell 3 er tydelege: skilnadene kan kome av tilfeldigheiter.",
        ),
        (
            "en",
            "The share met was unchanged for K04 “Generell veiledning” (94%) and K10 "
            "“Taushetsplikt” (100%).",
            "None of the changes in Table 3 is clear: the differences may be due to chance.",
        ),
    ],
)
def test_equal_shares_are_unchanged_and_no_clear_change_is_said_once(lang, unchanged, none_clear):
    assert sentences(lang, EQUAL, table=3)[1:] == [unchanged, none_clear]


def test_a_small_round_gets_no_sentence_and_counts_only_in_the_table():
    from tilsyn.analysis_texts import Texts
    from tilsyn.narrative import change_cells

    big = [CriterionChange("K06", "Spørreanrop", Counts(6, 38), Counts(8, 1))]
    assert sentences("nb", big, small_sample=10, table=1)[1:] == [
        "Ingen av endringene i tabell 1 er tydelige: forskjellene kan skyldes tilfeldigheter."
    ]
    cells = change_cells(Texts("nb"), big[0], 10)
    assert cells == ["6 av 44 (14\u00a0%)", "8 av 9", "–", "–", "for få"]
    large = change_cells(Texts("nb"), big[0], 5)
    assert large[1] == "8 av 9 (89\u00a0%)" and large[2] == "+75" and large[4] == "ja"


def test_english_with_titles_in_english():
    k06 = change_sentences(
        Comparison(get_survey("nks-call"), ROUND, ROUND, CHANGES[:1]),
        "en",
        titles={"K06": "The query call was answered"},
    )[1]
    assert k06 == (
        "The share meeting K06 “The query call was answered” rose from 14% to "
        "45% (6 of 44 against 20 of 44), an increase of 32 percentage points "
        "(95% CI 13 to 48)."
    )


def test_nynorsk():
    intro, k06, k02, *_ = sentences("nn")
    assert intro.startswith("Førre undersøking omfatta 44 samtalar")
    assert "auka frå 14\u00a0% til 45\u00a0%" in k06 and "ein auke på 32 prosentpoeng" in k06
    assert "gjekk ned frå 91\u00a0%" in k02


@pytest.fixture
def assessed_run():
    automatic = Result("fail", "ingen svarte")
    changed = Result(
        "pass", "ingen svarte", "fail", Assessment("Ringte tilbake samme dag", "KH", "2022-05-03")
    )
    records = [
        ScoredRecord("VL-001", {"call_id": "VL-001"}, {"K06": changed}),
        ScoredRecord("VL-002", {"call_id": "VL-002"}, {"K06": automatic}),
    ]
    catalogue = builtin_catalogue("nks-call")
    return ScoredDataset(catalogue.survey, catalogue, records, [], {})


@pytest.mark.parametrize(
    "lang, header, row, summary",
    [
        (
            "nb",
            "Begrunnelse",
            [
                "VL-001",
                "K06",
                "✘ ikke oppfylt",
                "✔ oppfylt",
                "Ringte tilbake samme dag",
                "KH",
                "03.05.2022",
            ],
            "1 resultat er vurdert annerledes",
        ),
        (
            "nn",
            "Grunngiving",
            [
                "VL-001",
                "K06",
                "✘ ikkje oppfylt",
                "✔ oppfylt",
                "Ringte tilbake samme dag",
                "KH",
                "03.05.2022",
            ],
            "1 resultat er vurdert annleis",
        ),
        (
            "en",
            "Justification",
            ["VL-001", "K06", "✘ not met", "✔ met", "Ringte tilbake samme dag", "KH", "3 May 2022"],
            "1 result was assessed differently",
        ),
    ],
)
def test_assessment_appendix_rows(assessed_run, lang, header, row, summary):
    headers, rows = assessment_rows(assessed_run, lang)
    assert len(headers) == 7 and headers[4] == header
    assert rows == [row]
    assert assessment_summary(assessed_run, lang).startswith(summary)


def test_no_assessments_says_so(assessed_run):
    assessed_run.records = assessed_run.records[1:]
    assert assessment_rows(assessed_run, "nb")[1] == []
    assert assessment_summary(assessed_run, "nb").startswith("Ingen resultater er vurdert")


def test_personal_data_in_a_justification_is_redacted(assessed_run):
    result = assessed_run.records[0].results["K06"]
    assessed_run.records[0].results["K06"] = result._replace(
        assessment=result.assessment._replace(justification="Ringte 912 34 567 samme dag")
    )
    assert assessment_rows(assessed_run, "nb")[1][0][4] == "Ringte [telefonnummer] samme dag"
    kept = assessment_rows(assessed_run, "nb", include_personal_data=True)[1][0][4]
    assert kept == "Ringte 912 34 567 samme dag"
