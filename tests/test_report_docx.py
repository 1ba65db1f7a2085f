"""The Word file itself: accessible (headings, table of contents, page numbers, captions,
repeating header rows, alt text, language, properties), safe with hostile text, reproducible,
and renderable from a user's restyled template."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tilsyn
from tests.report_helpers import NS, W, dataset, docx_part, docx_text, write_dataset
from tilsyn.report import default_template, render_report, templates_root

EPOCH = 1_620_000_000  # 2021-05-03


def scored(folder: Path, calls: list[dict], lang: str = "nb"):
    """The scored dataset of `calls`, through the library pipeline."""
    return None, tilsyn.score_inputs([write_dataset(folder, calls)], lang=lang)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One national report per language, rendered once for the module."""
    folder = tmp_path_factory.mktemp("docx")
    _, run = scored(folder, dataset())
    paths = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        for lang in ("nb", "nn", "en"):
            paths[lang] = render_report(run, folder / f"{lang}.docx", "national", lang).path
    return run, paths


@pytest.mark.parametrize("lang, tag", [("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")])
def test_document_language_is_set_in_the_defaults_and_properties(reports, lang, tag):
    styles = docx_part(reports[1][lang], "word/styles.xml")
    langs = styles.findall("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert [e.get(f"{W}val") for e in langs] == [tag]
    assert {e.get(f"{W}val") for e in styles.iter(f"{W}lang")} == {tag}
    core = docx_part(reports[1][lang], "docProps/core.xml")
    assert core.findtext("dc:language", namespaces=NS) == tag


def test_title_subject_and_dates_are_in_the_properties(reports):
    core = docx_part(reports[1]["nb"], "docProps/core.xml")
    assert (
        core.findtext("dc:title", namespaces=NS)
        == "Tilgjengeligheten til sosiale tjenester i Nav på telefon"
    )
    assert core.findtext("dc:subject", namespaces=NS) == "Funn og anbefalinger – Hele landet"
    stamp = dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert core.findtext("dcterms:created", namespaces=NS) == stamp
    assert core.findtext("dcterms:modified", namespaces=NS) == stamp


def test_every_image_has_alt_text_and_a_title(reports):
    run, paths = reports
    document = docx_part(paths["en"])
    pictures = document.findall(".//wp:docPr", NS)
    assert pictures  # the overview at least; groups too small to chart have none
    for picture in pictures:
        assert picture.get("descr", "").startswith("Horizontal bar chart")
        assert picture.get("title")


def test_every_table_repeats_its_header_row_and_only_that(reports):
    document = docx_part(reports[1]["nb"])
    tables = document.findall(".//w:tbl", NS)
    assert len(tables) > 5
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])


def test_table_grids_match_the_cells(reports):
    """Column loops add cells: the grid must follow (LibreOffice lays columns out by it)."""
    for table in docx_part(reports[1]["nb"]).findall(".//w:tbl", NS):
        cells = table.findall("w:tr", NS)[0].findall("w:tc", NS)
        assert len(table.findall("w:tblGrid/w:gridCol", NS)) == len(cells)


def test_headings_captions_fields_and_a_filled_table_of_contents(reports):
    run, paths = reports
    document = docx_part(paths["nb"])
    styles = [p.get(f"{W}val") for p in document.iter(f"{W}pStyle")]
    assert styles.count("Heading3") >= len(run.criteria) + 7  # criteria and R1-R7
    assert styles.count("Heading2") >= 5 + 5  # the themes in findings and assessment
    assert "Heading1" in styles and "Caption" in styles
    fields = [f.get(f"{W}instr").split()[0:2] for f in document.iter(f"{W}fldSimple")]
    assert ["SEQ", "Figur"] in fields and ["SEQ", "Tabell"] in fields
    toc = [
        p
        for p in document.iter(f"{W}p")
        if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
        and s.get(f"{W}val").startswith("TOC")
        and s.get(f"{W}val") != "TOCHeading"
    ]
    # the text of each entry, without the page number's placeholder («–» until laid out)
    entries = ["".join(t.text for t in p.iter(f"{W}t")).removesuffix("–") for p in toc]
    # each entry's page number is a live reference to a bookmark on its heading
    bookmarks = {b.get(f"{W}name") for b in document.iter(f"{W}bookmarkStart")}
    references = [i.text.split()[1] for p in toc for i in p.iter(f"{W}instrText")]
    assert len(references) == len(toc) and set(references) <= bookmarks
    assert entries[0] == "Sammendrag"  # unnumbered, then the numbered chapters and sections
    assert entries[1] == "1Innledning" and "Vurdering" in "".join(entries)
    assert any(re.fullmatch(r"4\.\d+Kontakt med Nav-kontoret", e) for e in entries)
    assert not any("K06" in e for e in entries)  # criteria (level 3) stay out of the contents
    settings = docx_part(paths["nb"], "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{W}val") == "true"
    footers = [name for name in zipfile.ZipFile(paths["nb"]).namelist() if "footer" in name]
    assert any(
        f.get(f"{W}instr").strip() == "PAGE"
        for name in footers
        for f in docx_part(paths["nb"], name).iter(f"{W}fldSimple")
    )


