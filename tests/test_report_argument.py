"""The draft carries the argument of a supervisory report (issue #25), as Helsetilsynet's
report 5/2021 does: a summary that argues (context, what worked well with «57 av 59», the most
serious shortcomings, a place for the judgement, the recommendations with their addressees), an
introduction with a purpose, a legal basis that says what each provision requires, a method
that counts the observers, findings and assessment by neutral themes, and scopes named as the
report's subject. Through the library (the document tree) and the CLI, in nb, nn and en."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tilsyn
from tests.report_helpers import docx_section, docx_text, lines, plain
from tilsyn.report import build_report
from tilsyn.report.document import Placeholder

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture(scope="module")
def sample():
    return tilsyn.open_dataset([SAMPLE])


def doc(dataset, scope="national", lang="nb", **options):
    built, _ = build_report(dataset, scope, lang, today=dt.date(2027, 5, 10), **options)
    return built


def text(document, section_id) -> str:
    return "\n".join(lines(document.section(section_id)))


def everything(document) -> str:
    return "\n".join(line for _, s in document.walk() for line in lines(s))


def counted(dataset, cid):
    counts = dataset.summary(cid).counts
    return counts.passed, counts.assessed


WORDS = {
    "nb": {
        "of": "av",
        "positive": "Dette fungerte godt",
        "shortcomings": "De mest alvorlige manglene:",
        "judgement": "[Skriv den samlede vurderingen",
        "addressed": "rettet til Arbeids- og velferdsdirektoratet (R1, R2, R5 og R6), kommunene "
        "(R3 og R4) og Arbeids- og sosialdepartementet (R6 og R7)",
        "purpose": "Formålet med undersøkelsen er",
        "k10": "Taushetsplikten overholdt",
        "sect4": "Sosialtjenesteloven § 4: Tjenestene skal være forsvarlige.",
        "observers": "{n} observatører fulgte og registrerte samtalene.",
        "legal_label": "Rettslig grunnlag",
        "theme": "Kontakt med Nav-kontoret",
        "work": "Dette er en undersøkelse og ikke et tilsyn",
    },
    "nn": {
        "of": "av",
        "positive": "Dette fungerte godt",
        "shortcomings": "Dei mest alvorlege manglane:",
        "judgement": "[Skriv den samla vurderinga",
        "addressed": "retta til Arbeids- og velferdsdirektoratet (R1, R2, R5 og R6), kommunane "
        "(R3 og R4) og Arbeids- og sosialdepartementet (R6 og R7)",
        "purpose": "Formålet med undersøkinga er",
        "k10": "Teieplikta halden",
        "sect4": "Sosialtenestelova § 4: Tenestene skal vere forsvarlege.",
        "observers": "{n} observatørar følgde og registrerte samtalane.",
        "legal_label": "Rettsleg grunnlag",
        "theme": "Kontakt med Nav-kontoret",
        "work": "Dette er ei undersøking og ikkje eit tilsyn",
    },
    "en": {
        "of": "of",
        "positive": "What worked well",
        "shortcomings": "The most serious shortcomings:",
        "judgement": "[Write the overall judgement",
        "addressed": "addressed to the Norwegian Labour and Welfare Directorate (R1, R2, R5 and "
        "R6), the municipalities (R3 and R4) and the Ministry of Labour and Social Affairs "
        "(R6 and R7)",
        "purpose": "The purpose of the survey is",
        "k10": "Confidentiality kept",
        "sect4": "Social Services Act, section 4: Services must be adequate (forsvarlige).",
        "observers": "{n} observers observed and recorded the calls.",
        "legal_label": "Legal basis",
        "theme": "Contact with the Nav office",
        "work": "This is a survey, not a supervisory audit",
    },
}


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_summary_argues_in_the_order_of_5_2021(sample, lang):
    w = WORDS[lang]
    document = doc(sample, lang=lang)
    summary = text(document, "summary")
    passed, assessed = counted(sample, "K10")
    assert (passed, assessed) == (57, 59)
    assert f"{w['k10']}: 57 {w['of']} 59" in summary
    order = [summary.index(w[key]) for key in ("positive", "shortcomings", "judgement")]
    assert order == sorted(order)
    assert summary.index(w["judgement"]) < summary.index(w["addressed"])
    placeholders = [b for b in document.section("summary").blocks if isinstance(b, Placeholder)]
    assert len(placeholders) == 1 and len(placeholders[0].text) > 60  # with its guidance
    shortcomings = summary.split(w["shortcomings"], 1)[1]
    answered, made = counted(sample, "K06")
    assert f"{answered} {w['of']} {made}" in shortcomings.splitlines()[1]  # most serious first


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_introduction_legal_basis_and_method_carry_the_argument(sample, lang):
    w = WORDS[lang]
    document = doc(sample, lang=lang)
    introduction = everything_in(document, "introduction")
    assert w["purpose"] in introduction and w["work"] in introduction
    legal = text(document, "legal")
    assert w["sect4"] in legal  # what the provision requires
    assert ("section 10" if lang == "en" else "§ 10") in legal  # the authority for the work
    assert isinstance(document.section("legal").blocks[-1], Placeholder)  # the legal analysis
    observers = {r.values["observer"] for r in sample.records}
    assert len(observers) > 1
    assert w["observers"].format(n=len(observers)) in text(document, "method-data")
    assert isinstance(document.section("method-sources").blocks[0], Placeholder)


def everything_in(document, section_id) -> str:
    section = document.section(section_id)
    parts = [section, *section.sections]
    return "\n".join(line for part in parts for line in lines(part))


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_findings_and_assessment_by_neutral_themes_citing_titles_and_counts(sample, lang):
    w = WORDS[lang]
    document = doc(sample, lang=lang)
    themes = [s.title for s in document.section("findings").sections if s.id.startswith("theme-")]
    assert w["theme"] in themes
    assessed = [s.title for s in document.section("assessment").sections]
    assert assessed == themes
    assessment = everything_in(document, "assessment")
    assert "K01 (" not in assessment and "%" not in assessment
    passed, assessed_n = counted(sample, "K06")
    office = text(document, "assessment-office")
    assert f"{passed} {w['of']} {assessed_n}" in office
    every = everything(document)
    assert every.count(w["legal_label"]) == 0  # per criterion only in the appendix table
    assert w["legal_label"] in document.table("catalogue").header
    recommendation_titles = {
        s.title for _, s in document.walk() if s.id.startswith("recommendation-")
    }
    assert not {t.split(" ", 1)[1] for t in recommendation_titles} & set(assessed)


def test_the_national_report_through_the_cli(cli, tmp_path):
    output = tmp_path / "nasjonal.docx"
    result = cli("report", SAMPLE, "-o", output, "-q")
    assert result.exit_code == 0, result.stderr
    summary = docx_section(output, "Sammendrag")
    assert "Taushetsplikten overholdt: 57 av 59 samtaler" in summary
    assert any(p.startswith("[Skriv den samlede vurderingen") for p in summary)
    assert any("rettet til Arbeids- og velferdsdirektoratet" in p for p in summary)
    assert any(
        p.startswith("Formålet med undersøkelsen")
        for p in docx_section(output, "Formål og problemstillinger", 2)
    )
    body = docx_text(output)
    assert body.count("Rettslig grunnlag") == 1  # the appendix's column
    assert "K01 (70 %)" not in body and "K01 (70" not in body


@pytest.mark.parametrize(
    "lang, subject, author",
    [
        ("nb", "Rapporten gjelder Nav-kontorene i Vestland", "Statsforvalteren i Vestland"),
        ("nn", "Rapporten gjeld Nav-kontora i Vestland", "Statsforvaltaren i Vestland"),
        ("en", "This report covers the Nav offices in Vestland", "Vestland"),
    ],
)
def test_a_county_report_is_about_the_nav_offices_not_the_county_governor(
    sample, lang, subject, author
):
    document = doc(sample, "county:vestland", lang)
    every = everything(document)
    assert subject in every
    assert (
        document.meta.author.endswith(author) and document.meta.letterhead == document.meta.author
    )
    assert author not in dict(document.meta.cover).values()
    assert (
        "statsforvalterne" not in every.casefold() and "statsforvaltarane" not in every.casefold()
    )


@pytest.mark.parametrize(
    "lang, subject",
    [
        ("nb", "Rapporten gjelder Nav Bergen nord (Vestland)"),
        ("nn", "Rapporten gjeld Nav Bergen nord (Vestland)"),
        ("en", "This report covers Nav Bergen nord (Vestland)"),
    ],
)
def test_an_office_report_names_the_office_and_its_county(sample, lang, subject):
    document = doc(sample, "office:Nav Bergen nord", lang)
    assert subject in everything(document)
    assert "statsforvalterne" not in everything(document).casefold()


@pytest.mark.parametrize(
    "lang, plural_words",
    [
        ("nb", ["for alle samtalene", " 0 av 1", "%"]),
        ("nn", ["for alle samtalane", " 0 av 1", "%"]),
        ("en", ["for all the calls", " 0 of 1", "%"]),
    ],
)
def test_a_one_call_summary_says_what_was_not_met_in_words(tmp_path, lang, plural_words):
    from tests.report_helpers import dataset as calls
    from tests.report_helpers import write_dataset

    one = [c for c in calls() if c["nav_office"] == "Nav Stavanger"][:1]
    dataset = tilsyn.open_dataset([write_dataset(tmp_path, one)])
    document = doc(dataset, f"office:{one[0]['nav_office']}", lang)
    summary = plain(text(document, "summary"))
    assert not [w for w in plural_words if w in summary]
    not_met = [
        c.title[lang] for c in dataset.catalogue.criteria if dataset.summary(c.id).counts.failed
    ]
    assert not_met and all(title in summary for title in not_met)  # said by title, in words
