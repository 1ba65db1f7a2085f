"""Write the synthetic national demo dataset of observed calls to NAV Kontaktsenter.

Run from the repository root (or anywhere):

    python sample_data/make_sample_data.py

The dataset is made to match the published figures of Helsetilsynet report 5/2021: 59 calls
followed, a query call to the NAV office in 44 of them, and only 6 of those 44 answered. Every
other value is invented, seeded and deterministic: running the script twice writes byte-identical
files (the xlsx and any docx are re-packed with fixed zip timestamps and fixed document
properties). Standard library, openpyxl, and tilsyn's own form writer.

Outputs (each call in exactly one file, so reading the folder reads 59 calls once):
    calls/<county>.jsonl                        most calls, one JSON record per line
    spreadsheet/innsamling-vestland.xlsx        6 calls as an inspector types them (nb labels)
    spreadsheet/rogaland-eksport.csv            4 calls as Norwegian Excel saves CSV (cp1252, ;)
    forms/<call_id>.docx                        12 calls as filled Word forms (tilsyn.forms.fill_form)
    names.txt, planted_personal_data.txt        the fictitious personal data planted in the texts
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import sys
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SURVEYS = ROOT / "tilsyn" / "surveys"

SEED = 52021  # report 5/2021
SURVEY = "nks-2020-2021"
# Fixed "created/modified" of generated office files and the timestamp of every zip member.
FIXED_TIME = dt.datetime(2021, 5, 10, 9, 0, 0)
FIRST_DAY = dt.date(2020, 10, 5)
LAST_DAY = dt.date(2021, 4, 30)
# No observation days in the Christmas weeks or at Easter 2021.
NO_OBSERVATION = {dt.date(2020, 12, 21) + dt.timedelta(days=i) for i in range(12)} | {
    dt.date(2021, 3, 29) + dt.timedelta(days=i) for i in range(8)}

# The record fields of survey nks-call, in the order of the spec (shared/spec/nks-call.md).
FIELDS: list[tuple[str, str]] = [
    ("call_id", "text"), ("survey", "text"), ("observed_at", "datetime"), ("observer", "text"),
    ("county", "one"), ("municipality_number", "text"), ("nav_office", "text"),
    ("caller_role", "one"), ("topics", "many"), ("acute_markers", "many"),
    ("language_barrier", "yesno"), ("queue_wait_minutes", "decimal"),
    ("handling_minutes", "decimal"), ("need_clarified", "one"), ("urgency_assessed", "yesno"),
    ("guidance", "one"), ("resolved_by_nks", "one"), ("office_contact_needed", "yesno"),
    ("query_call_made", "yesno"), ("query_call_answered", "yesno"),
    ("vakttelefon_used", "yesno"), ("message_sent", "yesno"), ("message_text", "text"),
    ("message_states_need", "yesno"), ("message_states_urgency", "yesno"),
    ("message_has_callback_details", "yesno"), ("callback_explained", "yesno"),
    ("proxy_authority_checked", "yesno"), ("interpreter_offered", "yesno"),
    ("confidentiality_kept", "yesno"), ("empathic_conduct", "one"),
    ("same_day_contact", "one"), ("notes", "text"),
]
FIELD_TYPES = dict(FIELDS)
TOPICS = ["financial_assistance", "emergency_assistance", "temporary_housing",
          "financial_counselling", "qualification_programme", "application_status", "other"]
ACUTE_MARKERS = ["no_food", "no_housing", "no_power", "children_affected", "none"]
ACUTE_CODES = {"no_food", "no_housing", "no_power"}

# county code -> (call_id prefix, number of calls, observers, [(NAV office, kommunenummer)]).
# Kommunenummer as valid 2020-2023 (after the 2020 reform, before the 2024 split of Viken and
# Troms og Finnmark). Oslo has one number (0301) and one NAV office per bydel.
COUNTIES: dict[str, tuple[str, int, list[str], list[tuple[str, str]]]] = {
    "agder": ("AG", 5, ["KT", "HLB"], [("Nav Kristiansand", "4204"), ("Nav Arendal", "4203")]),
    "innlandet": ("IN", 5, ["ES", "MBR"], [("Nav Hamar", "3403"), ("Nav Lillehammer", "3405"),
                                           ("Nav Gjøvik", "3407")]),
    "more-og-romsdal": ("MR", 4, ["AHV"], [("Nav Ålesund", "1507"), ("Nav Molde", "1506"),
                                           ("Nav Kristiansund", "1505")]),
    "nordland": ("NL", 5, ["JOL", "TK"], [("Nav Bodø", "1804"), ("Nav Narvik", "1806"),
                                          ("Nav Rana", "1833")]),
    "ostfold-buskerud-oslo-akershus": ("OV", 10, ["RN", "SHD", "LMA"], [
        ("Nav Grünerløkka", "0301"), ("Nav Frogner", "0301"), ("Nav Gamle Oslo", "0301"),
        ("Nav Fredrikstad", "3004"), ("Nav Drammen", "3005"), ("Nav Bærum", "3024")]),
    "rogaland": ("RO", 6, ["GE", "OTS"], [("Nav Stavanger", "1103"), ("Nav Sandnes", "1108"),
                                          ("Nav Haugesund", "1106")]),
    "troms-og-finnmark": ("TF", 4, ["ISB"], [("Nav Tromsø", "5401"), ("Nav Alta", "5403")]),
    "trondelag": ("TL", 6, ["PKH", "AN"], [("Nav Falkenborg", "5001"), ("Nav Heimdal", "5001"),
                                           ("Nav Steinkjer", "5006")]),
    "vestfold-og-telemark": ("VT", 5, ["BWL"], [("Nav Skien", "3807"), ("Nav Larvik", "3805"),
                                                ("Nav Tønsberg", "3803")]),
    "vestland": ("VL", 9, ["KLH", "MS"], [("Nav Bergen nord", "4601"), ("Nav Åsane", "4601"),
                                          ("Nav Fana", "4601"), ("Nav Sunnfjord", "4647"),
                                          ("Nav Voss", "4621")]),
}
NYNORSK_COUNTIES = {"vestland", "more-og-romsdal"}

# Which calls go to which file. The 12 Word-form calls, with the language of their form.
FORM_LANG: dict[str, str] = {
    "VL-007": "nn", "VL-008": "nn", "MR-003": "nn", "MR-004": "nn",
    "OV-008": "nb", "OV-009": "nb", "OV-010": "en",
    "TL-005": "nb", "TL-006": "nb", "NL-005": "nb", "AG-005": "nb", "IN-005": "nb",
}
XLSX_CALLS = [f"VL-{i:03d}" for i in range(1, 7)]
CSV_CALLS = [f"RO-{i:03d}" for i in range(1, 5)]

# Planted, fictitious personal data (names are not taken from any real case).
NAMES = ["Sigrid Haugland", "Tor Einar Vik", "Amina Hassan", "Bjørn Sæther", "Marte Solheim",
         "Jonas Bakkevik", "Ingrid Myrvold"]
EMAIL = "marte.solheim@example.no"


# ---------------------------------------------------------------------------------------------
# Small helpers


def fodselsnummer(rng: random.Random, birth: dt.date) -> str:
    """A fødselsnummer for `birth` with valid mod-11 check digits (born 1900-1999)."""
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

    def check(digits: str, weights: tuple[int, ...]) -> int | None:
        r = sum(int(d) * w for d, w in zip(digits, weights)) % 11
        return 0 if r == 0 else (None if r == 1 else 11 - r)

    while True:
        base = birth.strftime("%d%m%y") + f"{rng.randrange(0, 500):03d}"
        k1 = check(base, w1)
        if k1 is None:
            continue
        k2 = check(base + str(k1), w2)
        if k2 is None:
            continue
        return base + str(k1) + str(k2)


def phone_number(rng: random.Random, style: int) -> str:
    """A Norwegian mobile number, written the ways people write them."""
    d = str(rng.choice("49")) + "".join(str(rng.randrange(10)) for _ in range(7))
    if style == 0:
        return f"{d[:3]} {d[3:5]} {d[5:]}"  # 912 34 567
    if style == 1:
        return f"+47 {d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"  # +47 41 23 45 67
    if style == 2:
        return f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"  # 41 23 45 67
    return d  # 41234567


def assign(rng: random.Random, pool: list[int], counts: dict[object, int]) -> dict[int, object]:
    """Give exactly counts[v] of the indices in `pool` the value v (random, seeded)."""
    if sum(counts.values()) > len(pool):
        raise ValueError(f"cannot assign {counts} over {len(pool)} calls")
    chosen = rng.sample(pool, sum(counts.values()))
    out: dict[int, object] = {}
    for value, n in counts.items():
        for i in chosen[:n]:
            out[i] = value
        chosen = chosen[n:]
    return out


def halves(rng: random.Random, lo: float, hi: float) -> float:
    return rng.randrange(int(lo * 2), int(hi * 2) + 1) / 2


def ordered(codes: set[str] | list[str], order: list[str]) -> list[str]:
    return [c for c in order if c in codes]


# ---------------------------------------------------------------------------------------------
# Texts. Notes are written by the inspector (nynorsk in Vestland and Møre og Romsdal), message
# texts by the NKS adviser (always bokmål).

N = {  # key -> (nb, nn)
    "resolved_apply": ("Rådgiver forklarte hvordan søknad om økonomisk sosialhjelp sendes digitalt, og sjekket at bruker hadde BankID.",
                       "Rådgivaren forklarte korleis søknad om økonomisk sosialhjelp blir send digitalt, og sjekka at brukaren hadde BankID."),
    "resolved_status": ("Rådgiver så at søknaden var registrert og forklarte saksbehandlingstiden ved kontoret.",
                        "Rådgivaren såg at søknaden var registrert og forklarte sakshandsamingstida ved kontoret."),
    "resolved_plain": ("Bruker fikk svar på spørsmålet sitt uten at kontoret måtte kontaktes.",
                       "Brukaren fekk svar på spørsmålet sitt utan at kontoret måtte kontaktast."),
    "resolved_partly": ("Bruker fikk generell informasjon, men må selv kontakte kontoret om det konkrete vedtaket.",
                        "Brukaren fekk generell informasjon, men må sjølv kontakte kontoret om det konkrete vedtaket."),
    "answered": ("Spørreanropet ble besvart etter kort tid, og bruker ble satt over til veileder.",
                 "Spørjeanropet vart svara etter kort tid, og brukaren vart sett over til rettleiar."),
    "answered_vakt": ("Vakttelefonen svarte, og veileder lovet å ringe bruker tilbake innen en time.",
                      "Vakttelefonen svarte, og rettleiaren lova å ringje brukaren tilbake innan ein time."),
    "unanswered": ("Spørreanrop til kontoret ble ikke besvart, og bruker ble satt i ny kø.",
                   "Spørjeanrop til kontoret vart ikkje svara, og brukaren vart sett i ny kø."),
    "unanswered_twice": ("Rådgiver ringte kontoret to ganger uten å få svar.",
                         "Rådgivaren ringde kontoret to gonger utan å få svar."),
    "unanswered_vakt": ("Spørreanropet gikk til kontorets vakttelefon, som ikke svarte.",
                        "Spørjeanropet gjekk til vakttelefonen til kontoret, som ikkje svarte."),
    "no_message": ("Ingen melding ble sendt; bruker ble bedt om å ringe kontoret selv senere.",
                   "Det vart ikkje sendt melding; brukaren vart beden om å ringje kontoret sjølv seinare."),
    "message_direct": ("Kontoret har bedt NKS sende melding i stedet for å ringe, så det ble ikke gjort spørreanrop.",
                       "Kontoret har bede NKS sende melding i staden for å ringje, så det vart ikkje gjort spørjeanrop."),
    "nothing_done": ("Rådgiver ga bruker telefonnummeret til kontoret og ba bruker ringe selv; verken spørreanrop eller melding.",
                     "Rådgivaren gav brukaren telefonnummeret til kontoret og bad brukaren ringje sjølv; verken spørjeanrop eller melding."),
    "msg_generic": ("Meldingen til kontoret sa bare at bruker ønsker kontakt.",
                    "Meldinga til kontoret sa berre at brukaren ønskjer kontakt."),
    "msg_no_callback": ("Meldingen hadde verken telefonnummer eller tidspunkt for tilbakeringing.",
                        "Meldinga hadde verken telefonnummer eller tidspunkt for å ringje tilbake."),
    "msg_no_urgency": ("Det sto ikke i meldingen at saken hastet.",
                       "Det stod ikkje i meldinga at saka hasta."),
    "msg_unseen": ("Observatøren fikk ikke se teksten i meldingen.",
                   "Observatøren fekk ikkje sjå teksten i meldinga."),
    "callback_no": ("Bruker fikk ikke vite når kontoret ville ringe, eller hva bruker skulle gjøre om ingen ringte.",
                    "Brukaren fekk ikkje vite når kontoret ville ringje, eller kva brukaren skulle gjere om ingen ringde."),
    "callback_yes": ("Rådgiver forklarte at kontoret ringer tilbake innen to virkedager, og hva bruker skal gjøre om samtalen ikke kommer.",
                     "Rådgivaren forklarte at kontoret ringjer tilbake innan to vyrkedagar, og kva brukaren skal gjere om samtalen ikkje kjem."),
    "no_food": ("Bruker hadde ikke penger til mat.", "Brukaren hadde ikkje pengar til mat."),
    "no_housing": ("Bruker hadde ikke sted å sove i natt.", "Brukaren hadde ikkje stad å sove i natt."),
    "no_power": ("Bruker hadde fått varsel om at strømmen blir stengt.",
                 "Brukaren hadde fått varsel om at straumen blir stengd."),
    "children": ("Det er barn i husstanden.", "Det er barn i hushaldet."),
    "sdc_yes": ("Kontoret bekreftet at bruker ble ringt opp samme dag.",
                "Kontoret stadfesta at brukaren vart ringd opp same dag."),
    "sdc_no": ("Ifølge kontoret ble bruker ikke kontaktet samme dag.",
               "Ifølgje kontoret vart brukaren ikkje kontakta same dag."),
    "sdc_unknown": ("Det er ukjent om kontoret nådde bruker samme dag.",
                    "Det er ukjent om kontoret nådde brukaren same dag."),
    "long_queue": ("Lang ventetid i køen før rådgiver svarte.", "Lang ventetid i køen før rådgivaren svarte."),
    "queue_unknown": ("Ventetiden i køen ble ikke registrert.", "Ventetida i køen vart ikkje registrert."),
    "urgency_not_assessed": ("Rådgiver spurte ikke om behovet var akutt.",
                             "Rådgivaren spurde ikkje om behovet var akutt."),
    "individual": ("Rådgiver vurderte om bruker hadde rett til stønad ut fra inntekt og utgifter (individuell veiledning).",
                   "Rådgivaren vurderte om brukaren hadde rett til stønad ut frå inntekt og utgifter (individuell rettleiing)."),
    "lang_yes_msg": ("Bruker snakket lite norsk; rådgiver skrev behovet for tolk inn i meldingen.",
                     "Brukaren snakka lite norsk; rådgivaren skreiv behovet for tolk inn i meldinga."),
    "lang_yes": ("Bruker snakket lite norsk, og rådgiver tilbød tolk.",
                 "Brukaren snakka lite norsk, og rådgivaren tilbaud tolk."),
    "lang_no": ("Bruker snakket lite norsk, men tolk ble ikke tilbudt.",
                "Brukaren snakka lite norsk, men tolk vart ikkje tilbode."),
    "proxy": ("Innringer ringte på vegne av sin mor.", "Innringaren ringde på vegner av mor si."),
    "proxy_2": ("Innringer var datter av bruker og ringte for faren.",
                "Innringaren var dotter til brukaren og ringde for faren."),
    "professional": ("Innringer var ansatt i kommunens boligtjeneste.",
                     "Innringaren var tilsett i bustadtenesta i kommunen."),
    "professional_2": ("Innringer var sosionom ved sykehuset og ringte for en pasient.",
                       "Innringaren var sosionom ved sjukehuset og ringde for ein pasient."),
    "other": ("Innringer var nabo av bruker.", "Innringaren var nabo til brukaren."),
    "other_2": ("Innringer var en venn av bruker.", "Innringaren var ein ven av brukaren."),
    "authority_yes": ("Rådgiver ba om å få bekreftet fullmakten før saken ble drøftet.",
                      "Rådgivaren bad om å få stadfesta fullmakta før saka vart drøfta."),
    "authority_no": ("Rådgiver sjekket ikke om innringer hadde fullmakt.",
                     "Rådgivaren sjekka ikkje om innringaren hadde fullmakt."),
    "confidentiality_no": ("Rådgiver ga opplysninger fra saken før det var klart hvem innringer var.",
                           "Rådgivaren gav opplysningar frå saka før det var klart kven innringaren var."),
    "empathic_partly": ("Rådgiver var noe kort i tonen mot slutten av samtalen.",
                        "Rådgivaren var noko kort i tonen mot slutten av samtalen."),
    "empathic_no": ("Rådgiver avbrøt bruker flere ganger og virket stresset.",
                    "Rådgivaren avbraut brukaren fleire gonger og verka stressa."),
    "empathic_yes": ("Rådgiver var vennlig og tålmodig.", "Rådgivaren var venleg og tolmodig."),
}

# Personal data planted in notes: (key, nb, nn); {name}, {fnr}, {phone} filled in.
PLANT_NOTES = {
    "name_caller": ("Innringer presenterte seg som {name} og hadde ringt flere ganger tidligere.",
                    "Innringaren presenterte seg som {name} og hadde ringt fleire gonger tidlegare."),
    "name_proxy": ("Innringer, {name}, sa at han hadde skriftlig fullmakt.",
                   "Innringaren, {name}, sa at han hadde skriftleg fullmakt."),
    "name_fnr": ("Bruker {name} leste opp fødselsnummeret sitt ({fnr}) før rådgiver rakk å stoppe henne.",
                 "Brukaren {name} las opp fødselsnummeret sitt ({fnr}) før rådgivaren rakk å stoppe henne."),
    "name_repeat": ("{name} ringte for tredje gang denne uken om samme søknad.",
                    "{name} ringde for tredje gong denne veka om same søknaden."),
    "name_phone": ("{name} ga telefonnummeret {phone} og ba om å bli ringt opp før kl. 14.",
                   "{name} gav telefonnummeret {phone} og bad om å bli ringd opp før kl. 14."),
    "fnr_spaced": ("Innringer oppga brukerens fødselsnummer {fnr} uten at det var bedt om.",
                   "Innringaren oppgav fødselsnummeret til brukaren, {fnr}, utan at det var bede om."),
}

NEED_TEXT = {  # primary topic -> what a specific (but calm) message says the need is
    "financial_assistance": ["Bruker ønsker kontakt om søknad om økonomisk sosialhjelp.",
                             "Bruker har spørsmål om vedtak om økonomisk stønad til husleie."],
    "emergency_assistance": ["Bruker ønsker kontakt om søknad om nødhjelp."],
    "temporary_housing": ["Bruker ønsker kontakt om midlertidig botilbud."],
    "financial_counselling": ["Bruker ønsker time hos økonomisk rådgiver, har betalingsanmerkninger og mye gjeld."],
    "qualification_programme": ["Bruker ønsker å snakke med veileder om søknad om kvalifiseringsprogrammet."],
    "application_status": ["Bruker lurer på status i søknad om økonomisk stønad sendt for tre uker siden.",
                           "Bruker etterlyser svar på søknad om sosialhjelp til strøm og husleie."],
    "other": ["Bruker har spørsmål om utbetaling av stønad som ikke er kommet."],
}
URGENT_TEXT = {
    "no_food": "Haster: bruker har ikke penger til mat i dag og ber om nødhjelp.",
    "no_housing": "Haster: bruker har ikke sted å sove i natt og trenger midlertidig botilbud.",
    "no_power": "Haster: strømmen stenges på fredag, bruker trenger hjelp til å betale regningen.",
}
CALM_ACUTE_TEXT = {  # states the need of an acute call without saying it is urgent
    "no_food": "Bruker ønsker kontakt om søknad om økonomisk stønad til livsopphold.",
    "no_housing": "Bruker ønsker kontakt om midlertidig botilbud.",
    "no_power": "Bruker har spørsmål om hjelp til å betale strømregningen.",
}
GENERIC_TEXT = ["Bruker ønsker kontakt.", "Bruker ønsker å bli kontaktet av Nav-kontoret.",
                "Bruker ber om å bli ringt opp.", "Ønsker kontakt med veileder.",
                "Bruker ønsker kontakt. Har ringt tidligere."]
CALLBACK_TEXT = ["Ring {phone} mellom 12 og 14.", "Kan nås på {phone} i dag før kl. 15.",
                 "Ring bruker på {phone} etter kl. 10.", "Tlf. {phone}, best mellom 09 og 11."]
LANGUAGES = ["arabisk", "somali", "tigrinja", "polsk", "dari", "litauisk"]


# ---------------------------------------------------------------------------------------------
# The calls


def observation_times(rng: random.Random, n: int) -> list[dt.datetime]:
    """n call start times on 2-3 session days of one county, weekdays 08:00-15:30."""
    days_total = (LAST_DAY - FIRST_DAY).days + 1
    weekdays = [FIRST_DAY + dt.timedelta(days=i) for i in range(days_total)]
    weekdays = [d for d in weekdays if d.weekday() < 5 and d not in NO_OBSERVATION]
    sessions = sorted(rng.sample(weekdays, 2 if n <= 4 else 3))
    per_day = [n // len(sessions) + (1 if i < n % len(sessions) else 0) for i in range(len(sessions))]
    times: list[dt.datetime] = []
    for day, k in zip(sessions, per_day):
        while True:  # start times in whole minutes, at least 25 minutes apart
            starts = sorted(rng.sample(range(8 * 60, 15 * 60 + 31), k))
            if all(b - a >= 25 for a, b in zip(starts, starts[1:])):
                break
        times += [dt.datetime.combine(day, dt.time(m // 60, m % 60)) for m in starts]
    return times


def build_calls(rng: random.Random) -> list[dict]:
    """The 59 records (JSON shape: codes, lists, numbers; empty fields absent), plus hidden
    generator attributes under '_'."""
    # 1. Skeleton: county, office, observer, time and call_id.
    calls: list[dict] = []
    for county, (prefix, n, observers, offices) in COUNTIES.items():
        times = observation_times(rng, n)
        office_order = offices + [rng.choice(offices) for _ in range(n - len(offices))]
        rng.shuffle(office_order)
        day_observer: dict[dt.date, str] = {}
        for i, (when, (office, kommunenr)) in enumerate(zip(times, office_order), start=1):
            observer = day_observer.setdefault(when.date(), observers[len(day_observer) % len(observers)])
            calls.append({"call_id": f"{prefix}-{i:03d}", "survey": SURVEY,
                          "observed_at": when.strftime("%Y-%m-%dT%H:%M"), "observer": observer,
                          "county": county, "municipality_number": kommunenr, "nav_office": office})
    idx = list(range(len(calls)))

    # 2. The course of each call, with the report's figures exactly:
    #    A resolved by NKS (no office contact needed)          10
    #    B office needed, message sent without a query call     3
    #    C office needed, nothing done (K05 fails)              2
    #    D query call answered                                  6
    #    E query call unanswered, message sent                 35
    #    F query call unanswered, no message (K08 fails)        3
    flows = ["A"] * 10 + ["B"] * 3 + ["C"] * 2 + ["D"] * 6 + ["E"] * 35 + ["F"] * 3
    rng.shuffle(flows)
    by_flow = {f: [i for i in idx if flows[i] == f] for f in "ABCDEF"}

    # 3. Acute needs (no food, nowhere to sleep, power cut): 14 calls, none resolved by NKS alone.
    acute: set[int] = set()
    for f, k in {"B": 1, "C": 1, "D": 3, "E": 8, "F": 1}.items():
        acute |= set(rng.sample(by_flow[f], k))
    acute_l = sorted(acute)
    primary = assign(rng, acute_l, {"no_food": 7, "no_housing": 4, "no_power": 3})
    markers = {i: {primary[i]} for i in acute_l}
    for i in rng.sample(acute_l, 5):
        markers[i].add("children_affected")
    for i in rng.sample([i for i in acute_l if primary[i] == "no_power"], 1):
        markers[i].add("no_food")
    for i in [rng.choice(by_flow["A"]), rng.choice([i for i in by_flow["E"] if i not in acute])]:
        markers[i] = {"children_affected"}  # children in the household, but not acute
    for i in idx:
        markers.setdefault(i, {"none"})
    # What the calls without an acute need were about (financial assistance and case status
    # dominate; a second topic is added to some).
    topic = assign(rng, [i for i in idx if i not in acute], {
        "financial_assistance": 18, "application_status": 15, "financial_counselling": 5,
        "other": 4, "qualification_programme": 3})

    # 4. Query call details and messages.
    d_acute = [i for i in by_flow["D"] if i in acute]
    vakt = set(rng.sample(d_acute, 2)) | set(rng.sample([i for i in by_flow["D"] if i not in acute], 2))
    vakt |= set(rng.sample(by_flow["E"], 7))
    msg = sorted(by_flow["B"] + by_flow["E"])  # 38 messages
    states_need = set(rng.sample(msg, 20))
    callback = set(rng.sample(sorted(states_need), 10)) | set(rng.sample([i for i in msg if i not in states_need], 3))
    explained = set(rng.sample(msg, 22))
    urgent_msg = set(rng.sample([i for i in msg if i in acute], 4))
    unseen = set(rng.sample([i for i in msg if i not in states_need and i not in callback], 2))
    sdc = {i: "yes" for i in d_acute}
    sdc |= assign(rng, [i for i in acute_l if i not in sdc and flows[i] != "C"], {"yes": 3, "no": 4, "unknown": 3})
    sdc |= {i: "no" for i in acute_l if flows[i] == "C"}

    # 5. Caller, language, conduct.
    role = {i: "user" for i in idx} | assign(rng, idx, {"proxy": 4, "professional": 4, "other": 2})
    non_user = [i for i in idx if role[i] != "user"]
    authority = {i: "yes" for i in non_user} | {i: "no" for i in rng.sample(non_user, 5)}
    lang = assign(rng, [i for i in idx if role[i] == "user"], {"yes": 3, "no": 3})
    conf_no = {rng.choice([i for i in non_user if authority[i] == "no"]),
               rng.choice([i for i in idx if role[i] == "user"])}
    guidance = {i: "general" for i in idx} | assign(rng, by_flow["A"], {"individual": 2})
    guidance |= assign(rng, [i for i in idx if flows[i] != "A"], {"individual": 2, "none": 6})
    resolved = {i: "yes" for i in by_flow["A"]} | assign(rng, by_flow["A"], {"partly": 2})
    not_a = [i for i in idx if flows[i] != "A"]
    resolved |= {i: "no" for i in not_a} | assign(rng, not_a, {"partly": 12})
    need = {i: "yes" for i in idx} | assign(rng, idx, {"partly": 12})
    need |= assign(rng, [i for i in not_a if need[i] == "yes"], {"no": 3})  # not when resolved
    urgency_no = set(rng.sample(acute_l, 4)) | set(rng.sample([i for i in idx if i not in acute], 7))
    empathic = {i: "yes" for i in idx} | assign(rng, idx, {"partly": 6, "no": 1})
    queue = {i: (0.5, 10) for i in idx} | assign(rng, idx, {None: 2, (10.5, 25): 13, (25.5, 45): 4})
    handling_missing = set(rng.sample(idx, 1))

    # 6. Deal the courses out to the calls so that every file gets a fair mix: sort them by
    #    course, acute need, caller and language, then deal them in turn to the file kinds in
    #    proportion to their size (Sainte-Laguë), and shuffle within each file kind.
    kinds = [file_kind(c) for c in calls]
    quota = {k: kinds.count(k) for k in sorted(set(kinds))}
    tiebreak = [rng.random() for _ in idx]
    strata = sorted(idx, key=lambda i: ("ABCDEF".index(flows[i]), i in acute, role[i] != "user",
                                        i in lang, tiebreak[i]))
    dealt: dict[str, list[int]] = {k: [] for k in quota}
    for i in strata:
        open_kinds = [k for k in quota if len(dealt[k]) < quota[k]]
        dealt[max(open_kinds, key=lambda k: quota[k] / (2 * len(dealt[k]) + 1))].append(i)
    course_of: dict[int, int] = {}
    for k, courses in dealt.items():
        rng.shuffle(courses)
        course_of |= dict(zip([s for s in idx if kinds[s] == k], courses))

    # 7. Fill in every record.
    for s, c in enumerate(calls):
        i = course_of[s]
        f = flows[i]
        nn = c["county"] in NYNORSK_COUNTIES
        m = markers[i]
        c["caller_role"] = role[i]
        c["topics"] = topics_for(rng, m, topic.get(i))
        c["acute_markers"] = ordered(m, ACUTE_MARKERS)
        c["language_barrier"] = "yes" if i in lang else "no"
        if queue[i] is not None:
            c["queue_wait_minutes"] = wait(halves(rng, *queue[i]))
        if i not in handling_missing:
            c["handling_minutes"] = wait(halves(rng, 9, 35) if f in "DEF" else halves(rng, 3, 18))
        c["need_clarified"] = need[i]
        c["urgency_assessed"] = "no" if i in urgency_no else "yes"
        c["guidance"] = guidance[i]
        c["resolved_by_nks"] = resolved[i]
        c["office_contact_needed"] = "no" if f == "A" else "yes"
        if f in "BCDEF":
            c["query_call_made"] = "yes" if f in "DEF" else "no"
        if f in "DEF":
            c["query_call_answered"] = "yes" if f == "D" else "no"
            c["vakttelefon_used"] = "yes" if i in vakt else "no"
        if f in "BCEF":
            c["message_sent"] = "yes" if f in "BE" else "no"
        if f in "BE":
            text = message_text(rng, c, i in states_need, i in callback, i in urgent_msg, lang.get(i))
            if i not in unseen:
                c["message_text"] = text
            c["message_states_need"] = "yes" if i in states_need else "no"
            if i in acute:
                c["message_states_urgency"] = "yes" if i in urgent_msg else "no"
            c["message_has_callback_details"] = "yes" if i in callback else "no"
            c["callback_explained"] = "yes" if i in explained else "no"
        if role[i] != "user":
            c["proxy_authority_checked"] = authority[i]
        if i in lang:
            c["interpreter_offered"] = lang[i]
        c["confidentiality_kept"] = "no" if i in conf_no else "yes"
        c["empathic_conduct"] = empathic[i]
        if i in acute:
            c["same_day_contact"] = sdc[i]
        note = notes_for(rng, c, f, i in unseen, nn)
        if note:
            c["notes"] = note
        c["_"] = {"flow": f, "nn": nn}
    return calls


def wait(x: float) -> int | float:
    return int(x) if x == int(x) else x


def topics_for(rng: random.Random, markers: set[str], primary: str | None) -> list[str]:
    t: set[str] = set()
    if "no_food" in markers:
        t |= {"emergency_assistance"} | ({"financial_assistance"} if rng.random() < 0.5 else set())
    if "no_housing" in markers:
        t.add("temporary_housing")
    if "no_power" in markers:
        t |= {"financial_assistance", "emergency_assistance"}
    if not t:
        t.add(primary)
        if rng.random() < 0.25:
            t.add(rng.choice(["financial_assistance", "application_status", "financial_counselling"]))
    return ordered(t, TOPICS)


def message_text(rng: random.Random, c: dict, need: bool, callback: bool, urgent: bool,
                 interpreter: str | None) -> str:
    markers = set(c["acute_markers"])
    primary = next((m for m in ("no_food", "no_housing", "no_power") if m in markers), None)
    parts: list[str] = []
    if c["caller_role"] == "proxy" and need:
        parts.append("Fullmektig ringer på vegne av bruker.")
    elif c["caller_role"] == "professional" and need:
        parts.append("Henvendelse fra samarbeidspartner på vegne av bruker.")
    if need and urgent and primary:
        parts.append(URGENT_TEXT[primary])
        if "children_affected" in markers:
            parts.append("Har to barn hjemme.")
    elif need and primary:
        parts.append(CALM_ACUTE_TEXT[primary])
    elif need:
        parts.append(rng.choice(NEED_TEXT[c["topics"][0]]))
    elif urgent:
        parts.append("Bruker ønsker kontakt i dag, haster.")
    else:
        parts.append(rng.choice(GENERIC_TEXT))
    if callback:
        parts.append(rng.choice(CALLBACK_TEXT))  # {phone} is filled in when planting
    if interpreter == "yes":
        parts.append(f"Bruker trenger tolk ({rng.choice(LANGUAGES)}).")
    return " ".join(parts)


def notes_for(rng: random.Random, c: dict, flow: str, unseen: bool, nn: bool) -> str:
    keys: list[str] = []
    if c["caller_role"] != "user":
        keys += [c["caller_role"] + rng.choice(["", "_2"]), "authority_" + c["proxy_authority_checked"]]
    if c["confidentiality_kept"] == "no":
        keys.append("confidentiality_no")
    if c["language_barrier"] == "yes":
        keys.append("lang_no" if c["interpreter_offered"] == "no" else
                    "lang_yes_msg" if c.get("message_sent") == "yes" else "lang_yes")
    for m in ("no_food", "no_housing", "no_power"):
        if m in c["acute_markers"]:
            keys.append(m)
            break
    if "children_affected" in c["acute_markers"] and rng.random() < 0.6:
        keys.append("children")
    if "queue_wait_minutes" not in c:
        keys.append("queue_unknown")
    elif c["queue_wait_minutes"] > 20:
        keys.append("long_queue")
    if c["urgency_assessed"] == "no" and (c["acute_markers"] != ["none"] or rng.random() < 0.5):
        keys.append("urgency_not_assessed")
    if c["guidance"] == "individual":
        keys.append("individual")
    keys += {
        "A": [rng.choice(["resolved_apply", "resolved_status", "resolved_plain"])
              if c["resolved_by_nks"] == "yes" else "resolved_partly"],
        "B": ["message_direct"],
        "C": ["nothing_done"],
        "D": ["answered_vakt" if c.get("vakttelefon_used") == "yes" else "answered"],
        "E": ["unanswered" if rng.random() < 0.6 else "unanswered_twice"]
             + (["unanswered_vakt"] if c.get("vakttelefon_used") == "yes" else []),
        "F": ["unanswered", "no_message"],
    }[flow]
    if flow in "BE":
        if unseen:
            keys.append("msg_unseen")
        elif c["message_states_need"] == "no":
            keys.append("msg_generic")
        if c["message_has_callback_details"] == "no" and not unseen and rng.random() < 0.5:
            keys.append("msg_no_callback")
        if c.get("message_states_urgency") == "no":
            keys.append("msg_no_urgency")
        keys.append("callback_" + c["callback_explained"])
    if "same_day_contact" in c:
        keys.append("sdc_" + c["same_day_contact"])
    keys.append("empathic_" + c["empathic_conduct"])
    # Inspectors write short notes: keep the notable sentences, drop some routine ones.
    routine = {"empathic_yes", "unanswered", "unanswered_twice", "callback_yes", "resolved_plain"}
    keys = [k for k in keys if k not in routine or rng.random() < 0.4]
    if not keys or (len(keys) == 1 and rng.random() < 0.3):
        return ""
    if len(keys) > 4:
        keep = sorted(rng.sample(range(len(keys)), 4))
        keys = [keys[j] for j in keep]
    return " ".join(N[k][1 if nn else 0] for k in keys)


def plant_personal_data(rng: random.Random, calls: list[dict]) -> list[str]:
    """Put phone numbers into the callback messages and the planted names, fødselsnummer and
    e-mail into a few texts, spread over all formats. Returns every planted string."""
    planted: list[str] = []
    fmt = {c["call_id"]: file_kind(c) for c in calls}

    style = 0
    for c in calls:
        if "{phone}" in c.get("message_text", ""):
            p = phone_number(rng, style % 4)
            style += 1
            c["message_text"] = c["message_text"].replace("{phone}", p)
            planted.append(p)

    def pick(kind: str, cond) -> dict:
        cands = [c for c in calls if fmt[c["call_id"]] == kind and cond(c) and "_planted" not in c]
        if not cands:
            raise SystemExit(f"no {kind} call to plant personal data in")
        c = rng.choice(cands)
        c["_planted"] = True
        return c

    def add_note(c: dict, key: str, **kw: str) -> None:
        text = PLANT_NOTES[key][1 if c["_"]["nn"] else 0].format(**kw)
        c["notes"] = (c.get("notes", "") + " " + text).strip()

    fnr1 = fodselsnummer(rng, dt.date(1985, 3, 14))
    fnr2 = fodselsnummer(rng, dt.date(1962, 11, 2))
    fnr3 = fodselsnummer(rng, dt.date(1994, 7, 23))
    fnr3_spaced = f"{fnr3[:6]} {fnr3[6:]}"
    phone_note = phone_number(rng, 0)

    sigrid, tor, amina, bjorn, marte, jonas, ingrid = NAMES
    add_note(pick("jsonl", lambda c: c["caller_role"] == "user"), "name_caller", name=sigrid)
    add_note(pick("jsonl", lambda c: c["caller_role"] == "proxy"), "name_proxy", name=tor)
    add_note(pick("xlsx", lambda c: c["caller_role"] == "user"), "name_fnr", name=ingrid, fnr=fnr1)
    add_note(pick("csv", lambda c: True), "name_repeat", name=bjorn)
    add_note(pick("forms", lambda c: True), "name_phone", name=jonas, phone=phone_note)
    add_note(pick("forms", lambda c: c["caller_role"] != "user"), "fnr_spaced", fnr=fnr3_spaced)
    c = pick("forms", lambda c: c.get("message_text") and c["message_states_need"] == "yes")
    text = c["message_text"]
    c["message_text"] = (amina + text[6:]) if text.startswith("Bruker ") else f"Gjelder {amina}. {text}"
    c = pick("jsonl", lambda c: c.get("message_text") and c["message_states_need"] == "yes")
    c["message_text"] += f" Bruker heter {marte} og ønsker svar på e-post: {EMAIL}."
    c = pick("jsonl", lambda c: bool(c.get("message_text")))
    c["message_text"] += f" Gjelder bruker med fnr. {fnr2}."
    planted += [sigrid, tor, ingrid, fnr1, bjorn, jonas, phone_note, fnr3_spaced, amina, marte,
                EMAIL, fnr2]
    for c in calls:
        c.pop("_planted", None)
    return planted


def file_kind(c: dict) -> str:
    cid = c["call_id"]
    return ("forms" if cid in FORM_LANG else "xlsx" if cid in XLSX_CALLS
            else "csv" if cid in CSV_CALLS else "jsonl")


def public(c: dict) -> dict:
    """The record in JSON shape, keys in field order, generator attributes removed."""
    return {k: c[k] for k, _ in FIELDS if k in c}


def typed(c: dict) -> dict:
    """The record as validation types it (docs/CONTRACTS.md): every field, None when empty."""
    out: dict[str, object] = {}
    for k, t in FIELDS:
        v = c.get(k)
        if v is None:
            out[k] = None
        elif t == "datetime":
            out[k] = dt.datetime.fromisoformat(v)
        elif t == "decimal":
            out[k] = float(v)
        elif t == "many":
            out[k] = tuple(v)
        else:
            out[k] = v
    return out


# ---------------------------------------------------------------------------------------------
# Writers


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def fixed_zip(data: bytes) -> bytes:
    """Re-pack a zip (xlsx, docx) with fixed member timestamps, so the bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def load_labels() -> tuple[list[str], dict[str, str], dict[str, dict[str, str]]] | None:
    """(field order, field -> nb label, field -> {code: nb label}) from the survey definition,
    or None when tilsyn/surveys/nks-call.toml is missing."""
    path = SURVEYS / "nks-call.toml"
    if not path.exists():
        return None
    survey = tomllib.loads(path.read_text(encoding="utf-8"))
    counties_path = SURVEYS / "counties.toml"
    counties = tomllib.loads(counties_path.read_text(encoding="utf-8")) if counties_path.exists() else {}
    order: list[str] = []
    labels: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    for f in survey.get("fields", []):
        name = f["name"]
        if name not in FIELD_TYPES:
            continue
        order.append(name)
        labels[name] = f.get("label", {}).get("nb") or name
        items = f.get("choices")
        if f.get("choice_list") == "counties":
            items = counties.get("counties", [])
        if items:
            choices[name] = {ch["code"]: ch.get("label", {}).get("nb") or ch["code"] for ch in items}
    order += [k for k, _ in FIELDS if k not in order]
    return order, labels, choices


