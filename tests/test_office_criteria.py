"""The office catalogue O01-O10: every status of every criterion, its evidence, its parameters."""

from __future__ import annotations

import pytest

import tilsyn
from tests.factories import valid_office, write_json
from tilsyn.criteria import builtin_catalogue
from tilsyn.i18n import STATUSES
from tilsyn.scoring import score

CATALOGUE = builtin_catalogue("office")


NO_VAKTTELEFON = {"has_vakttelefon": "no", "vakttelefon_covers_nks_hours": None}

# (criterion, overrides, fields blanked after validation, status, evidence in nb)
CASES = [
    ("O01", {}, (), "pass", "åpent og bemannet 7,5 timer per uke, mer enn 6"),
    (
        "O01",
        {"reception_hours_per_week": 6},
        (),
        "fail",
        "åpent og bemannet 6 timer per uke, ikke mer enn 6",
    ),
    (
        "O01",
        {"reception_hours_per_week": 0},
        (),
        "fail",
        "åpent og bemannet 0 timer per uke, ikke mer enn 6",
    ),
    (
        "O01",
        {},
        ("reception_hours_per_week",),
        "not_answered",
        "åpningstiden for mottaket er ikke oppgitt",
    ),
    ("O02", {}, (), "pass", "brukere kan møte opp uten avtale"),
    (
        "O02",
        {"walk_in_without_appointment": "no"},
        (),
        "fail",
        "brukere må ha avtale for å møte opp",
    ),
    ("O02", {}, ("walk_in_without_appointment",), "not_answered", None),
    ("O03", {}, (), "pass", "skriftlig begrunnelse for 7,5 timer per uke"),
    (
        "O03",
        {"reception_hours_per_week": 10},
        (),
        "pass",
        "skriftlig begrunnelse for 10 timer per uke",
    ),
    (
        "O03",
        {"reception_hours_per_week": 0, "limited_hours_justified": "no"},
        (),
        "fail",
        "ingen skriftlig begrunnelse for 0 timer per uke",
    ),
    (
        "O03",
        {"reception_hours_per_week": 12.5},
        (),
        "not_applicable",
        "åpent 12,5 timer per uke, mer enn 10",
    ),
    # The justification is optional in the form: left empty, the criterion is not answered.
    (
        "O03",
        {"limited_hours_justified": None},
        (),
        "not_answered",
        "ikke oppgitt om 7,5 timer per uke er begrunnet",
    ),
    ("O04", {}, (), "pass", "vakttelefonen er bemannet i hele åpningstiden til Nav kontaktsenter"),
    (
        "O04",
        {"vakttelefon_covers_nks_hours": "no"},
        (),
        "fail",
        "vakttelefon: ja, hele åpningstiden: nei",
    ),
    ("O04", NO_VAKTTELEFON, (), "fail", "vakttelefon: nei, hele åpningstiden: –"),
    ("O04", {}, ("vakttelefon_covers_nks_hours",), "not_answered", None),
    ("O05", {}, (), "pass", "skriftlig rutine for vurdering samme dag"),
    (
        "O05",
        {"acute_same_day_routine": "no"},
        (),
        "fail",
        "ingen skriftlig rutine for vurdering samme dag",
    ),
    ("O05", {}, ("acute_same_day_routine",), "not_answered", None),
    (
        "O06",
        {},
        (),
        "pass",
        "rutine for hvem som leser meldinger, hvor ofte og frist for å ringe tilbake",
    ),
    (
        "O06",
        {"nks_message_routine": "no"},
        (),
        "fail",
        "ingen rutine for meldinger fra Nav kontaktsenter",
    ),
    ("O06", {}, ("nks_message_routine",), "not_answered", None),
    ("O07", {}, (), "pass", "informasjonen til Nav kontaktsenter er gjeldende"),
    (
        "O07",
        {"nks_info_up_to_date": "no"},
        (),
        "fail",
        "informasjonen til Nav kontaktsenter er ikke oppdatert",
    ),
    ("O07", {}, ("nks_info_up_to_date",), "not_answered", None),
    ("O08", {}, (), "pass", "digital søknad, og et alternativ for dem som ikke kan bruke den"),
    (
        "O08",
        {"non_digital_alternative": "no"},
        (),
        "fail",
        "digital søknad: ja, ikke-digitalt alternativ: nei",
    ),
    (
        "O08",
        {"digital_application": "no"},
        (),
        "fail",
        "digital søknad: nei, ikke-digitalt alternativ: ja",
    ),
    ("O08", {}, ("non_digital_alternative",), "not_answered", None),
    ("O09", {}, (), "pass", "beredskapsplanen omfatter de sosiale tjenestene"),
    (
        "O09",
        {"preparedness_plan_covers_social_services": "no"},
        (),
        "fail",
        "beredskapsplanen omfatter ikke de sosiale tjenestene",
    ),
    ("O09", {}, ("preparedness_plan_covers_social_services",), "not_answered", None),
    ("O10", {}, (), "pass", "minst én kanal var åpen for akutte behov hele tiden"),
    (
        "O10",
        {"covid_closed_all_channels": "yes"},
        (),
        "fail",
        "i en periode var alle kanaler for akutte behov stengt",
    ),
    ("O10", {}, ("covid_closed_all_channels",), "not_answered", None),
]


