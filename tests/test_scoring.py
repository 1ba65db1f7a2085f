"""Scoring through the library API: every status of every criterion, evidence, parameters, JSON."""

from __future__ import annotations

import json
from importlib import resources

import pytest

import tilsyn
from tests.factories import acute_call, load_one, valid_call, write_json
from tilsyn.criteria import CatalogueError, builtin_catalogue, parse_catalogue
from tilsyn.i18n import STATUSES
from tilsyn.saved import decode, saved_text
from tilsyn.scoring import score

CATALOGUE = builtin_catalogue("nks-call")
CATALOGUE_TEXT = (
    resources.files("tilsyn.surveys").joinpath("nks-call.criteria.toml").read_text("utf-8")
)

MESSAGE_FIELDS = (
    "message_sent",
    "message_text",
    "message_states_need",
    "message_states_urgency",
    "message_has_callback_details",
    "callback_explained",
)
# The query call was answered, so no message is asked for.
ANSWERED = {"query_call_answered": "yes", **dict.fromkeys(MESSAGE_FIELDS)}
# Neither a query call nor a message, though the office was needed.
NOT_ROUTED = {
    "query_call_made": "no",
    "query_call_answered": None,
    "vakttelefon_used": None,
    **dict.fromkeys(MESSAGE_FIELDS),
    "message_sent": "no",
}
# The office was not needed: nothing about query calls or messages is asked.
NO_OFFICE = {
    "office_contact_needed": "no",
    "query_call_made": None,
    "query_call_answered": None,
    "vakttelefon_used": None,
    **dict.fromkeys(MESSAGE_FIELDS),
}
NO_MESSAGE = {**dict.fromkeys(MESSAGE_FIELDS), "message_sent": "no"}
PROXY = {"caller_role": "proxy"}
BARRIER = {"language_barrier": "yes"}

