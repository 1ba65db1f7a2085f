"""The report's content, built from a scored run without rendering Word: sentences, counts,
scopes, recommendations, appendices, in nb, nn and en."""

from __future__ import annotations

import datetime as dt

import pytest

import tilsyn
from tests.report_helpers import OFFICES, dataset, expected_k06, plain, query_call, write_dataset
from tilsyn.api import excluded_entries
from tilsyn.criteria import builtin_catalogue
from tilsyn.report import ReportError, Scope, parse_scope
from tilsyn.report.model import build_model
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
    """The model's values with every no-break space («6 av 44») read as a space."""
    chosen = parse_scope(scope, get_survey("nks-call"))
    return as_plain(
        build_model(
            run, chosen, lang, catalogue=CATALOGUE, today=dt.date(2021, 5, 10), **options
        ).values
    )


def as_plain(value):
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    return value


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
    points = model(run, lang=lang)["summary"]["points"]
    assert any(p.startswith(words.format(answered, made)) and "K06" in p for p in points)


def test_summary_takes_high_severity_and_mostly_failed_criteria(run):
    points = " ".join(model(run)["summary"]["points"])
    high = [
        c.id
        for c in CATALOGUE.criteria
        if c.severity == "high" and run.summary(c.id).counts.assessed
    ]
    assert high and all(cid in points for cid in high)
    mostly_passed = [
        c.id
        for c in CATALOGUE.criteria
        if c.severity != "high" and (run.summary(c.id).counts.share or 0) >= 0.5
    ]
    assert mostly_passed and not any(f"{cid})" in points for cid in mostly_passed)


def test_county_scope_counts_only_that_county_and_compares_its_offices(run):
    values = model(run, "county:vestland")
    answered, made = expected_k06(county="vestland")
    k06 = next(c for c in values["findings"]["criteria"] if c["id"] == "K06")
    assert f"{answered} av {made} spørreanrop" in k06["result"]
    offices = sorted({o for c, o, _, _ in OFFICES if c == "vestland"})
    matrix = values["appendix"]["matrix"]
    assert matrix["columns"] == offices + ["Totalt", "Hele landet"]
    nation = expected_k06()
    assert (
        "Hele landet" in k06["beside_areas"]
        and f"{nation[0]} av {nation[1]}" in k06["beside_areas"]
    )
    assert values["doc"]["scope_label"] == "Statsforvalteren i Vestland"
    assert values["doc"]["letterhead"] == "Statsforvalteren i Vestland"


def test_county_scope_accepts_the_county_name(run):
    assert parse_scope("county:Vestland", get_survey("nks-call")) == Scope(
        "county", "vestland", "county"
    )


def test_office_scope_compares_the_office_with_its_county_and_the_country(run):
    values = model(run, "office:nav voss")
    k06 = next(c for c in values["findings"]["criteria"] if c["id"] == "K06")
    county, nation = expected_k06(county="vestland"), expected_k06()
    assert k06["beside_areas"].index("Vestland") < k06["beside_areas"].index("Hele landet")
    for passed, made in (county, nation):
        assert f"{passed} av {made}" in k06["beside_areas"]
    assert k06["result"].startswith("Nav-kontoret svarte på")
    assert values["appendix"]["matrix"] is None  # one office: nothing to compare across


def test_an_office_with_a_handful_of_records_gets_counts_and_no_charts(run):
    built = build_model(
        run, parse_scope("office:nav voss", get_survey("nks-call")), "nb", catalogue=CATALOGUE
    )
    assert built.figures == []
    rows = built.values["findings"]["table"]["rows"]
    assert rows and all(r["share"] == "–" and r["ci"] == "–" for r in rows)
    assert not any("%" in p for p in built.values["summary"]["points"])
    k06 = next(p for p in built.values["summary"]["points"] if "K06" in p)
    answered, made = expected_k06(office="Nav Voss")
    assert f"{answered}\u00a0av\u00a0{made}" in k06  # «1 av 3» never split over two lines


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
    entries = {r["id"]: r for r in model(run)["conclusion"]["entries"]}
    assert list(entries) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    r3 = entries["R3"]
    assert r3["supported"] and "K06" in r3["criteria"]
    assert any(
        e.startswith("K06") and f"ikke oppfylt i {made - answered} av {made}" in e
        for e in r3["evidence"]
    )
    for unlinked in ("R6", "R7"):
        assert not entries[unlinked]["supported"] and not entries[unlinked]["evidence"]
        assert entries[unlinked]["status"].startswith("ikke støttet")


def test_a_recommendation_whose_criteria_all_passed_says_so(run):
    r5 = next(r for r in model(run)["conclusion"]["entries"] if r["id"] == "R5")
    assert run.summary("K04").counts.failed == 0  # every call in the dataset got general guidance
    assert not r5["supported"] and "K04" in r5["status"] and "var oppfylt" in r5["status"]