def write_xlsx(path: Path, calls: list[dict]) -> str:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    defs = load_labels()
    if defs is None:
        order, labels, choices = [k for k, _ in FIELDS], {}, {}
        source = "field codes (tilsyn/surveys/nks-call.toml was missing)"
    else:
        order, labels, choices = defs
        source = "nb labels from tilsyn/surveys/nks-call.toml"

    wb = Workbook()
    ws = wb.active
    ws.title = "Samtaler"
    ws.append([labels.get(k, k) for k in order])
    for c in calls:
        row: list[object] = []
        for k in order:
            v, t = c.get(k), FIELD_TYPES[k]
            if v is None:
                row.append(None)
            elif t == "yesno":
                row.append("ja" if v == "yes" else "nei")
            elif t == "one":
                row.append(choices.get(k, {}).get(v, v))
            elif t == "many":
                row.append("; ".join(choices.get(k, {}).get(x, x) for x in v))
            elif t == "datetime":
                row.append(dt.datetime.fromisoformat(v))
            else:
                row.append(v)
        ws.append(row)
    for col in ws.iter_cols(min_row=2):
        for cell in col:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd.mm.yyyy hh:mm"
    for col in ws.columns:
        width = max(len(str(cell.value or "")) for cell in col)
        ws.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 60)
    ws.freeze_panes = "A2"
    wb.properties.creator = "Statsforvalteren i Vestland"
    wb.properties.lastModifiedBy = "Statsforvalteren i Vestland"
    wb.properties.title = "Innsamling NKS-samtaler, Vestland"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(): that stamps "modified" with now()
    write_bytes(path, fixed_zip(buf.getvalue()))
    return source