# (criterion, factory, overrides, fields blanked after validation, status, evidence in nb)
CASES = [
    ("K01", valid_call, {"queue_wait_minutes": 5}, (), "pass", "ventetid 5 min ≤ 10 min"),
    ("K01", valid_call, {"queue_wait_minutes": 10}, (), "pass", "ventetid 10 min ≤ 10 min"),
    ("K01", valid_call, {}, (), "fail", "ventetid 14,5 min > 10 min"),
    (
        "K01",
        valid_call,
        {"queue_wait_minutes": None},
        (),
        "not_answered",
        "ventetid ikke registrert",
    ),
    ("K02", valid_call, {}, (), "pass", "behovet avklart"),
    ("K02", valid_call, {"need_clarified": "partly"}, (), "fail", "behovet avklart: delvis"),
    ("K02", valid_call, {"need_clarified": "no"}, (), "fail", "behovet avklart: nei"),
    (
        "K02",
        valid_call,
        {},
        ("need_clarified",),
        "not_answered",
        "mangler svar: ble behovet avklart?",
    ),
    ("K03", valid_call, {}, (), "pass", "veilederen avklarte om behovet var akutt"),
    (
        "K03",
        acute_call,
        {"topics": ["other"]},
        (),
        "pass",
        "veilederen avklarte om behovet var akutt",
    ),
    (
        "K03",
        valid_call,
        {"urgency_assessed": "no"},
        (),
        "fail",
        "veilederen avklarte ikke om behovet var akutt",
    ),
    (
        "K03",
        valid_call,
        {"topics": ["application_status"]},
        (),
        "not_applicable",
        "gjaldt ikke sosialhjelp, nødhjelp eller botilbud, og ikke akutt",
    ),
    ("K03", valid_call, {}, ("urgency_assessed",), "not_answered", None),
    ("K04", valid_call, {}, (), "pass", "veiledning: generell informasjon og veiledning"),
    ("K04", valid_call, {"guidance": "none"}, (), "pass", "veiledning: ingen veiledning"),
    (
        "K04",
        valid_call,
        {"guidance": "individual"},
        (),
        "fail",
        "individuell veiledning i brukerens sak",
    ),
    ("K04", valid_call, {}, ("guidance",), "not_answered", None),
    ("K05", valid_call, {}, (), "pass", "spørreanrop: ja, melding: ja"),
    ("K05", valid_call, ANSWERED, (), "pass", "spørreanrop: ja, melding: –"),
    ("K05", valid_call, NOT_ROUTED, (), "fail", "verken spørreanrop eller melding"),
    ("K05", valid_call, NO_OFFICE, (), "not_applicable", "ikke behov for kontakt med Nav-kontoret"),
    ("K05", valid_call, NOT_ROUTED, ("query_call_made",), "not_answered", None),
    ("K06", valid_call, ANSWERED, (), "pass", "Nav-kontoret svarte på spørreanropet"),
    ("K06", valid_call, {}, (), "fail", "Nav-kontoret svarte ikke på spørreanropet"),
    ("K06", valid_call, NOT_ROUTED, (), "not_applicable", "ingen spørreanrop"),
    ("K06", valid_call, {}, ("query_call_answered",), "not_answered", None),
    (
        "K07",
        acute_call,
        {**ANSWERED, "vakttelefon_used": "yes"},
        (),
        "pass",
        "vakttelefonen svarte",
    ),
    ("K07", acute_call, {}, (), "fail", "vakttelefon brukt: nei, besvart: nei"),
    (
        "K07",
        acute_call,
        {"vakttelefon_used": "yes"},
        (),
        "fail",
        "vakttelefon brukt: ja, besvart: nei",
    ),
    ("K07", valid_call, {}, (), "not_applicable", "ikke akutt, eller ingen spørreanrop"),
    ("K07", acute_call, ANSWERED, ("vakttelefon_used",), "not_answered", None),
    ("K08", valid_call, {}, (), "pass", "veilederen sendte melding til Nav-kontoret"),
    ("K08", valid_call, NO_MESSAGE, (), "fail", "ingen melding, og ingen svarte"),
    (
        "K08",
        valid_call,
        ANSWERED,
        (),
        "not_applicable",
        "Nav-kontoret svarte, eller kontakt trengtes ikke",
    ),
    ("K08", valid_call, {}, ("message_sent",), "not_answered", None),
    ("K09", valid_call, {}, (), "pass", "meldingen oppga behov og hvordan brukeren nås"),
    ("K09", acute_call, {}, (), "pass", "meldingen oppga behov og hvordan brukeren nås"),
    (
        "K09",
        acute_call,
        {"message_states_urgency": "no"},
        (),
        "fail",
        "behov: ja, ringe tilbake: ja, haster: nei",
    ),
    (
        "K09",
        valid_call,
        {"message_has_callback_details": "no"},
        (),
        "fail",
        "behov: ja, ringe tilbake: nei, haster: –",
    ),
    ("K09", valid_call, NO_MESSAGE, (), "not_applicable", "det ble ikke sendt melding"),
    ("K09", valid_call, {}, ("message_states_need",), "not_answered", None),
    ("K10", valid_call, {}, (), "pass", "taushetsplikten overholdt"),
    ("K10", valid_call, {"confidentiality_kept": "no"}, (), "fail", "brudd på taushetsplikten"),
    ("K10", valid_call, {}, ("confidentiality_kept",), "not_answered", None),
    ("K11", acute_call, {}, (), "pass", "kontakt med Nav-kontoret samme dag"),
    (
        "K11",
        acute_call,
        {**ANSWERED, "same_day_contact": "no"},
        (),
        "pass",
        "kontakt med Nav-kontoret samme dag",
    ),
    (
        "K11",
        acute_call,
        {"same_day_contact": "no"},
        (),
        "fail",
        "ingen kontakt med Nav-kontoret samme dag",
    ),
    (
        "K11",
        acute_call,
        {"same_day_contact": "unknown"},
        (),
        "not_answered",
        "ukjent om Nav-kontoret tok kontakt samme dag",
    ),
    ("K11", valid_call, {}, (), "not_applicable", "ikke akutt behov"),
    ("K12", valid_call, {}, (), "pass", "innringeren fikk vite hvem som ringer tilbake og når"),
    (
        "K12",
        valid_call,
        {"callback_explained": "no"},
        (),
        "fail",
        "innringeren fikk ikke vite hva som skjer videre",
    ),
    ("K12", valid_call, ANSWERED, (), "not_applicable", "det ble ikke sendt melding"),
    ("K12", valid_call, {}, ("callback_explained",), "not_answered", None),
    (
        "K13",
        valid_call,
        {**PROXY, "proxy_authority_checked": "yes"},
        (),
        "pass",
        "samtykke eller fullmakt kontrollert",
    ),
    (
        "K13",
        valid_call,
        {**PROXY, "proxy_authority_checked": "no"},
        (),
        "fail",
        "samtykke eller fullmakt ikke kontrollert",
    ),
    ("K13", valid_call, {}, (), "not_applicable", "brukeren ringte selv"),
    (
        "K13",
        valid_call,
        {**PROXY, "proxy_authority_checked": "yes"},
        ("proxy_authority_checked",),
        "not_answered",
        None,
    ),
    (
        "K14",
        valid_call,
        {**BARRIER, "interpreter_offered": "yes"},
        (),
        "pass",
        "fikk tilbud om tolk, eller språkbehovet står i meldingen",
    ),
    (
        "K14",
        valid_call,
        {**BARRIER, "interpreter_offered": "no"},
        (),
        "fail",
        "ikke tilbud om tolk",
    ),
    ("K14", valid_call, {}, (), "not_applicable", "ingen språkproblemer"),
    (
        "K14",
        valid_call,
        {**BARRIER, "interpreter_offered": "no"},
        ("interpreter_offered",),
        "not_answered",
        None,
    ),
    ("K15", valid_call, {}, (), "pass", "respektfull og empatisk"),
    (
        "K15",
        valid_call,
        {"empathic_conduct": "partly"},
        (),
        "fail",
        "respektfull og empatisk: delvis",
    ),
    ("K15", valid_call, {"empathic_conduct": "no"}, (), "fail", "respektfull og empatisk: nei"),
    ("K15", valid_call, {}, ("empathic_conduct",), "not_answered", None),
]


