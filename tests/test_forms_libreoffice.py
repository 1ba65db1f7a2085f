"""Word forms through a real word processor: Debian's LibreOffice, driven through UNO.

One soffice process for the whole module (tests/libreoffice/fill_form_uno.py): forms made with
`tilsyn form new` in nb, nn and en are filled the way a user fills them (text typed, drop-down
items chosen, boxes ticked, a date picked and its time typed), saved as .docx and read back
with `tilsyn validate`; blank forms are saved unchanged; a filled form is saved a second time;
and a filled entry spreadsheet is re-saved and printed by LibreOffice Calc.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tilsyn
from tests.clients import need_client
from tests.factories import acute_call, valid_call, write_json
from tilsyn.cli import app
from tilsyn.formats.form_layout import DATE, DROPDOWN, answers_for, layout_for
from tilsyn.readers.docx import read_docx_form
from tilsyn.survey import find_survey

UNO_PYTHON = "/usr/bin/python3"  # Debian's Python, where python3-uno installs `uno`
SCRIPT = Path(__file__).parent / "libreoffice" / "fill_form_uno.py"
LANGS = ("nb", "nn", "en")
RECORDS = {
    "nb": acute_call(
        call_id="LO-NB-1",
        caller_role="proxy",
        proxy_authority_checked="yes",
        topics=["financial_assistance", "emergency_assistance"],
        acute_markers=["no_food", "children_affected"],
        queue_wait_minutes=7.5,
        notes="Innringer var redd & stresset; «sa lite» om <barna>.",
    ),
    "nn": valid_call(
        call_id="LO-NN-1",
        observed_at="2021-02-01T13:05",
        county="more-og-romsdal",
        municipality_number="1507",
        nav_office="Nav Ålesund",
        language_barrier="yes",
        interpreter_offered="no",
        need_clarified="partly",
        empathic_conduct="partly",
        topics=["temporary_housing", "other"],
        message_text="Brukaren ønskjer å bli ringd opp før kl. 14 i dag.",
        notes="Samtalen gjekk på nynorsk og engelsk.",
    ),
    "en": valid_call(
        call_id="LO-EN-1",
        observed_at="2021-03-15T08:40",
        county="trondelag",
        municipality_number="5001",
        nav_office="Nav Falkenborg",
        guidance="individual",
        resolved_by_nks="yes",
        office_contact_needed="no",
        query_call_made=None,
        query_call_answered=None,
        vakttelefon_used=None,
        message_sent=None,
        message_text=None,
        message_states_need=None,
        message_has_callback_details=None,
        callback_explained=None,
        queue_wait_minutes=12,
        handling_minutes=None,
        topics=["application_status"],
    ),
}
pytestmark = pytest.mark.libreoffice
SHEET_ROWS = [
    valid_call(call_id="LO-XL-1"),
    acute_call(call_id="LO-XL-2", topics=["other", "financial_assistance"]),
]


def need_uno() -> None:
    """LibreOffice's Python bridge, like need_client: skip locally, fail in CI."""
    need_client("soffice")
    found = (
        os.path.exists(UNO_PYTHON)
        and subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    )
    if not found:
        if os.environ.get("TILSYN_REQUIRE_CLIENTS"):
            pytest.fail(f"required client missing in CI: {UNO_PYTHON} with python3-uno")
        pytest.skip("needs python3-uno")


def uno_answers(lang: str, record: dict) -> dict:
    """What a user enters in each control: the text typed, the drop-down item chosen (its display
    text), the box ticked, the day picked in the date picker and the time typed over its text."""
    layout = layout_for("nks-call", lang)
    entered = {}
    for key, answer in answers_for(layout, record).items():
        control = layout.by_key[key]
        if control.kind == DROPDOWN:
            entered[key] = control.display(answer)
        elif control.kind == DATE:
            entered[key] = {
                "date": answer.date().isoformat(),
                "text": answer.strftime(control.date_format[1]),
            }
        else:
            entered[key] = answer
    return entered


def typed(folder: Path, record: dict) -> dict:
    result = tilsyn.load([write_json(folder / "oracle.json", [record])])
    assert result.ok, result.diagnostics
    return result.records[0].values