def csv_value(v: object, t: str) -> str:
    if v is None:
        return ""
    if t == "yesno":
        return "Ja" if v == "yes" else "Nei"
    if t == "many":
        return ";".join(v)  # type: ignore[arg-type]
    if t == "datetime":
        return dt.datetime.fromisoformat(v).strftime("%d.%m.%Y %H:%M")  # type: ignore[arg-type]
    if t == "decimal":
        return str(v).replace(".", ",")
    return str(v)


def write_csv(path: Path, calls: list[dict]) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([k for k, _ in FIELDS])
    for c in calls:
        w.writerow([csv_value(c.get(k), t) for k, t in FIELDS])
    write_bytes(path, buf.getvalue().encode("cp1252"))


def write_jsonl(path: Path, calls: list[dict]) -> None:
    lines = [json.dumps(public(c), ensure_ascii=False) for c in calls]
    write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))


def write_forms(folder: Path, calls: list[dict]) -> str:
    """Fill generated Word forms the way a user would, through tilsyn's own form writer."""
    sys.path.insert(0, str(ROOT))
    try:
        from tilsyn.forms import fill_form
    finally:
        sys.path.remove(str(ROOT))
    folder.mkdir(parents=True, exist_ok=True)
    # Writers honour SOURCE_DATE_EPOCH for their timestamps (shared/ARCHITECTURE.md).
    os.environ["SOURCE_DATE_EPOCH"] = str(int(FIXED_TIME.replace(tzinfo=dt.timezone.utc).timestamp()))
    for c in calls:
        path = folder / f"{c['call_id']}.docx"
        fill_form(typed(c), path, FORM_LANG[c["call_id"]])
        path.write_bytes(fixed_zip(path.read_bytes()))
    return f"{len(calls)} .docx forms via tilsyn.forms.fill_form"


