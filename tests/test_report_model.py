"""The report's content, built from a scored run as a document tree without rendering Word:
sentences, counts, scopes, recommendations, appendices, in nb, nn and en."""

from __future__ import annotations

import datetime as dt

import pytest

import tilsyn
from tests.report_helpers import (
    OFFICES,
    dataset,
    expected_k06,
    lines,
    plain,
    query_call,
    write_dataset,
)
from tilsyn.criteria import builtin_catalogue
from tilsyn.pipeline import excluded_entries
from tilsyn.report import ReportError, Scope, SupportRule, parse_scope
from tilsyn.report.content.build import build_document, free_text_of
from tilsyn.scoring import score
from tilsyn.survey import get_survey

CATALOGUE = builtin_catalogue("nks-call")


def scored(tmp_path, calls, lang="nb", **params):
    loaded = tilsyn.load([write_dataset(tmp_path, calls)])
    parameters = CATALOGUE.default_parameters().override(params, "test") if params else None
    return score(
        loaded.records,
        CATALOGUE,
        parameters,
        lang=lang,
        excluded=excluded_entries(loaded, "call_id"),
    )


def model(run, scope="national", lang="nb", **options):
    """The report's document tree on `run`, dated 10 May 2021."""
    chosen = parse_scope(scope, get_survey("nks-call"))
    return build_document(run, chosen, lang, today=dt.date(2021, 5, 10), **options)


def context(run, scope="national", lang="nb"):
    """The report context of `run`, as the chapters see it."""
    from tilsyn.report.content.context import ReportContext
    from tilsyn.report.text import Strings

    survey = get_survey("nks-call")
    strings = Strings(lang, survey.id, "", "", survey.record_term(lang))
    return ReportContext.make(run, parse_scope(scope, survey), strings, survey, catalogue=CATALOGUE)


def text(doc, section_id) -> str:
    """A section's own text, in one line per paragraph."""
    return "\n".join(lines(doc.section(section_id)))


def finding(doc, cid) -> str:
    """A criterion's finding: its subsection, or its line in a report of a handful of records."""
    section = doc.section(f"criterion-{cid}")
    if section is not None:
        return "\n".join(lines(section))
    return next(
        line
        for _, part in doc.walk()
        if part.id.startswith("theme-")
        for line in lines(part)
        if line.startswith(cid + " ")
    )


def recommendations(doc) -> dict[str, str]:
    """Recommendation id -> its subsection's text (under the body it is addressed to)."""
    return {
        s.id.removeprefix("recommendation-"): "\n".join(lines(s))
        for group in doc.section("conclusion").sections
        for s in group.sections
    }


def supported(entry: str) -> bool:
    return "\nGrunnlag i dataene: støttet" in entry


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return scored(tmp_path_factory.mktemp("model"), dataset())


@pytest.mark.parametrize(
    "lang, words",
    [
        ("nb", "Nav-kontorene svarte på {} av {} spørreanrop fra Nav kontaktsenter"),
        ("nn", "Nav-kontora svarte på {} av {} spørjeanrop frå Nav kontaktsenter"),
        ("en", "The Nav offices answered {} of {} consultation calls from Nav Contact Centre"),
    ],
)
def test_summary_states_the_query_call_figure_in_each_language(run, lang, words):
    answered, made = expected_k06()
    points = lines(model(run, lang=lang).section("summary"))
    assert any(p.startswith(words.format(answered, made)) for p in points)


def test_summary_takes_high_severity_and_mostly_failed_criteria(run):
    from tilsyn.report.content.front import positive_findings, serious_findings

    ctx = context(run)
    chosen = serious_findings(ctx)
    counts = {c.id: run.summary(c.id).counts for c in CATALOGUE.criteria}
    high = [
        c.id
        for c in CATALOGUE.criteria
        if c.severity == "high" and counts[c.id].failed and c.id not in positive_findings(ctx)
    ]
    assert high and set(high) <= set(chosen)
    mostly_passed = [
        c.id
        for c in CATALOGUE.criteria
        if c.severity != "high" and (counts[c.id].share or 0) >= 0.5
    ]
    assert mostly_passed and not set(mostly_passed) & set(chosen)
    shown = text(model(run), "summary")
    assert all(plain(ctx.sentence(cid, ctx.counts[cid])) in shown for cid in chosen)