def test_marked_as_a_draft_in_each_language(reports):
    for lang, mark in (("nb", "UTKAST"), ("nn", "UTKAST"), ("en", "DRAFT")):
        assert docx_text(reports[1][lang]).startswith(mark)


def test_same_input_and_source_date_give_the_same_bytes(tmp_path, monkeypatch):
    _, run = scored(tmp_path, dataset())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = render_report(run, tmp_path / "a.docx", "county:vestland", "nn").path.read_bytes()
    second = render_report(run, tmp_path / "b.docx", "county:vestland", "nn").path.read_bytes()
    assert first == second
    assert "Dato: 3. mai 2021" in docx_text(tmp_path / "a.docx")  # the date of EPOCH


def test_markup_characters_in_the_data_stay_text(tmp_path):
    office = 'Nav <Øst> & "Vest" ]]> {{ 7*7 }}'
    _, run = scored(tmp_path, dataset(nav_office=office))
    output = render_report(run, tmp_path / "r.docx", "county:vestland").path
    with zipfile.ZipFile(output) as archive:
        assert archive.testzip() is None
    assert office in docx_text(output)  # escaped, and not evaluated as a template either


def test_a_restyled_template_keeps_its_styles(tmp_path):
    from docx import Document
    from docx.shared import Pt

    template = Document(str(default_template("nb")))
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Heading 1"].font.size = Pt(22)
    template.sections[0].first_page_header.paragraphs[0].text = "Statsforvalteren i Vestland"
    restyled = tmp_path / "var-mal.docx"
    template.save(restyled)
    _, run = scored(tmp_path, dataset())
    output = render_report(run, tmp_path / "r.docx", template=restyled).path
    styles = docx_part(output, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    assert normal.find("w:rPr/w:rFonts", NS).get(f"{W}ascii") == "Georgia"
    headers = [n for n in zipfile.ZipFile(output).namelist() if "header" in n]
    assert any(
        "Statsforvalteren i Vestland" in "".join(docx_part(output, n).itertext()) for n in headers
    )


def test_committed_templates_are_built_from_the_texts():
    script = templates_root() / "build_templates.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_stable_zip_restamps_every_entry_and_keeps_the_content():
    import io

    from tilsyn.report.docx.xml import stable_zip

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 50)
        archive.writestr(zipfile.ZipInfo("a/b.bin", (2030, 12, 31, 23, 59, 58)), b"\x00\x01")
    when = dt.datetime(2021, 5, 3, 10, 20, 31)
    with zipfile.ZipFile(io.BytesIO(stable_zip(out.getvalue(), when))) as archive:
        assert archive.testzip() is None
        assert [i.date_time for i in archive.infolist()] == [(2021, 5, 3, 10, 20, 30)] * 2
        assert {i.external_attr >> 16 for i in archive.infolist()} == {0o644}
        assert archive.read("word/document.xml") == b"<w:document/>" * 50
        assert archive.read("a/b.bin") == b"\x00\x01"
    early = stable_zip(out.getvalue(), dt.datetime(1970, 1, 1))
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(early)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)
    }


def test_columns_fit_their_header_words_and_numbers_are_right_aligned(reports):
    from tilsyn.report.docx.table_layout import text_width

    document = docx_part(reports[1]["nb"])
    overview = next(
        t
        for t in document.iter(f"{W}tbl")
        if "".join(x.text for x in t.iter(f"{W}t")).startswith("KriteriumOppfylt")
    )
    header, *rows = overview.findall("w:tr", NS)
    for cell in header.findall("w:tc", NS):
        words = "".join(t.text for t in cell.iter(f"{W}t")).split()
        width = int(cell.find("w:tcPr/w:tcW", NS).get(f"{W}w"))
        assert width >= max(map(text_width, words)), words  # «oppfylt» never broken
    for row in rows:
        label, *numbers = row.findall("w:tc", NS)
        assert label.find(".//w:jc", NS) is None
        assert all(c.find(".//w:jc", NS).get(f"{W}val") == "right" for c in numbers)
