"""The report's layout does not depend on one font: with only the fonts Debian installs with
LibreOffice (no Carlito, the metric twin of the template's Calibri), no table header breaks
inside a word, the text falls back to a sans-serif, and the page budgets hold (the national
sample report within 20 pages, a one-call office report within 8). Converted by LibreOffice 7.4
and, where it is installed (/opt/libreoffice-current), 25.2; Carlito is hidden from them with a
fontconfig file of our own."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

import tilsyn
from tests.clients import need_client, to_pdf
from tilsyn.report import build_report, render_report
from tilsyn.report.document import Table

pytestmark = pytest.mark.libreoffice

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
CURRENT = Path("/opt/libreoffice-current/soffice")
REPORTS = {  # name: (scope, language, most pages)
    "national-nb": ("national", "nb", 20),
    "national-en": ("national", "en", 20),
    "office-nn": ("office:Nav Bergen nord", "nn", 8),
    "office-en": ("office:Nav Bergen nord", "en", 8),
    "county-nb": ("county:trondelag", "nb", 20),
}
WITHOUT_CARLITO = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>Carlito</string></patelt></pattern>
    <pattern><patelt name="family"><string>Caladea</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
"""
OFFICES = [pytest.param("soffice", id="7.4")]
if CURRENT.is_file():
    OFFICES.append(pytest.param(str(CURRENT), id="25.2"))


@pytest.fixture(scope="module", params=OFFICES)
def converted(request, tmp_path_factory):
    """Each report as a document tree and as a PDF that LibreOffice made without Carlito."""
    need_client("soffice", "pdftotext", "pdfinfo", "pdffonts")
    folder = tmp_path_factory.mktemp("fonts")
    (folder / "fonts.conf").write_text(WITHOUT_CARLITO, encoding="utf-8")
    dataset = tilsyn.open_dataset([SAMPLE])
    trees, docx = {}, []
    for name, (scope, lang, _) in REPORTS.items():
        trees[name] = build_report(dataset, scope, lang)[0]
        docx.append(render_report(dataset, folder / f"{name}.docx", scope, lang).path)
    env = {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}
    to_pdf(docx, folder, request.param, env=env, timeout=240)
    return {name: (trees[name], folder / "pdf" / f"{name}.pdf") for name in REPORTS}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("name", list(REPORTS))
def test_no_table_header_breaks_inside_a_word(converted, name):
    tree, pdf = converted[name]
    words = set(run("pdftotext", "-raw", str(pdf), "-").split())
    broken = [
        (table.id, word)
        for table in tree.blocks(Table)
        for cell in table.header
        for word in cell.replace("\u00a0", " ").split()
        for k in range(2, len(word) - 0)
        if word[:k] in words and word[k:] in words  # «Oppfyl» and «t» as two words
    ]
    assert broken == []


@pytest.mark.parametrize("name", list(REPORTS))
def test_the_page_budget_holds_and_no_font_is_a_serif(converted, name):
    _, pdf = converted[name]
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(pdf)))[1])
    assert pages <= REPORTS[name][2]
    fonts = run("pdffonts", str(pdf))
    assert "Serif" not in fonts and "Caladea" not in fonts  # the charts too: one sans-serif


def test_the_contents_fit_their_page(converted):
    _, pdf = converted["national-nb"]
    second, third = (run("pdftotext", "-f", p, "-l", p, str(pdf), "-") for p in ("2", "3"))
    assert "Innhold" in second and "Vedlegg 3" in second  # every entry on the contents' page
    assert not re.search(r"\.{5,}\s*\d+\s*$", third, re.M)  # none spilled onto the next