def test_county_scope_counts_only_that_county_and_compares_its_offices(run):
    doc = model(run, "county:vestland")
    answered, made = expected_k06(county="vestland")
    k06 = finding(doc, "K06")
    assert f"{answered} av {made} spørreanrop" in k06
    offices = sorted({o for c, o, _, _ in OFFICES if c == "vestland"})
    assert doc.table("matrix").header[1:] == offices + ["Totalt", "Hele landet"]
    nation = expected_k06()
    beside = k06.split("Til sammenligning: hele landet ", 1)[1]
    assert f"{nation[0]} av {nation[1]}" in beside
    assert dict(doc.meta.cover)["Omfang"] == "Nav-kontorene i Vestland"
    assert doc.meta.letterhead == doc.meta.author == "Statsforvalteren i Vestland"


def test_county_scope_accepts_the_county_name(run):
    assert parse_scope("county:Vestland", get_survey("nks-call")) == Scope(
        "county", "vestland", "area"
    )


def test_office_scope_compares_the_office_with_its_county_and_the_country(run):
    doc = model(run, "office:nav voss")
    k06 = finding(doc, "K06")
    county, nation = expected_k06(county="vestland"), expected_k06()
    assert k06.index("Vestland") < k06.index(", hele landet ")
    for passed, made in (county, nation):
        assert f"{passed} av {made}" in k06
    assert k06.split(": ", 1)[1].startswith("Nav-kontoret svarte på")
    assert doc.table("matrix") is None  # one office: nothing to compare across


def test_an_office_with_a_handful_of_records_gets_counts_and_no_charts(run):
    built = build_document(run, parse_scope("office:nav voss", get_survey("nks-call")), "nb")
    assert built.figures == [] and built.table("overview") is None  # a line per criterion
    summary = text(built, "summary")
    assert "%" not in summary and "for alle samtalene" not in summary
    answered, made = expected_k06(office="Nav Voss")
    k06 = next(line for line in summary.splitlines() if line.startswith("Svar på spørreanropet"))
    assert f"ikke oppfylt i {made - answered} av {made}" in k06


@pytest.mark.parametrize("scope", ["county:atlantis", "nowhere", "county:", "office:"])
def test_a_malformed_scope_is_a_value_error(scope):
    with pytest.raises(ValueError):
        parse_scope(scope, get_survey("nks-call"))


def test_an_office_not_in_the_data_is_rpt004_naming_the_offices(run):
    with pytest.raises(ReportError) as error:
        model(run, "office:Nav Atlantis")
    assert error.value.code == "RPT004" and "Nav Voss" in error.value.hint


def test_recommendations_count_the_failed_criteria_that_support_them(run):
    answered, made = expected_k06()
    entries = recommendations(model(run))
    assert sorted(entries) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    r3 = entries["R3"]
    assert supported(r3) and "K06" in r3
    assert any(
        e.startswith("K06") and f"ikke oppfylt for {made - answered} av {made}" in e
        for e in r3.splitlines()
    )
    for unlinked in ("R6", "R7"):
        assert not supported(entries[unlinked])
        assert entries[unlinked].splitlines()[-1].startswith("Grunnlag i dataene: ingen av")


def test_a_recommendation_whose_criteria_all_passed_says_so(run):
    r5 = recommendations(model(run))["R5"]
    assert run.summary("K04").counts.failed == 0  # every call in the dataset got general guidance
    status = r5.splitlines()[-1]
    assert not supported(r5) and "K04" in status and "var oppfylt" in status


def test_parameters_used_are_stated_and_used_in_sentences(tmp_path):
    doc = model(scored(tmp_path, dataset(), max_queue_wait_minutes=20))
    label, value, default = doc.table("parameters").rows[0]
    assert (value, default) == ("20", "10") and "ventetid" in label
    assert "høyst 20 minutter" in finding(doc, "K01")


def test_records_left_out_are_listed_with_the_reason(tmp_path):
    calls = dataset() + [
        query_call("VL-950", "vestland", "Nav Voss", "4621", False, 3, need_clarified=None)
    ]
    doc = model(scored(tmp_path, calls))
    excluded = doc.table("excluded")
    assert [r[0] for r in excluded.rows] == ["VL-950"]
    assert "påkrevd svar mangler (VAL001)" in excluded.rows[0][2]
    assert text(doc, "method-excluded").startswith("Tabell 3 viser 1 samtale som ble holdt utenfor")