@pytest.fixture
def load_office(tmp_path):
    """Validate one office record from a dict, then blank fields as an unfinished form would."""

    def load(overrides, blank=()):
        loaded = tilsyn.load([write_json(tmp_path / "offices.json", [valid_office(**overrides)])])
        assert loaded.ok, [d.message for d in loaded.errors]
        (record,) = loaded.records
        assert record.survey == "office"
        for name in blank:
            record.values[name] = None
        return loaded.records

    return load


def _case_id(case):
    criterion, overrides, blank, status, _ = case
    return f"{criterion}-{status}-{','.join([*overrides, *blank]) or 'base'}"[:80]


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_criterion_status_and_evidence(load_office, case):
    criterion, overrides, blank, status, evidence = case
    result = score(load_office(overrides, blank), CATALOGUE).records[0].results[criterion]
    assert result.status == status
    if evidence is not None:
        assert result.evidence == evidence
    else:
        assert result.evidence.startswith("mangler svar: ") and len(result.evidence) > 14


def test_every_criterion_has_a_case_for_each_status_it_can_have():
    covered = {(c[0], c[3]) for c in CASES}
    assert [c.id for c in CATALOGUE.criteria] == [f"O{i:02d}" for i in range(1, 11)]
    for criterion in CATALOGUE.criteria:
        possible = set(STATUSES) - ({"not_applicable"} if criterion.applies is None else set())
        assert {s for cid, s in covered if cid == criterion.id} == possible, criterion.id


def test_catalogue_carries_the_spec_recommendations_and_defaults():
    recommendations = {c.id: c.recommendations for c in CATALOGUE.criteria}
    assert recommendations == {
        "O01": ("N1",),
        "O02": ("N1", "N2"),
        "O03": ("N1",),
        "O04": ("R4",),
        "O05": ("N2",),
        "O06": ("R3",),
        "O07": ("R1",),
        "O08": ("N3",),
        "O09": ("N2",),
        "O10": ("N2",),
    }
    assert CATALOGUE.default_parameters().values == {
        "min_reception_hours": 6,
        "limited_hours_threshold": 10,
    }
    assert (CATALOGUE.id, CATALOGUE.version, CATALOGUE.survey.id) == ("office", "1", "office")


@pytest.mark.parametrize(
    "lang, criterion, overrides, evidence",
    [
        ("nn", "O01", {}, "ope og bemanna 7,5 timar per veke, meir enn 6"),
        ("en", "O01", {}, "open and staffed 7.5 hours a week, more than 6"),
        (
            "nn",
            "O03",
            {"limited_hours_justified": None},
            "ikkje oppgitt om 7,5 timar per veke er grunngitt",
        ),
        ("en", "O04", NO_VAKTTELEFON, "duty phone: no, all Nav Contact Centre hours: –"),
        (
            "nn",
            "O10",
            {"covid_closed_all_channels": "yes"},
            "i ein periode var alle kanalar for akutte behov stengde",
        ),
    ],
)
def test_evidence_language(load_office, lang, criterion, overrides, evidence):
    run = score(load_office(overrides), CATALOGUE, lang=lang)
    assert run.records[0].results[criterion].evidence == evidence


def test_parameters_move_the_thresholds(load_office):
    params = CATALOGUE.default_parameters().override(
        {"min_reception_hours": "7,5", "limited_hours_threshold": 5}, "--set"
    )
    results = score(load_office({}), CATALOGUE, params).records[0].results
    assert results["O01"].status == "fail"
    assert results["O03"][:2] == ("not_applicable", "åpent 7,5 timer per uke, mer enn 5")


def test_json_lists_offices_by_office_id(load_office):
    data = score(load_office({}), CATALOGUE, lang="en").to_json()
    assert "calls" not in data
    (office,) = data["offices"]
    assert office["office_id"] == "VL-4621" and office["surveyed_on"] == "2021-03-01"
    # Numbers travel with the results, so a report from a saved file can band opening hours.
    assert office["reception_hours_per_week"] == 7.5 and office["population"] == 15_800
    assert office["results"]["O01"]["status"] == "pass"
    assert data["catalogue"]["parameters"] == {
        "min_reception_hours": 6,
        "limited_hours_threshold": 10,
    }
    o04 = next(c for c in data["criteria"] if c["id"] == "O04")
    assert (o04["pass"], o04["fail"], o04["share"]) == (1, 0, 1.0)