def _case_id(case):
    criterion, factory, overrides, blank, status, _ = case
    extra = ",".join([*overrides, *blank]) or "base"
    return f"{criterion}-{status}-{factory.__name__}-{extra}"[:80]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_criterion_status_and_evidence(tmp_path, case):
    criterion, factory, overrides, blank, status, evidence = case
    run = score(load_one(tmp_path, factory(**overrides), blank), CATALOGUE)
    result = run.records[0].results[criterion]
    assert result.status == status
    if evidence is not None:
        assert result.evidence == evidence
    elif status == "not_answered":
        assert result.evidence.startswith("mangler svar: ") and len(result.evidence) > 14


def test_every_criterion_has_a_case_for_each_status_it_can_have():
    covered = {(c[0], c[4]) for c in CASES}
    for criterion in CATALOGUE.criteria:
        possible = set(STATUSES) - ({"not_applicable"} if criterion.applies is None else set())
        assert {s for cid, s in covered if cid == criterion.id} == possible, criterion.id


@pytest.mark.parametrize(
    "lang, criterion, overrides, blank, evidence",
    [
        ("nn", "K01", {}, (), "ventetid 14,5 min > 10 min"),
        ("en", "K01", {}, (), "queue 14.5 min > 10 min"),
        ("en", "K02", {"need_clarified": "partly"}, (), "need clarified: partly"),
        ("nn", "K02", {}, ("need_clarified",), "manglar svar: vart behovet avklart?"),
        ("en", "K02", {}, ("need_clarified",), "no answer: was the need clarified?"),
        ("nn", "K06", {}, (), "Nav-kontoret svarte ikkje på spørjeanropet"),
    ],
)
def test_evidence_language(tmp_path, lang, criterion, overrides, blank, evidence):
    run = score(load_one(tmp_path, valid_call(**overrides), blank), CATALOGUE, lang=lang)
    assert run.records[0].results[criterion].evidence == evidence
    assert run.lang == lang


