"""Write the synthetic demo dataset of the office survey: 70 NAV offices, one per municipality.

Run from the repository root (or anywhere), after make_sample_data.py if you run both:

    python sample_data/make_office_data.py [OUTPUT_FOLDER]

The dataset matches the published figures of Helsetilsynet report 5/2022 (the county governors'
survey of 70 municipalities, 2020-2021): 11 of 70 offices closed to walk-ins, 49 open and staffed
six hours a week or less, 61 ten hours or less. Every other value is invented, seeded and
deterministic: running the script twice writes byte-identical files. Field order, types and
labels are read from tilsyn/surveys/office.toml, so the files follow the survey definition.
Standard library plus openpyxl only.

Outputs (each office in exactly one file):
    offices/<county>.jsonl                     8 counties, one JSON record per line
    offices/kartlegging-vestland.xlsx          Vestland as an inspector types it (nb labels)
    offices/troms-og-finnmark-eksport.csv      Troms og Finnmark as Norwegian Excel saves CSV
    names.txt, planted_personal_data.txt       the office block at the end of each is replaced
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
import sys
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in sample_data/
# Shared with the calls generator, so both datasets use the same people, days and byte layout.
from make_sample_data import (  # noqa: E402
    COUNTIES, FIXED_TIME, NO_OBSERVATION, NYNORSK_COUNTIES, SURVEYS, assign, csv_value,
    fixed_zip, fodselsnummer, phone_number, write_bytes,
)

SEED = 52022  # report 5/2022
SURVEY = "office-2020-2021"
FIRST_DAY = dt.date(2020, 10, 12)
LAST_DAY = dt.date(2021, 6, 18)
XLSX_COUNTY = "vestland"
CSV_COUNTY = "troms-og-finnmark"
BLOCK_MARK = "# Office survey (make_office_data.py):"

# county -> [(municipality, kommunenummer valid 2020-2023, inhabitants rounded to hundreds)].
# One NAV office per municipality, "Nav <municipality>". The first office of each county is also
# in the calls dataset (same name and number), so a report can set K06 beside O04 for it.
MUNICIPALITIES: dict[str, list[tuple[str, str, int | None]]] = {
    "agder": [("Arendal", "4203", 45500), ("Risør", "4201", 6800), ("Grimstad", "4202", 23600),
              ("Farsund", "4206", 9700), ("Flekkefjord", "4207", 9100), ("Lillesand", "4215", 11300),
              ("Evje og Hornnes", "4219", 3700)],
    "innlandet": [("Hamar", "3403", 31600), ("Kongsvinger", "3401", 17900),
                  ("Ringsaker", "3411", 34900), ("Elverum", "3420", 21300), ("Trysil", "3421", 6600),
                  ("Tynset", "3427", 5600), ("Sel", "3437", None)],
    "more-og-romsdal": [("Molde", "1506", 32000), ("Herøy", "1515", 8900), ("Ulstein", "1516", 8700),
                        ("Ørsta", "1520", 10800), ("Rauma", "1539", 7400), ("Sunndal", "1563", 7000),
                        ("Volda", "1577", 10700)],
    "nordland": [("Bodø", "1804", 52500), ("Brønnøy", "1813", 7900), ("Alstahaug", "1820", 7400),
                 ("Vefsn", "1824", 13300), ("Fauske", "1841", 9800), ("Vestvågøy", "1860", 11500),
                 ("Vågan", "1865", None)],
    "ostfold-buskerud-oslo-akershus": [
        ("Drammen", "3005", 101900), ("Halden", "3001", 31400), ("Sarpsborg", "3003", 56700),
        ("Indre Østfold", "3014", 45400), ("Ullensaker", "3033", 40300), ("Gol", "3041", 4600),
        ("Modum", "3047", 14300)],
    "rogaland": [("Haugesund", "1106", 37400), ("Eigersund", "1101", 14900), ("Hå", "1119", 19100),
                 ("Time", "1121", 19100), ("Sola", "1124", 27400), ("Sauda", "1135", 4500),
                 ("Karmøy", "1149", 42200)],
    "troms-og-finnmark": [("Alta", "5403", 21000), ("Harstad", "5402", 24800), ("Vadsø", "5405", 5800),
                          ("Hammerfest", "5406", 11400), ("Målselv", "5418", 6600),
                          ("Senja", "5421", 14800), ("Sør-Varanger", "5444", None)],
    "trondelag": [("Steinkjer", "5006", 24000), ("Namsos", "5007", 15000), ("Oppdal", "5021", 7000),
                  ("Røros", "5025", 5600), ("Stjørdal", "5035", 24400), ("Verdal", "5038", 15000),
                  ("Orkland", "5059", 18500)],
    "vestfold-og-telemark": [("Skien", "3807", 55100), ("Horten", "3801", 27500),
                             ("Sandefjord", "3804", 64000), ("Porsgrunn", "3806", 36600),
                             ("Notodden", "3808", 13000), ("Bamble", "3813", 14100),
                             ("Kragerø", "3814", None)],
    "vestland": [("Voss", "4621", 15800), ("Kinn", "4602", 17100), ("Stord", "4614", 18800),
                 ("Kvinnherad", "4617", 13000), ("Askøy", "4627", 29800), ("Sogndal", "4640", 12000),
                 ("Stryn", "4651", None)],
}

# Staffed reception hours per week, by band: the published figures fix the band sizes
# (11 closed, 38 more above 0 up to 6 = 49, 12 more up to 10 = 61, 9 above 10).
HOURS = {
    "closed": [0] * 11,
    "up_to_6": [6] * 8 + [5] * 6 + [4.5] * 2 + [4] * 8 + [3] * 6 + [2.5] * 2 + [2] * 5 + [1.5],
    "up_to_10": [10] * 3 + [9] + [8] * 3 + [7.5] * 3 + [7] * 2,
    "over_10": [12, 12.5, 15, 15, 17.5, 20, 22.5, 30, 37.5],
}

# How many offices answer yes (the rest no), chosen to look like the report's findings.
YES_COUNTS = {
    "phone_reachable_directly": 55,
    "acute_same_day_routine": 47,
    "nks_message_routine": 41,
    "nks_info_up_to_date": 52,
    "digital_application": 63,
    "non_digital_alternative": 64,
    "preparedness_plan_covers_social_services": 38,
    "covid_closed_all_channels": 5,
}
WALK_IN_YES = 44  # of the 59 offices open for walk-ins; closed offices answer no
VAKTTELEFON = 29  # about the 42 % NAV counted before it rose to 92 %
VAKTTELEFON_COVERS = 21  # of those 29
JUSTIFIED = {"yes": 19, "no": 36, None: 6}  # of the 61 offices open 10 hours or less
JUSTIFIED_OVER_10 = 2  # offices open longer that have a written justification all the same

# Inspectors' notes (nb, nn); nynorsk in the counties that write it. {name}, {phone}, {fnr},
# {email} are fictitious personal data, planted so redaction has something to find.
NOTES = [
    ("closed", "Publikumsmottaket har vært stengt siden mars 2020. Brukere må bestille time på telefon.",
     "Publikumsmottaket har vore stengt sidan mars 2020. Brukarar må bestille time på telefon."),
    ("closed", "Stengt for oppmøte; en postkasse for søknader står ved inngangen.",
     "Stengt for oppmøte; ei postkasse for søknader står ved inngangen."),
    ("short", "Åpningstidene ble redusert under pandemien og er ikke vurdert på nytt.",
     "Opningstidene vart reduserte under pandemien og er ikkje vurderte på nytt."),
    ("short", "Mottaket er åpent tirsdag og torsdag 10–12, ellers etter avtale.",
     "Mottaket er ope tysdag og torsdag 10–12, elles etter avtale."),
    ("short", "Resepsjonen er felles med kommunens servicetorg; sosialfaglig ansatt er ikke alltid til stede.",
     "Resepsjonen er felles med servicetorget i kommunen; sosialfagleg tilsett er ikkje alltid til stades."),
    ("vakt", "Vakttelefonen er ikke bemannet i lunsjen (11.30–12.00) og ved personalmøter.",
     "Vakttelefonen er ikkje bemanna i lunsjen (11.30–12.00) og ved personalmøte."),
    ("vakt", "Kontoret deler vakttelefon med nabokommunen.",
     "Kontoret deler vakttelefon med nabokommunen."),
    ("any", "Beredskapsplanen er fra 2016 og nevner ikke de sosiale tjenestene.",
     "Beredskapsplanen er frå 2016 og nemner ikkje dei sosiale tenestene."),
    ("any", "Rutinen for meldinger fra Nav kontaktsenter er muntlig, uten fast frist for å ringe tilbake.",
     "Rutinen for meldingar frå Nav kontaktsenter er munnleg, utan fast frist for å ringje tilbake."),
    ("any", "Papirskjema for søknad om økonomisk sosialhjelp ligger i resepsjonen.",
     "Papirskjema for søknad om økonomisk sosialhjelp ligg i resepsjonen."),
]
PLANTED_NOTES = [  # (file kind, nb, nn)
    ("jsonl", "Bruker {name} (tlf. {phone}) ble avvist i døra 12.01.2021 og henvist til telefon.",
     "Brukar {name} (tlf. {phone}) vart avvist i døra 12.01.2021 og vist til telefon."),
    ("jsonl", "Klage fra bruker med fødselsnummer {fnr} om stengt mottak ligger ved.",
     "Klage frå brukar med fødselsnummer {fnr} om stengt mottak ligg ved."),
    ("xlsx", "Et eksempel fra kontoret: {name} fikk ikke levere søknad på papir. Kontakt: {email}.",
     "Eit døme frå kontoret: {name} fekk ikkje levere søknad på papir. Kontakt: {email}."),
    ("csv", "Bruker ringte vakttelefonen fra {phone} uten å få svar.",
     "Brukar ringde vakttelefonen frå {phone} utan å få svar."),
]
NAMES = ["Hallvard Lien", "Nora Kvaal"]
EMAIL = "nora.kvaal@example.no"


# ---------------------------------------------------------------------------------------------
# The survey definition: field order, types and nb labels


def definition() -> tuple[list[tuple[str, str]], dict[str, str], dict[str, str]]:
    """(fields with their types in order, field -> nb label, county code -> nb label)."""
    survey = tomllib.loads((SURVEYS / "office.toml").read_text(encoding="utf-8"))
    counties = tomllib.loads((SURVEYS / "counties.toml").read_text(encoding="utf-8"))
    fields = [(f["name"], f["type"]) for f in survey["fields"]]
    labels = {f["name"]: f["label"]["nb"] for f in survey["fields"]}
    return fields, labels, {c["code"]: c["label"]["nb"] for c in counties["counties"]}


# ---------------------------------------------------------------------------------------------
# The offices


def file_kind(county: str) -> str:
    return "xlsx" if county == XLSX_COUNTY else "csv" if county == CSV_COUNTY else "jsonl"


def survey_days(rng: random.Random, n: int) -> list[dt.date]:
    """n weekdays of one county's survey, outside Christmas and Easter, in order."""
    days = [FIRST_DAY + dt.timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    days = [d for d in days if d.weekday() < 5 and d not in NO_OBSERVATION]
    return sorted(rng.sample(days, n))


def hours_by_office(rng: random.Random, offices: list[dict]) -> dict[int, float]:
    """Reception hours: larger municipalities tend to keep longer hours; closure is random."""
    def size(i: int) -> float:
        population = offices[i]["population"] or 8000
        return math.log(population) + rng.gauss(0, 0.6)

    order = sorted(range(len(offices)), key=size, reverse=True)
    over_10, up_to_10, rest = order[:9], order[9:21], order[21:]
    closed = rng.sample(rest, len(HOURS["closed"]))
    up_to_6 = [i for i in rest if i not in closed]
    hours: dict[int, float] = {}
    for band, members in (("over_10", over_10), ("up_to_10", up_to_10), ("closed", closed),
                          ("up_to_6", up_to_6)):
        values = list(HOURS[band])
        rng.shuffle(values)
        hours.update(zip(members, values))
    return hours


def build_offices(rng: random.Random) -> list[dict]:
    """The 70 records (JSON shape: codes, numbers, ISO dates; empty fields absent)."""
    offices: list[dict] = []
    for county, municipalities in MUNICIPALITIES.items():
        prefix, _, inspectors, _ = COUNTIES[county]
        for (name, number, population), day in zip(municipalities,
                                                   survey_days(rng, len(municipalities))):
            offices.append({
                "office_id": f"{prefix}-{number}", "survey": SURVEY, "surveyed_on": day.isoformat(),
                "inspector": rng.choice(inspectors), "county": county,
                "municipality_number": number, "nav_office": f"Nav {name}",
                "population": population})
    every = list(range(len(offices)))
    hours = hours_by_office(rng, offices)
    for i, value in hours.items():
        offices[i]["reception_hours_per_week"] = value
    open_ = [i for i in every if hours[i] > 0]
    walk_in = assign(rng, open_, {"yes": WALK_IN_YES, "no": len(open_) - WALK_IN_YES})
    limited = [i for i in every if hours[i] <= 10]
    justified = assign(rng, limited, JUSTIFIED)
    justified.update(assign(rng, [i for i in every if hours[i] > 10], {"yes": JUSTIFIED_OVER_10}))
    vakt = assign(rng, every, {"yes": VAKTTELEFON, "no": len(every) - VAKTTELEFON})
    with_vakt = [i for i in every if vakt[i] == "yes"]
    covers = assign(rng, with_vakt, {"yes": VAKTTELEFON_COVERS, "no": VAKTTELEFON - VAKTTELEFON_COVERS})
    answers = {name: assign(rng, every, {"yes": n, "no": len(every) - n})
               for name, n in YES_COUNTS.items()}
    for i, office in enumerate(offices):
        office["walk_in_without_appointment"] = walk_in.get(i, "no")
        office["limited_hours_justified"] = justified.get(i)
        office["phone_reachable_directly"] = answers["phone_reachable_directly"][i]
        office["has_vakttelefon"] = vakt[i]
        office["vakttelefon_covers_nks_hours"] = covers.get(i)
        for name in YES_COUNTS:
            office[name] = answers[name][i]
    return offices


def add_notes(rng: random.Random, offices: list[dict]) -> list[str]:
    """Notes on some offices, a few with planted personal data; returns the planted strings."""
    def fits(office: dict, kind: str) -> bool:
        hours = office["reception_hours_per_week"]
        return {"closed": hours == 0, "short": 0 < hours <= 6,
                "vakt": office["vakttelefon_covers_nks_hours"] == "no", "any": True}[kind]

    def write(office: dict, nb: str, nn: str, **values: str) -> None:
        text = nn if office["county"] in NYNORSK_COUNTIES else nb
        office["notes"] = text.format(**values)

    planted = {"name": NAMES[0], "phone": phone_number(rng, 0),
               "fnr": fodselsnummer(rng, dt.date(1987, 6, 14))}
    second = {"name": NAMES[1], "email": EMAIL, "phone": phone_number(rng, 1)}
    for (kind, nb, nn), values in zip(PLANTED_NOTES, (planted, planted, second, second)):
        office = rng.choice([o for o in offices if file_kind(o["county"]) == kind and "notes" not in o])
        write(office, nb, nn, **values)
    for kind, nb, nn in NOTES:
        office = rng.choice([o for o in offices if fits(o, kind) and "notes" not in o])
        write(office, nb, nn)
    return [planted["name"], planted["phone"], planted["fnr"], second["name"], second["email"],
            second["phone"]]


# ---------------------------------------------------------------------------------------------
# Writers


def public(office: dict) -> dict:
    """The record as JSON Lines holds it: empty fields left out."""
    return {k: v for k, v in office.items() if v is not None}


def write_jsonl(path: Path, offices: list[dict]) -> None:
    lines = [json.dumps(public(o), ensure_ascii=False) for o in offices]
    write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))


