"""Every PDF tilsyn writes is tagged and PDF/UA-identified, with its title shown as the window
title, its language, bookmarks, and alt text on every figure, read with pikepdf here (not with
tilsyn's own check) and by PyPI's pdfua as a second opinion: the report as PDF, and an edited
report published with a picture added. Run under LibreOffice 7.4 and 25.2 (.ci/run); 7.4
drops a chart's alt text, which tilsyn puts back.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.clients import need_client
from tests.publish_helpers import add_picture, finish
from tilsyn.report.tagged import figures

pytestmark = pytest.mark.libreoffice

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _run(*args) -> None:
    from typer.testing import CliRunner

    from tilsyn.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    need_client("soffice", "pdftotext")
    folder = tmp_path_factory.mktemp("pdf")
    made = {"national-nb": folder / "national-nb.pdf", "offices-en": folder / "offices-en.pdf"}
    _run("report", SAMPLE / "calls", "-o", made["national-nb"], "-q")
    _run(
        "report",
        SAMPLE / "offices",
        "--survey",
        "office",
        "--lang",
        "en",
        "-o",
        made["offices-en"],
        "-q",
    )
    word = folder / "utkast.docx"
    _run("report", SAMPLE / "calls", "-o", word, "--lang", "nn", "-q")
    finished = finish(word, folder / "ferdig.docx")
    edited = add_picture(finished, folder / "bilde.docx", "Kart over fylka.", under="vurderer")
    made["published-nn"] = folder / "published-nn.pdf"
    _run("publish", edited, "-o", made["published-nn"], "-q")
    made["draft"] = folder / "draft.pdf"
    _run("publish", word, "-o", made["draft"], "--draft", "-q")
    return made


def pdf_facts(path: Path) -> dict:
    import pikepdf

    with pikepdf.open(path) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as xmp:
            ua, xmp_title = str(xmp.get("pdfuaid:part")), xmp.get("dc:title")
        return {
            "marked": bool(root.MarkInfo.Marked) if "/MarkInfo" in root else False,
            "structure": "/StructTreeRoot" in root,
            "lang": str(root.get("/Lang", "")),
            "title": str(pdf.docinfo.get("/Title", "")),
            "xmp_title": xmp_title,
            "window_title": bool(root.ViewerPreferences.DisplayDocTitle)
            if "/ViewerPreferences" in root
            else False,
            "pdfua": ua,
            "alts": [str(f.get("/Alt", "")) for f in figures(pdf)],
            "bookmarks": len(list(pdf.open_outline().root)),
        }


@pytest.mark.parametrize(
    "name, lang, title",
    [
        ("national-nb", "nb-NO", "Tilgjengeligheten til sosiale tjenester i Nav på telefon"),
        ("offices-en", "en-GB", None),
        ("published-nn", "nn-NO", None),
        ("draft", "nn-NO", None),
    ],
)
def test_the_pdf_is_tagged_pdf_ua_with_title_language_bookmarks_and_alt_text(
    pdfs, name, lang, title
):
    facts = pdf_facts(pdfs[name])
    assert facts["marked"] and facts["structure"] and facts["pdfua"] == "1"
    assert facts["lang"] == lang and facts["window_title"] and facts["bookmarks"] >= 5
    assert facts["title"] and facts["xmp_title"] == facts["title"]
    assert title is None or facts["title"] == title
    assert facts["alts"] and all(alt.strip() for alt in facts["alts"])


def test_pdfua_finds_nothing(pdfs):
    import pdfua

    for name, path in pdfs.items():
        assert pdfua.validate(str(path)).findings == (), name


def test_the_published_pdf_has_the_chart_and_the_added_picture_with_their_alt_texts(pdfs):
    alts = pdf_facts(pdfs["published-nn"])["alts"]
    assert len(alts) == 2 and any("Kart over fylka." in alt for alt in alts)
    assert any("stolpediagram" in alt for alt in alts)  # the chart's, in nynorsk


def test_the_draft_keeps_its_marking_and_the_final_one_has_none(pdfs):
    def text(name):
        return subprocess.run(
            ["pdftotext", str(pdfs[name]), "-"], capture_output=True, text=True, check=True
        ).stdout

    assert "UTKAST" in text("draft") and "[Skriv" in text("draft")
    assert not re.search(r"UTKAST|\[Skriv", text("published-nn"))


def test_what_libreoffice_leaves_out_is_put_back(pdfs, tmp_path):
    """LibreOffice 7.4 writes the chart's figure without alt text (25.2 keeps it): the raw
    conversion lacks it there, and tilsyn's repair gives it back."""
    import tilsyn
    from tilsyn.report import render_report
    from tilsyn.report.pdf import convert
    from tilsyn.report.tagged import check, figure_alts, repair

    word = render_report(tilsyn.open_dataset([str(SAMPLE / "calls")]), tmp_path / "r.docx")
    docx = word.path.read_bytes()
    raw = convert(docx)
    version = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout
    missing = [p for p in check(raw) if p[0] == "figure_alt"]
    assert bool(missing) == version.startswith("LibreOffice 7."), version
    assert check(repair(raw, figure_alts(docx), "Tittel", "nb-NO")) == []