def test_small_groups_get_counts_and_no_share(run):
    doc = model(run, small_sample=6)
    matrix = doc.table("matrix")
    k06 = next(r for r in matrix.rows if r[0] == "K06")
    cells = {label: plain(cell) for label, cell in zip(matrix.header, k06, strict=True)}
    for label, county in (("Rogaland", "rogaland"), ("Vestland", "vestland")):
        passed, made = expected_k06(county=county)
        assert cells[label] == (
            f"{passed} av {made}" if made < 6 else f"{round(100 * passed / made)} %"
        )
    assert cells["Totalt"].endswith("%")
    assert "færre enn 6 samtaler" in text(doc, "findings")


def test_a_recommendation_is_supported_by_the_stated_rule(run):
    failed = run.summary("K06").counts.failed
    strict = model(run, support=SupportRule(min_failures=failed + 1))
    r3 = recommendations(strict)["R3"]
    assert not supported(r3) and "Grunnlag i dataene: ikke støttet etter regelen" in r3
    assert f"minst {failed + 1} samtaler" in text(strict, "conclusion")
    loose = model(run, support=SupportRule(min_failures=1, min_share=0.0))
    assert supported(recommendations(loose)["R3"])


def test_every_chart_has_alt_text_with_its_numbers(run):
    built = build_document(run, Scope("national"), "en", small_sample=1)
    answered, made = expected_k06()
    assert built.figures and all(f.alt and f.caption for f in built.figures)
    k06 = next(f for f in built.figures if f.caption.startswith("K06"))
    share = round(100 * answered / made)
    assert "Vestland" in k06.alt and "Rogaland" in k06.alt and f"Total: {share}%" in k06.alt


def test_a_long_scorecard_is_cut_and_says_where_the_rest_is(run, monkeypatch):
    import tilsyn.report.content.appendix as appendix

    monkeypatch.setattr(appendix, "SCORECARD_ROWS", 3)
    doc = model(run, lang="nn")
    assert len(doc.table("scorecard").rows) == 3 < len(run.records)
    intro = lines(next(s for s in doc.appendices if s.blocks[-1] is doc.table("scorecard")))[0]
    assert f"dei første 3 av {len(run.records)}" in intro
    assert "tilsyn export" in intro


def test_scorecard_has_a_row_per_call_with_a_symbol_a_cell_and_a_legend(run):
    doc = model(run, lang="nn")
    scorecard = doc.table("scorecard")
    assert len(scorecard.rows) == len(run.records)
    assert scorecard.header[2:] == [c.id for c in CATALOGUE.criteria]
    cells = {cell for row in scorecard.rows for cell in row[2:]}
    assert {"✔", "✘", "–"} <= cells <= {"✔", "✘", "–", "?"}  # one line a cell
    legend = text(doc, next(s.id for s in doc.appendices if s.blocks[-1] is scorecard))
    assert "✔ oppfylt, ✘ ikkje oppfylt" in legend


def test_free_text_is_left_out_unless_asked_and_then_redacted(tmp_path):
    calls = dataset()
    calls[0]["notes"] = "Kari Nordmann ga nummeret 482 49 586."
    loaded = tilsyn.load([write_dataset(tmp_path, calls)])
    run = score(loaded.records, CATALOGUE)
    assert model(run).table("free-text") is None
    free = model(
        run, free_text=free_text_of(loaded.records, get_survey("nks-call")), names=["Kari Nordmann"]
    ).table("free-text")
    texts = " ".join(r[2] for r in free.rows)
    assert "[navn]" in texts and "[telefonnummer]" in texts
    assert "Kari" not in texts and "586" not in texts


@pytest.mark.parametrize(
    "lang, form",
    [
        ("nb", "{}.\u00a0november til {}.\u00a0november 2020"),
        ("nn", "{}.\u00a0november til {}.\u00a0november 2020"),
        ("en", "{}\u00a0November to {}\u00a0November 2020"),
    ],
)
def test_the_period_comes_from_the_data(run, lang, form):
    days = sorted(dt.date.fromisoformat(c["observed_at"][:10]) for c in dataset())
    period = model(run, lang=lang).meta.cover[2][1]
    assert period == form.format(days[0].day, days[-1].day)
