"""The auditor workbook: tables, types, languages, numbers that add up, provenance, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

import tilsyn
from tests.factories import acute_call, valid_call, write_json, write_jsonl
from tilsyn.export import export
from tilsyn.formats import workbook
from tilsyn.formats.cellref import column_letter

CALLS = [
    valid_call(),
    acute_call(call_id="VL-002", queue_wait_minutes=3.25, notes="Ring 912 34 567."),
    valid_call(
        call_id="RO-001",
        county="rogaland",
        municipality_number="1103",
        nav_office="Nav Stavanger",
        queue_wait_minutes=None,
    ),
]


@pytest.fixture
def loaded(tmp_path):
    """The scored dataset of CALLS, free text kept so that each test decides on redaction."""
    return tilsyn.score_inputs(
        [write_jsonl(tmp_path / "calls.jsonl", CALLS)], include_personal_data=True
    )


def _book(path):
    from openpyxl import load_workbook

    return load_workbook(path)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _custom(book):
    return {p.name: p.value for p in book.custom_doc_props}


@pytest.mark.parametrize(
    "lang, names",
    [
        (
            "nb",
            [
                "Samtaler",
                "Resultater",
                "Vurderingsgrunnlag",
                "Sammendrag",
                "Kriterier",
                "Anbefalinger",
                "Opphav",
            ],
        ),
        (
            "nn",
            [
                "Samtalar",
                "Resultat",
                "Vurderingsgrunnlag",
                "Samandrag",
                "Kriterium",
                "Tilrådingar",
                "Opphav",
            ],
        ),
        (
            "en",
            [
                "Calls",
                "Results",
                "Evidence",
                "Summary",
                "Criteria",
                "Recommendations",
                "Provenance",
            ],
        ),
    ],
)
def test_every_sheet_is_one_filtered_table_with_a_frozen_header(tmp_path, loaded, lang, names):
    out = tmp_path / "export.xlsx"
    assert export(loaded, out, lang=lang) == 3
    book = _book(out)
    assert book.sheetnames == names
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        (table,) = sheet.tables.values()
        rows = _rows(sheet)
        assert table.ref == f"A1:{column_letter(len(rows[0]))}{max(len(rows), 2)}"
        assert table.autoFilter.ref == table.ref
        assert [c.name for c in table.tableColumns] == rows[0]
        assert all(
            sheet.column_dimensions[column_letter(i + 1)].width >= 8 for i in range(len(rows[0]))
        )
    assert json.loads(_custom(book)["tilsyn:sheets-without-records"]) == names[1:]


def test_numbers_are_numbers_and_dates_are_dates(tmp_path, loaded):
    out = tmp_path / "export.xlsx"
    export(loaded, out, lang="en", codes=True)
    book = _book(out)
    calls = book["Calls"]
    header = [c.value for c in calls[1]]
    row = {h: c for h, c in zip(header, calls[3], strict=False)}
    assert row["observed_at"].value == dt.datetime(2020, 11, 3, 10, 15)
    assert row["observed_at"].is_date
    assert row["queue_wait_minutes"].value == 3.25
    assert row["topics"].value == "financial_assistance"
    assert row["municipality_number"].value == "4601"
    summary = book["Summary"]
    share = summary.cell(row=2, column=8)
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    assert isinstance(summary.cell(row=2, column=4).value, int)


def test_summary_counts_add_up_to_the_evidence_rows(tmp_path, loaded):
    """What an auditor does: count the long sheet, compare with the summary."""
    out = tmp_path / "export.xlsx"
    export(loaded, out, lang="en", codes=True)
    book = _book(out)
    evidence = Counter((row[1], row[2]) for row in _rows(book["Evidence"])[1:])
    summary = _rows(book["Summary"])
    national = {row[1]: row for row in summary[1:] if row[0] == "national"}
    by_county = Counter()
    for row in summary[1:]:
        if row[0] != "national":
            for i, status in enumerate(("pass", "fail", "not_applicable", "not_answered")):
                by_county[(row[1], status)] += row[3 + i]
    for cid, row in national.items():
        for i, status in enumerate(("pass", "fail", "not_applicable", "not_answered")):
            assert row[3 + i] == evidence[(cid, status)] == by_county[(cid, status)]
        if row[3] + row[4]:
            assert row[7] == pytest.approx(row[3] / (row[3] + row[4]))
            assert row[8] <= row[7] <= row[9]
    results = _rows(book["Results"])
    k01 = results[0].index("K01")
    assert Counter(r[k01] for r in results[1:])["fail"] == national["K01"][4]


def test_criteria_recommendations_and_provenance(tmp_path, loaded):
    out = tmp_path / "export.xlsx"
    export(loaded, out, lang="nb")
    book = _book(out)
    criteria = _rows(book["Kriterier"])
    assert [r[0] for r in criteria[1:]] == [f"K{i:02d}" for i in range(1, 16)]
    k01 = criteria[1]
    assert "max_queue_wait_minutes = 10" in k01[8] and k01[9] == "nks-call 1"
    recommendations = {r[0]: r for r in _rows(book["Anbefalinger"])[1:]}
    fails = {r[1]: r[4] for r in _rows(book["Sammendrag"])[1:] if r[0] == "Hele landet"}
    r3 = recommendations["R3"]
    linked = r3[4].split(", ")
    assert r3[5] == sum(fails[cid] for cid in linked)
    provenance = _rows(book["Opphav"])
    (source,) = [r for r in provenance if r[0] == "Inndatafil"]
    path = loaded.files[0].path
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    assert source[1:] == [Path(path).name, digest, 3]  # never the folders above the input
    assert ["Inneholder personopplysninger", "nei", None, None] in provenance


def test_personal_data_flag_in_properties_and_provenance(tmp_path, loaded):
    redacted, kept = tmp_path / "redacted.xlsx", tmp_path / "kept.xlsx"
    export(loaded, redacted, lang="en")
    export(loaded, kept, lang="en", include_personal_data=True)
    for path, flag, words in ((redacted, "no", "redacted"), (kept, "yes", "not redacted")):
        book = _book(path)
        assert _custom(book)["tilsyn:personal-data"] == flag
        assert words in book.properties.description
        assert ["Holds personal data", flag, None, None] in _rows(book["Provenance"])
    notes = {r[0]: r[-1] for r in _rows(_book(redacted)["Calls"])}
    assert notes["VL-002"] == "Ring [phone number]."
    assert {r[0]: r[-1] for r in _rows(_book(kept)["Calls"])}["VL-002"] == "Ring 912 34 567."


def test_source_date_epoch_makes_the_file_reproducible(tmp_path, loaded, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1620637200")  # 2021-05-10 09:00 UTC
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export(loaded, first)
    export(loaded, second)
    assert first.read_bytes() == second.read_bytes()
    book = _book(first)
    assert book.properties.created == dt.datetime(2021, 5, 10, 9, 0)
    assert ["Eksportert (UTC)", dt.datetime(2021, 5, 10, 9, 0), None, None] in _rows(book["Opphav"])


def test_risky_and_awkward_text_is_stored_as_literal_text(tmp_path):
    awkward = {
        "nav_office": '=HYPERLINK("http://x.invalid","klikk")',
        "observer": "+KH",
        "notes": "-1\r\nlinje to\x0b_x0041_ & <b>",
        "message_text": "@SUM(1)",
    }
    loaded = tilsyn.score_inputs(
        [write_json(tmp_path / "calls.json", [valid_call(**awkward)])], include_personal_data=True
    )
    out = tmp_path / "export.xlsx"
    export(loaded, out, codes=True, include_personal_data=True)
    book = _book(out)
    header = [c.value for c in book.worksheets[0][1]]
    cells = {h: c for h, c in zip(header, book.worksheets[0][2], strict=False)}
    for name in ("nav_office", "observer", "notes", "message_text"):
        assert cells[name].data_type == "s"
        assert cells[name].quotePrefix
    assert "<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    again = tilsyn.load([out]).records[0].values
    assert again == loaded.records[0].values


def test_long_sheets_continue_on_numbered_sheets(tmp_path, loaded, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)  # header + 2 rows per sheet
    out = tmp_path / "export.xlsx"
    export(loaded, out, lang="en", include_personal_data=True)
    book = _book(out)
    assert book.sheetnames[:3] == ["Calls", "Calls (2)", "Results"]
    assert "Evidence (23)" in book.sheetnames
    assert all(len(_rows(s)) <= 3 for s in book.worksheets)
    skipped = json.loads(_custom(book)["tilsyn:sheets-without-records"])
    assert "Calls (2)" not in skipped and "Results (2)" in skipped
    again = tilsyn.load([out])
    assert again.ok and [r.values for r in again.records] == [r.values for r in loaded.records]


def test_an_empty_dataset_gives_a_valid_empty_workbook(tmp_path):
    from tilsyn.criteria import builtin_catalogue
    from tilsyn.scoring import score

    out = tmp_path / "export.xlsx"
    assert export(score([], builtin_catalogue("nks-call")), out) == 0
    book = _book(out)
    assert all(len(s.tables) == 1 for s in book.worksheets)
    result = tilsyn.load([out])
    assert result.ok and not result.records
