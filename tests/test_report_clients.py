"""Reports opened by programs that are not tilsyn: LibreOffice converts national, county and
office reports in nb, nn and en to PDF (one soffice call, its own profile), pdftotext reads the
key sentences, numbers and the native charts' labels back.

Skipped locally without LibreOffice or pdftotext; required in CI.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import tilsyn
from tests.clients import need_client, to_pdf
from tests.report_helpers import dataset, expected_k06, write_dataset
from tilsyn.report import render_report

pytestmark = pytest.mark.libreoffice

REPEAT = 5  # 61 calls: a scorecard of several landscape pages
REPORTS = {  # name: (scope, language)
    "national-nb": ("national", "nb"),
    "county-nn": ("county:vestland", "nn"),
    "office-en": ("office:Nav Voss", "en"),
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    need_client("soffice", "pdftotext", "pdfinfo")
    folder = tmp_path_factory.mktemp("clients")
    run = tilsyn.score_inputs([write_dataset(folder / "data", dataset(repeat=REPEAT))])
    docx = [
        render_report(run, folder / f"{name}.docx", scope, lang).path
        for name, (scope, lang) in REPORTS.items()
    ]
    to_pdf(docx, folder, timeout=180)
    pdfs = {path.stem: folder / "pdf" / f"{path.stem}.pdf" for path in docx}
    assert [name for name, pdf in pdfs.items() if not pdf.is_file()] == []
    return {name: (docx_path, pdfs[name]) for name, docx_path in zip(REPORTS, docx, strict=False)}


def pdf_text(pdf: Path, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "name, sentences",
    [
        (
            "national-nb",
            [
                "UTKAST",
                "Hele landet",
                "Nav-kontorene svarte på {a} av {m} spørreanrop fra Nav kontaktsenter",
                "R3 Kommunene må svare på anrop fra Nav kontaktsenter",
                "Vedlegg 3: Resultat per samtale",
            ],
        ),
        (
            "county-nn",
            [
                "UTKAST",
                "Statsforvaltaren i Vestland",
                "Nav-kontora svarte på {a} av {m} spørjeanrop frå Nav kontaktsenter",
                "Samandrag",
                "Tilrådingar",
            ],
        ),
        (
            "office-en",
            [
                "DRAFT",
                "Nav Voss (Vestland)",
                "The Nav office answered {a} of {m} consultation calls from Nav Contact Centre",
                "Appendix 1: The criteria",
            ],
        ),
    ],
)
def test_key_sentences_and_numbers_survive_into_the_pdf(converted, name, sentences):
    scope = REPORTS[name][0]
    county = scope.split(":")[1] if scope.startswith("county:") else None
    office = scope.split(":")[1] if scope.startswith("office:") else None
    answered, made = expected_k06(repeat=REPEAT, county=county, office=office)
    text = flat(pdf_text(converted[name][1]))
    for sentence in sentences:
        assert sentence.format(a=answered, m=made) in text


def test_the_scorecard_header_row_repeats_on_every_page(converted):
    pages = pdf_text(converted["national-nb"][1], layout=True).split("\f")
    card = [page for page in pages if re.search(r"^\s*(VL|RO)-\d{3}\s+Nav ", page, re.M)]
    assert len(card) >= 2
    assert all(re.search(r"^\s*ID\s+Nav-kontor\s+K01\s+K02", page, re.M) for page in card)


def test_the_pdf_shows_the_native_charts_with_their_labels_and_counts(converted):
    """The charts are Word chart parts, drawn by LibreOffice itself: their bar labels carry
    «x av n» and the bars their shares."""
    answered, made = expected_k06(repeat=REPEAT)
    text = flat(pdf_text(converted["national-nb"][1]))
    share = round(100 * answered / made)
    assert f"K06 Svar på spørreanropet ({answered} av {made}) {share} %" in text.replace(
        "\u00a0", " "
    )  # the overview chart: label, count and data label
    county = flat(pdf_text(converted["county-nn"][1]))
    answered, made = expected_k06(repeat=REPEAT, county="vestland")
    assert f"({answered} av {made})" in county and "Andel oppfylt (%)" in county  # the axis title


def test_the_pdf_has_the_pages_of_a_whole_report(converted):
    info = subprocess.run(
        ["pdfinfo", str(converted["national-nb"][1])], check=True, capture_output=True, text=True
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 10
    assert "Tilgjengeligheten til sosiale tjenester i Nav" in info  # the title property


SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
SAMPLES = {  # name: (input, scope, language, most pages)
    "national": ("", "national", "nb", 20),
    "vestland": ("", "county:vestland", "nn", 14),
    "bergen-nord": ("", "office:Nav Bergen nord", "en", 8),
    "offices": ("offices", "national", "nb", 18),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """The sample reports of the issue, through LibreOffice to PDF, as text laid out."""
    need_client("soffice", "pdftotext", "pdfinfo")
    folder = tmp_path_factory.mktemp("samples")
    docx = []
    for name, (sub, scope, lang, _) in SAMPLES.items():
        dataset = tilsyn.open_dataset([SAMPLE / sub if sub else SAMPLE])
        docx.append(render_report(dataset, folder / f"{name}.docx", scope, lang).path)
    to_pdf(docx, folder, timeout=180)
    return {name: folder / "pdf" / f"{name}.pdf" for name in SAMPLES}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_the_sample_reports_stay_within_their_page_limits(samples, name):
    info = subprocess.run(
        ["pdfinfo", str(samples[name])], check=True, capture_output=True, text=True
    ).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= SAMPLES[name][3]


def test_the_national_sample_report_reads_as_a_supervisory_report(samples):
    text = pdf_text(samples["national"], layout=True)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, chapter in enumerate(
        [
            "Innledning",
            "Lovgrunnlag",
            "Metode og datagrunnlag",
            "Funn",
            "Vurdering",
            "Konklusjon og anbefalinger",
        ],
        start=1,
    ):
        heading = re.compile(rf"{number}\s+{chapter}$")
        entry = re.compile(rf"{number}\s+{chapter}\.{{3,}}\s*\d+$")  # with its page number
        assert sum(1 for line in lines if heading.fullmatch(line)) == 1, chapter
        assert sum(1 for line in lines if entry.fullmatch(line)) == 1, chapter
    assert "K06 Svar på spørreanropet" in lines  # under its theme, out of the contents
    assert re.search(r"^\s*4\.\d\s+Kontakt med Nav-kontoret\.{3,}\s*\d+$", text, re.M)
    assert lines.count("[Skriv vurderingen her …]") >= 3
    assert "[Skriv konklusjonen her …]" in lines
    assert re.search(r"^Sammendrag\.{3,}\s*\d+$", text, re.M)  # the contents have page numbers
    summary = flat(re.split(r"\n\s*1\s+Innledning\n", text.split("Sammendrag")[2])[0])
    assert "Taushetsplikten overholdt: 57 av 59 samtaler" in summary
    shortcomings = summary.split("De mest alvorlige manglene:")[1].replace("\uf0b7", "")
    assert shortcomings.split()[:6] == "Nav-kontorene svarte på 6 av 44".split()
    assert not re.search(r"K\d\d", summary)
    assert not [line for line in lines if line.startswith("%")]


def test_a_county_report_sets_the_whole_country_beside_the_county(samples):
    text = flat(pdf_text(samples["vestland"]))
    assert "Til samanlikning: heile landet" in text  # running text: lower case after the colon


def test_a_one_call_office_report_gives_counts_only(samples):
    text = flat(pdf_text(samples["bergen-nord"]))
    assert "The criterion applied to one call and was not met." in text  # K06: no «0 of 1»
    assert not re.search(r"\b[01] of 1 call", text)
    assert not re.search(r"\b1 of 1 call[^.]*\(100", text)  # no share of one call
    assert "for all the calls" not in text
