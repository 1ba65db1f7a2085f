"""The case-file survey of tests/user_survey.py written as an XLSForm, as a domain expert at
Helsetilsynet would write it in Excel: a group per part of the case, a select_one, a relevant,
a constraint across two dates, a calculate of the days between them, labels in nb, nn and en,
and tilsyn's own columns; its catalogue in TOML beside it. Built from lists here (openpyxl),
never committed as a binary."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.user_survey import CATALOGUE

LANGS = ("Norsk bokmål (nb)", "Norsk nynorsk (nn)", "English (en)")


def by_language(column: str) -> list[str]:
    return [f"{column}::{lang}" for lang in LANGS]


SURVEY = [
    [
        "type",
        "name",
        *by_language("label"),
        "required",
        "relevant",
        "constraint",
        *by_language("constraint_message"),
        "calculate",
        "tilsyn_type",
        "tilsyn_personal_data",
    ],
    ["start", "start"],
    ["end", "end"],
    ["begin_group", "case", "Saken", "Saka", "The case"],
    ["text", "case_id", "Saks-ID", "Saks-ID", "Case ID", "yes"],
    ["select_one counties", "county", "Statsforvalter", "Statsforvaltar", "County governor", "yes"],
    ["text", "municipality_name", "Kommune", "Kommune", "Municipality", "yes"],
    ["end_group"],
    ["begin_group", "decision_group", "Vedtaket", "Vedtaket", "The decision"],
    ["date", "application_date", "Søknadsdato", "Søknadsdato", "Application date", "yes"],
    [
        "select_one yesno",
        "decision_made",
        "Er det fattet vedtak?",
        "Er det gjort vedtak?",
        "Has a decision been made?",
        "yes",
    ],
    [
        "date",
        "decision_date",
        "Vedtaksdato",
        "Vedtaksdato",
        "Decision date",
        "no",
        "${decision_made} = 'yes'",
        ". >= ${application_date}",
        "Vedtaksdatoen er før søknadsdatoen.",
        "Vedtaksdatoen er før søknadsdatoen.",
        "The decision date is before the application date.",
    ],
    ["text", "notes", "Merknader", "Merknader", "Notes", "no", "", "", "", "", "", "", "", "yes"],
    ["end_group"],
    [
        "calculate",
        "processing_days",
        "Saksbehandlingstid i dager",
        "Sakshandsamingstid i dagar",
        "Processing time in days",
        "",
        "",
        "",
        "",
        "",
        "",
        "${decision_date} - ${application_date}",
        "int",
    ],
]

CHOICES = [
    ["list_name", "name", *by_language("label")],
    ["yesno", "yes", "Ja", "Ja", "Yes"],
    ["yesno", "no", "Nei", "Nei", "No"],
    ["counties", "vestland", "Vestland", "Vestland", "Vestland"],
    ["counties", "rogaland", "Rogaland", "Rogaland", "Rogaland"],
]

SETTINGS = [
    [
        "form_id",
        "version",
        "form_title",
        "default_language",
        "tilsyn_key",
        "tilsyn_records_key",
        "tilsyn_levels",
        *by_language("tilsyn_record_noun"),
        *by_language("tilsyn_record_noun_plural"),
    ],
    [
        "case-review",
        "1",
        "Gjennomgang av saker",
        LANGS[0],
        "case_id",
        "cases",
        "county municipality=municipality_name",
        "sak",
        "sak",
        "case",
        "saker",
        "saker",
        "cases",
    ],
]


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_xlsform_survey(folder: Path, survey: list[list] | None = None, **sheets) -> Path:
    """The workbook `case-review.xlsx` and its catalogue beside it; `survey`, `choices` or
    `settings` given replace the sheet."""
    (folder / "case-review.criteria.toml").parent.mkdir(parents=True, exist_ok=True)
    (folder / "case-review.criteria.toml").write_text(CATALOGUE, encoding="utf-8")
    return write_workbook(
        folder / "case-review.xlsx",
        {
            "survey": survey or SURVEY,
            "choices": sheets.get("choices", CHOICES),
            "settings": sheets.get("settings", SETTINGS),
        },
    )


ODK_GROUPS = {
    "case_id": "case",
    "county": "case",
    "municipality_name": "case",
    "application_date": "decision_group",
    "decision_made": "decision_group",
    "decision_date": "decision_group",
    "notes": "decision_group",
}


def write_odk_central_csv(path: Path, cases: list[dict]) -> Path:
    """The cases as ODK Central's CSV export writes them: its own columns around the form's,
    each named by its group path joined with `-`, the calculate's value included."""
    fields = [f"{group}-{name}" for name, group in ODK_GROUPS.items()]
    headers = [
        "SubmissionDate",
        *fields,
        "processing_days",
        "meta-instanceID",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for n, case in enumerate(cases, start=1):
            uuid = f"uuid:0000000{n}-aaaa-4bbb-8ccc-dddddddddddd"
            values = [case.get(name) or "" for name in ODK_GROUPS]
            writer.writerow(
                [
                    "2022-05-01T10:00:00.000Z",
                    *values,
                    "",
                    uuid,
                    uuid,
                    "5",
                    "Statsforvalteren i Vestland",
                    "0",
                    "0",
                    "",
                    "",
                    "collect:abc",
                    "0",
                    "1",
                ]
            )
    return path


def write_kobo_csv(path: Path, cases: list[dict]) -> Path:
    """The cases as Kobo's CSV export with XML values and headers: `;`, groups joined by `/`."""
    fields = [f"{group}/{name}" for name, group in ODK_GROUPS.items()]
    headers = [
        "start",
        "end",
        *fields,
        "processing_days",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_index",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        for n, case in enumerate(cases, start=1):
            values = [case.get(name) or "" for name in ODK_GROUPS]
            writer.writerow(
                [
                    "2022-05-01T09:00:00.000+02:00",
                    "2022-05-01T09:10:00.000+02:00",
                    *values,
                    "",
                    str(n),
                    f"kobo-{n}",
                    "2022-05-01T07:10:00",
                    "",
                    str(n),
                ]
            )
    return path