def run_cli(*args) -> object:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def _running_with(text: str) -> list[str]:
    """Command lines of the running processes that mention `text`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in line:
            found.append(line)
    return found


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """Every document the module checks, made in one LibreOffice run; yields (folder, version)."""
    need_uno()
    folder = tmp_path_factory.mktemp("libreoffice")
    jobs = []
    for lang in LANGS:
        blank = folder / f"blank-{lang}.docx"
        assert run_cli("form", "new", "-o", blank, "--lang", lang).exit_code == 0
        jobs.append(
            {
                "source": str(blank),
                "target": str(folder / f"filled-{lang}.docx"),
                "answers": uno_answers(lang, RECORDS[lang]),
            }
        )
        jobs.append({"source": str(blank), "target": str(folder / f"unchanged-{lang}.docx")})
    jobs.append({"source": str(folder / "filled-nb.docx"), "target": str(folder / "twice-nb.docx")})
    from tilsyn.forms import write_sheet

    write_sheet(folder / "sheet.xlsx", lang="nb", rows=SHEET_ROWS)
    jobs.append(
        {
            "source": str(folder / "sheet.xlsx"),
            "target": str(folder / "sheet-lo.xlsx"),
            "filter": "Calc MS Excel 2007 XML",
        }
    )
    jobs.append(
        {
            "source": str(folder / "sheet.xlsx"),
            "target": str(folder / "sheet.pdf"),
            "filter": "calc_pdf_Export",
        }
    )
    spec = folder / "jobs.json"
    spec.write_text(
        json.dumps({"profile": str(folder / "profile"), "jobs": jobs}), encoding="utf-8"
    )
    done = subprocess.run(
        [UNO_PYTHON, str(SCRIPT), str(spec)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _running_with(str(folder / "profile")) == []  # soffice ended with all its children
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["saved"] == len(jobs)
    assert all(Path(job["target"]).is_file() for job in jobs)
    return folder, summary["version"]


@pytest.mark.parametrize("lang", LANGS)
def test_values_entered_in_libreoffice_validate_exactly(office, lang):
    folder, _ = office
    path = folder / f"filled-{lang}.docx"
    result = run_cli("validate", "--json", path)
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    (record,) = tilsyn.load([path]).records
    assert record.values == typed(folder, RECORDS[lang])


def test_the_libreoffice_version_ci_asked_for_filled_the_forms(office):
    """CI runs this module under 7.4 and 25.2 (.ci/run); the second run must really be 25.2."""
    _, version = office
    wanted = os.environ.get("TILSYN_LIBREOFFICE_VERSION")
    if not wanted:
        pytest.skip("no LibreOffice version asked for (TILSYN_LIBREOFFICE_VERSION)")
    assert version.startswith(wanted)


def test_libreoffice_74_drops_the_tags_the_hidden_keys_stand_in(office):
    import zipfile

    folder, version = office
    document = zipfile.ZipFile(folder / "filled-nb.docx").read("word/document.xml").decode()
    if version.startswith("7.4"):
        assert "<w:tag " not in document
    assert "[[topics=emergency_assistance]]" in document


@pytest.mark.parametrize("lang", LANGS)
def test_blank_form_saved_unchanged_is_a_form_with_every_answer_empty(office, lang):
    folder, _ = office
    (table,) = list(read_docx_form(folder / f"unchanged-{lang}.docx", find_survey))
    (row,) = list(table.rows)  # a ReadError here would name a control that was not found
    assert row.values == {} and table.warnings == []
    assert (table.survey_id, table.survey_version) == ("nks-call", "1")


def test_a_form_saved_twice_by_libreoffice_still_reads_the_same(office):
    folder, _ = office
    once, twice = (tilsyn.load([folder / name]) for name in ("filled-nb.docx", "twice-nb.docx"))
    assert twice.ok and twice.records[0].values == once.records[0].values


def test_entry_spreadsheet_resaved_by_libreoffice_calc_validates(office):
    folder, _ = office
    result = tilsyn.load([folder / "sheet-lo.xlsx"])
    assert result.ok, [d.message for d in result.diagnostics]
    assert [r.values for r in result.records] == [typed(folder, r) for r in SHEET_ROWS]


def test_the_entry_spreadsheet_prints_one_page_wide(office):
    """Rows of every column, printed by LibreOffice Calc: one landscape page holds them all."""
    need_client("pdfinfo", "pdftotext")
    folder, _ = office
    pdf = str(folder / "sheet.pdf")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    width, height = (float(v) for v in info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert width > height  # landscape
    text = " ".join(
        subprocess.run(
            ["pdftotext", pdf, "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "LO-XL-1" in text and "LO-XL-2" in text  # the first column
    last = layout_for("nks-call", "nb").survey.fields[-1]
    assert last.label["nb"] in text  # the last column (Merknader), on the same page