def xlsx_cell(value: object, kind: str, counties: dict[str, str]) -> object:
    if value is None:
        return None
    if kind == "yesno":
        return "ja" if value == "yes" else "nei"
    if kind == "one":
        return counties[value]  # county is the only choice field besides yes/no
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def write_xlsx(path: Path, offices: list[dict]) -> None:
    """As an inspector types it: nb labels, ja/nei, county by name, real date cells."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    fields, labels, counties = definition()
    book = Workbook()
    sheet = book.active
    sheet.title = "Kontor"
    sheet.append([labels[name] for name, _ in fields])
    for office in offices:
        sheet.append([xlsx_cell(office.get(name), kind, counties) for name, kind in fields])
    for column, (name, kind) in zip(sheet.columns, fields):
        for cell in column[1:]:
            if kind == "date":
                cell.number_format = "dd.mm.yyyy"
            elif name == "municipality_number":
                cell.number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = 18
    sheet.freeze_panes = "A2"
    book.properties.creator = book.properties.lastModifiedBy = "Statsforvaltaren i Vestland"
    book.properties.title = "Kartlegging av tilgjenge ved Nav-kontora, Vestland"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not book.save(): that stamps "modified" with now()
    write_bytes(path, fixed_zip(buffer.getvalue()))


def csv_cell(value: object, kind: str) -> str:
    """Dates as dd.mm.yyyy; everything else as the calls' CSV writes it (Ja/Nei, 7,5)."""
    if kind == "date" and value is not None:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")  # type: ignore[arg-type]
    return csv_value(value, kind)


