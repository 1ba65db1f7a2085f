"""The office report: the published figures (11, 49 and 61 of 70) in nb, nn and en, the
opening-hours chart, the vakttelefon share, K06 beside O04 when calls are given too, a report
from saved results, a mixed folder, and LibreOffice reading it."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

import tilsyn
from tests.clients import need_client
from tests.factories import valid_call, valid_office, write_jsonl
from tests.report_helpers import docx_part, docx_section, docx_text
from tilsyn.api import ScoringOptions
from tilsyn.criteria import builtin_catalogue
from tilsyn.report import Scope
from tilsyn.report.content.bands import band_counts
from tilsyn.report.content.build import build_document

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
PUBLISHED = {  # each with its own share: 11, 49 and 61 of 70 are 16, 70 and 87 %
    "nb": [
        "11 av 70 Nav-kontor var stengt for oppmøte (16 %)",
        "49 av 70 Nav-kontor hadde åpent og bemannet publikumsmottak høyst 6 timer per uke (70 %)",
        "61 av 70 Nav-kontor hadde åpent og bemannet publikumsmottak høyst 10 timer per uke (87 %)",
    ],
    "nn": [
        "11 av 70 Nav-kontor var stengde for oppmøte (16 %)",
        "49 av 70 Nav-kontor hadde ope og bemanna publikumsmottak høgst 6 timar per veke (70 %)",
        "61 av 70 Nav-kontor hadde ope og bemanna publikumsmottak høgst 10 timar per veke (87 %)",
    ],
    "en": [
        "11 of 70 Nav offices were closed to walk-in visitors (16%)",
        "49 of 70 Nav offices had a reception open and staffed for at most 6 hours a week (70%)",
        "61 of 70 Nav offices had a reception open and staffed for at most 10 hours a week (87%)",
    ],
}
HEADINGS = {
    "nb": ("Sammendrag", "Åpningstider for oppmøte"),
    "nn": ("Samandrag", "Opningstider for oppmøte"),
    "en": ("Summary", "Opening hours for walk-in visitors"),
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """`tilsyn report sample_data/offices` in each language, rendered once for the module."""
    from typer.testing import CliRunner

    from tilsyn.cli import app

    folder = tmp_path_factory.mktemp("office-reports")
    paths = {}
    for lang in ("nb", "nn", "en"):
        paths[lang] = folder / f"kontor-{lang}.docx"
        result = CliRunner().invoke(
            app, ["report", str(SAMPLE / "offices"), "-o", str(paths[lang]), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        assert "on 70 Nav offices" in result.stderr
    return paths


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_report_states_the_published_figures_in_summary_and_findings(reports, lang):
    summary_heading, bands_heading = HEADINGS[lang]
    summary = docx_section(reports[lang], summary_heading)
    bands = docx_section(reports[lang], bands_heading, level=2)
    for sentence in PUBLISHED[lang]:
        counted = sentence.split(" N")[0]  # «49 av 70»: stated once in the summary
        assert [p for p in summary if counted in p] == [f"{sentence}."]
        assert f"{sentence}." in bands
    assert not any("O01" in p for p in summary)  # the band sentences state its finding


def test_opening_hours_table_and_chart(reports):
    bands = docx_section(reports["nb"], "Åpningstider for oppmøte", level=2)
    text = "\n".join(bands)
    for label, count in (
        ("Stengt (0 timer)", "11"),
        ("Over 0 til og med 6 timer", "38"),
        ("Over 6 til og med 10 timer", "12"),
        ("Mer enn 10 timer", "9"),
    ):
        assert bands[bands.index(label) + 1] == count, label
    assert bands[bands.index("Totalt") + 1] == "70"
    assert "9 av 70 Nav-kontor hadde åpent mer enn 10 timer per uke" in text
    descriptions = [
        e.get("descr") for e in docx_part(reports["nb"]).iter() if e.tag.endswith("}docPr")
    ]
    (alt,) = [d.replace("\u00a0", " ") for d in descriptions if "Stengt (0 timer)" in d]
    assert "Stengt (0 timer) 16 % (9–26 %, 11 Nav-kontor)" in alt


def test_vakttelefon_share_is_stated(reports):
    text = docx_text(reports["en"])
    assert (
        "21 of 70 Nav offices had a duty phone (vakttelefon) staffed throughout Nav Contact Centre's "
        "opening hours (30%"
    ) in text.replace("\u00a0", " ")


def test_a_report_from_saved_results_states_the_same(cli, reports, tmp_path):
    saved = tmp_path / "kontor.json"
    assert cli("score", SAMPLE / "offices", "-q", "-o", saved).exit_code == 0
    again = tmp_path / "again.docx"
    result = cli("report", saved, "-o", again)
    assert result.exit_code == 0, result.stderr
    assert docx_text(again) == docx_text(reports["nb"])


def test_mixed_sample_folder_office_report_sets_k06_beside_o04(cli, tmp_path):
    path = tmp_path / "kontor.docx"
    result = cli("report", SAMPLE, "--survey", "office", "-o", path, "-q")
    assert result.exit_code == 0, result.stderr
    o04 = docx_section(path, "O04 Vakttelefon i hele åpningstiden til Nav kontaktsenter", level=3)
    assert (
        "10 av 70 Nav-kontor var også med i undersøkelsen av samtaler til Nav kontaktsenter"
        in "\n".join(o04)
    )
    # K06 for Nav Voss, counted from the calls without the scoring code.
    calls = [
        r.values
        for r in tilsyn.load([SAMPLE]).records
        if r.survey == "nks-call" and r.values["nav_office"] == "Nav Voss"
    ]
    made = [c for c in calls if c["query_call_made"] == "yes"]
    answered = sum(c["query_call_answered"] == "yes" for c in made)
    row = o04.index("Nav Voss")
    assert o04[row + 1] == "4621"
    assert o04[row + 3].replace("\u00a0", " ") == (
        f"{answered} av {len(made)} ({round(100 * answered / len(made))} %)"
        if made
        else "ingen spørreanrop"
    )


def test_mixed_sample_folder_default_report_is_still_the_nks_report(cli, tmp_path):
    path = tmp_path / "rapport.docx"
    result = cli("report", SAMPLE, "-o", path)
    assert result.exit_code == 0, result.stderr
    assert "on 59 calls" in result.stderr and "70 Nav offices from the survey" in result.stderr
    text = docx_text(path)
    assert "Nav-kontorene svarte på" in text and "Åpningstider for oppmøte" not in text


def test_band_counts_put_each_bound_in_the_band_below_it():
    assert band_counts([0, 0.5, 6, 6.01, 10, 10.5, None, 60], [0, 6, 10]) == [1, 2, 2, 2]
    assert band_counts([], [0, 6, 10]) == [0, 0, 0, 0]


def test_bounds_that_do_not_fit_the_texts_are_rpt002():
    from types import SimpleNamespace

    from tilsyn.report.content.bands import distribution_sections
    from tilsyn.report.text import ReportError, Strings

    strings = Strings("nn", "office", "Nav-kontor", "Nav-kontor")
    strings.settings = {"distributions": [{"field": "reception_hours_per_week", "bounds": [0, 6]}]}
    builder = SimpleNamespace(t=strings, lang="nn", records=[], figures=[])
    with pytest.raises(ReportError) as info:
        distribution_sections(builder)
    assert info.value.code == "RPT002" and "needs 3 entries" in info.value.message


def test_beside_matches_offices_and_calls_ignoring_case_and_spacing(tmp_path):
    no_vakt = {"has_vakttelefon": "no", "vakttelefon_covers_nks_hours": None}
    write_jsonl(
        tmp_path / "offices.jsonl",
        [
            valid_office(),
            valid_office(
                office_id="VL-4640", municipality_number="4640", nav_office="Nav Sogndal", **no_vakt
            ),
            valid_office(office_id="VL-4651", municipality_number="4651", nav_office="Nav Stryn"),
        ],
    )
    answered = {
        "query_call_answered": "yes",
        "message_sent": None,
        "message_text": None,
        "message_states_need": None,
        "message_has_callback_details": None,
        "callback_explained": None,
    }
    no_query = {
        "office_contact_needed": "no",
        "query_call_made": None,
        "query_call_answered": None,
        "vakttelefon_used": None,
        "message_sent": None,
        "message_text": None,
        "message_states_need": None,
        "message_has_callback_details": None,
        "callback_explained": None,
    }
    write_jsonl(
        tmp_path / "calls.jsonl",
        [
            valid_call(call_id="VL-001", nav_office="NAV  voss", municipality_number="4621"),
            valid_call(
                call_id="VL-002", nav_office="Nav Voss", municipality_number="4621", **answered
            ),
            valid_call(
                call_id="VL-003", nav_office="Nav Sogndal", municipality_number="4640", **no_query
            ),
            valid_call(call_id="VL-004", nav_office="Nav Stryn", municipality_number="4602"),
        ],
    )
    scored = tilsyn.score_inputs([tmp_path], ScoringOptions(survey="office"))
    assert "nks-call" in scored.related
    document = build_document(scored, Scope("national"), "nb", small_sample=1)
    beside = document.table("beside-O04")
    assert [[c.replace("\u00a0", " ") for c in row] for row in beside.rows] == [
        ["Nav Voss", "4621", "✔ oppfylt", "1 av 2 (50 %)"],
        ["Nav Sogndal", "4640", "✘ ikke oppfylt", "ingen spørreanrop"],
    ]  # Stryn: another number
    o04 = document.section("criterion-O04").blocks
    intro = o04[o04.index(beside) - 1]
    assert intro.content[0].startswith("2\u00a0av\u00a03 Nav-kontor var også med")
    alone = dataclasses.replace(scored, related={})
    without = build_document(alone, Scope("national"), "nb", small_sample=1)
    assert not [t for t in without.blocks() if getattr(t, "id", "").startswith("beside-")]


@pytest.mark.libreoffice
def test_libreoffice_converts_the_office_report_to_pdf_with_the_figures(reports, tmp_path):
    need_client("soffice", "pdftotext")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(reports["nb"]),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdfs = list(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 1
    text = subprocess.run(
        ["pdftotext", str(pdfs[0]), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for sentence in PUBLISHED["nb"]:
        assert sentence.replace("\u00a0", " ") in flat


def test_office_texts_have_every_key_in_every_language_and_a_sentence_per_criterion():
    from tests.test_report_texts import keys, load

    expected = keys(load("nb", "office.toml"))
    ids = {c.id for c in builtin_catalogue("office").criteria}
    for lang in ("nb", "nn", "en"):
        assert keys(load(lang, "office.toml")) == expected, lang
        assert set(load(lang, "office.toml")["sentences"]) == ids, lang


@pytest.mark.parametrize(
    "lang, foreign",
    [
        (
            "nn",
            {
                "ikke",
                "hvor",
                "hva",
                "mer",
                "timer",
                "uke",
                "åpent",
                "bemannet",
                "hvordan",
                "ble",
                "hele",
                "noen",
                "dem",
                "fra",
                "uten",
                "hvert",
                "tjenester",
                "tjenestene",
                "brukere",
            },
        ),
        (
            "en",
            {
                "ikke",
                "ikkje",
                "timer",
                "timar",
                "uke",
                "veke",
                "ved",
                "med",
                "av",
                "har",
                "var",
                "som",
                "det",
                "til",
            },
        ),
    ],
)
def test_nynorsk_and_english_reports_hold_no_bokmal_words(reports, lang, foreign):
    from tests.report_helpers import words

    assert words(docx_text(reports[lang])) & foreign == set()