def test_parameters_used_are_stated_and_used_in_sentences(tmp_path):
    values = model(scored(tmp_path, dataset(), max_queue_wait_minutes=20))
    row = values["about"]["parameters"]["rows"][0]
    assert (row["name"], row["value"], row["default"]) == ("max_queue_wait_minutes", "20", "10")
    k01 = next(c for c in values["findings"]["criteria"] if c["id"] == "K01")
    assert "høyst 20 minutter" in k01["result"]


def test_records_left_out_are_listed_with_the_reason(tmp_path):
    calls = dataset() + [
        query_call("VL-950", "vestland", "Nav Voss", "4621", False, 3, need_clarified=None)
    ]
    values = model(scored(tmp_path, calls))
    excluded = values["about"]["excluded"]
    assert [r["id"] for r in excluded["rows"]] == ["VL-950"]
    assert "påkrevd svar mangler (VAL001)" in excluded["rows"][0]["reason"]
    assert values["about"]["excluded_text"].startswith("1 samtale ble holdt utenfor")


def test_small_groups_get_counts_and_no_share(run):
    values = model(run, small_sample=6)
    matrix = values["appendix"]["matrix"]
    k06 = next(r for r in matrix["rows"] if r["id"] == "K06")["cells"]
    cells = dict(zip(matrix["columns"], k06, strict=False))
    for label, county in (("Rogaland", "rogaland"), ("Vestland", "vestland")):
        passed, made = expected_k06(county=county)
        assert cells[label] == (
            f"{passed} av {made}" if made < 6 else f"{round(100 * passed / made)} %"
        )
    assert cells["Totalt"].endswith("%")
    assert "færre enn 6 samtaler" in values["findings"]["small_note"]


def test_a_recommendation_is_supported_by_the_stated_rule(run):
    from tilsyn.report.model import SupportRule

    failed = run.summary("K06").counts.failed
    strict = model(run, support=SupportRule(min_failures=failed + 1))["conclusion"]
    r3 = next(r for r in strict["entries"] if r["id"] == "R3")
    assert not r3["supported"] and r3["status"].startswith("ikke støttet etter regelen")
    assert f"minst {failed + 1} samtaler" in strict["intro"]
    loose = model(run, support=SupportRule(min_failures=1, min_share=0.0))["conclusion"]
    assert next(r for r in loose["entries"] if r["id"] == "R3")["supported"]


def test_every_chart_has_alt_text_with_its_numbers(run):
    built = build_model(run, Scope("national"), "en", catalogue=CATALOGUE, small_sample=1)
    answered, made = expected_k06()
    assert built.figures and all(f.alt and f.caption for f in built.figures)
    k06 = next(f for f in built.figures if f.caption.startswith("K06"))
    share = round(100 * answered / made)
    assert "Vestland" in k06.alt and "Rogaland" in k06.alt and f"Total: {share}%" in k06.alt


def test_a_long_scorecard_is_cut_and_says_where_the_rest_is(run, monkeypatch):
    import tilsyn.report.appendix as appendix

    monkeypatch.setattr(appendix, "SCORECARD_ROWS", 3)
    scorecard = model(run, lang="nn")["appendix"]["scorecard"]
    assert len(scorecard["rows"]) == 3 < len(run.records)
    assert f"dei første 3 av {len(run.records)}" in scorecard["intro"]
    assert "tilsyn export" in scorecard["intro"]


def test_scorecard_has_a_row_per_call_with_symbol_and_word(run):
    scorecard = model(run, lang="nn")["appendix"]["scorecard"]
    assert len(scorecard["rows"]) == len(run.records)
    assert scorecard["criteria"] == [c.id for c in CATALOGUE.criteria]
    cells = {cell for row in scorecard["rows"] for cell in row["cells"]}
    assert {"✔ oppfylt", "✘ ikkje oppfylt", "– ikkje aktuelt"} <= cells


def test_free_text_is_left_out_unless_asked_and_then_redacted(tmp_path):
    calls = dataset()
    calls[0]["notes"] = "Kari Nordmann ga nummeret 482 49 586."
    loaded = tilsyn.load([write_dataset(tmp_path, calls)])
    run = score(loaded.records, CATALOGUE)
    assert model(run)["appendix"]["free_text"] is None
    from tilsyn.report.model import free_text_of

    free = model(
        run, free_text=free_text_of(loaded.records, get_survey("nks-call")), names=["Kari Nordmann"]
    )["appendix"]["free_text"]
    texts = " ".join(r["text"] for r in free["rows"])
    assert "[navn]" in texts and "[telefonnummer]" in texts
    assert "Kari" not in texts and "586" not in texts


@pytest.mark.parametrize(
    "lang, form",
    [
        ("nb", "{}. november til {}. november 2020"),
        ("nn", "{}. november til {}. november 2020"),
        ("en", "{} November to {} November 2020"),
    ],
)
def test_the_period_comes_from_the_data(run, lang, form):
    days = sorted(dt.date.fromisoformat(c["observed_at"][:10]) for c in dataset())
    assert model(run, lang=lang)["doc"]["period"] == form.format(days[0].day, days[-1].day)