def test_same_values_share_one_result_object(tmp_path):
    records = tilsyn.load(
        [write_json(tmp_path / "two.json", [valid_call(), valid_call(call_id="VL-002")])]
    ).records
    first, second = score(records, CATALOGUE).records
    assert all(first.results[c] is second.results[c] for c in first.results)


def test_parameter_override_changes_the_result_and_is_recorded(tmp_path):
    params = CATALOGUE.default_parameters().override({"max_queue_wait_minutes": "15"}, "--set")
    run = score(load_one(tmp_path, valid_call()), CATALOGUE, params)
    assert run.records[0].results["K01"][:2] == ("pass", "ventetid 14,5 min ≤ 15 min")
    assert run.parameters == {"max_queue_wait_minutes": 15}
    assert run.defaults == {"max_queue_wait_minutes": 10}
    assert run.parameter_sources == {"max_queue_wait_minutes": "--set"}


def test_parameter_values_take_a_decimal_comma():
    params = CATALOGUE.default_parameters().override({"max_queue_wait_minutes": "12,5"}, "p.toml")
    assert params.values["max_queue_wait_minutes"] == 12.5
    assert params.sources["max_queue_wait_minutes"] == "p.toml"


@pytest.mark.parametrize(
    "values, code",
    [
        ({"max_wait": 5}, "PAR001"),
        ({"max_queue_wait_minutes": "ti"}, "PAR002"),
        ({"max_queue_wait_minutes": -1}, "PAR002"),
        ({"max_queue_wait_minutes": True}, "PAR002"),
    ],
)
def test_bad_parameter_values(values, code):
    with pytest.raises(CatalogueError) as info:
        CATALOGUE.default_parameters().override(values, "--set")
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == code and diagnostic.file == "--set"
    assert diagnostic.field == next(iter(values))


def test_json_has_the_spec_shape_and_round_trips(tmp_path):
    records = tilsyn.load(
        [write_json(tmp_path / "c.json", [valid_call(), acute_call(call_id="VL-002")])]
    )
    run = score(records.records, CATALOGUE, by=["county", "office"])
    data = json.loads(json.dumps(run.to_json()))
    assert {"catalogue", "calls", "criteria"} <= set(data)
    assert data["catalogue"]["id"] == "nks-call" and data["catalogue"]["version"] == "1"
    assert data["catalogue"]["parameters"] == {"max_queue_wait_minutes": 10}
    call = data["calls"][0]
    assert {"call_id", "county", "municipality_number", "nav_office", "results"} <= set(call)
    assert call["observed_at"] == "2020-11-03T10:15:00"
    assert call["results"]["K01"] == {"status": "fail", "evidence": "ventetid 14,5 min > 10 min"}
    k06 = next(c for c in data["criteria"] if c["id"] == "K06")
    assert {"id", "pass", "fail", "not_applicable", "not_answered", "share", "ci95"} <= set(k06)
    assert (k06["pass"], k06["fail"], k06["share"]) == (0, 2, 0.0)
    assert [g["group"] for g in data["groups"]["county"]] == ["vestland"]
    assert data["groups"]["office"][0]["criteria"][5]["fail"] == 2
    again = decode(json.loads(saved_text(run)), "saved.json")  # saved and opened again
    assert json.loads(json.dumps(again.to_json())) == data


def test_excluded_records_are_carried_into_the_output(tmp_path):
    excluded = [{"call_id": "VL-009", "file": "x.csv", "row": 4, "codes": ["VAL001"]}]
    run = score(load_one(tmp_path, valid_call()), CATALOGUE, excluded=excluded)
    assert run.to_json()["excluded"] == excluded


def test_a_rule_that_cannot_be_evaluated_is_a_catalogue_error(tmp_path):
    text = CATALOGUE_TEXT.replace(
        "passes = \"confidentiality_kept == 'yes'\"", 'passes = "queue_wait_minutes"'
    )
    broken = parse_catalogue(text, "broken.toml")
    with pytest.raises(CatalogueError) as info:
        score(load_one(tmp_path, valid_call()), broken)
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "CAT014" and diagnostic.field == "K10"