def write_csv(path: Path, offices: list[dict]) -> None:
    """As Norwegian Excel saves «CSV (semikolondelt)»: ;, Windows-1252, CRLF, decimal comma."""
    fields, _, _ = definition()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for name, _ in fields])
    for office in offices:
        writer.writerow([csv_cell(office.get(name), kind) for name, kind in fields])
    write_bytes(path, buffer.getvalue().encode("cp1252"))


def replace_block(path: Path, lines: list[str]) -> None:
    """Put this generator's lines at the end of a text file, replacing its earlier block."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = text.split(BLOCK_MARK)[0].rstrip("\n")
    block = "\n".join([BLOCK_MARK + " the office notes", *lines])
    write_bytes(path, ((kept + "\n" if kept else "") + block + "\n").encode("utf-8"))


def main(out: Path = HERE) -> None:
    """Write the dataset under `out` (sample_data/ itself unless a folder is given)."""
    rng = random.Random(SEED)
    offices = build_offices(rng)
    planted = add_notes(rng, offices)
    folder = out / "offices"
    by_kind: dict[str, list[dict]] = {}
    for office in sorted(offices, key=lambda o: o["office_id"]):
        kind = file_kind(office["county"])
        by_kind.setdefault(kind if kind != "jsonl" else f"jsonl:{office['county']}", []).append(office)
    for key, group in by_kind.items():
        if key.startswith("jsonl:"):
            write_jsonl(folder / f"{key[6:]}.jsonl", group)
    write_xlsx(folder / f"kartlegging-{XLSX_COUNTY}.xlsx", by_kind["xlsx"])
    write_csv(folder / f"{CSV_COUNTY}-eksport.csv", by_kind["csv"])
    replace_block(out / "names.txt", NAMES)
    replace_block(out / "planted_personal_data.txt", planted)
    bands = [sum(1 for o in offices if o["reception_hours_per_week"] <= limit) for limit in (0, 6, 10)]
    print(f"{len(offices)} offices; closed {bands[0]}, <= 6 h {bands[1]}, <= 10 h {bands[2]}",
          file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