def main() -> None:
    rng = random.Random(SEED)
    calls = build_calls(rng)
    planted = plant_personal_data(rng, calls)
    calls.sort(key=lambda c: c["call_id"])

    groups: dict[str, list[dict]] = {}
    for c in calls:
        kind = file_kind(c)
        groups.setdefault(kind if kind != "jsonl" else f"jsonl:{c['county']}", []).append(c)

    for key, group in groups.items():
        if key.startswith("jsonl:"):
            write_jsonl(HERE / "calls" / f"{key[6:]}.jsonl", group)
    write_csv(HERE / "spreadsheet" / "rogaland-eksport.csv", groups["csv"])
    xlsx_source = write_xlsx(HERE / "spreadsheet" / "innsamling-vestland.xlsx", groups["xlsx"])
    forms_result = write_forms(HERE / "forms", groups["forms"])

    names = "# Fictitious names planted in notes and message texts of the sample data (one per line)\n"
    write_bytes(HERE / "names.txt", (names + "\n".join(NAMES) + "\n").encode("utf-8"))
    header = "# Every personal-data string planted in the sample texts, one per line (fictitious).\n"
    write_bytes(HERE / "planted_personal_data.txt", (header + "\n".join(planted) + "\n").encode("utf-8"))

    print(f"{len(calls)} calls: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(groups.items())),
          file=sys.stderr)
    print(f"spreadsheet header: {xlsx_source}; forms: {forms_result}", file=sys.stderr)


if __name__ == "__main__":
    main()