def test_records_of_another_survey_are_refused(tmp_path):
    (record,) = load_one(tmp_path, valid_call())
    record.survey = "office"
    with pytest.raises(ValueError, match="office"):
        score([record], CATALOGUE)


OFFICE = {
    "office_id": "VL-K01",
    "surveyed_on": "2021-03-01",
    "inspector": "KH",
    "county": "vestland",
    "municipality_number": "4621",
    "nav_office": "Nav Voss",
    "reception_hours_per_week": 6,
    "walk_in_without_appointment": "no",
    "phone_reachable_directly": "yes",
    "has_vakttelefon": "yes",
    "vakttelefon_covers_nks_hours": "yes",
    "acute_same_day_routine": "yes",
    "nks_message_routine": "yes",
    "nks_info_up_to_date": "yes",
    "digital_application": "yes",
    "non_digital_alternative": "yes",
    "preparedness_plan_covers_social_services": "yes",
    "covid_closed_all_channels": "no",
}
OFFICE_CATALOGUE = """
id = "office-test"
version = "1"
survey = "office"

[[criteria]]
id = "O01"
title = { nb = "Åpent mer enn et minimum", nn = "Ope meir enn eit minimum", en = "Open more than a minimum" }
rationale = { nb = "Noen kan bare møte opp.", nn = "Nokre kan berre møte opp.", en = "Some can only walk in." }
severity = "medium"
recommendations = ["N1"]
passes = "reception_hours_per_week > min_reception_hours"

[criteria.parameters.min_reception_hours]
default = 6

[criteria.evidence]
pass = { nb = "{reception_hours_per_week} t > {min_reception_hours} t", nn = "{reception_hours_per_week} t > {min_reception_hours} t", en = "{reception_hours_per_week} h > {min_reception_hours} h" }
fail = { nb = "{reception_hours_per_week} t ≤ {min_reception_hours} t", nn = "{reception_hours_per_week} t ≤ {min_reception_hours} t", en = "{reception_hours_per_week} h ≤ {min_reception_hours} h" }
"""


def test_another_survey_kind_needs_only_data(tmp_path):
    """The office survey scores with a catalogue file alone: list and key names come from it."""
    catalogue = parse_catalogue(OFFICE_CATALOGUE, "office-test.toml")
    loaded = tilsyn.load([write_json(tmp_path / "offices.json", [OFFICE])])
    assert loaded.ok, [d.message for d in loaded.errors]
    data = score(loaded.records, catalogue, lang="en").to_json()
    assert "calls" not in data
    (office,) = data["offices"]
    assert office["office_id"] == "VL-K01" and office["surveyed_on"] == "2021-03-01"
    assert office["results"]["O01"] == {"status": "fail", "evidence": "6 h ≤ 6 h"}
    assert data["survey"]["key"] == "office_id"
    again = decode(json.loads(saved_text(score(loaded.records, catalogue))), "saved.json")
    assert again.records[0].key == "VL-K01" and again.catalogue.source == "office-test.toml"


def test_results_depend_on_what_decides_an_empty_answer(tmp_path):
    """An empty answer means "not asked" or "not answered" by another field the rule never
    names; records that differ only there must not share a result."""
    text = CATALOGUE_TEXT.replace(
        "passes = \"confidentiality_kept == 'yes'\"", "passes = \"query_call_answered != 'yes'\""
    )
    catalogue = parse_catalogue(text, "relevance.toml")
    loaded = tilsyn.load(
        [write_json(tmp_path / "c.json", [valid_call(**NOT_ROUTED), valid_call(call_id="VL-002")])]
    )
    loaded.records[1].values["query_call_answered"] = None
    not_asked, not_answered = score(loaded.records, catalogue).records
    assert not_asked.results["K10"].status == "pass"
    assert not_answered.results["K10"].status == "not_answered"
